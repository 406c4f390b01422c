// One end of a webview conversation, the same on both sides: it dispatches what arrives to the handler of its
// method, answers requests with what their handler returns or throws, and pairs replies with the requests it
// sent. The host's WebviewChannel and the webview's HostChannel bind it to their postMessage; it knows neither.
import {
  errorText,
  isMessage,
  isReply,
  message,
  replyMessage,
  requestMessage,
  type CommandType,
  type NotificationType,
  type RequestType,
  type WireMessage,
} from './messages';

/** Sends one wire message to the other side. */
export type PostMessage = (data: unknown) => unknown;

type Handler = (data: WireMessage) => unknown;

/** Dispatches received messages by method and keeps the requests in flight. */
export class MessageEndpoint {
  private readonly handlers = new Map<string, Handler>();
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 1;

  constructor(private readonly post: PostMessage) {}

  /** Runs `handler` for each received command or notification of `type`. */
  on<Params>(type: CommandType<Params> | NotificationType<Params>, handler: (params: Params) => unknown): this {
    return this.register(type.method, (data) => handler(data.params as Params));
  }

  /** Answers each received request of `type` with what `handler` returns, or with the error it throws. */
  handle<Params, Reply>(type: RequestType<Params, Reply>, handler: (params: Params) => Reply | Promise<Reply>): this {
    return this.register(type.method, async (data) => {
      // A request without its numeric id can't be answered.
      if (!isMessage(type, data)) return;
      let outcome: { value: Reply } | { error: string };
      try {
        outcome = { value: await handler(data.params as Params) };
      } catch (error) {
        outcome = { error: errorText(error) };
      }
      await this.post(replyMessage(type, data.id, outcome));
    });
  }

  /** Posts a command or notification. */
  send<Params>(type: CommandType<Params> | NotificationType<Params>, params: Params): void {
    void this.post(message(type, params));
  }

  /** Posts a request; settles with its reply's value, or rejects with the error the other side replied. */
  request<Params, Reply>(type: RequestType<Params, Reply>, params: Params): Promise<Reply> {
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      void this.post(requestMessage(type, params, id));
    });
  }

  /** Dispatches one received message; resolves once its handler is done, true when something took it. */
  async receive(data: unknown): Promise<boolean> {
    if (isReply(data)) {
      const pending = this.waiting.get(data.id);
      if (!pending) return false;
      this.waiting.delete(data.id);
      if (data.error !== undefined) pending.reject(new Error(data.error));
      else pending.resolve(data.reply);
      return true;
    }
    const method = typeof data === 'object' && data !== null ? (data as WireMessage).method : undefined;
    const handler = typeof method === 'string' ? this.handlers.get(method) : undefined;
    if (!handler) return false;
    await handler(data as WireMessage);
    return true;
  }

  /** Rejects every request still waiting (the other side went away). */
  close(reason: string): void {
    for (const pending of this.waiting.values()) pending.reject(new Error(reason));
    this.waiting.clear();
  }

  private register(method: string, handler: Handler): this {
    // Two handlers for one method would make dispatch depend on registration order.
    if (this.handlers.has(method)) throw new Error(`a handler for ${method} is already registered`);
    this.handlers.set(method, handler);
    return this;
  }
}
