// What kind of operation an op is, across formats: `Conv` (ONNX), `_convolution` (TorchScript), `Conv2D`
// (TensorFlow, Keras), `CONV_2D` (TFLite) and `Convolution` (Caffe) are one family, `conv`. The model diff matches
// nodes of two files of different formats by family; within one format it compares the ops themselves.

// Spellings after normalizeOp (lower case, letters and digits only, TorchScript's in-place `_` dropped) that name
// the same family. A spelling not listed is its own family.
const FAMILIES: Record<string, readonly string[]> = {
  conv: ['conv', 'convolution', 'conv1d', 'conv2d', 'conv3d', 'spatialconvolution', 'depthwiseconv2d', 'depthwiseconv2dnative', 'separableconv2d', 'convolution1d', 'convolution2d'],
  convtranspose: ['convtranspose', 'convtranspose2d', 'conv2dtranspose', 'conv2dbackpropinput', 'transposeconv', 'deconvolution', 'spatialfullconvolution'],
  linear: ['gemm', 'linear', 'addmm', 'dense', 'fullyconnected', 'innerproduct'],
  matmul: ['matmul', 'batchmatmul', 'batchmatmulv2', 'bmm', 'mm'],
  relu: ['relu', 'threshold'],
  relu6: ['relu6', 'hardtanh'],
  leakyrelu: ['leakyrelu'],
  sigmoid: ['sigmoid', 'logistic'],
  tanh: ['tanh'],
  softmax: ['softmax', 'logsoftmax'],
  maxpool: ['maxpool', 'maxpool1d', 'maxpool2d', 'maxpool3d', 'maxpooling1d', 'maxpooling2d', 'spatialmaxpooling'],
  avgpool: ['averagepool', 'avgpool', 'avgpool1d', 'avgpool2d', 'averagepooling2d', 'averagepool2d', 'spatialaveragepooling'],
  globalpool: ['globalaveragepool', 'globalaveragepooling2d', 'adaptiveavgpool2d', 'mean', 'globalmaxpool'],
  add: ['add', 'addv2', 'biasadd', 'sum'],
  sub: ['sub', 'subtract', 'rsub'],
  mul: ['mul', 'multiply'],
  div: ['div', 'realdiv', 'truediv'],
  batchnorm: ['batchnormalization', 'batchnorm', 'fusedbatchnorm', 'fusedbatchnormv3', 'spatialbatchnormalization'],
  layernorm: ['layernormalization', 'layernorm'],
  flatten: ['flatten'],
  reshape: ['reshape', 'view', 'squeeze', 'unsqueeze', 'expanddims'],
  transpose: ['transpose', 'permute'],
  concat: ['concat', 'concatv2', 'concatenation', 'concatenate', 'cat', 'jointable'],
  pad: ['pad', 'padv2', 'mirrorpad', 'zeropadding2d', 'constantpad2d'],
  dropout: ['dropout', 'identity'],
  gather: ['gather', 'gatherv2', 'embedding', 'lookuptable'],
  resize: ['resize', 'upsample', 'upsamplenearest2d', 'upsamplebilinear2d', 'resizebilinear', 'resizenearestneighbor', 'upsampling2d'],
};

const FAMILY_OF = new Map<string, string>(Object.entries(FAMILIES).flatMap(([family, spellings]) => spellings.map((spelling) => [spelling, family] as [string, string])));

/** `MAX_POOL_2D` -> `maxpool2d`, `relu_` -> `relu`, `Conv2D` -> `conv2d`. */
function normalizeOp(op: string): string {
  return op.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The family of `op` (see FAMILIES), or its normalized spelling when no family lists it. */
export function opFamily(op: string): string {
  const normalized = normalizeOp(op);
  return FAMILY_OF.get(normalized) ?? normalized;
}
