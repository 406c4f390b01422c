// The readers the fuzz suite covers, each with the real fixtures (paths under test/fixtures) its cases are made
// from. The lists are written out, not found by walking the folders: a file added for another test must not
// change which cases CI runs. Add a reader's row when the reader lands, and files when they fuzz something new.
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../fixtures');

/** One reader under fuzz. */
export interface FuzzReader {
  name: string;
  /** Fixture files, relative to test/fixtures, the cases change (case i changes file i mod length). */
  fixtures: readonly string[];
  /**
   * For readers of several files (TF.js: model.json and its weight shards): the folder is copied whole, the
   * changed fixture replaced, and this file opened.
   */
  entry?: (fixture: string) => string;
}

const onnx = ['models/attention.onnx', 'models/features.onnx', 'models/ops.onnx', 'upstream/onnx/external_data/external_data_test.onnx', 'upstream/onnx/migraphx_if_then_test.onnx', 'upstream/onnx/migraphx_loop_test.onnx', 'upstream/onnx/migraphx_loop_test_implicit_tripcnt.onnx', 'upstream/onnx/migraphx_mnist-8.onnx', 'upstream/onnx/migraphx_scan_test1.onnx', 'upstream/onnx/onnx_light_resnet50.onnx', 'upstream/onnx/onnx_light_shufflenet.onnx', 'upstream/onnx/onnx_light_squeezenet.onnx', 'upstream/onnx/onnx_pytorch-converted_Conv2d.onnx', 'upstream/onnx/onnx_simple_sequence_model1.onnx', 'upstream/onnx/onnx_simple_strnorm_lower.onnx', 'upstream/onnx/ortext_custom_op_string_join.onnx', 'upstream/onnx/ortext_pytorch_super_resolution.onnx'];

const tfjsFolders = ['upstream/tfjs/abalone_layers_tfjs_node', 'upstream/tfjs/integration_graph_model', 'upstream/tfjs/integration_layers_model'];
const tfjs = [
  ...tfjsFolders.flatMap((folder) => [`${folder}/model.json`, `${folder}/weights.bin`]),
  ...['upstream/tfjs/angular_prefetch_graph', 'upstream/tfjs/custom_module_dense_graph', 'upstream/tfjs/rn59_graph_model'].flatMap((folder) => [`${folder}/model.json`, `${folder}/group1-shard1of1.bin`]),
];

const tfevents = (run: string, file: string) => `upstream/tfevents/${run}/events.out.tfevents.${file}`;
const events = [
  'events/python_sample/events.out.tfevents.1700000000.reference.1.0',
  tfevents('keras_callback_tfx_iris/train', '1598485465.penguin.1486.6519.v2'),
  tfevents('keras_callback_tfx_iris/validation', '1598485465.penguin.1486.7304.v2'),
  tfevents('keras_tf1_guild_model_proxies', '1548797801.omaha'),
  tfevents('lightning_nni/version_1', '1641536318.PC1JMXEN.14500.0'),
  tfevents('lightning_nni/version_4', '1641536605.PC1JMXEN.22716.0'),
  tfevents('torch_summarywriter_tbreducer_lax/run_1', '1622543341.janoshs-mbp.lan.86862.3'),
  tfevents('torch_summarywriter_tbreducer_strict/run_1', '1622543341.janoshs-mbp.lan.86862.0'),
];

const xml = ['datakit_gtx-1050-1', 'datakit_gtx-1card', 'telegraf_3090-v13', 'telegraf_a10g', 'telegraf_dual_2070-v13', 'telegraf_gt-1030', 'telegraf_pro-6000-maxq-blackwell-v13', 'telegraf_quadro-p2000-v12', 'telegraf_rtx-3090-v12', 'telegraf_rtx-4000-sff-ada-v13', 'telegraf_tesla-t4'].map((name) => `upstream/nvidia-smi/xml/${name}.xml`);

const savedModels = ['serving_half_plus_two_cpu_tf1', 'tfjs_node_module_with_multiple_signatures', 'tfjs_node_times_three_float'].map((name) => `upstream/savedmodel/${name}`);
const tflite = ['mediapipe_face_detection_short_range', 'mediapipe_selfie_segmentation', 'serving_half_plus_two_with_sigdef', 'tfjs_tflite_add4', 'tflm_dtln_noise_suppression', 'tflm_hello_world_int8', 'tflm_keyword_scrambled_8bit', 'tflm_micro_speech_quantized', 'tflm_mnist_trained_lstm', 'tflm_person_detect'].map((name) => `upstream/tflite/${name}.tflite`);
const torch7 = ['custom_class', 'doubletensor', 'floattensor', 'function', 'function_upvals', 'gmodule_with_linear_identity', 'hello=123', 'list_table', 'map_table1', 'map_table2', 'nngraph_node', 'recursive_class', 'recursive_kv_table', 'tds_hash', 'tds_vec'].map((name) => `upstream/torch7/${name}.t7`);

