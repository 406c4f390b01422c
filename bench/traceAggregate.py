#!/usr/bin/env python3
"""Summarize a profiler trace the way a user's own script would: json.load the whole file (gzip or not), then
aggregate in plain Python. Prints JSON: span, per-op calls/total/self host time and device time, per-kernel
calls/total/min/max, and the steps with torch-tb-profiler's time breakdown.

It is the benchmark baseline for `tensorsight trace` and the independent check of Tensorsight's TypeScript analyses in
the unit tests, so it is written separately from them (same documented semantics, no shared code):
- categories: Kineto's `cat` (cpu_op, kernel, gpu_memcpy, ... and PyTorch 1.8's Operator, Kernel, Runtime, ...);
  torch's Kineto-less export (no cat, pid "CPU functions") and TF/Chrome traces: every 'X' is a host op.
- self time = duration minus direct children and runtime calls on the same thread (torch-tb-profiler's rule); a
  range starting inside another is its child.
- steps: ProfilerStep#N, stretched to the device work they launched; breakdown precedence Kernel > Memcpy > Memset >
  Communication > Runtime > DataLoader > CPU Exec > Other.

Usage: python3 bench/traceAggregate.py TRACE [--no-json-output]
"""
import bisect
import gzip
import json
import re
import sys

COMM = re.compile(r'nccl|^gloo:|^c10d::|^mpi:', re.IGNORECASE)
HOST_CATS = {'cpu_op': 'op', 'operator': 'op', 'user_annotation': 'annotation', 'python_function': 'python',
             'python': 'python', 'cuda_runtime': 'runtime', 'runtime': 'runtime', 'cuda_driver': 'runtime',
             'dataloader': 'dataloader'}
DEVICE_CATS = {'kernel': 'kernel', 'cuda_profiler_range': 'kernel', 'gpu_memcpy': 'memcpy', 'memcpy': 'memcpy',
               'gpu_memset': 'memset', 'memset': 'memset'}
IGNORED_CATS = {'ac2g', 'async', 'fwdbwd', 'forward_backward', 'cpu_to_cuda', 'memory', 'cpu_instant_event', 'trace',
                'gpu_user_annotation', 'overhead'}
ORDER = ['kernel', 'memcpy', 'memset', 'communication', 'runtime', 'dataloader', 'cpuExec']


def load(path):
    with open(path, 'rb') as handle:
        magic = handle.read(2)
    opener = gzip.open if magic == b'\x1f\x8b' else open
    with opener(path, 'rt', encoding='utf-8') as handle:
        return json.load(handle)


def classify(event, dialect):
    """('host', kind) or ('device', kind) or None, for an 'X' event."""
    cat = event.get('cat') or ''
    name = event.get('name', '')
    if dialect == 'onnxruntime':
        if cat == 'Node' and not name.endswith(('_fence_before', '_fence_after')):
            return ('host', 'op')
        return ('device', 'kernel') if cat == 'Kernel' else ('host', 'runtime') if cat == 'Api' else None
    lower = cat.lower()
    if lower in DEVICE_CATS:
        kind = DEVICE_CATS[lower]
        return ('device', 'communication' if kind == 'kernel' and COMM.search(name) else kind)
    if lower in IGNORED_CATS or lower == 'cuda_sync':
        return None
    if lower in HOST_CATS:
        kind = HOST_CATS[lower]
    elif lower == '':
        if dialect == 'torch-autograd' and event.get('pid') == 'CUDA functions':
            return ('device', 'communication' if COMM.search(name) else 'kernel')
        kind = 'dataloader' if dialect == 'tensorflow' and name.startswith('Iterator::') else 'op'
    else:
        kind = 'op'
    if kind in ('op', 'annotation'):
        if name.startswith('ProfilerStep#'):
            return ('host', 'step')
        if name.startswith('enumerate(DataLoader)#'):
            return ('host', 'dataloader')
        if COMM.search(name):
            return ('host', 'communication')
    return ('host', kind)


