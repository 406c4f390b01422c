// Builtin options tables as node attributes. Each table's fields are listed in schema order (field
// i is the i-th entry) as `name:kind[=default]`; kinds are scalars, enums of tfliteSchema's ENUMS,
// vectors, and `type` (a TensorType, shown only when the file sets it). Writers omit fields equal
// to their default (padding SAME, stride 0), so defaults are filled in: a rule reads what the
// runtime would. Tables not listed here are named in the `options` attribute only.
import type { AttrValue } from '../../ir/graph';
import type { FlatTable } from '../containers/flatTable';
import { BUILTIN_OPTIONS, BUILTIN_OPTIONS_2, ENUMS, enumName, tensorTypeName } from './tfliteSchema';

const ACT = 'fused_activation_function:ActivationFunctionType';
const SPECS: Record<string, string> = {
  Conv2DOptions: `padding:Padding stride_w:int stride_h:int ${ACT} dilation_w_factor:int=1 dilation_h_factor:int=1 quantized_bias_type:type`,
  Conv3DOptions: `padding:Padding stride_d:int stride_w:int stride_h:int ${ACT} dilation_d_factor:int=1 dilation_w_factor:int=1 dilation_h_factor:int=1`,
  Pool2DOptions: `padding:Padding stride_w:int stride_h:int filter_width:int filter_height:int ${ACT}`,
  DepthwiseConv2DOptions: `padding:Padding stride_w:int stride_h:int depth_multiplier:int ${ACT} dilation_w_factor:int=1 dilation_h_factor:int=1`,
  ConcatEmbeddingsOptions: 'num_channels:int num_columns_per_channel:ints embedding_dim_per_channel:ints',
  LSHProjectionOptions: 'type:LSHProjectionType',
  SVDFOptions: `rank:int ${ACT} asymmetric_quantize_inputs:bool`,
  RNNOptions: `${ACT} asymmetric_quantize_inputs:bool`,
  SequenceRNNOptions: `time_major:bool ${ACT} asymmetric_quantize_inputs:bool`,
  BidirectionalSequenceRNNOptions: `time_major:bool ${ACT} merge_outputs:bool asymmetric_quantize_inputs:bool`,
  FullyConnectedOptions: `${ACT} weights_format:FullyConnectedOptionsWeightsFormat keep_num_dims:bool asymmetric_quantize_inputs:bool quantized_bias_type:type`,
  SoftmaxOptions: 'beta:float',
  ConcatenationOptions: `axis:int ${ACT}`,
  AddOptions: `${ACT} pot_scale_int16:bool=1`,
  MulOptions: ACT,
  L2NormOptions: ACT,
  LocalResponseNormalizationOptions: 'radius:int bias:float alpha:float beta:float',
  LSTMOptions: `${ACT} cell_clip:float proj_clip:float kernel_type:LSTMKernelType asymmetric_quantize_inputs:bool`,
  UnidirectionalSequenceLSTMOptions: `${ACT} cell_clip:float proj_clip:float time_major:bool asymmetric_quantize_inputs:bool diagonal_recurrent_tensors:bool`,
  BidirectionalSequenceLSTMOptions: `${ACT} cell_clip:float proj_clip:float merge_outputs:bool time_major:bool=1 asymmetric_quantize_inputs:bool`,
  ResizeBilinearOptions: '- - align_corners:bool half_pixel_centers:bool',
  ResizeNearestNeighborOptions: 'align_corners:bool half_pixel_centers:bool',
  CallOptions: 'subgraph:uint',
  ReshapeOptions: 'new_shape:ints',
  SkipGramOptions: 'ngram_size:int max_skip_size:int include_all_ngrams:bool',
  SpaceToDepthOptions: 'block_size:int',
  DepthToSpaceOptions: 'block_size:int',
  SubOptions: `${ACT} pot_scale_int16:bool=1`,
  DivOptions: ACT,
  EmbeddingLookupSparseOptions: 'combiner:CombinerType',
  GatherOptions: 'axis:int batch_dims:int',
  ReducerOptions: 'keep_dims:bool',
  SqueezeOptions: 'squeeze_dims:ints',
  SplitOptions: 'num_splits:int',
  SplitVOptions: 'num_splits:int',
  StridedSliceOptions: 'begin_mask:int end_mask:int ellipsis_mask:int new_axis_mask:int shrink_axis_mask:int offset:bool',
  CastOptions: 'in_data_type:type out_data_type:type',
  ArgMaxOptions: 'output_type:type',
  ArgMinOptions: 'output_type:type',
  TransposeConvOptions: `padding:Padding stride_w:int stride_h:int ${ACT} quantized_bias_type:type`,
  SparseToDenseOptions: 'validate_indices:bool',
  ShapeOptions: 'out_type:type',
  FakeQuantOptions: 'min:float max:float num_bits:int narrow_range:bool',
  PackOptions: 'values_count:int axis:int',
  OneHotOptions: 'axis:int',
  UnpackOptions: 'num:int axis:int',
  LeakyReluOptions: 'alpha:float',
  MirrorPadOptions: 'mode:MirrorPadMode',
  UniqueOptions: 'idx_out_type:type',
  ReverseSequenceOptions: 'seq_dim:int batch_dim:int',
  IfOptions: 'then_subgraph_index:int else_subgraph_index:int',
  WhileOptions: 'cond_subgraph_index:int body_subgraph_index:int',
  CallOnceOptions: 'init_subgraph_index:int',
  BatchMatMulOptions: 'adj_x:bool adj_y:bool asymmetric_quantize_inputs:bool',
  CumsumOptions: 'exclusive:bool reverse:bool',
  HashtableOptions: 'table_id:int key_dtype:type value_dtype:type',
  VarHandleOptions: 'container:string shared_name:string',
  RandomOptions: 'seed:long seed2:long',
  BucketizeOptions: 'boundaries:floats',
  GeluOptions: 'approximate:bool',
  StablehloConcatenateOptions: 'dimension:long',
  StablehloBroadcastInDimOptions: 'broadcast_dimensions:longs',
  StablehloSliceOptions: 'start_indices:longs limit_indices:longs strides:longs',
  StablehloReduceOptions: 'dimensions:longs body_subgraph_index:int',
  StablehloWhileOptions: 'cond_subgraph_index:int body_subgraph_index:int',
  StablehloSortOptions: 'dimension:long is_stable:bool comparator_subgraph_index:int',
  StablehloTransposeOptions: 'permutation:longs',
  StablehloIotaOptions: 'iota_dimension:long',
  StablehloPadOptions: 'edge_padding_low:longs edge_padding_high:longs interior_padding:longs',
  StablehloDynamicSliceOptions: 'slice_sizes:longs',
  StablehloRngBitGeneratorOptions: 'algorithm:RngAlgorithm',
  StableHLOCompositeOptions: 'name:string decomposition_subgraph_index:int - - version:int',
};

