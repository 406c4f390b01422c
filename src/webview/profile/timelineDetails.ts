// The pane under the timeline: the selected event's name, category, track, start, duration, depth, and its flows
// (the kernels a launch started, or the launch that started a kernel), each a link that selects the partner.
import { formatMicros } from '../../core/display/durations';
import { traceCategoryOrder } from '../../core/profile/traceTimeline';
import { categoryLabels } from './timelineColors';
import type { TimelineIndex } from './timelineIndex';

export class TimelineDetails {
  readonly element: HTMLElement;

  constructor(private readonly onSelect: (event: number) => void) {
    this.element = document.createElement('section');
    this.element.className = 'tp-details';
    this.clear();
  }

  clear(): void {
    const hint = document.createElement('p');
    hint.className = 'tp-muted';
    hint.textContent = 'Click an event to see its details and its CPU→GPU flows.';
    this.element.replaceChildren(hint);
  }

  show(index: TimelineIndex, event: number, flows: readonly { from: number; to: number }[]): void {
    const data = index.data;
    const title = document.createElement('h3');
    title.textContent = data.names[data.nameIndex[event]];
    const list = document.createElement('dl');
    const add = (term: string, value: string | Node) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.append(value);
      list.append(dt, dd);
    };
    add('Category', categoryLabels[traceCategoryOrder[data.category[event]] ?? 'other']);
    add('Track', data.tracks[data.track[event]]?.label ?? '');
    add('Start', `${formatMicros(data.startUs[event])} from the trace start`);
    add('Duration', formatMicros(data.durUs[event]));
    add('Depth', String(data.depth[event]));
    if (flows.length > 0) {
      const links = document.createElement('span');
      for (const flow of flows.slice(0, 20)) {
        const partner = flow.from === event ? flow.to : flow.from;
        const link = document.createElement('button');
        link.className = 'tp-link';
        link.textContent = `${flow.from === event ? '→' : '←'} ${data.names[data.nameIndex[partner]]} (${formatMicros(data.durUs[partner])})`;
        link.title = `${data.names[data.nameIndex[partner]]}\nClick to select it (${data.tracks[data.track[partner]]?.label ?? ''})`;
        link.addEventListener('click', () => this.onSelect(partner));
        links.append(link);
      }
      if (flows.length > 20) links.append(` … ${flows.length - 20} more`);
      add(flows.some((flow) => flow.from === event) ? 'Launched' : 'Launched by', links);
    }
    this.element.replaceChildren(title, list);
  }
}
