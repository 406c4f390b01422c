// Interns tag names to small integer ids. The hot scalar path looks tags up by their UTF-8 bytes, so a
// record's tag is never turned into a string once it has been seen.

// Fatal, as protobuf runtimes are: a proto3 string that is not UTF-8 makes the record invalid.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Tag name <-> id, shared by the decoder (which interns) and the run store (which indexes by id). */
export class TagTable {
  readonly names: string[] = [];
  private readonly byName = new Map<string, number>();
  /** FNV-1a hash of the UTF-8 bytes -> ids with that hash (collisions are compared byte by byte). */
  private readonly byHash = new Map<number, number[]>();
  private readonly bytesOf: Uint8Array[] = [];
  /** The same bytes as little-endian 32-bit words (the last partial word left out), compared 4 at a time. */
  private readonly wordsOf: Int32Array[] = [];
  // Writers log the same tags in the same order step after step, so the tag that followed the last one
  // the previous time is the best guess for the next, and is checked before hashing.
  private last = -1;
  private readonly successor: number[] = [];

  get size(): number {
    return this.names.length;
  }

  /** The id of a tag given as a string. */
  intern(name: string): number {
    const known = this.byName.get(name);
    return known ?? this.add(name, new TextEncoder().encode(name));
  }

  /** The id of the tag whose UTF-8 bytes are bytes[start, end); `view` is a DataView over `bytes`' memory. */
  internBytes(bytes: Uint8Array, view: DataView, start: number, end: number): number {
    const guess = this.last >= 0 ? (this.successor[this.last] ?? -1) : -1;
    if (guess >= 0 && this.isTag(guess, bytes, view, start, end)) return (this.last = guess);
    return this.follow(this.lookup(bytes, start, end));
  }

  private isTag(id: number, bytes: Uint8Array, view: DataView, start: number, end: number): boolean {
    const known = this.bytesOf[id];
    if (known.length !== end - start) return false;
    const words = this.wordsOf[id];
    for (let w = 0; w < words.length; w++) if (view.getInt32(start + 4 * w, true) !== words[w]) return false;
    for (let i = 4 * words.length; i < known.length; i++) if (known[i] !== bytes[start + i]) return false;
    return true;
  }

  private lookup(bytes: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const candidates = this.byHash.get(hash);
    if (candidates) {
      for (const id of candidates) if (equalBytes(this.bytesOf[id], bytes, start, end - start)) return id;
    }
    const name = utf8.decode(bytes.subarray(start, end));
    return this.byName.get(name) ?? this.add(name, bytes.slice(start, end));
  }

  private follow(id: number): number {
    if (this.last >= 0) this.successor[this.last] = id;
    return (this.last = id);
  }

  private add(name: string, encoded: Uint8Array): number {
    const id = this.names.length;
    this.names.push(name);
    this.byName.set(name, id);
    this.bytesOf.push(encoded);
    const whole = encoded.length >> 2;
    this.wordsOf.push(new Int32Array(whole).map((_, w) => encoded[4 * w] | (encoded[4 * w + 1] << 8) | (encoded[4 * w + 2] << 16) | (encoded[4 * w + 3] << 24)));
    let hash = 0x811c9dc5;
    for (let i = 0; i < encoded.length; i++) hash = Math.imul(hash ^ encoded[i], 0x01000193);
    const list = this.byHash.get(hash);
    if (list) list.push(id);
    else this.byHash.set(hash, [id]);
    return id;
  }
}

function equalBytes(known: Uint8Array, bytes: Uint8Array, start: number, length: number): boolean {
  if (known.length !== length) return false;
  for (let i = 0; i < length; i++) if (known[i] !== bytes[start + i]) return false;
  return true;
}
