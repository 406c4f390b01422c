// Text and image tags: their points are fetched from the host when a tag is opened (their bytes stay in the
// files until then). Images show as thumbnails of one step, picked with a step slider; audio is listed.
import type { RunState } from '../../core/charts/trainingState';
import { ImageRequest, TextRequest, type ImagePoint } from '../../core/protocol/training';
import type { HostChannel } from '../common/hostChannel';

export class MediaList {
  readonly element: HTMLElement;
  /** Tags open by the user, kept open across redraws. */
  private readonly open = new Set<string>();

  constructor(private readonly host: HostChannel) {
    this.element = document.createElement('section');
    this.element.className = 'ts-media';
  }

  update(runs: readonly RunState[]): void {
    const items = runs.flatMap((run) => [...run.media.values()].map((media) => ({ run: run.run, ...media })));
    this.element.hidden = items.length === 0;
    if (items.length === 0) return;
    const title = document.createElement('h2');
    title.textContent = 'Text and images';
    const list = document.createElement('div');
    for (const item of items) {
      const key = `${item.run}\u0000${item.tag}`;
      const details = document.createElement('details');
      details.dataset.tag = item.tag;
      details.dataset.kind = item.kind;
      const summary = document.createElement('summary');
      summary.textContent = `${item.run} · ${item.tag} · ${item.kind}, ${item.count} point(s), last step ${item.lastStep}`;
      details.append(summary);
      const body = document.createElement('div');
      details.append(body);
      const load = (): void => {
        if (item.kind === 'text') this.showText(body, item.run, item.tag);
        else if (item.kind === 'image') this.showImages(body, item.run, item.tag);
      };
      details.addEventListener('toggle', () => {
        if (details.open) {
          this.open.add(key);
          load();
        } else this.open.delete(key);
      });
      if (this.open.has(key)) {
        details.open = true;
        load();
      }
      list.append(details);
    }
    this.element.replaceChildren(title, list);
  }

  private showText(body: HTMLElement, run: string, tag: string): void {
    this.host
      .request(TextRequest, { run, tag })
      .then(({ points }) => {
        body.replaceChildren(
          ...points.map((point) => {
            const pre = document.createElement('pre');
            pre.textContent = `step ${point.step}: ${point.text.join('\n')}`;
            return pre;
          }),
        );
      })
      .catch((error: Error) => (body.textContent = error.message));
  }

  private showImages(body: HTMLElement, run: string, tag: string): void {
    this.host
      .request(ImageRequest, { run, tag })
      .then(({ points }) => {
        // Points come newest first; the slider runs oldest to newest and starts at the newest.
        const ordered = [...points].reverse();
        const strip = document.createElement('div');
        strip.className = 'ts-thumbs';
        const label = document.createElement('span');
        const show = (index: number): void => {
          const point: ImagePoint | undefined = ordered[index];
          label.textContent = point ? `step ${point.step}` : '';
          strip.replaceChildren(
            ...(point?.images ?? []).map((image) => {
              const img = document.createElement('img');
              img.src = `data:${image.mime};base64,${image.base64}`;
              img.alt = `${tag} at step ${point!.step} (${image.width}×${image.height})`;
              img.title = img.alt;
              return img;
            }),
          );
        };
        const slider = document.createElement('input');
        slider.type = 'range';
        slider.min = '0';
        slider.max = String(Math.max(ordered.length - 1, 0));
        slider.value = slider.max;
        slider.setAttribute('aria-label', `Step of ${tag}`);
        slider.addEventListener('input', () => show(Number(slider.value)));
        body.replaceChildren(...(ordered.length > 1 ? [slider, label] : [label]), strip);
        show(ordered.length - 1);
      })
      .catch((error: Error) => (body.textContent = error.message));
  }
}
