// The wire form of a GraphPayload: the UTF-8 bytes of its JSON, gzip-compressed by the host's worker (a 40k-node
// payload: 15.5 MB of JSON, 1.5 MB compressed, which the extension host, code-server's socket and the workbench each
// copy on the way to the webview). Bytes travel through postMessage as a buffer (no escaping into the message's JSON),
// can be handed between threads, and are what the host caches.
import type { GraphPayload } from './graph';

/** The JSON bytes of `payload`, uncompressed (the host's worker compresses them with zlib). */
export function encodeGraphPayload(payload: GraphPayload): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(payload));
}

/** Whether `bytes` start with gzip's magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The payload in `bytes` (gzip-compressed or not); rejects naming the size and JSON's position when they are not a payload. */
export async function decodeGraphPayload(bytes: Uint8Array): Promise<GraphPayload> {
  const json = isGzip(bytes) ? await gunzip(bytes) : bytes;
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(json));
  } catch (error) {
    throw new Error(`graph payload (${bytes.byteLength} bytes) is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof payload !== 'object' || payload === null || !Array.isArray((payload as GraphPayload).nodes)) throw new Error(`graph payload (${bytes.byteLength} bytes) holds no nodes array`);
  return payload as GraphPayload;
}

/** Inflates with the platform's DecompressionStream (native code in the browser and in Node). */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new Error(`graph payload (${bytes.byteLength} bytes of gzip) could not be inflated: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
