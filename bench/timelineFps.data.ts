// Synthetic TimelineData for the timeline benchmark: a training trace's shape at a million events. 18 host threads
// (ProfilerStep#N at depth 0, Python frames, aten ops nested up to depth 8, cudaLaunchKernel leaves) and 32 GPU
// streams (kernels back to back: many of a few µs, some of milliseconds; memcpy and memset among them), with a
// launch → kernel flow per kernel where a launch precedes it. Deterministic (a fixed LCG), sorted by (track, start).
import { traceCategoryOrder, type TimelineData, type TimelineTrack } from '../src/core/profile/traceTimeline';

const cat = (name: (typeof traceCategoryOrder)[number]) => traceCategoryOrder.indexOf(name);
const hostOps = ['aten::conv2d', 'aten::convolution', 'aten::_convolution', 'aten::cudnn_convolution', 'aten::linear', 'aten::addmm', 'aten::matmul', 'aten::relu', 'aten::batch_norm', 'aten::native_batch_norm', 'aten::add_', 'aten::mul', 'aten::softmax', 'aten::layer_norm', 'aten::dropout', 'aten::copy_', 'aten::to', 'aten::empty', 'aten::view', 'aten::cat', 'autograd::engine::evaluate_function: ConvolutionBackward0', 'Optimizer.step#SGD.step', 'aten::zero_', 'aten::sum'];
const pyFrames = ['train.py(52): train_step', 'torch/nn/modules/module.py(1501): _call_impl', 'models/resnet.py(88): forward', 'torch/nn/modules/conv.py(463): forward', 'torch/optim/sgd.py(67): step', 'torch/utils/data/dataloader.py(633): __next__'];
const kernels = ['volta_sgemm_128x64_nn', 'ampere_fp16_s1688gemm_fp16_128x128_ldg8_f2f_tn', 'void cudnn::bn_fw_tr_1C11_kernel_NCHW<float, float, int, 512, true, 1, true>(cudnnTensorStruct, float const*, float const*)', 'void at::native::vectorized_elementwise_kernel<4, at::native::AddFunctor<float>, at::detail::Array<char*, 3> >(int, at::native::AddFunctor<float>, at::detail::Array<char*, 3>)', 'implicit_convolve_sgemm', 'void at::native::(anonymous namespace)::softmax_warp_forward<float, float, float, 10, false>', 'ncclKernel_AllReduce_RING_LL_Sum_float(ncclWorkElem)', 'void at::native::reduce_kernel<512, 1, at::native::ReduceOp<float, at::native::MeanOps<float, float>, unsigned int, float, 4> >'];

export function syntheticTimeline(total = 1_000_000, hostThreads = 18, streams = 32): TimelineData {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const names = ['ProfilerStep#0', 'cudaLaunchKernel', 'Memcpy HtoD (Pageable -> Device)', 'Memset (Device)', ...hostOps, ...pyFrames, ...kernels];
  const nameOf = new Map(names.map((name, i) => [name, i]));
  for (let s = 1; s < 200; s++) names.push(`ProfilerStep#${s}`);
  const stepUs = 400_000;
  const perHost = Math.floor((total * 0.4) / hostThreads);
  const perStream = Math.floor((total - perHost * hostThreads) / streams);
  const start: number[] = [];
  const dur: number[] = [];
  const track: number[] = [];
  const depth: number[] = [];
  const nameIndex: number[] = [];
  const category: number[] = [];
  const tracks: TimelineTrack[] = [];
  const launches: { start: Float64Array; index: Uint32Array }[] = [];

  for (let t = 0; t < hostThreads; t++) {
    tracks.push({ label: `python ${1200 + (t >> 2)} / thread ${t === 0 ? 'main' : 40 + t}`, pid: String(1200 + (t >> 2)), tid: String(40 + t), maxDepth: 0, order: t });
    const first = start.length;
    const launchStarts: number[] = [];
    const launchIndexes: number[] = [];
    const emit = (s: number, d: number, level: number, name: number, c: number) => {
      start.push(s);
      dur.push(d);
      track.push(t);
      depth.push(level);
      nameIndex.push(name);
      category.push(c);
      if (level > tracks[t].maxDepth) tracks[t].maxDepth = level;
    };
    const fill = (s: number, e: number, level: number) => {
      if (start.length - first >= perHost) return;
      const span = e - s;
      const leaf = level >= 8 || span < 40;
      if (level === 0) emit(s, span, 0, names.length - 199 + Math.min(198, Math.floor(s / stepUs)), cat('user_annotation'));
      else if (leaf) {
        emit(s, span, level, 1, cat('cuda_runtime'));
        launchStarts.push(s);
        launchIndexes.push(start.length - 1);
        return;
      } else if (level <= 2) emit(s, span, level, nameOf.get(pyFrames[Math.floor(random() * pyFrames.length)])!, cat('python_function'));
      else emit(s, span, level, nameOf.get(hostOps[Math.floor(random() * hostOps.length)])!, cat('cpu_op'));
      const children = 2 + Math.floor(random() * 3);
      const slot = span / children;
      for (let c = 0; c < children; c++) {
        const childStart = s + slot * c + slot * 0.05 * random();
        fill(childStart, childStart + slot * (0.55 + 0.4 * random()), level + 1);
      }
    };
    for (let step = 0; start.length - first < perHost; step++) fill(step * stepUs + 50 * t, (step + 1) * stepUs - 200, 0);
    launches.push({ start: Float64Array.from(launchStarts), index: Uint32Array.from(launchIndexes) });
  }
  const hostSpan = start.reduce((max, s, i) => Math.max(max, s + dur[i]), 0);
  const flowFrom: number[] = [];
  const flowTo: number[] = [];
  for (let g = 0; g < streams; g++) {
    const t = tracks.length;
    tracks.push({ label: `GPU ${g >> 2} / stream ${7 + (g % 4)}`, pid: String(g >> 2), tid: `stream ${7 + (g % 4)}`, maxDepth: 0, order: 1000 + g });
    const source = launches[g % hostThreads];
    // Kernels fill the host's span: a mean slot of span/perStream, most kernels short, a few long.
    const meanSlot = hostSpan / perStream;
    let time = 30;
    for (let k = 0; k < perStream; k++) {
      const r = random();
      const d = r < 0.6 ? meanSlot * (0.05 + 0.3 * random()) : r < 0.95 ? meanSlot * (0.5 + random()) : meanSlot * (3 + 5 * random());
      const kind = random();
      start.push(time);
      dur.push(d);
      track.push(t);
      depth.push(0);
      nameIndex.push(kind < 0.03 ? 2 : kind < 0.05 ? 3 : nameOf.get(kernels[Math.floor(random() * kernels.length)])!);
      category.push(kind < 0.03 ? cat('gpu_memcpy') : kind < 0.05 ? cat('gpu_memset') : cat('kernel'));
      // The launch just before this kernel on the paired host thread.
      let lo = 0;
      let hi = source.start.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (source.start[mid] <= time) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0 && k % 2 === 0) {
        flowFrom.push(source.index[lo - 1]);
        flowTo.push(start.length - 1);
      }
      time += d + meanSlot * 0.15 * random();
    }
  }
  return {
    tracks,
    names,
    startUs: Float64Array.from(start),
    durUs: Float32Array.from(dur),
    track: Uint16Array.from(track),
    depth: Uint8Array.from(depth),
    nameIndex: Uint32Array.from(nameIndex),
    category: Uint8Array.from(category),
    flowFrom: Uint32Array.from(flowFrom),
    flowTo: Uint32Array.from(flowTo),
    dropped: 0,
  };
}
