// The host's end of a webview conversation, for every panel: handlers for the webview's commands and requests
// (dispatched by method through MessageEndpoint, requests answered with their typed reply or error) and typed
// notifications to the webview. A panel registers its handlers once and disposes the channel with the panel.
import * as vscode from 'vscode';
import { MessageEndpoint } from '../core/protocol/messageEndpoint';
import { message, type CommandType, type NotificationType, type RequestType } from '../core/protocol/messages';

/** Talks to one webview. */
export class WebviewChannel implements vscode.Disposable {
  private readonly endpoint: MessageEndpoint;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly webview: vscode.Webview) {
    this.endpoint = new MessageEndpoint((data) => webview.postMessage(data));
    this.subscription = webview.onDidReceiveMessage((data: unknown) => {
      // A handler that fails is a bug of ours: report it where extension errors go, keep the panel running.
      this.endpoint.receive(data).catch((error: unknown) => console.error('Tensorsight: a webview message handler failed', error));
    });
  }

  /** Runs `handler` for each command of `type` the webview sends. */
  onCommand<Params>(type: CommandType<Params>, handler: (params: Params) => unknown): this {
    this.endpoint.on(type, handler);
    return this;
  }

  /** Answers each request of `type` with what `handler` returns (or the error it throws). */
  onRequest<Params, Reply>(type: RequestType<Params, Reply>, handler: (params: Params) => Reply | Promise<Reply>): this {
    this.endpoint.handle(type, handler);
    return this;
  }

  /** Posts a notification; resolves false when the webview was gone or hidden and dropped it. */
  notify<Params>(type: NotificationType<Params>, params: Params): Thenable<boolean> {
    return this.webview.postMessage(message(type, params));
  }

  dispose(): void {
    this.subscription.dispose();
    this.endpoint.close('the panel was closed');
  }
}
