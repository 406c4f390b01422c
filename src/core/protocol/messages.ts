// The message kit every webview protocol is declared with, after GitLens' protocol.ts: each message is one typed
// constant whose `method` string is written only there. A command goes webview -> host, a notification host ->
// webview, and a request (webview -> host) carries an id that its typed reply echoes. Both sides build messages
// with message()/requestMessage()/replyMessage() and recognise them with isMessage()/isReply(), never by hand.

/** A webview -> host message with `Params`. */
export interface CommandType<Params> {
  readonly kind: 'command';
  readonly method: string;
  /** Never set at run time; carries the type. */
  readonly _params?: Params;
}

/** A host -> webview message with `Params`. */
export interface NotificationType<Params> {
  readonly kind: 'notification';
  readonly method: string;
  readonly _params?: Params;
}

/** A webview -> host message with `Params` whose reply carries `Reply`. */
export interface RequestType<Params, Reply> {
  readonly kind: 'request';
  readonly method: string;
  readonly _params?: Params;
  readonly _reply?: Reply;
}

/** Any declared message kind. */
export type MessageType<Params> = CommandType<Params> | NotificationType<Params> | RequestType<Params, unknown>;

/** Declares a command kind. */
export function command<Params>(method: string): CommandType<Params> {
  return { kind: 'command', method };
}

/** Declares a notification kind. */
export function notification<Params>(method: string): NotificationType<Params> {
  return { kind: 'notification', method };
}

/** Declares a request kind. */
export function request<Params, Reply>(method: string): RequestType<Params, Reply> {
  return { kind: 'request', method };
}

/** A message on the wire. `id` is set on requests only. */
export interface WireMessage<Params = unknown> {
  method: string;
  params: Params;
  id?: number;
}

/** A request on the wire: a message with the id its reply will carry. */
export interface WireRequest<Params = unknown> extends WireMessage<Params> {
  id: number;
}

/** The method of every reply; no declared kind may use it. */
export const replyMethod = 'reply';

/** A reply on the wire to the request with the same id: its value, or why there is none. */
export interface WireReply<Reply = unknown> {
  method: typeof replyMethod;
  id: number;
  reply?: Reply;
  error?: string;
}

/** The wire form of a command or notification, its params checked against the kind. */
export function message<Params>(type: CommandType<Params> | NotificationType<Params>, params: Params): WireMessage<Params> {
  return { method: type.method, params };
}

/** The wire form of a request with id `id`. */
export function requestMessage<Params>(type: RequestType<Params, unknown>, params: Params, id: number): WireRequest<Params> {
  return { method: type.method, params, id };
}

/** The reply to request `id`, its value checked against the request kind: `{ value }` or `{ error }`. */
export function replyMessage<Reply>(_type: RequestType<unknown, Reply>, id: number, outcome: { value: Reply } | { error: string }): WireReply<Reply> {
  return 'error' in outcome ? { method: replyMethod, id, error: outcome.error } : { method: replyMethod, id, reply: outcome.value };
}

/** Type guard for dispatch: `data` is a message of this kind (a request also needs its numeric id). */
export function isMessage<Params>(type: RequestType<Params, unknown>, data: unknown): data is WireRequest<Params>;
export function isMessage<Params>(type: CommandType<Params> | NotificationType<Params>, data: unknown): data is WireMessage<Params>;
export function isMessage<Params>(type: MessageType<Params>, data: unknown): data is WireMessage<Params> {
  if (typeof data !== 'object' || data === null || (data as WireMessage).method !== type.method) return false;
  return type.kind !== 'request' || typeof (data as WireMessage).id === 'number';
}

/** Type guard for replies: the reply method and a numeric id. */
export function isReply(data: unknown): data is WireReply {
  return typeof data === 'object' && data !== null && (data as WireReply).method === replyMethod && typeof (data as WireReply).id === 'number';
}

/** The text of a thrown value, for a reply's `error`. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
