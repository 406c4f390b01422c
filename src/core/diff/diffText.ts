// `tensorsight diff` as text: the summary table of both sides and the counts, then the changes, one block per kind.
// Pure (no Node modules): the Compare Models page shows the same rows.
import { formatShape } from '../display/irText';
import { formatBytes, formatCount, formatExactCount } from '../display/quantities';
import type { DiffNodeRef, DiffTensorRef, ModelDiff } from './diffTypes';

/** The last part of a path, `/` or `\\` separated. */
export function fileName(file: string): string {
  return file.split(/[\\/]/).filter(Boolean).pop() ?? file;
}

/** One row per figure, one column per side (the same rows the Compare Models panel shows). */
export function diffSummaryRows(diff: ModelDiff): [string, string, string][] {
  const { a, b } = diff;
  return [
    ['file', fileName(a.path), fileName(b.path)],
    ['format', a.format, b.format],
    ['producer', a.producer ?? '-', b.producer ?? '-'],
    ['file size', formatBytes(a.fileBytes), formatBytes(b.fileBytes)],
    ['nodes', formatExactCount(a.nodes), formatExactCount(b.nodes)],
    ['params', formatExactCount(a.params), formatExactCount(b.params)],
    ['param bytes', formatBytes(a.paramBytes), formatBytes(b.paramBytes)],
    ['MACs', formatCount(a.macs), formatCount(b.macs)],
  ];
}

/** `nodes: 7 matched (6 by name, 1 by structure), 1 added, 0 removed, 5 changed`, and the same for tensors. */
export function diffCountLines(diff: ModelDiff): string[] {
  const { nodes, tensors } = diff.counts;
  return [
    `nodes: ${formatExactCount(nodes.matched)} matched (${formatExactCount(nodes.byName)} by name, ${formatExactCount(nodes.byStructure)} by structure), ${formatExactCount(nodes.added)} added, ${formatExactCount(nodes.removed)} removed, ${formatExactCount(nodes.changed)} changed`,
    `weights: ${formatExactCount(tensors.matched)} matched, ${formatExactCount(tensors.added)} added, ${formatExactCount(tensors.removed)} removed, ${formatExactCount(tensors.changed)} changed`,
  ];
}

/** A layer in one line: `/conv2/Conv (Conv)`, or its id when it has no name. */
export function nodeLabel(node: DiffNodeRef): string {
  return `${node.name || node.id} (${node.op})`;
}

function tensorLabel(tensor: DiffTensorRef): string {
  return `${tensor.name} ${tensor.dtype} ${formatShape(tensor.shape)}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '));
}

/** The whole diff as text for a terminal. */
export function formatDiffText(diff: ModelDiff): string {
  const lines = table([['', 'A', 'B'], ...diffSummaryRows(diff)]);
  lines.push('', ...diffCountLines(diff));
  for (const note of diff.notes) lines.push(`note: ${note}`);
  const block = (title: string, body: string[]) => body.length > 0 && lines.push('', title, ...body);
  block('Added nodes (only in B):', diff.nodes.added.map((node) => `  + ${nodeLabel(node)}`));
  block('Removed nodes (only in A):', diff.nodes.removed.map((node) => `  - ${nodeLabel(node)}`));
  block(
    'Changed nodes:',
    diff.nodes.changed.flatMap((change) => [
      `  ~ ${nodeLabel(change.a)}${change.a.name !== change.b.name ? ` -> ${nodeLabel(change.b)}` : ''}`,
      ...change.changes.map((field) => `      ${field.field}: ${field.a} -> ${field.b}`),
    ]),
  );
  block('Renamed nodes (matched by structure):', diff.nodes.renamed.map((pair) => `  = ${nodeLabel(pair.a)} -> ${nodeLabel(pair.b)}`));
  block('Added weights (only in B):', diff.tensors.added.map((tensor) => `  + ${tensorLabel(tensor)}`));
  block('Removed weights (only in A):', diff.tensors.removed.map((tensor) => `  - ${tensorLabel(tensor)}`));
  block(
    'Changed weights:',
    diff.tensors.changed.flatMap((change) => [
      `  ~ ${change.a.name}${change.a.name !== change.b.name ? ` -> ${change.b.name}` : ''}`,
      ...change.changes.map((field) => `      ${field.field}: ${field.a} -> ${field.b}`),
    ]),
  );
  const { nodes, tensors } = diff.counts;
  if (nodes.added + nodes.removed + nodes.changed + tensors.added + tensors.removed + tensors.changed === 0) lines.push('', 'No differences found.');
  return `${lines.join('\n')}\n`;
}
