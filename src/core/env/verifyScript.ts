// The Python code that checks a fresh install (python -c SCRIPT <framework> <n on GPU> <n on CPU>): import, version,
// whether CUDA is available, and an n×n float32 matrix multiply on the GPU (the CPU, smaller, when there is none),
// timed after a warm-up and checked against a float64 product on the CPU. It prints exactly one JSON line carrying VERIFY_MARKER.

/** Marker key of the verify script's JSON line. */
export const VERIFY_MARKER = 'tensorsight-verify';

// Python 3.6 syntax, so an old interpreter still reports its error instead of a SyntaxError.
export const VERIFY_SCRIPT = String.raw`
import sys, os, json, time
framework = sys.argv[1]
n_gpu = int(sys.argv[2])
n_cpu = int(sys.argv[3])
n = n_cpu
sys.path[:] = [p for p in sys.path if p not in ('', '.')]
out_fd = os.dup(1)
os.dup2(2, 1)
result = {'marker': '${VERIFY_MARKER}', 'framework': framework, 'python': sys.executable}

def emit():
    os.write(out_fd, (json.dumps(result) + '\n').encode('utf-8'))
    os._exit(0)

def err_text(e):
    text = '%s: %s' % (type(e).__name__, e)
    return text if len(text) <= 2000 else text[:2000] + '...'

def timed(run, sync):
    run(); sync()
    best = None
    for _ in range(3):
        t = time.perf_counter()
        run(); sync()
        ms = (time.perf_counter() - t) * 1000.0
        best = ms if best is None or ms < best else best
    return best

def rel_error(top_rows, a_rows, b):
    import numpy as np
    ref = np.asarray(a_rows, dtype=np.float64) @ np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(np.asarray(top_rows, dtype=np.float64) - ref)) / max(1e-30, float(np.max(np.abs(ref)))))

def pytorch():
    import torch
    result['version'] = torch.__version__
    result['cudaBuild'] = torch.version.cuda
    result['cudaAvailable'] = bool(torch.cuda.is_available())
    dev = 'cuda' if result['cudaAvailable'] else 'cpu'
    result['device'] = torch.cuda.get_device_name(0) if dev == 'cuda' else 'CPU'
    result['stage'] = 'matmul'
    n = result['n'] = n_gpu if dev == 'cuda' else n_cpu
    g = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=g).to(dev)
    b = torch.randn(n, n, generator=g).to(dev)
    box = {}
    def run(): box['c'] = a @ b
    sync = torch.cuda.synchronize if dev == 'cuda' else (lambda: None)
    result['matmulMs'] = timed(run, sync)
    result['maxRelError'] = rel_error(box['c'][:8].cpu().numpy(), a[:8].cpu().numpy(), b.cpu().numpy())

def tensorflow():
    import tensorflow as tf
    result['version'] = tf.__version__
    info = tf.sysconfig.get_build_info()
    result['cudaBuild'] = None if info.get('cuda_version') is None else str(info.get('cuda_version'))
    gpus = tf.config.list_physical_devices('GPU')
    result['cudaAvailable'] = len(gpus) > 0
    dev = '/GPU:0' if gpus else '/CPU:0'
    result['device'] = gpus[0].name if gpus else 'CPU'
    result['stage'] = 'matmul'
    n = result['n'] = n_gpu if gpus else n_cpu
    with tf.device(dev):
        a = tf.random.stateless_normal([n, n], seed=[0, 1])
        b = tf.random.stateless_normal([n, n], seed=[2, 3])
        box = {}
        def run(): box['c'] = tf.linalg.matmul(a, b)
        result['matmulMs'] = timed(run, lambda: box['c'].numpy())
    result['maxRelError'] = rel_error(box['c'][:8].numpy(), a[:8].numpy(), b.numpy())

def jax():
    import jax as j
    import jax.numpy as jnp
    result['version'] = j.__version__
    result['cudaBuild'] = None
    backend = j.default_backend()
    result['cudaAvailable'] = backend == 'gpu'
    result['device'] = str(j.devices()[0]) if backend != 'cpu' else 'CPU'
    result['stage'] = 'matmul'
    n = result['n'] = n_gpu if backend != 'cpu' else n_cpu
    ka, kb = j.random.split(j.random.PRNGKey(0))
    a = j.random.normal(ka, (n, n), dtype=jnp.float32)
    b = j.random.normal(kb, (n, n), dtype=jnp.float32)
    mm = j.jit(lambda x, y: x @ y)
    box = {}
    def run(): box['c'] = mm(a, b)
    result['matmulMs'] = timed(run, lambda: box['c'].block_until_ready())
    import numpy as np
    result['maxRelError'] = rel_error(np.asarray(box['c'][:8]), np.asarray(a[:8]), np.asarray(b))

result['stage'] = 'import'
try:
    {'pytorch': pytorch, 'tensorflow': tensorflow, 'jax': jax}[framework]()
    result['stage'] = 'done'
except BaseException as e:
    result['error'] = err_text(e)
emit()
`;
