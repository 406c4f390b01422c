// `tensorsight summary <model> [--json] [--depth N]`: layers, shapes, parameters and MACs of a
// model file in any supported format (JSON contract: DESIGN.md §4).
import { InputError, UsageError, parseArgs, type CliCommand } from '../cliCommand';
import { FormatError } from '../../core/formats/formatError';
import { openModel } from '../../core/formats/registry';
import { scopeRows } from '../../core/ir/scopeTree';
import { summarizeModel } from '../../core/ir/summary';
import { formatSummaryText } from '../../core/ir/summaryText';
import { InputShapeError, parseInputShapes, type InputShape } from '../../core/ir/inputShapes';

const usage = `Usage: tensorsight summary <model> [--json] [--depth N] [--dims name=value,...] [--input-shape [name=]1x3x224x224;...]

Prints the layers of a model file with output shapes, parameters and MACs (FLOPs = 2 x MACs),
and totals: parameters and their bytes, MACs, peak activation memory.

  <model>      .onnx, .keras/.h5, TF.js model.json, PyTorch .pt/.pth (detected by content)
  --json       machine-readable output: {format, producer, nodes, params, paramBytes, macs,
               opTypes, inputs, outputs, layers, ...}
  --depth N    group layers by module scope down to depth N (torchinfo-style); with --json
               the groups are added as "groups"
  --dims       values for symbolic input dims, e.g. --dims batch=8,sequence=512; unbound
               symbols count as 1 in MACs and memory
  --input-shape  shapes for inputs the file leaves unknown (TorchScript, TF.js -1 dims), e.g.
               1x3x224x224, or image=1x3x224x224;mask=1x16 per input (dims joined by x or ,)`;

/** `--input-shape`: a bad spec is bad usage (exit code 2). */
function parseShapesFlag(flag: string | true | undefined): InputShape[] | undefined {
  if (flag === undefined) return undefined;
  if (flag === true) throw new UsageError('--input-shape needs a value, e.g. 1x3x224x224');
  try {
    return parseInputShapes(flag);
  } catch (error) {
    if (error instanceof InputShapeError) throw new UsageError(error.message);
    throw error;
  }
}

/** Parses `batch=8,sequence=512`. */
function parseDims(text: string): Record<string, number> {
  const dims: Record<string, number> = {};
  for (const part of text.split(',').filter((entry) => entry.trim() !== '')) {
    const match = /^\s*([^=]+?)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match || Number(match[2]) < 1) throw new UsageError(`--dims entries look like name=positive integer, got '${part}'`);
    dims[match[1]] = Number(match[2]);
  }
  return dims;
}

export const summaryCommand: CliCommand = {
  name: 'summary',
  summary: 'layers, shapes, parameters and MACs of a model file (ONNX, Keras, TF.js, PyTorch)',
  usage,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, ['depth', 'dims', 'input-shape']);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the model file' : 'expected exactly one model file');
    const depthFlag = flags.get('depth');
    const depth = depthFlag === undefined ? undefined : Number(depthFlag);
    if (depth !== undefined && (!Number.isInteger(depth) || depth < 1)) throw new UsageError(`--depth needs a positive integer, got '${String(depthFlag)}'`);
    const dimsFlag = flags.get('dims');
    const dims = typeof dimsFlag === 'string' ? parseDims(dimsFlag) : {};
    const inputShapes = parseShapesFlag(flags.get('input-shape'));
    let summary;
    try {
      summary = summarizeModel(await openModel(positionals[0]), { dims, inputShapes });
    } catch (error) {
      if (error instanceof FormatError) throw new InputError(error.message);
      throw error;
    }
    if (flags.has('json')) {
      const groups = depth === undefined ? {} : { groups: scopeRows(summary.layers, depth) };
      io.out(`${JSON.stringify({ ...summary, ...groups }, null, 2)}\n`);
    } else {
      io.out(formatSummaryText(summary, depth));
    }
    return 0;
  },
};