def dialect_of(data, events):
    cats = {e.get('cat') for e in events}
    if isinstance(data, list):
        if 'Session' in cats or 'Node' in cats:
            return 'onnxruntime'
        if any(e.get('pid') in ('CPU functions', 'CUDA functions') for e in events):
            return 'torch-autograd'
        return 'chrome'
    if data.get('displayTimeUnit') == 'ns' and 'metadata' in data and not cats - {None}:
        return 'tensorflow'
    if cats & {'Operator', 'Kernel', 'Runtime', 'Memcpy', 'Memset'} and not cats & {'cpu_op', 'kernel', 'cuda_runtime'}:
        return 'kineto-legacy'
    return 'kineto'


def merge(ranges):
    out = []
    for start, end in sorted(ranges):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out


def within(ranges, ends, start, end):
    """The parts of sorted disjoint `ranges` (with their `ends`) inside [start, end]."""
    out = []
    for s, e in ranges[bisect.bisect_right(ends, start):]:
        if s >= end:
            break
        out.append([max(s, start), min(e, end)])
    return out


def intersect(a, b):
    """Intersection of two sorted disjoint range lists (two pointers)."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if e > s:
            out.append([s, e])
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def minus(ranges, cut):
    """Sorted disjoint `ranges` without the sorted disjoint `cut`."""
    out, j = [], 0
    for s, e in ranges:
        while j < len(cut) and cut[j][1] <= s:
            j += 1
        k = j
        while k < len(cut) and cut[k][0] < e:
            if cut[k][0] > s:
                out.append([s, cut[k][0]])
            s = max(s, cut[k][1])
            k += 1
        if s < e:
            out.append([s, e])
    return out


def aggregate(path):
    data = load(path)
    events = data if isinstance(data, list) else data.get('traceEvents', [])
    dialect = dialect_of(data, events)
    host, device, memory = [], [], []
    start, end = None, None
    for e in events:
        if not isinstance(e, dict) or e.get('ph') == 'M' or not isinstance(e.get('ts'), (int, float)):
            continue
        ts = e['ts']
        dur = e.get('dur') if isinstance(e.get('dur'), (int, float)) and e.get('dur') > 0 else 0
        start = ts if start is None else min(start, ts)
        end = ts + dur if end is None else max(end, ts + dur)
        if e.get('name') == '[memory]':
            memory.append(e)
            continue
        if e.get('ph') != 'X':
            continue
        found = classify(e, dialect)
        if found is None:
            continue
        args = e.get('args') or {}
        row = {'name': e.get('name', ''), 'ts': ts, 'dur': dur, 'end': ts + dur, 'kind': found[1],
               'gpu': args.get('device', e.get('pid')), 'occupancy': args.get('est. achieved occupancy %'),
               'corr': args.get('correlation'), 'thread': f"{e.get('pid')}|{e.get('tid')}", 'children': 0.0,
               'device_self': 0.0, 'device_total': 0.0, 'parent': None, 'launcher': None,
               'legacy_python': e.get('cat') == 'Python'}
        (host if found[0] == 'host' else device).append(row)

    del data, events  # the rows above are all that is needed now

    # Call tree per thread: sort, then a stack.
    host.sort(key=lambda r: (r['thread'], r['ts'], -r['dur']))
    stack, thread = [], None
    for row in host:
        if row['thread'] != thread:
            thread, stack = row['thread'], []
        while stack and stack[-1]['end'] <= row['ts']:
            stack.pop()
        top = stack[-1] if stack else None
        if top is not None:
            # A child may end past its parent by the export's rounding: only the part inside counts.
            top['children'] += min(row['end'], top['end']) - row['ts']
        if row['kind'] == 'runtime':
            row['launcher'] = next((r for r in reversed(stack) if r['kind'] in ('op', 'dataloader', 'communication')), None)
            continue
        row['parent'] = top
        stack.append(row)

    # Device work to the runtime call that launched it, then to the operator around that call.
    runtimes = {r['corr']: r for r in host if r['kind'] == 'runtime' and r['corr'] is not None}
    for d in device:
        d['runtime'] = runtimes.get(d['corr']) if d['corr'] is not None else None
        if d['runtime'] is not None and d['runtime']['launcher'] is not None:
            d['runtime']['launcher']['device_self'] += d['dur']
    for row in host:
        row['device_total'] = row['device_self']
    for row in reversed(host):
        if row['parent'] is not None:
            row['parent']['device_total'] += row['device_total']

    ops = {}
    for row in host:
        if row['kind'] not in ('op', 'dataloader', 'communication'):
            continue
        op = ops.setdefault(row['name'], {'name': row['name'], 'calls': 0, 'totalUs': 0.0, 'selfUs': 0.0,
                                          'deviceTotalUs': 0.0, 'deviceSelfUs': 0.0})
        op['calls'] += 1
        op['totalUs'] += row['dur']
        op['selfUs'] += row['dur'] - row['children']
        op['deviceTotalUs'] += row['device_total']
        op['deviceSelfUs'] += row['device_self']

    kernels = {}
    for d in device:
        if d['kind'] not in ('kernel', 'communication'):
            continue
        k = kernels.setdefault(d['name'], {'name': d['name'], 'calls': 0, 'totalUs': 0.0, 'minUs': d['dur'], 'maxUs': d['dur'],
                                           'launchers': {}, 'occupancy': [0.0, 0.0]})
        k['calls'] += 1
        k['totalUs'] += d['dur']
        k['minUs'] = min(k['minUs'], d['dur'])
        k['maxUs'] = max(k['maxUs'], d['dur'])
        launcher = d['runtime']['launcher'] if d['runtime'] is not None else None
        if launcher is not None:
            k['launchers'][launcher['name']] = k['launchers'].get(launcher['name'], 0) + 1
        if isinstance(d['occupancy'], (int, float)):
            k['occupancy'][0] += d['occupancy'] * d['dur']
            k['occupancy'][1] += d['dur']
    for k in kernels.values():
        launchers = k.pop('launchers')
        k['operator'] = max(launchers, key=launchers.get) if launchers else None
        weighted, us = k.pop('occupancy')
        k['occupancyPct'] = weighted / us if us > 0 else None

    return {
        'dialect': dialect,
        'startUs': start,
        'spanUs': end - start if start is not None else 0,
        'ops': sorted(ops.values(), key=lambda o: -o['selfUs']),
        'kernels': sorted(kernels.values(), key=lambda k: -k['totalUs']),
        'steps': steps(host, device, start, end),
        'memory': memory_peaks(memory, host),
        'idle': idle(device),
    }


def idle(device, kernel_delay_us=0.03):
    """HTA's idle split per GPU (streams merged): a gap is host wait when the activity ending it was launched after the
    GPU went idle, kernel wait when shorter than 30 ns, other otherwise."""
    result = []
    for gpu in sorted({d['gpu'] for d in device}):
        rows = sorted((d for d in device if d['gpu'] == gpu), key=lambda d: d['ts'])
        busy = host_wait = kernel_wait = other = 0.0
        busy_start, busy_end = rows[0]['ts'], rows[0]['end']
        for d in rows[1:]:
            if d['ts'] <= busy_end:
                busy_end = max(busy_end, d['end'])
                continue
            busy += busy_end - busy_start
            gap = d['ts'] - busy_end
            if d['runtime'] is not None and d['runtime']['ts'] > busy_end:
                host_wait += gap
            elif gap < kernel_delay_us:
                kernel_wait += gap
            else:
                other += gap
            busy_start, busy_end = d['ts'], d['end']
        busy += busy_end - busy_start
        result.append({'device': f'GPU{gpu}', 'busyUs': busy, 'hostWaitUs': host_wait, 'kernelWaitUs': kernel_wait, 'otherUs': other})
    return result


def memory_peaks(memory, host):
    """Per device: the highest 'Total Allocated' (or running sum of 'Bytes'), when, and the op running then."""
    totals, peaks = {}, {}
    for e in sorted(memory, key=lambda e: e['ts']):
        args = e.get('args') or {}
        kind = args.get('Device Type')
        label = f"GPU{args.get('Device Id', 0)}" if kind in (1, 'cuda') else 'CPU'
        allocated = args.get('Total Allocated')
        if not isinstance(allocated, (int, float)):
            allocated = totals.get(label, 0) + (args.get('Bytes') or 0)
        totals[label] = allocated
        if label not in peaks or allocated > peaks[label]['peakBytes']:
            peaks[label] = {'device': label, 'peakBytes': allocated, 'peakAtUs': e['ts'],
                            'thread': f"{e.get('pid')}|{e.get('tid')}"}
    for peak in peaks.values():
        around = [r for r in host if r['thread'] == peak['thread'] and r['kind'] in ('op', 'dataloader', 'communication')
                  and r['ts'] <= peak['peakAtUs'] <= r['end']]
        innermost = max(around, key=lambda r: (r['ts'], -r['dur']), default=None)
        peak['peakOperator'] = innermost['name'] if innermost else None
        del peak['thread']
    return sorted(peaks.values(), key=lambda p: p['device'])


def steps(host, device, start, end):
    found = sorted((r for r in host if r['kind'] == 'step'), key=lambda r: r['ts'])
    windows = [[int(r['name'].split('#')[1]), r['name'], r['ts'], r['end']] for r in found]
    if not windows:
        windows = [[-1, 'trace', start, end]] if start is not None else []
    else:
        stretch(windows, found, device)
    roles = {role: [] for role in ORDER}
    for d in device:
        roles[d['kind']].append((d['ts'], d['end']))
    for r in host:
        role = {'communication': 'communication', 'runtime': 'runtime', 'dataloader': 'dataloader', 'op': 'cpuExec'}.get(r['kind'])
        if role is None and r['kind'] == 'python' and r.get('legacy_python'):
            role = 'cpuExec'
        if role is not None:
            roles[role].append((r['ts'], r['end']))
    merged = {role: merge(ranges) for role, ranges in roles.items()}
    ends = {role: [e for _, e in ranges] for role, ranges in merged.items()}
    result = []
    for step, name, s, e in windows:
        slots = [[s, e]]
        parts = {}
        for role in ORDER:
            part = intersect(slots, within(merged[role], ends[role], s, e))
            parts[role] = sum(y - x for x, y in part)
            slots = minus(slots, part)
        parts['other'] = sum(y - x for x, y in slots)
        result.append({'step': step, 'name': name, 'startUs': s, 'durUs': e - s, 'breakdownUs': parts})
    return result


def stretch(windows, found, device):
    """torch-tb-profiler: a step ends when the device work its runtime calls launched ends."""
    counts = [0] * len(windows)
    dev_start = [None] * len(windows)
    dev_end = [None] * len(windows)
    matched = set()
    starts = [r['ts'] for r in found]
    for index, d in enumerate(device):
        rt = d.get('runtime')
        if rt is None:
            continue
        i = bisect.bisect_right(starts, rt['ts']) - 1
        if i >= 0 and rt['end'] <= found[i]['end']:
            counts[i] += 1
            matched.add(index)
            dev_start[i] = d['ts'] if dev_start[i] is None else min(dev_start[i], d['ts'])
            dev_end[i] = d['end'] if dev_end[i] is None else max(dev_end[i], d['end'])
    if not matched:
        return
    previous = windows[0][2]
    if dev_start[0] is not None:
        for index, d in enumerate(device):
            if index not in matched and d['end'] < dev_start[0]:
                previous = max(previous, d['end'])
    for i, w in enumerate(windows):
        s = max(previous, w[2])
        e = max(w[3], dev_end[i]) if dev_end[i] is not None else max(w[3], s)
        w[2], w[3] = s, max(e, s)
        previous = w[3]
    if len(windows) > 1:
        last = max((i for i, c in enumerate(counts) if c > 0), default=-1)
        if last >= 0:
            keep = last if last > 0 and counts[last - 1] * 0.8 > counts[last] else last + 1
            del windows[keep:]


def main():
    result = aggregate(sys.argv[1])
    if '--no-json-output' not in sys.argv:
        json.dump(result, sys.stdout)
        sys.stdout.write('\n')


if __name__ == '__main__':
    main()
