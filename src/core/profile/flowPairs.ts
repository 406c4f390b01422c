// Pairs the 's' and 'f' ends of flow events (Kineto's ac2g launch -> kernel arrows, fwdbwd) as they stream by, in
// either file order (HTA's AlexNet trace writes each 'f' before its 's'). A pair is stored as four numbers; only
// ends still waiting for their partner are kept as objects, so millions of flows cost tens of bytes each.

/** One end: the thread (or stream) it sits on, as "pid\0tid", and its time. */
interface End {
  thread: number;
  ts: number;
}

export class FlowPairs {
  /** Distinct "pid\0tid" keys; pairs point here. */
  readonly threads: string[] = [];
  fromThread: number[] = [];
  fromTs: number[] = [];
  toThread: number[] = [];
  toTs: number[] = [];
  private readonly threadIndex = new Map<string, number>();
  /** Per raw category, ends waiting for their partner, by flow id. */
  private readonly waitingStarts = new Map<string, Map<number | string, End>>();
  private readonly waitingFinishes = new Map<string, Map<number | string, End[]>>();

  constructor(private readonly limit: number) {}

  get length(): number {
    return this.fromTs.length;
  }

  add(ph: 's' | 'f', category: string, id: number | string, thread: string, ts: number): void {
    if (this.length >= this.limit) return;
    let index = this.threadIndex.get(thread);
    if (index === undefined) {
      index = this.threads.length;
      this.threadIndex.set(thread, index);
      this.threads.push(thread);
    }
    const end = { thread: index, ts };
    const starts = this.table(this.waitingStarts, category);
    const finishes = this.table(this.waitingFinishes, category);
    if (ph === 's') {
      const early = finishes.get(id);
      if (early) {
        finishes.delete(id);
        for (const finish of early) this.pair(end, finish);
      } else starts.set(id, end);
      return;
    }
    const start = starts.get(id);
    if (start) {
      // One 'f' per 's', as Kineto writes them: the start is done (keeping it would cost memory per flow).
      starts.delete(id);
      this.pair(start, end);
      return;
    }
    const list = finishes.get(id);
    if (list) list.push(end);
    else finishes.set(id, [end]);
  }

  private pair(start: End, finish: End): void {
    this.fromThread.push(start.thread);
    this.fromTs.push(start.ts);
    this.toThread.push(finish.thread);
    this.toTs.push(finish.ts);
  }

  private table<V>(tables: Map<string, Map<number | string, V>>, category: string): Map<number | string, V> {
    let table = tables.get(category);
    if (!table) tables.set(category, (table = new Map()));
    return table;
  }
}
