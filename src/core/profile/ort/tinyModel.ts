// The smallest ONNX model (y = Relu(x), x float32[4]), encoded here: creating a session on it tells whether an
// execution provider works on this machine (a WebGPU EP without a Vulkan adapter fails only at that point).
import * as protobuf from 'protobufjs/minimal';

/** ModelProto bytes of y = Relu(x) with ir_version 8 and opset 17. */
export function tinyReluModel(): Uint8Array {
  const valueInfo = (name: string): Uint8Array => {
    const dim = protobuf.Writer.create().uint32(8).int64(4).finish(); // Dimension.dim_value
    const shape = protobuf.Writer.create().uint32(10).bytes(dim).finish(); // TensorShapeProto.dim
    const tensor = protobuf.Writer.create().uint32(8).int32(1).uint32(18).bytes(shape).finish(); // elem_type FLOAT, shape
    const type = protobuf.Writer.create().uint32(10).bytes(tensor).finish(); // TypeProto.tensor_type
    return protobuf.Writer.create().uint32(10).string(name).uint32(18).bytes(type).finish();
  };
  const node = protobuf.Writer.create().uint32(10).string('x').uint32(18).string('y').uint32(26).string('relu').uint32(34).string('Relu').finish();
  const graph = protobuf.Writer.create().uint32(10).bytes(node).uint32(18).string('probe').uint32(90).bytes(valueInfo('x')).uint32(98).bytes(valueInfo('y')).finish();
  const opset = protobuf.Writer.create().uint32(10).string('').uint32(16).int64(17).finish();
  return protobuf.Writer.create().uint32(8).int64(8).uint32(58).bytes(graph).uint32(66).bytes(opset).finish();
}