export const fuzzReaders: readonly FuzzReader[] = [
  { name: 'onnx', fixtures: onnx },
  { name: 'keras-h5', fixtures: ['keras/keras2_nested_sequential.h5', 'keras/keras2_weights_only.h5', 'upstream/keras/fdeep_gru_stateful_small.h5', 'upstream/keras/fdeep_lstm_bidirectional.h5', 'upstream/keras/fdeep_lstm_stateful.h5'] },
  // The hls4ml file is HDF5 under a .keras name, as some tools write it: the reader must detect it by content.
  { name: 'keras-zip', fixtures: ['keras/keras3_functional_nested.keras', 'upstream/keras/hls4ml_mlp_streaming_hdf5_named.keras'] },
  { name: 'tfjs', fixtures: tfjs, entry: (fixture) => path.join(path.dirname(fixture), 'model.json') },
  { name: 'pytorch-zip', fixtures: ['pytorch/small_checkpoint.pt', 'pytorch/small_full_module.pth', 'pytorch/small_state_dict.pth', 'pytorch/tensor_views.pt', 'upstream/pytorch/candle_fortran_tensor_3d.pth', 'upstream/pytorch/candle_test_torch_save.pt'] },
  { name: 'pytorch-legacy', fixtures: ['pytorch/small_state_dict_legacy.pth'] },
  { name: 'torchscript', fixtures: ['pytorch/small_traced.pt', 'upstream/pytorch/djl_identity_torchscript.pt', 'upstream/pytorch/tch_foo1_torchscript.pt', 'upstream/pytorch/tch_foo7_torchscript.pt', 'upstream/pytorch/tch_foo_torchscript.pt', 'upstream/pytorch/tchrs_torchscript_foo8.pt'] },
  { name: 'tflite', fixtures: tflite },
  // saved_model.pb alone (its variables missing is a warning), and the variables' TensorBundle index on its own.
  { name: 'savedmodel', fixtures: savedModels.map((folder) => `${folder}/saved_model.pb`) },
  { name: 'tf-bundle', fixtures: savedModels.map((folder) => `${folder}/variables/variables.index`) },
  { name: 'tf-graphdef', fixtures: ['upstream/tf-graphdef/tf2onnx_fc-layers_frozen.pb', 'upstream/tf-graphdef/tf2onnx_lstm_frozen.pb', 'upstream/tf-graphdef/tf2onnx_regression_graphdef_frozen.pb'] },
  // The folder travels with the changed file, so a .prototxt finds its .caffemodel and the reverse.
  { name: 'caffe', fixtures: ['upstream/caffe/mtcnn/det1.caffemodel', 'upstream/caffe/mtcnn/det2.caffemodel', 'upstream/caffe/mtcnn/det1.prototxt', 'caffe/lenet_v1.caffemodel', 'caffe/ops.prototxt'], entry: (fixture) => fixture },
  { name: 'torch7', fixtures: torch7 },
  { name: 'dl4j', fixtures: ['upstream/dl4j/trained_iris_model.zip', 'upstream/dl4j/PredictGender.net.zip', 'dl4j/graph_lstm_conv.zip'] },
  { name: 'gguf', fixtures: ['upstream/gguf/ggml-vocab-bert-bge.gguf', 'upstream/gguf/ggml-vocab-llama-spm.gguf', 'upstream/gguf/ggml-vocab-phi-3.gguf'] },
  { name: 'safetensors', fixtures: ['upstream/safetensors/candle_encodec_jfk-codes.safetensors', 'upstream/safetensors/djl_list.safetensors', 'upstream/safetensors/hf_samples_B_u8.safetensors', 'upstream/safetensors/hf_samples_overall.safetensors'] },
  { name: 'events', fixtures: events },
  { name: 'nvidia-smi-xml', fixtures: [...xml, 'gpu/mig-a100-v12.xml'] },
  { name: 'nvidia-smi-csv', fixtures: ['upstream/nvidia-smi/captures/linux-x86_64__nvidia-geforce-rtx-2080-super__595.71.05.txt', 'upstream/nvidia-smi/csv/h200_590.48.01_idle_query-gpu.csv', 'upstream/nvidia-smi/csv/rtx-4080-super_595.71.05_load_query-compute-apps.csv', 'upstream/nvidia-smi/csv/rtx-4080-super_595.71.05_load_query-gpu.csv'] },
];
