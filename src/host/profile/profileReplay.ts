// What a profile webview has been sent, kept so that every `ready` (the first, or one after the page reloaded) gets it
// all again: a message posted while the page loads can be lost, and a hidden webview drops what it is sent.
import type { NotificationType } from '../../core/protocol/messages';
import { ProfileProgressNotification } from '../../core/protocol/profile';
import type { WebviewChannel } from '../webviewChannel';
import type { ProfileViewProbe } from './profileProbe';

/** Posts notifications to one profile webview and replays the latest of each kind, in first-sent order, on demand. */
export class ProfileReplay {
  private readonly latest = new Map<string, { type: NotificationType<unknown>; params: unknown }>();

  constructor(
    private readonly channel: WebviewChannel,
    private readonly probe: ProfileViewProbe,
  ) {}

  /** Posts `params` and keeps them as the latest of their kind; a result replaces the progress that led to it. */
  post<Params>(type: NotificationType<Params>, params: Params): void {
    if (type.method !== ProfileProgressNotification.method) this.latest.delete(ProfileProgressNotification.method);
    this.latest.set(type.method, { type: type as NotificationType<unknown>, params });
    this.send(type.method, type as NotificationType<unknown>, params);
  }

  /** Forgets everything sent (a new load starts). */
  clear(): void {
    this.latest.clear();
  }

  /** Sends everything kept again; the page's `ready` calls this. */
  replay(): void {
    this.probe.ready += 1;
    for (const [method, { type, params }] of this.latest) this.send(method, type, params);
  }

  private send(method: string, type: NotificationType<unknown>, params: unknown): void {
    this.channel.notify(type, params).then((delivered) => {
      if (delivered) this.probe.delivered(method);
    }, () => undefined);
  }
}
