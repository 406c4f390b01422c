// Node fill colours for the three overlays: by op category as Netron colours them (layers blue, activations red,
// pooling green, normalization teal, shape and transform ops neutral, arithmetic violet, anything else a stable hue
// of its own), or by params or MACs on a log scale. Every fill is dark enough for white text in light and dark
// themes alike. The overlay takes per-node values, so profile timings can use it later.
import { formatCount } from '../../core/display/quantities';
import type { ColorBy, PayloadNode } from '../../core/protocol/graph';
import { contrast, toHex } from './graphTheme';

/** A colouring: the fill of each node index, and the legend entries to show. */
export interface Overlay {
  fill(index: number): string;
  legend: { label: string; color: string }[];
}

/** The text colour drawn on every fill this module gives. */
export const FILL_TEXT = '#ffffff';

export type OpCategory = 'layer' | 'activation' | 'pooling' | 'normalization' | 'shape' | 'arithmetic' | 'other';

const CATEGORY_OPS: Record<Exclude<OpCategory, 'other'>, string[]> = {
  layer: ['conv', 'conv1d', 'conv2d', 'conv3d', 'convtranspose', 'conv2dtranspose', 'conv1dtranspose', 'conv3dtranspose', 'depthwiseconv2d', 'separableconv2d', 'separableconv1d', 'convolution', 'deconvolution', 'convinteger', 'qlinearconv', 'gemm', 'matmul', 'matmulinteger', 'qlinearmatmul', 'batchmatmul', 'batchmatmulv2', 'bmm', 'mm', 'addmm', 'linear', 'dense', 'fullyconnected', 'innerproduct', 'lstm', 'gru', 'rnn', 'simplernn', 'lstmcell', 'grucell', 'bidirectional', 'embedding', 'attention', 'multiheadattention', 'einsum'],
  activation: ['relu', 'relu6', 'leakyrelu', 'prelu', 'elu', 'selu', 'celu', 'gelu', 'sigmoid', 'hardsigmoid', 'tanh', 'hardtanh', 'softmax', 'logsoftmax', 'softplus', 'softsign', 'swish', 'hardswish', 'silu', 'mish', 'clip', 'thresholdedrelu', 'activation', 'shrink', 'quickgelu', 'fastgelu', 'biasgelu'],
  pooling: ['maxpool', 'averagepool', 'avgpool', 'globalaveragepool', 'globalmaxpool', 'lppool', 'globallppool', 'maxpool1d', 'maxpool2d', 'maxpool3d', 'avgpool1d', 'avgpool2d', 'maxpooling1d', 'maxpooling2d', 'maxpooling3d', 'averagepooling1d', 'averagepooling2d', 'averagepooling3d', 'globalaveragepooling1d', 'globalaveragepooling2d', 'globalmaxpooling1d', 'globalmaxpooling2d', 'adaptiveavgpool2d', 'adaptivemaxpool2d', 'adaptiveavgpool1d', 'pool', 'pooling', 'maxroipool', 'roialign'],
  normalization: ['batchnormalization', 'batchnorm', 'batchnorm2d', 'batchnorm1d', 'fusedbatchnorm', 'fusedbatchnormv3', 'layernormalization', 'layernorm', 'instancenormalization', 'instancenorm', 'groupnormalization', 'groupnorm', 'lrn', 'localresponsenormalization', 'meanvariancenormalization', 'lpnormalization', 'skiplayernormalization', 'simplifiedlayernormalization', 'rmsnorm', 'rmsnormalization', 'normalization', 'l2normalization'],
  shape: ['reshape', 'transpose', 'concat', 'concatenate', 'split', 'gather', 'gatherelements', 'gathernd', 'slice', 'flatten', 'squeeze', 'unsqueeze', 'expand', 'tile', 'pad', 'shape', 'size', 'cast', 'identity', 'constant', 'constantofshape', 'resize', 'upsample', 'upsampling2d', 'permute', 'view', 'zeropadding2d', 'cropping2d', 'scatter', 'scatternd', 'scatterelements', 'range', 'depthtospace', 'spacetodepth', 'dropout', 'inputlayer', 'stridedslice', 'pack', 'unpack', 'squeezeexcite', 'repeatvector', 'globalreshape'],
  arithmetic: ['add', 'sub', 'mul', 'div', 'pow', 'sqrt', 'exp', 'log', 'neg', 'abs', 'reciprocal', 'max', 'min', 'sum', 'mean', 'erf', 'floor', 'ceil', 'round', 'sign', 'mod', 'equal', 'greater', 'greaterorequal', 'less', 'lessorequal', 'not', 'and', 'or', 'xor', 'where', 'reducemean', 'reducesum', 'reducemax', 'reducemin', 'reduceprod', 'reducel2', 'reducesumsquare', 'argmax', 'argmin', 'cumsum', 'topk', 'multiply', 'subtract', 'maximum', 'minimum', 'average', 'addv2', 'realdiv', 'biasadd', 'squareddifference', 'rsqrt', 'square'],
};

