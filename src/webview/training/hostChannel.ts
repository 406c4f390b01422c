// The webview's side of the protocol: posting commands, awaiting request replies, and keeping UI state
// (toolbar options) with the webview API so it survives hiding and window reloads.
import { isReply, message, type MessageType, type RequestType } from '../../core/protocol/training';

interface VsCodeApi {
  postMessage(data: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Talks to the extension host. */
export class HostChannel {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor() {
    window.addEventListener('message', (event: MessageEvent) => {
      const data = event.data;
      if (!isReply(data)) return;
      const pending = this.waiting.get(data.id);
      if (!pending) return;
      this.waiting.delete(data.id);
      if (data.error !== undefined) pending.reject(new Error(data.error));
      else pending.resolve(data.reply);
    });
  }

  send<P>(type: MessageType<P>, params: P): void {
    this.api.postMessage(message(type, params));
  }

  request<P, R>(type: RequestType<P, R>, params: P): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.api.postMessage(message(type, params, id));
    });
  }

  get state(): unknown {
    return this.api.getState();
  }

  set state(value: unknown) {
    this.api.setState(value);
  }
}
