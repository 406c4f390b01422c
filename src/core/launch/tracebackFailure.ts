// Why a run failed, read from the last lines of its output: the Python traceback's frames (the user's own
// files marked, so the editor can link them), the exception line, and what to try for the two CUDA failures
// users hit most, out of memory and a device-side assert.
import { type RunFailure } from './runRecord';

const FRAME = /^\s*File "(.+)", line (\d+), in (.+?)\s*$/;
const TRACEBACK_START = /^Traceback \(most recent call last\):\s*$/;
const CHAINED = /^(During handling of the above exception|The above exception was the direct cause)/;

/** Installed or standard-library code, as opposed to the user's own files. */
export function isLibraryFile(file: string): boolean {
  const path = file.replace(/\\/g, '/');
  return /\/(site|dist)-packages\//.test(path) || /\/lib\/python\d+(\.\d+)?\//i.test(path) || /\/Lib\//.test(path) || path.startsWith('<');
}

const OOM_HINT = [
  'CUDA ran out of memory. Try: a smaller batch size; gradient accumulation to keep the effective batch;',
  'mixed precision (torch.autocast / torch.cuda.amp); PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True when',
  'memory is fragmented (reserved far above allocated); and check the GPUs view for other processes holding memory.',
].join(' ');

const ASSERT_HINT = [
  'A CUDA kernel assertion failed; the reported line may not be where it happened because kernels run asynchronously.',
  'Re-run with CUDA_LAUNCH_BLOCKING=1 to get the true line. Common causes: a class label outside [0, num_classes)',
  '(check the loss targets against the model\'s output size) and an index out of bounds in embedding or gather.',
].join(' ');

/** What to try for a failure message we recognize; null otherwise. */
export function failureHint(text: string): string | null {
  if (/CUDA out of memory|OutOfMemoryError|CUDA_ERROR_OUT_OF_MEMORY|RESOURCE_EXHAUSTED: OOM/i.test(text)) return OOM_HINT;
  if (/device-side assert triggered/i.test(text)) return ASSERT_HINT;
  return null;
}

/**
 * Reads the last traceback in `lines` (the end of the output, with `\r` redraws already collapsed).
 * Returns null when the tail holds no traceback; the caller then describes the exit code or signal.
 */
export function parseTraceback(lines: readonly string[]): Omit<RunFailure, 'hint'> | null {
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (TRACEBACK_START.test(lines[i])) {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  const frames: RunFailure['frames'] = [];
  let message = '';
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    const frame = FRAME.exec(line);
    if (frame) {
      const file = frame[1];
      frames.push({ file, line: Number(frame[2]), function: frame[3], inScript: !isLibraryFile(file) });
      continue;
    }
    if (line.trim() === '' || CHAINED.test(line)) continue;
    // Source lines and carets (`    x = f(y)`, `    ^^^^`) are indented; the exception line is not.
    if (/^\s/.test(line)) continue;
    message = line.trim();
    // The message may run over several lines; keep them while no other output has started.
    for (let j = i + 1; j < lines.length && lines[j].trim() !== '' && !FRAME.test(lines[j]) && !TRACEBACK_START.test(lines[j]); j++) {
      if (/^\s/.test(lines[j]) || message.length > 2000) break;
      message += `\n${lines[j].trim()}`;
    }
    break;
  }
  return { message: message || 'Traceback without an exception line', frames };
}

/** The failure record for a run that exited with `exitCode` or was killed by `signal`. */
export function describeFailure(tail: readonly string[], exitCode: number | null, signal: string | null): RunFailure {
  const traceback = parseTraceback(tail);
  const message = traceback?.message ?? (signal ? `killed by ${signal}` : `exited with code ${exitCode}`);
  const searched = traceback ? message : tail.slice(-20).join('\n');
  return { message, frames: traceback?.frames ?? [], hint: failureHint(searched) };
}