const CATEGORY_OF = new Map<string, OpCategory>(Object.entries(CATEGORY_OPS).flatMap(([category, ops]) => ops.map((op) => [op, category as OpCategory] as [string, OpCategory])));

/** Hue, saturation and lightness (light theme, dark theme) of each category's fill. */
const CATEGORY_HSL: Record<Exclude<OpCategory, 'other'>, [number, number, number, number]> = {
  layer: [213, 0.52, 0.4, 0.36],
  activation: [4, 0.6, 0.42, 0.38],
  pooling: [122, 0.4, 0.32, 0.29],
  normalization: [172, 0.55, 0.26, 0.24],
  shape: [25, 0.14, 0.4, 0.34],
  arithmetic: [268, 0.32, 0.44, 0.4],
};

/**
 * The category of an op, by its bare name: a namespace (`aten::`, `onnx::`, `tf.`) is dropped and case, `_` and `-`
 * are ignored, so `aten::relu_`, `ReLU` and `Relu` read alike.
 */
export function opCategory(op: string): OpCategory {
  const bare = op.replace(/^.*(::|\.)/, '').toLowerCase().replace(/[_\-\s]/g, '');
  return CATEGORY_OF.get(bare) ?? 'other';
}

function hue(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0) % 360;
}

/** `#rrggbb` of an HSL colour (h in degrees, s and l in 0..1). */
export function hsl(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return toHex([f(0), f(8), f(4)]);
}

/** The fill of an op: its category's colour, or for an op of no known category a stable hue of its own. */
export function opColor(op: string, dark: boolean): string {
  const category = opCategory(op);
  if (category === 'other') return readable(hue(op), 0.38, dark ? 0.33 : 0.36);
  const [h, s, light, darkL] = CATEGORY_HSL[category];
  return readable(h, s, dark ? darkL : light);
}

/** The colour at `l`, darkened where needed (yellows, greens) until white text on it has a contrast of 4.5 or more. */
function readable(h: number, s: number, l: number): string {
  let color = hsl(h, s, l);
  for (let darker = l; contrast(color, FILL_TEXT) < 4.5 && darker > 0.05; darker -= 0.02) color = hsl(h, s, darker);
  return color;
}

/** A blue-to-red ramp over log10(value + 1) scaled to the largest value. */
function ramp(value: number | null, max: number, dark: boolean): string {
  if (value === null) return dark ? '#555555' : '#6b6b6b';
  const t = max > 0 ? Math.log10(value + 1) / Math.log10(max + 1) : 0;
  return readable(Math.round(220 - 220 * t), 0.6, dark ? 0.3 : 0.36);
}

/** Builds the overlay for `colorBy` (or for any per-node values, e.g. profile timings). */
export function buildOverlay(nodes: readonly PayloadNode[], colorBy: ColorBy, dark: boolean): Overlay {
  if (colorBy === 'op') {
    const counts = new Map<string, number>();
    nodes.forEach((node) => counts.set(node.op, (counts.get(node.op) ?? 0) + 1));
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12);
    const fills = nodes.map((node) => opColor(node.op, dark));
    return { fill: (index) => fills[index], legend: top.map(([op, count]) => ({ label: `${op} (${count})`, color: opColor(op, dark) })) };
  }
  return valueOverlay(nodes.map((node) => (colorBy === 'params' ? node.params : node.macs)), colorBy === 'params' ? 'params' : 'MACs', dark);
}

/** An overlay from per-node values (null: unknown). */
export function valueOverlay(values: readonly (number | null)[], what: string, dark: boolean): Overlay {
  const max = values.reduce<number>((best, value) => Math.max(best, value ?? 0), 0);
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => Math.round(10 ** (t * Math.log10(max + 1)) - 1));
  const fills = values.map((value) => ramp(value, max, dark));
  return {
    fill: (index) => fills[index],
    legend: [...stops.map((stop) => ({ label: `${formatCount(stop)} ${what}`, color: ramp(stop, max, dark) })), { label: 'unknown', color: ramp(null, max, dark) }],
  };
}
