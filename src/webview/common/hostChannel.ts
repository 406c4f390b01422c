// The webview's end of its conversation with the extension host, for every panel: typed commands and requests to
// the host (replies paired by id through MessageEndpoint), handlers for the host's notifications, and UI state kept
// with the webview API so it survives hiding and window reloads.
import { MessageEndpoint } from '../../core/protocol/messageEndpoint';
import type { CommandType, NotificationType, RequestType } from '../../core/protocol/messages';

interface VsCodeApi {
  postMessage(data: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Talks to the extension host; make one per page (the webview API may be acquired only once). */
export class HostChannel {
  private readonly api = acquireVsCodeApi();
  private readonly endpoint = new MessageEndpoint((data) => this.api.postMessage(data));

  constructor() {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      this.endpoint.receive(event.data).catch((error: unknown) => console.error('Tensorsight: a host message handler failed', error));
    });
  }

  /** Runs `handler` for each notification of `type` from the host. */
  onNotification<Params>(type: NotificationType<Params>, handler: (params: Params) => unknown): this {
    this.endpoint.on(type, handler);
    return this;
  }

  send<Params>(type: CommandType<Params>, params: Params): void {
    this.endpoint.send(type, params);
  }

  request<Params, Reply>(type: RequestType<Params, Reply>, params: Params): Promise<Reply> {
    return this.endpoint.request(type, params);
  }

  get state(): unknown {
    return this.api.getState();
  }

  set state(value: unknown) {
    this.api.setState(value);
  }
}
