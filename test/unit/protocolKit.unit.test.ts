// The webview message kit (src/core/protocol/messages.ts, messageEndpoint.ts): wire forms, guards, and two
// endpoints talking as the host and a webview do; and, over every protocol declared with it, one method per kind,
// each method string written once in src/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as compareProtocol from '../../src/core/protocol/compare';
import * as graphProtocol from '../../src/core/protocol/graph';
import * as profileProtocol from '../../src/core/protocol/profile';
import * as trainingProtocol from '../../src/core/protocol/training';
import { command, isMessage, isReply, message, notification, replyMessage, replyMethod, request, requestMessage, type MessageType } from '../../src/core/protocol/messages';
import { MessageEndpoint } from '../../src/core/protocol/messageEndpoint';

const Ping = command<{ n: number }>('test/ping');
const Pong = notification<{ n: number }>('test/pong');
const Square = request<{ n: number }, { squared: number }>('test/square');

test('wire forms: commands and notifications carry method and params, requests an id, replies a value or an error', () => {
  assert.deepEqual(message(Ping, { n: 1 }), { method: 'test/ping', params: { n: 1 } });
  assert.deepEqual(message(Pong, { n: 2 }), { method: 'test/pong', params: { n: 2 } });
  assert.deepEqual(requestMessage(Square, { n: 3 }, 9), { method: 'test/square', params: { n: 3 }, id: 9 });
  assert.deepEqual(replyMessage(Square, 9, { value: { squared: 9 } }), { method: 'reply', id: 9, reply: { squared: 9 } });
  assert.deepEqual(replyMessage(Square, 9, { error: 'no' }), { method: 'reply', id: 9, error: 'no' });
});

test('isMessage matches the kind by method; a request also needs a numeric id; isReply needs the reply method and an id', () => {
  assert.ok(isMessage(Ping, { method: 'test/ping', params: { n: 1 } }));
  assert.ok(!isMessage(Ping, { method: 'test/pong', params: { n: 1 } }));
  assert.ok(!isMessage(Ping, undefined));
  assert.ok(!isMessage(Ping, 'test/ping'));
  assert.ok(isMessage(Square, { method: 'test/square', params: { n: 1 }, id: 4 }));
  assert.ok(!isMessage(Square, { method: 'test/square', params: { n: 1 } }), 'a request without an id cannot be answered');
  assert.ok(!isMessage(Square, { method: 'test/square', params: { n: 1 }, id: '4' }));
  assert.ok(isReply({ method: replyMethod, id: 4, reply: 1 }));
  assert.ok(!isReply({ method: replyMethod }));
  assert.ok(!isReply(message(Ping, { n: 1 })));
});

/** A host and a webview endpoint wired to each other; messages are delivered when `flush` runs, as postMessage does later. */
function pair() {
  const toHost: unknown[] = [];
  const toView: unknown[] = [];
  const host = new MessageEndpoint((data) => toView.push(data));
  const view = new MessageEndpoint((data) => toHost.push(data));
  const flush = async () => {
    while (toHost.length > 0 || toView.length > 0) {
      for (const data of toHost.splice(0)) await host.receive(data);
      for (const data of toView.splice(0)) await view.receive(data);
    }
  };
  return { host, view, toHost, toView, flush };
}

test('requests get their own typed reply, paired by id even when answered out of order', async () => {
  const { host, view, toHost, toView } = pair();
  let open = () => {};
  host.handle(Square, async ({ n }) => {
    // The first request is answered only after the second.
    if (n === 3) await new Promise<void>((resolve) => (open = resolve));
    return { squared: n * n };
  });
  const first = view.request(Square, { n: 3 });
  const second = view.request(Square, { n: 4 });
  const [firstWire, secondWire] = toHost.splice(0);
  const firstHandled = host.receive(firstWire);
  await host.receive(secondWire);
  for (const data of toView.splice(0)) await view.receive(data);
  assert.deepEqual(await second, { squared: 16 });
  open();
  await firstHandled;
  for (const data of toView.splice(0)) await view.receive(data);
  assert.deepEqual(await first, { squared: 9 });
});

