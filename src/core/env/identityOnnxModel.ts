// The smallest useful ONNX model, y = Identity(x) over float32[1], encoded by hand so the runtime check needs
// no model file: an execution provider "loads" when a session with it is created and runs this graph.

/** Protobuf bytes of ModelProto { ir_version 7, opset 13, graph g: y = Identity(x), x and y float32[1] }. */
export function identityOnnxModel(): Uint8Array {
  const valueInfo = (name: string) => [...message(1, text(name)), ...message(2, message(1, [...varintField(1, 1), ...message(2, message(1, varintField(1, 1)))]))];
  const node = [...message(1, text('x')), ...message(2, text('y')), ...message(4, text('Identity'))];
  const graph = [...message(1, node), ...message(2, text('g')), ...message(11, valueInfo('x')), ...message(12, valueInfo('y'))];
  return Uint8Array.from([...varintField(1, 7), ...message(7, graph), ...message(8, varintField(2, 13))]);
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value > 127) {
    bytes.push((value & 127) | 128);
    value >>>= 7;
  }
  bytes.push(value);
  return bytes;
}

/** A length-delimited field (wire type 2). */
function message(field: number, payload: number[]): number[] {
  return [...varint((field << 3) | 2), ...varint(payload.length), ...payload];
}

/** A varint field (wire type 0). */
function varintField(field: number, value: number): number[] {
  return [...varint(field << 3), ...varint(value)];
}

function text(value: string): number[] {
  return [...Buffer.from(value, 'utf8')];
}
