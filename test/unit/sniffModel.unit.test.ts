// Content sniffing decides whether the graph editor or VS Code's own editor opens a file: committed models and
// non-models, HDF5 files written by h5py (root names checked against h5py's own listing) and torch.save files
// of every kind written by torch, plus damaged and hostile files, which stay undecided so that the reader reports
// them. A pickle over the caller's budget is left to the worker (bundled as esbuild.mjs bundles it).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelFile } from '../../src/core/formats/containers/modelFile';
import { readHdf5RootNames } from '../../src/core/formats/containers/sniffHdf5';
import { sniffModel, type ModelSniff, type SniffVerdict } from '../../src/core/formats/sniffModel';
import { runWatched } from '../../src/core/parse/parseWatchdog';
import { bundleWorker } from '../fuzz/bundleWorker';
import { tempDirsFor } from './tempDirs';

const root = path.resolve(__dirname, '../..');
const tempDir = tempDirsFor('tensorsight-sniff-');
const python = '/usr/bin/python3';
const pythonHas = (modules: string) => fs.existsSync(python) && spawnSync(python, ['-c', `import ${modules}`]).status === 0;
const h5py = pythonHas('h5py, numpy');
const torch = pythonHas('torch');

/** Runs `script` with Debian's Python in `cwd`; its last stdout line is JSON. */
function runPython(script: string, cwd: string): unknown {
  const result = spawnSync(python, ['-c', script], { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

async function assertVerdict(file: string, verdict: SniffVerdict, format?: string): Promise<void> {
  const sniff = await sniffModel(file);
  assert.equal(sniff.verdict, verdict, `${path.basename(file)}: ${sniff.reason}`);
  if (format) assert.equal(sniff.format, format, path.basename(file));
  assert.ok(sniff.reason.length > 0);
}

// Committed files: what each holds is in test/fixtures/upstream/MANIFEST.tsv and test/fixtures/*/figures.json.
const committed: [file: string, verdict: SniffVerdict, format?: string][] = [
  ['demo/models/mnist-8.onnx', 'model', 'onnx'],
  ['demo/models/lstm_bidirectional.h5', 'model', 'keras'],
  ['test/fixtures/keras/keras2_weights_only.h5', 'model', 'keras'], // layer_names at the root (save_weights)
  ['test/fixtures/keras/keras3_functional_nested.keras', 'model', 'keras'],
  ['test/fixtures/upstream/keras/hls4ml_mlp_streaming_hdf5_named.keras', 'model', 'keras'], // HDF5 content named .keras
  ['demo/models/foo_torchscript.pt', 'model', 'pytorch'],
  ['test/fixtures/pytorch/small_traced.pt', 'model', 'pytorch'],
  ['test/fixtures/pytorch/small_full_module.pth', 'model', 'pytorch'],
  ['test/fixtures/pytorch/small_state_dict.pth', 'model', 'pytorch'],
  ['test/fixtures/pytorch/small_state_dict_legacy.pth', 'model', 'pytorch'],
  ['test/fixtures/pytorch/small_checkpoint.pt', 'model', 'pytorch'], // {'epoch', 'model': state_dict, 'optimizer'}
  ['test/fixtures/pytorch/tensor_views.pt', 'other', 'pytorch'], // {'rows', 'transposed', 'half', 'steps'}: tensors, no layer
  ['test/fixtures/upstream/pytorch/candle_test_torch_save.pt', 'other', 'pytorch'], // OrderedDict {'test': tensor}
  ['test/fixtures/upstream/pytorch/candle_fortran_tensor_3d.pth', 'other', 'pytorch'],
  ['test/fixtures/upstream/tfjs/integration_layers_model/model.json', 'model', 'tfjs'],
  ['test/fixtures/upstream/tfjs/angular_prefetch_graph/model.json', 'model', 'tfjs'],
  ['test/fixtures/upstream/tfjs/angular_prefetch_graph/group1-shard1of1.bin', 'other'], // a TF.js weights shard
  // The formats read since issue 15: their checks are precise, so a match is a model.
  ['test/fixtures/upstream/tflite/tfjs_tflite_add4.tflite', 'model', 'tflite'],
  ['test/fixtures/upstream/safetensors/hf_samples_B_u8.safetensors', 'model', 'safetensors'],
  ['test/fixtures/upstream/gguf/ggml-vocab-phi-3.gguf', 'model', 'gguf'],
  ['test/fixtures/upstream/savedmodel/tfjs_node_times_three_float/saved_model.pb', 'model', 'savedmodel'],
  ['test/fixtures/upstream/tf-graphdef/tf2onnx_lstm_frozen.pb', 'model', 'tf-graphdef'],
  ['test/fixtures/upstream/caffe/mtcnn/det2.caffemodel', 'model', 'caffe'],
  ['test/fixtures/upstream/torch7/gmodule_with_linear_identity.t7', 'model', 'torch7'],
  ['test/fixtures/upstream/dl4j/trained_iris_model.zip', 'model', 'dl4j'],
  // A profiler trace is named, and is no model.
  ['test/fixtures/upstream/traces/pytorch/kineto_docs_before_fix_trace.json', 'other'],
];

for (const [file, verdict, format] of committed) {
  test(`${file}: ${verdict}`, () => assertVerdict(path.join(root, file), verdict, format));
}

test('a TF.js weights shard points at the model.json beside it', async () => {
  const sniff = await sniffModel(path.join(root, 'test/fixtures/upstream/tfjs/angular_prefetch_graph/group1-shard1of1.bin'));
  assert.match(sniff.reason, /a model\.json lies next to it: if this is a TF\.js weights shard, open model\.json instead$/);
});

test('HDF5 root names match h5py\'s listing; datasets are not models, Keras layouts are, dense storage stays undecided', { skip: h5py ? false : `no h5py in ${python} (Debian: apt install python3-h5py)` }, async () => {
  const dir = tempDir();
  const keras = ['demo/models/lstm_bidirectional.h5', 'test/fixtures/keras/keras2_weights_only.h5', 'test/fixtures/upstream/keras/kotlindl_mnist1_mnist.h5'];
  for (const file of keras) fs.copyFileSync(path.join(root, file), path.join(dir, path.basename(file)));
  const listing = runPython(`
import h5py, json, numpy as np, os
with h5py.File('dataset.h5', 'w') as f:
    f['images'] = np.zeros((4, 8, 8), 'uint8'); f['labels'] = np.arange(4); f.attrs['source'] = 'mnist'
with h5py.File('dataset_latest.hdf5', 'w', libver='latest') as f:
    f.create_group('train')['x'] = np.zeros(3); f.attrs['version'] = 2
with h5py.File('keras3.weights.h5', 'w', libver='latest') as f:
    f.create_group('layers').create_group('dense').create_group('vars')['0'] = np.zeros((2, 2), 'float32')
with h5py.File('model_config_ordered.h5', 'w', track_order=True) as f:
    f.attrs['model_config'] = '{"class_name": "Sequential", "config": {"layers": []}}'; f.create_group('model_weights')
with h5py.File('many_attributes.h5', 'w', libver='latest') as f:
    for i in range(12): f.attrs['a%d' % i] = i
print(json.dumps({name: {'attributes': sorted(h5py.File(name).attrs), 'links': sorted(h5py.File(name).keys())} for name in sorted(os.listdir('.'))}))
`, dir) as Record<string, { attributes: string[]; links: string[] }>;
  for (const [name, expected] of Object.entries(listing)) {
    const file = ModelFile.open(path.join(dir, name));
    try {
      const names = readHdf5RootNames(file);
      if (name === 'many_attributes.h5') {
        // Twelve attributes exceed HDF5's compact limit of eight: they move to a fractal heap, not read here.
        assert.equal(names.complete, false, name);
        continue;
      }
      assert.equal(names.complete, true, name);
      assert.deepEqual({ attributes: [...names.attributes].sort(), links: [...names.links].sort() }, expected, name);
    } finally {
      file.close();
    }
  }
  for (const name of ['dataset.h5', 'dataset_latest.hdf5']) await assertVerdict(path.join(dir, name), 'other', 'keras');
  for (const name of ['keras3.weights.h5', 'model_config_ordered.h5', ...keras.map((file) => path.basename(file))]) await assertVerdict(path.join(dir, name), 'model', 'keras');
  await assertVerdict(path.join(dir, 'many_attributes.h5'), 'unknown', 'keras');
});

test('torch.save files: modules, state_dicts and checkpoints are models; tensors, lists and data dicts are not', { skip: torch ? false : `no torch in ${python} (Debian: apt install python3-torch)` }, async () => {
  const dir = tempDir();
  const saved = runPython(`
import json, torch, numpy as np
net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU())
opt = torch.optim.Adam(net.parameters())
net(torch.zeros(1, 3, 8, 8)).sum().backward(); opt.step()
files = {
  'tensor.pt': torch.arange(6.0),
  'tensors_tuple.pt': (torch.zeros(4, 2), torch.ones(4)),
  'dataset_dict.pt': {'data': torch.zeros(4, 2), 'labels': torch.ones(4)},
  'plain_values.pt': {'epoch': 3, 'name': 'run'},
  'numpy_array.pt': {'x': np.zeros(3)},
  'optimizer_only.pt': opt.state_dict(),
  'linear_state_dict.pth': torch.nn.Linear(2, 3).state_dict(),
  'state_dict.pth': net.state_dict(),
  'module.pt': net,
  'checkpoint.ckpt': {'epoch': 1, 'state_dict': net.state_dict(), 'optimizer_states': [opt.state_dict()]},
}
for name, value in files.items(): torch.save(value, name)
torch.save(torch.arange(3), 'tensor_legacy.pt', _use_new_zipfile_serialization=False)
torch.save(net.state_dict(), 'state_dict_legacy.pth', _use_new_zipfile_serialization=False)
torch.jit.save(torch.jit.script(net), 'scripted.pt')
print(json.dumps({name: type(torch.load(name, weights_only=False) if not name.startswith('scripted') else torch.jit.load(name)).__name__ for name in list(files) + ['tensor_legacy.pt', 'state_dict_legacy.pth', 'scripted.pt']}))
`, dir) as Record<string, string>;
  // What torch.load returned, by type name: the files are what the table says.
  assert.deepEqual(saved, {
    'tensor.pt': 'Tensor', 'tensors_tuple.pt': 'tuple', 'dataset_dict.pt': 'dict', 'plain_values.pt': 'dict', 'numpy_array.pt': 'dict',
    'optimizer_only.pt': 'dict', 'linear_state_dict.pth': 'OrderedDict', 'state_dict.pth': 'OrderedDict', 'module.pt': 'Sequential',
    'checkpoint.ckpt': 'dict', 'tensor_legacy.pt': 'Tensor', 'state_dict_legacy.pth': 'OrderedDict', 'scripted.pt': 'RecursiveScriptModule',
  });
  for (const name of ['tensor.pt', 'tensors_tuple.pt', 'dataset_dict.pt', 'plain_values.pt', 'numpy_array.pt', 'optimizer_only.pt', 'tensor_legacy.pt']) {
    await assertVerdict(path.join(dir, name), 'other', 'pytorch');
  }
  for (const name of ['linear_state_dict.pth', 'state_dict.pth', 'module.pt', 'checkpoint.ckpt', 'state_dict_legacy.pth', 'scripted.pt']) {
    await assertVerdict(path.join(dir, name), 'model', 'pytorch');
  }
});

test('damaged models stay undecided (the reader names the damage); empty, text and unknown files are not models', async () => {
  const dir = tempDir();
  const write = (name: string, bytes: Uint8Array | string) => {
    fs.writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };
  const h5 = fs.readFileSync(path.join(root, 'demo/models/lstm_bidirectional.h5'));
  const pt = fs.readFileSync(path.join(root, 'test/fixtures/pytorch/small_state_dict.pth'));
  await assertVerdict(write('cut.h5', h5.subarray(0, 200)), 'unknown'); // the root object header lies past byte 200
  await assertVerdict(write('cut.pth', pt.subarray(0, pt.length - 400)), 'unknown'); // no central directory
  await assertVerdict(write('empty.pt', ''), 'other');
  await assertVerdict(write('lfs.onnx', 'version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 1\n'), 'other');
  await assertVerdict(write('notes.h5', 'not HDF5 at all'), 'other');
  await assertVerdict(path.join(dir, 'missing.pt'), 'unknown');
});

test('hostile HDF5 files that make HDF5 itself loop or abort are sniffed at once (only the root header is read)', async () => {
  for (const name of ['keras2_nested_hang.h5', 'hls4ml_mlp_heap_loop.h5', 'keras2_nested_abort.h5']) {
    const start = performance.now();
    const sniff = await sniffModel(path.join(root, 'test/fixtures/fuzz', name));
    // Crafted from Keras models (test/fixtures/fuzz/MANIFEST.tsv): their root still says model_config.
    assert.equal(sniff.verdict, 'model', `${name}: ${sniff.reason}`);
    assert.ok(performance.now() - start < 1000, `${name} took ${Math.round(performance.now() - start)} ms`);
  }
});

const workerBundle = bundleWorker(path.join(root, 'src/core/formats/sniffModelWorker.ts'), 'sniffModel');
after(async () => fs.rmSync((await workerBundle).dir, { recursive: true, force: true }));

test('a pickle over the caller\'s budget stays undecided there, and the worker with the full budget decides it', { skip: torch ? false : `no torch in ${python} (Debian: apt install python3-torch)` }, async () => {
  const dir = tempDir();
  runPython(`
import json, torch
torch.save([torch.zeros(2) for _ in range(3000)], 'many_tensors.pt')
torch.save({'blocks.%d.conv.weight' % i: torch.zeros(1) for i in range(3000)}, 'many_layers.pth')
print(json.dumps(True))
`, dir);
  const { file } = await workerBundle;
  for (const [name, verdict] of [['many_tensors.pt', 'other'], ['many_layers.pth', 'model']] as const) {
    const small = await sniffModel(path.join(dir, name), { maxPickleBytes: 64 * 1024 });
    assert.deepEqual([small.verdict, small.overBudget], ['unknown', true], `${name} over a 64 KiB budget: ${small.reason}`);
    const fail = (error: string): ModelSniff => ({ verdict: 'unknown', reason: error });
    const full = await runWatched<ModelSniff>({ filename: file }, { path: path.join(dir, name) }, { subject: name, timeoutMs: 30_000, fail }).result;
    assert.equal(full.verdict, verdict, `${name} in the worker: ${full.reason}`);
  }
});