test('a handler that throws answers with its message, and the request rejects with it', async () => {
  const { host, view, flush } = pair();
  host.handle(Square, ({ n }) => {
    if (n < 0) throw new Error(`no square for ${n} here`);
    return { squared: n * n };
  });
  const failed = view.request(Square, { n: -2 });
  await flush();
  await assert.rejects(failed, /no square for -2 here/);
});

test('a request without its numeric id is not handled and gets no reply', async () => {
  const { host, toView } = pair();
  let calls = 0;
  host.handle(Square, ({ n }) => {
    calls++;
    return { squared: n * n };
  });
  await host.receive({ method: Square.method, params: { n: 2 } });
  await host.receive({ method: Square.method, params: { n: 2 }, id: '7' });
  assert.deepEqual([calls, toView.length], [0, 0]);
});

test('commands and notifications reach their handlers; unknown methods and stray replies are left alone', async () => {
  const { host, view, flush } = pair();
  const seen: string[] = [];
  host.on(Ping, ({ n }) => {
    seen.push(`ping ${n}`);
    host.send(Pong, { n: n + 1 });
  });
  view.on(Pong, ({ n }) => seen.push(`pong ${n}`));
  view.send(Ping, { n: 1 });
  await flush();
  assert.deepEqual(seen, ['ping 1', 'pong 2']);
  assert.equal(await host.receive({ method: 'test/unknown', params: {} }), false);
  assert.equal(await host.receive({ method: replyMethod, id: 99, reply: 1 }), false);
  assert.equal(await host.receive(null), false);
  assert.equal(await host.receive(message(Ping, { n: 5 })), true);
});

test('one handler per method; close() rejects the requests still waiting', async () => {
  const { host, view } = pair();
  host.on(Ping, () => undefined);
  assert.throws(() => host.on(Ping, () => undefined), /test\/ping is already registered/);
  const waiting = view.request(Square, { n: 2 });
  view.close('the panel was closed');
  await assert.rejects(waiting, /the panel was closed/);
});

const protocols = { compare: compareProtocol, graph: graphProtocol, profile: profileProtocol, training: trainingProtocol };
const declared = Object.entries(protocols).flatMap(([protocol, exports]) =>
  Object.entries(exports as Record<string, unknown>)
    .filter((entry): entry is [string, MessageType<unknown>] => typeof entry[1] === 'object' && entry[1] !== null && 'method' in entry[1] && 'kind' in entry[1])
    .map(([name, kind]) => ({ protocol, name, kind })),
);

test('every declared message kind: a distinct method under its protocol, never the reply method, named after its kind', () => {
  assert.equal(declared.filter((entry) => entry.protocol === 'compare').length, 6);
  assert.equal(declared.filter((entry) => entry.protocol === 'graph').length, 14);
  assert.equal(declared.filter((entry) => entry.protocol === 'profile').length, 11);
  assert.equal(declared.filter((entry) => entry.protocol === 'training').length, 13);
  const methods = declared.map((entry) => entry.kind.method);
  assert.equal(new Set(methods).size, methods.length);
  for (const { protocol, name, kind } of declared) {
    assert.ok(kind.method.startsWith(`${protocol}/`), `${name}: ${kind.method}`);
    assert.notEqual(kind.method, replyMethod);
    const suffix = { command: 'Command', notification: 'Notification', request: 'Request' }[kind.kind];
    assert.ok(name.endsWith(suffix), `${name} is declared as a ${kind.kind}`);
  }
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
}

test('each method string is written once in src/, where its kind is declared', () => {
  const sources = sourceFiles(join(import.meta.dirname, '../../src')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  for (const { protocol, kind } of declared) {
    const writers = sources.flatMap(({ path, text }) => text.split(`'${kind.method}'`).length - 1 > 0 ? [`${path} (${text.split(`'${kind.method}'`).length - 1})`] : []);
    assert.deepEqual(writers, [`${join(import.meta.dirname, '../../src/core/protocol', `${protocol}.ts`)} (1)`], kind.method);
  }
});