/** Vectors longer than this are cut in attributes (a Bucketize with a million boundaries). */
const MAX_LIST = 1024;

interface Field {
  name: string;
  kind: string;
  fallback?: number;
}

const parsed = new Map<string, (Field | undefined)[]>();

function fieldsOf(table: string): (Field | undefined)[] {
  let fields = parsed.get(table);
  if (!fields) {
    fields = (SPECS[table] ?? '').split(' ').filter(Boolean).map((entry) => {
      if (entry === '-') return undefined; // a deprecated field: its slot stays taken
      const [head, fallback] = entry.split('=');
      const [name, kind] = head.split(':');
      return { name, kind, ...(fallback === undefined ? {} : { fallback: Number(fallback) }) };
    });
    parsed.set(table, fields);
  }
  return fields;
}

function readField(table: FlatTable, id: number, field: Field): AttrValue | undefined {
  const { kind, fallback = 0 } = field;
  if (kind in ENUMS) return enumName(kind, table.int8(id, fallback));
  switch (kind) {
    case 'int': return table.int32(id, fallback);
    case 'uint': return table.uint32(id, fallback);
    case 'long': return table.int64(id, fallback);
    case 'float': return table.float32(id, fallback);
    case 'bool': return table.bool(id, fallback !== 0);
    case 'type': return table.has(id) ? tensorTypeName(table.int8(id)) : undefined;
    case 'string': return table.string(id);
    case 'ints': return table.int32s(id, MAX_LIST);
    case 'longs': return table.int64s(id, MAX_LIST);
    case 'floats': return table.float32s(id, MAX_LIST);
    default: return undefined;
  }
}

/** The fields of options table `table` (a member of the union named `name`) as attributes. */
function optionAttrs(name: string, table: FlatTable): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = {};
  fieldsOf(name).forEach((field, id) => {
    if (!field) return;
    const value = readField(table, id, field);
    if (value !== undefined) attrs[field.name] = value;
  });
  return attrs;
}

/** Attributes from an Operator's builtin_options (fields 3, 4) and builtin_options_2 (fields 11, 12). */
export function builtinOptionAttrs(operator: FlatTable): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = {};
  for (const [typeId, names] of [[3, BUILTIN_OPTIONS], [11, BUILTIN_OPTIONS_2]] as const) {
    const union = operator.union(typeId, `${operator.what} options`);
    if (!union) continue;
    const name = names[union.type] ?? `BuiltinOptions#${union.type}`;
    attrs.options = name;
    Object.assign(attrs, optionAttrs(name, union.table));
  }
  return attrs;
}
