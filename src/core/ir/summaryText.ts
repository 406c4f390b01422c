// The summary as a Keras/torchinfo-style text table with a totals footer (CLI text mode).
import { formatShape, formatTensorType } from '../display/irText';
import { formatBytes, formatCount, formatExactCount as count, formatPartialCount } from '../display/quantities';
import { scopeRows } from './scopeTree';
import type { ModelSummary } from './summary';

const NAME_WIDTH = 48;
const SHAPE_WIDTH = 26;

/** Renders `summary`; `depth` groups layers by scope down to that depth, otherwise one row per node. */
export function formatSummaryText(summary: ModelSummary, depth?: number): string {
  const rows = depth === undefined
    ? summary.layers.map((layer) => ({ label: `${layer.name} (${layer.op})`, shapes: layer.outputShapes, params: `${count(layer.params)}${layer.sharedParams ? '*' : ''}`, macs: layer.macs === null ? 'unknown' : count(layer.macs) }))
    : scopeRows(summary.layers, depth).map((row) => ({
      label: `${'  '.repeat(row.depth - 1)}${row.name} (${row.op === 'group' ? `${row.nodes} ops` : row.op})`,
      shapes: row.outputShapes,
      params: `${count(row.params)}${row.sharedParams ? '*' : ''}`,
      macs: formatPartialCount(row.macs, row.unknownMacs, count),
    }));
  const header = [pad('Layer (op)', NAME_WIDTH), pad('Output shape', SHAPE_WIDTH), padLeft('Params', 12), padLeft('MACs', 16)].join(' ');
  const rule = '='.repeat(header.length);
  const lines = [describe(summary), rule, header, rule];
  for (const row of rows) {
    const shape = row.shapes.map(formatShape).join(', ');
    lines.push([pad(clipStart(row.label, NAME_WIDTH), NAME_WIDTH), pad(clip(shape, SHAPE_WIDTH), SHAPE_WIDTH), padLeft(row.params, 12), padLeft(row.macs, 16)].join(' '));
  }
  lines.push(rule, ...footer(summary), '');
  return lines.join('\n');
}

function describe(summary: ModelSummary): string {
  const versions = Object.entries(summary.versions).map(([domain, version]) => `${domain} ${version}`).join(', ');
  const parts = [summary.format, summary.producer, versions ? `opset ${versions}` : undefined].filter(Boolean);
  return `Model: ${parts.join(' · ')} · ${summary.nodes} nodes${summary.totalNodes > summary.nodes ? ` (${summary.totalNodes} with subgraphs)` : ''} · ${formatBytes(summary.fileBytes)}${summary.partial ? ' · PARTIAL' : ''}`;
}

function footer(summary: ModelSummary): string[] {
  const lines = [`Total params: ${count(summary.params)} (${formatBytes(summary.paramBytes)})`];
  if (summary.trainableParams !== undefined) {
    lines.push(`Trainable params: ${count(summary.trainableParams)}`, `Non-trainable params: ${count(summary.nonTrainableParams ?? 0)}`);
  }
  for (const [dtype, entry] of Object.entries(summary.paramsByDtype)) lines.push(`  ${dtype}: ${count(entry.elements)} (${formatBytes(entry.bytes)})`);
  const stored = (what: string, totals: { count: number; elements: number; bytes: number }) =>
    `${what} (not params): ${totals.count} ${totals.count === 1 ? 'tensor' : 'tensors'}, ${count(totals.elements)} elements (${formatBytes(totals.bytes)})`;
  if (summary.buffers) lines.push(stored('Buffers', summary.buffers));
  if (summary.constants.count > 0) lines.push(stored('Constants', summary.constants));
  if (summary.layers.some((layer) => layer.sharedParams)) lines.push('* shares stored weights with other layers; the total counts each stored tensor once');
  lines.push(summary.macs === null ? 'Total MACs: unknown' : `Total MACs: ${formatCount(summary.macs)} (FLOPs = 2 x MACs = ${formatCount(summary.flops ?? 2 * summary.macs)})`);
  const unknown = summary.macsUnknown;
  if (unknown) lines.push(`  ${unknown.reason}: ${unknown.ops.map((entry) => `${entry.op} x${entry.count} (${entry.reason})`).join(', ')}`);
  if (unknown?.ops.some((entry) => entry.reason === 'shapes unknown')) lines.push('  give the input shapes to cost them: --input-shape 1x3x224x224, or --dims name=value for symbolic dims');
  const peak = summary.peakActivationBytes === null ? 'unknown' : formatBytes(summary.peakActivationBytes);
  lines.push(`Peak activation memory: ${peak}${summary.unsizedActivations > 0 ? ` (${summary.unsizedActivations} activations of unknown size left out)` : ''}`);
  if (summary.symbolicDims.length > 0) lines.push(`Symbolic dims taken as 1 for MACs and memory: ${summary.symbolicDims.join(', ')}`);
  const io = (entries: ModelSummary['inputs']) => (entries.length === 0 ? 'none' : entries.map((entry) => `${entry.name}: ${formatTensorType(entry.dtype, entry.shape)}`).join('; '));
  lines.push(`Inputs: ${io(summary.inputs)}`, `Outputs: ${io(summary.outputs)}`);
  if (summary.partial) lines.push('Figures are partial: the graph is incomplete (see the warnings)');
  for (const warning of summary.warnings) lines.push(`Warning: ${warning}`);
  return lines;
}

/** Keeps the end of long node names, where the module and op are. */
function clipStart(text: string, width: number): string {
  return text.length > width ? `…${text.slice(text.length - width + 1)}` : text;
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

function padLeft(text: string, width: number): string {
  return text.padStart(width);
}
