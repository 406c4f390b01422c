// The JavaScript the doctor runs in a separate Node process (node -e SCRIPT <target> <modelHex>, cwd = the
// extension's root so require() and import() resolve its node_modules) to load one runtime and run one tiny
// computation on it. One process per target: a native crash or a hang costs only that target's answer.
//
// Targets: 'tfjs:<backend>:<module>' (tensorflow, webgpu, wasm, cpu), 'ort:list' (onnxruntime-node's
// execution providers), 'ort:<ep>' (a session with that provider over the tiny model, then one run).

/** Marker key of the result line, so banners on stdout (TF.js prints one) are never taken for it. */
export const RUNTIME_PROBE_MARKER = 'tensorsight-runtime-probe';

export const NODE_RUNTIME_PROBE_SCRIPT = String.raw`
'use strict';
const [target, modelHex] = process.argv.slice(1);
const warnings = [];
const toStderr = (...args) => {
  const text = args.map((arg) => (arg && arg.message ? arg.message : String(arg))).join(' ');
  warnings.push(text.split('\n')[0]);
  process.stderr.write(text + '\n');
};
// Libraries log to stdout; our one result line must be the only thing we rely on there.
console.log = console.info = console.warn = console.debug = toStderr;

function emit(result) {
  process.stdout.write('\n' + JSON.stringify(Object.assign({ marker: '${RUNTIME_PROBE_MARKER}' }, result)) + '\n', () => process.exit(0));
}

async function load(name) {
  try {
    return require(name);
  } catch (error) {
    if (error && error.code === 'ERR_REQUIRE_ESM') return import(name);
    throw error;
  }
}

function lastWarning() {
  const useful = warnings.filter((line) => line.trim() !== '' && !/^=+$/.test(line.trim()));
  return useful.length > 0 ? useful.slice(-3).join(' | ') : '';
}

async function checkTensors(tf) {
  const data = Array.from(await tf.add(tf.tensor1d([1, 2]), 1).data());
  if (data[0] !== 2 || data[1] !== 3) throw new Error('1 + [1, 2] gave [' + data.join(', ') + ']');
}

async function provideWebGpu() {
  if (globalThis.navigator && globalThis.navigator.gpu) return;
  let dawn;
  try {
    dawn = await load('webgpu');
  } catch (error) {
    throw new Error('Node has no WebGPU: the webgpu package (Dawn) could not be loaded: ' + error.message);
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  // tfjs dereferences the adapter without a check; ask first so "no adapter" is said in words.
  if (!(await gpu.requestAdapter())) throw new Error('WebGPU (Dawn) found no usable adapter: no GPU with a Vulkan, Metal or D3D12 driver');
  if (globalThis.navigator) Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}

async function tfjs(backend, moduleName) {
  let tf;
  if (backend === 'tensorflow') {
    tf = await load(moduleName); // tfjs-node(-gpu) registers the 'tensorflow' backend and re-exports tfjs
  } else {
    if (backend === 'webgpu') await provideWebGpu();
    tf = await load(moduleName === '@tensorflow/tfjs' ? moduleName : '@tensorflow/tfjs-core');
    if (moduleName !== '@tensorflow/tfjs') await load(moduleName);
  }
  const selected = await tf.setBackend(backend);
  await tf.ready();
  if (!selected || tf.getBackend() !== backend) {
    throw new Error('backend ' + backend + ' did not initialise' + (lastWarning() ? ': ' + lastWarning() : ''));
  }
  await checkTensors(tf);
  return { status: 'ok', backend };
}

async function onnxruntime(ep) {
  const ort = await load('onnxruntime-node');
  if (ep === 'list') {
    const backends = typeof ort.listSupportedBackends === 'function' ? ort.listSupportedBackends().map((b) => b.name) : null;
    return { status: 'ok', backends };
  }
  const session = await ort.InferenceSession.create(Buffer.from(modelHex, 'hex'), { executionProviders: [ep] });
  const output = await session.run({ x: new ort.Tensor('float32', new Float32Array([3]), [1]) });
  const value = output.y && output.y.data ? output.y.data[0] : undefined;
  if (value !== 3) throw new Error('Identity(3) gave ' + value);
  return { status: 'ok', backend: ep };
}

(async () => {
  const [kind, name, moduleName] = target.split(':');
  try {
    emit(kind === 'tfjs' ? await tfjs(name, moduleName) : await onnxruntime(name));
  } catch (error) {
    const message = error && error.message ? error.message : String(error);
    emit({ status: 'failed', error: message.split('\n')[0] + (lastWarning() && !message.includes(lastWarning()) ? ' (' + lastWarning() + ')' : '') });
  }
})();
`;
