// Builds small TFLite files with the flatbuffers Builder for the reader's tests: the paths the
// real fixtures do not take (control flow, buffers appended after the flatbuffer, sparse tensors,
// custom options, opcodes past the byte-wide field).
import { Builder } from 'flatbuffers';

type Field = [slot: number, kind: 'i8' | 'i32' | 'u32' | 'i64' | 'f32' | 'off', value: number];

/** Offset at which the appended (large-model) buffer starts in the file. */
export const EXTERNAL_AT = 4096;

class Writer {
  readonly b = new Builder(4096);

  ints(values: number[]): number {
    this.b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) this.b.addInt32(values[i]);
    return this.b.endVector();
  }

  floats(values: number[]): number {
    this.b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) this.b.addFloat32(values[i]);
    return this.b.endVector();
  }

  longs(values: number[]): number {
    this.b.startVector(8, values.length, 8);
    for (let i = values.length - 1; i >= 0; i--) this.b.addInt64(BigInt(values[i]));
    return this.b.endVector();
  }

  bytes(values: number[]): number {
    this.b.startVector(1, values.length, 16);
    for (let i = values.length - 1; i >= 0; i--) this.b.addInt8(values[i]);
    return this.b.endVector();
  }

  tables(offsets: number[]): number {
    this.b.startVector(4, offsets.length, 4);
    for (let i = offsets.length - 1; i >= 0; i--) this.b.addOffset(offsets[i]);
    return this.b.endVector();
  }

  table(fields: Field[]): number {
    this.b.startObject(Math.max(0, ...fields.map(([slot]) => slot + 1)));
    for (const [slot, kind, value] of fields) {
      if (kind === 'i8') this.b.addFieldInt8(slot, value, null);
      else if (kind === 'i32' || kind === 'u32') this.b.addFieldInt32(slot, value, null);
      else if (kind === 'i64') this.b.addFieldInt64(slot, BigInt(value), null);
      else if (kind === 'f32') this.b.addFieldFloat32(slot, value, null);
      else this.b.addFieldOffset(slot, value, 0);
    }
    return this.b.endObject();
  }

  str(text: string): number {
    return this.b.createString(text);
  }
}

/** A tensor: name, shape, TensorType code, buffer index, and optional extra fields built by the caller. */
function tensor(w: Writer, name: string, shape: number[], type: number, buffer: number, extra: Field[] = []): number {
  const fields: Field[] = [[0, 'off', w.ints(shape)], [1, 'i8', type], [2, 'u32', buffer], [3, 'off', w.str(name)], ...extra];
  return w.table(fields);
}

function operator(w: Writer, opcode: number, inputs: number[], outputs: number[], extra: Field[] = []): number {
  return w.table([[0, 'u32', opcode], [1, 'off', w.ints(inputs)], [2, 'off', w.ints(outputs)], ...extra]);
}

function subgraph(w: Writer, name: string, tensors: number[], inputs: number[], outputs: number[], operators: number[]): number {
  return w.table([[0, 'off', w.tables(tensors)], [1, 'off', w.ints(inputs)], [2, 'off', w.ints(outputs)], [3, 'off', w.tables(operators)], [4, 'off', w.str(name)]]);
}

/** A loop body and its condition: one ADD each; the body runs another WHILE over (cond, body) itself. */
function loopGraphs(w: Writer): number[] {
  const cond = subgraph(w, 'cond', [tensor(w, 'c_in', [1, 2], 0, 0), tensor(w, 'c_out', [1, 2], 0, 0)], [0], [1], [operator(w, 3, [0, 0], [1])]);
  const whileOptions = w.table([[0, 'i32', 1], [1, 'i32', 2]]);
  const bodyOps = [operator(w, 3, [0, 0], [1]), operator(w, 0, [1], [2], [[3, 'i8', 93], [4, 'off', whileOptions]])];
  const body = subgraph(w, 'body', [tensor(w, 'b_in', [1, 2], 0, 0), tensor(w, 'b_add', [1, 2], 0, 0), tensor(w, 'b_out', [1, 2], 0, 0)], [0], [2], bodyOps);
  const extra = subgraph(w, 'extra', [tensor(w, 'e_in', [3], 0, 0), tensor(w, 'e_out', [3], 0, 0)], [0], [1], [operator(w, 3, [0, 0], [1])]);
  return [cond, body, extra];
}

