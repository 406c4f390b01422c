// A Caffe layer's *_param message as node attributes, with Caffe's defaults applied and the
// spatial settings resolved the way its layers do (kernel_size vs kernel_h/kernel_w, repeated
// pad/stride/dilation per axis), so the shape rules read one form.
import type { AttrValue } from '../../ir/graph';
import type { CaffeLayer } from './caffeNet';
import { numbers, scalar } from './caffeNet';
import type { ProtoMessage } from './protoText';

const int = (params: ProtoMessage, field: string, fallback: number): number => {
  const value = scalar(params, field);
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
};
const flag = (params: ProtoMessage, field: string, fallback: boolean): boolean => {
  const value = scalar(params, field);
  return typeof value === 'boolean' ? value : typeof value === 'number' ? value !== 0 : fallback;
};
const word = (params: ProtoMessage, field: string, fallback: string): string => {
  const value = scalar(params, field);
  return value === undefined ? fallback : String(value);
};

/** Two spatial values from `name` (repeated: one, or one per axis) or `name_h`/`name_w`. */
function spatial(params: ProtoMessage, name: string, fallback: number): number[] {
  const h = scalar(params, `${name}_h`);
  const w = scalar(params, `${name}_w`);
  if (typeof h === 'number' || typeof w === 'number') return [typeof h === 'number' ? h : fallback, typeof w === 'number' ? w : fallback];
  const list = numbers(params, name === 'kernel' ? 'kernel_size' : name);
  if (list.length === 0) return [fallback, fallback];
  return list.length === 1 ? [list[0], list[0]] : list;
}

/** The node attributes of a layer. */
export function layerAttrs(layer: CaffeLayer): Record<string, AttrValue> {
  const params = layer.params;
  switch (layer.type) {
    case 'Convolution':
    case 'Deconvolution': {
      const dilation = numbers(params, 'dilation');
      return {
        num_output: int(params, 'num_output', 0),
        bias_term: flag(params, 'bias_term', true),
        kernel: spatial(params, 'kernel', 1),
        stride: spatial(params, 'stride', 1),
        pad: spatial(params, 'pad', 0),
        dilation: dilation.length === 0 ? [1, 1] : dilation.length === 1 ? [dilation[0], dilation[0]] : dilation,
        group: int(params, 'group', 1),
        axis: int(params, 'axis', 1),
      };
    }
    case 'Pooling': {
      const global = flag(params, 'global_pooling', false);
      return {
        pool: word(params, 'pool', 'MAX'),
        global_pooling: global,
        kernel: spatial(params, 'kernel', 0),
        stride: spatial(params, 'stride', 1),
        pad: spatial(params, 'pad', 0),
        round_mode: word(params, 'round_mode', 'CEIL'),
      };
    }
    case 'InnerProduct':
      return { num_output: int(params, 'num_output', 0), bias_term: flag(params, 'bias_term', true), axis: int(params, 'axis', 1), transpose: flag(params, 'transpose', false) };
    case 'Concat':
      return { axis: scalar(params, 'axis') !== undefined ? int(params, 'axis', 1) : int(params, 'concat_dim', 1) };
    case 'Slice':
      return { axis: scalar(params, 'axis') !== undefined ? int(params, 'axis', 1) : int(params, 'slice_dim', 1), slice_point: numbers(params, 'slice_point') };
    case 'Eltwise':
      return { operation: word(params, 'operation', 'SUM'), coeff: numbers(params, 'coeff') };
    case 'LRN':
      return { local_size: int(params, 'local_size', 5), alpha: int(params, 'alpha', 1), beta: int(params, 'beta', 0.75), k: int(params, 'k', 1), norm_region: word(params, 'norm_region', 'ACROSS_CHANNELS') };
    case 'Flatten':
      return { axis: int(params, 'axis', 1), end_axis: int(params, 'end_axis', -1) };
    case 'Reshape': {
      const shape = (params.shape ?? [])[0];
      return { shape: typeof shape === 'object' ? numbers(shape, 'dim') : [], axis: int(params, 'axis', 0), num_axes: int(params, 'num_axes', -1) };
    }
    case 'Softmax':
      return { axis: int(params, 'axis', 1) };
    case 'Embed':
      return { num_output: int(params, 'num_output', 0), input_dim: int(params, 'input_dim', 0), bias_term: flag(params, 'bias_term', true) };
    case 'Crop':
      return { axis: int(params, 'axis', 2), offset: numbers(params, 'offset') };
    case 'MemoryData':
      return { shape: ['batch_size', 'channels', 'height', 'width'].map((field) => int(params, field, 0)) };
    default: {
      // Plain scalars of the param message, for the properties pane.
      const attrs: Record<string, AttrValue> = {};
      for (const [field, values] of Object.entries(params)) {
        const plain = values.filter((value) => typeof value !== 'object');
        if (plain.length === 1) attrs[field] = plain[0] as AttrValue;
        else if (plain.length > 1) attrs[field] = plain as AttrValue;
      }
      return attrs;
    }
  }
}
