// The Python code the doctor runs inside each interpreter (python -c SCRIPT <stepBudgetMs> <deadlineMs> <modules>).
// It imports each framework in its own try, prints exactly one JSON line on the real stdout, and never touches the workspace.
// A watchdog thread enforces a per-module budget (a hung import is marked 'timed-out' and the remaining modules go on
// in a fresh thread) and an overall deadline (it reports what it has and exits). The caller still kills the process
// tree on its own timeout, for interpreters that hang before any Python code runs.

/** Marker key the probe's JSON line carries, so stray output can never be mistaken for the result. */
export const PROBE_MARKER = 'tensorsight-python-probe';

/** Cheap modules first: a hang in a heavy framework (CUDA initialisation) then costs the least information. */
export const PROBE_ORDER = ['numpy', 'cv2', 'onnx', 'onnxruntime', 'tensorboard', 'torch', 'jax', 'tensorflow', 'keras'] as const;

// Kept to Python 3.6 syntax (no f-strings, no walrus) so old interpreters still report their version.
export const PYTHON_PROBE_SCRIPT = String.raw`
import sys, os, json, time, threading, platform

STEP_BUDGET = float(sys.argv[1]) / 1000.0 if len(sys.argv) > 1 else 10.0
DEADLINE = time.monotonic() + (float(sys.argv[2]) / 1000.0 if len(sys.argv) > 2 else 18.0)
MODULES = sys.argv[3].split(',') if len(sys.argv) > 3 else []

# Never import from the current directory: a workspace file named numpy.py must not run.
sys.path[:] = [p for p in sys.path if p not in ('', '.')]

# Frameworks print banners and warnings; keep the real stdout for our single JSON line.
_out = os.fdopen(os.dup(1), 'w')
os.dup2(2, 1)
sys.stdout = sys.stderr

lock = threading.Lock()
# runner: which thread owns the steps now. A runner whose step outran its budget is abandoned, and a fresh
# thread continues with the remaining modules, so one hung framework doesn't hide the others.
state = {'runner': 0, 'current': None, 'started': 0.0, 'emitted': False}
pending = list(MODULES)
result = {
    'marker': '${PROBE_MARKER}',
    'executable': sys.executable,
    'version': sys.version,
    'versionInfo': list(sys.version_info[:3]),
    'implementation': platform.python_implementation(),
    'prefix': sys.prefix,
    'virtualEnv': sys.prefix != getattr(sys, 'base_prefix', sys.prefix),
    'cudaVisibleDevices': os.environ.get('CUDA_VISIBLE_DEVICES'),
    'modules': {},
}

def err_text(e):
    text = '%s: %s' % (type(e).__name__, e)
    return text if len(text) <= 2000 else text[:2000] + '...'

def ms_since(t):
    return int((time.monotonic() - t) * 1000)

def emit_locked():
    if state['emitted']:
        return
    state['emitted'] = True
    _out.write(json.dumps(result, default=str) + '\n')
    _out.flush()

def finish_locked():
    emit_locked()
    _out.close()
    # Skip interpreter shutdown: some frameworks hang in atexit handlers (CUDA contexts, TF threads).
    os._exit(0)

def watchdog():
    while True:
        time.sleep(0.05)
        with lock:
            name = state['current']
            now = time.monotonic()
            if now > DEADLINE:
                if name is not None:
                    result['modules'][name] = {'status': 'timed-out', 'error': 'timed out: the overall deadline passed during this import', 'durationMs': ms_since(state['started'])}
                for other in pending:
                    result['modules'][other] = {'status': 'timed-out', 'error': 'not checked: the overall deadline passed'}
                finish_locked()
            if name is not None and now - state['started'] > STEP_BUDGET:
                result['modules'][name] = {'status': 'timed-out', 'error': 'import timed out after %d ms' % int(STEP_BUDGET * 1000), 'durationMs': ms_since(state['started'])}
                state['runner'] += 1
                state['current'] = None
                threading.Thread(target=run_steps, args=(state['runner'],), daemon=True).start()

def version_of(name, mod):
    version = getattr(mod, '__version__', None)
    if version is None:
        try:
            from importlib import metadata
            version = metadata.version(name)
        except Exception:
            version = None
    return None if version is None else str(version)

def torch_details(torch):
    d = {'cudaAvailable': None, 'cudaVersion': getattr(torch.version, 'cuda', None), 'cudnnVersion': None, 'devices': []}
    d['cudaAvailable'] = bool(torch.cuda.is_available())
    try:
        d['cudnnVersion'] = torch.backends.cudnn.version()
    except Exception as e:
        d['error'] = 'cudnn: ' + err_text(e)
    mps = getattr(torch.backends, 'mps', None)
    if mps is not None and sys.platform == 'darwin':
        d['mpsAvailable'] = bool(mps.is_available())
    if d['cudaAvailable']:
        d['devices'] = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    return d

def tensorflow_details(tf):
    d = {'gpus': [], 'builtWithCuda': None, 'cudaVersion': None, 'cudnnVersion': None}
    try:
        d['builtWithCuda'] = bool(tf.test.is_built_with_cuda())
        info = tf.sysconfig.get_build_info()
        d['cudaVersion'] = None if info.get('cuda_version') is None else str(info.get('cuda_version'))
        d['cudnnVersion'] = None if info.get('cudnn_version') is None else str(info.get('cudnn_version'))
    except Exception as e:
        d['error'] = 'build info: ' + err_text(e)
    d['gpus'] = [g.name for g in tf.config.list_physical_devices('GPU')]
    return d

def jax_details(jax):
    return {'backend': str(jax.default_backend()), 'devices': [str(x) for x in jax.devices()]}

def onnxruntime_details(ort):
    return {'providers': list(ort.get_available_providers()), 'device': str(ort.get_device())}

DETAILS = {'torch': torch_details, 'tensorflow': tensorflow_details, 'jax': jax_details, 'onnxruntime': onnxruntime_details}

def probe(name):
    import importlib
    try:
        import importlib.util
        if importlib.util.find_spec(name) is None:
            return {'status': 'missing'}
    except Exception as e:
        return {'status': 'failed', 'error': err_text(e)}
    try:
        mod = importlib.import_module(name)
    except BaseException as e:
        # BaseException: a broken package that calls sys.exit() must not end the probe.
        return {'status': 'failed', 'error': err_text(e)}
    out = {'status': 'installed', 'version': version_of(name, mod)}
    if name in DETAILS:
        try:
            out['details'] = DETAILS[name](mod)
        except BaseException as e:
            out['details'] = {'error': err_text(e)}
    return out

def run_steps(runner):
    while True:
        with lock:
            if state['runner'] != runner:
                return
            if not pending:
                finish_locked()
            name = pending.pop(0)
            state['current'] = name
            state['started'] = time.monotonic()
        started = time.monotonic()
        entry = probe(name)
        entry['durationMs'] = ms_since(started)
        with lock:
            if state['runner'] != runner:
                return  # declared hung meanwhile; its late result is dropped
            result['modules'][name] = entry
            state['current'] = None

threading.Thread(target=watchdog, daemon=True).start()
# Imports run on the main thread unless one hangs (some packages install signal handlers, which only the main thread may do).
run_steps(0)
while True:
    time.sleep(1)
`;