/**
 * A model exercising the paths the fixtures miss. Main graph: FULLY_CONNECTED (old-style opcode: only the byte
 * field) over weights appended after the flatbuffer, GELU (code 150: byte field 127), WHILE (cond 1, body 2), a
 * custom TFLite_Detection_PostProcess with 20 bytes of options reading a sparse constant. Subgraph 3 is reached
 * by no node (a function). A signature, min_runtime_version and TFLITE_METADATA entries.
 */
export function syntheticModel(): Uint8Array {
  const w = new Writer();
  const codes = [
    w.table([[0, 'i8', 119], [3, 'i32', 119]]),
    w.table([[0, 'i8', 32], [1, 'off', w.str('TFLite_Detection_PostProcess')], [3, 'i32', 32]]),
    w.table([[0, 'i8', 127], [2, 'i32', 2], [3, 'i32', 150]]),
    w.table([]),
    w.table([[0, 'i8', 9]]),
  ];
  const version = [...Buffer.from('1.5.0')].concat(new Array(11).fill(0));
  const buffers = [
    w.table([]),
    w.table([[0, 'off', w.bytes(new Array(16).fill(7))]]),
    w.table([[1, 'i64', EXTERNAL_AT], [2, 'i64', 32]]),
    w.table([[0, 'off', w.bytes(version)]]),
    w.table([[0, 'off', w.bytes(new Array(12).fill(1))]]),
  ];
  const quantization = w.table([[2, 'off', w.floats([0.5, 0.25])], [3, 'off', w.longs([0, 0])], [6, 'i32', 0]]);
  const segments = w.table([[0, 'off', w.ints([0, 1, 2, 3, 3])]]);
  const indices = w.table([[0, 'off', w.ints([0, 2, 3])]]);
  const dims = [w.table([[0, 'i8', 0], [1, 'i32', 4]]), w.table([[0, 'i8', 1], [2, 'i8', 1], [3, 'off', segments], [4, 'i8', 1], [5, 'off', indices]])];
  const sparsity = w.table([[0, 'off', w.ints([0, 1])], [2, 'off', w.tables(dims)]]);
  const tensors = [
    tensor(w, 'x', [1, 4], 0, 0, [[7, 'off', w.ints([-1, 4])]]),
    tensor(w, 'fc/weights', [2, 4], 0, 2, [[4, 'off', quantization]]),
    tensor(w, 'fc/out', [1, 2], 0, 0),
    tensor(w, 'gelu', [1, 2], 0, 0),
    tensor(w, 'loop', [1, 2], 0, 0),
    tensor(w, 'detections', [1, 2], 0, 0),
    tensor(w, 'anchors', [4, 4], 0, 4, [[6, 'off', sparsity]]),
  ];
  const fcOptions = w.table([[0, 'i8', 1]]);
  const whileOptions = w.table([[0, 'i32', 1], [1, 'i32', 2]]);
  const operators = [
    operator(w, 4, [0, 1, -1], [2], [[3, 'i8', 8], [4, 'off', fcOptions]]),
    operator(w, 2, [2], [3]),
    operator(w, 0, [3], [4], [[3, 'i8', 93], [4, 'off', whileOptions]]),
    operator(w, 1, [4, 6], [5], [[5, 'off', w.bytes(new Array(20).fill(3))]]),
  ];
  const main = subgraph(w, 'main', tensors, [0], [5], operators);
  const graphs = [main, ...loopGraphs(w)];
  const signature = w.table([[0, 'off', w.tables([w.table([[0, 'off', w.str('x_alias')], [1, 'u32', 0]])])], [1, 'off', w.tables([w.table([[0, 'off', w.str('y_alias')], [1, 'u32', 5]])])], [2, 'off', w.str('serving_default')], [4, 'u32', 0]]);
  const metadata = [w.table([[0, 'off', w.str('min_runtime_version')], [1, 'u32', 3]]), w.table([[0, 'off', w.str('TFLITE_METADATA')], [1, 'u32', 1]])];
  const model = w.table([[0, 'u32', 3], [1, 'off', w.tables(codes)], [2, 'off', w.tables(graphs)], [3, 'off', w.str('synthetic')], [4, 'off', w.tables(buffers)], [6, 'off', w.tables(metadata)], [7, 'off', w.tables([signature])]]);
  w.b.finish(model, 'TFL3');
  const flat = w.b.asUint8Array();
  if (flat.length > EXTERNAL_AT) throw new Error(`synthetic flatbuffer of ${flat.length} bytes overlaps the appended buffer`);
  const file = new Uint8Array(EXTERNAL_AT + 32);
  file.set(flat, 0);
  file.fill(9, EXTERNAL_AT);
  return file;
}
