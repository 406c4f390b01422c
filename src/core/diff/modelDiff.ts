// The difference between two models of any formats, over the IR: layers paired by name and then by structure
// (nodeMatcher.ts), stored weights paired by name and then through paired layers (tensorDiff.ts), and what
// changed in each pair. `tensorsight diff` prints it and the Compare Models panel shows it (JSON: docs/cli.md).
import { formatAttr, formatTensorType } from '../display/irText';
import { formatExactCount } from '../display/quantities';
import type { Dim, Model, TensorType } from '../ir/graph';
import { diffSide, type DiffSide, type SideNode } from './diffSide';
import type { DiffNodeRef, DiffSideSummary, FieldChange, ModelDiff, NodeChange } from './diffTypes';
import { matchNodes } from './nodeMatcher';
import { diffTensors } from './tensorDiff';

/** Options of a diff. */
export interface DiffOptions {
  /** Read every paired weight tensor's values for min/max/mean/std (slow on large models: every weight is read). */
  weightStats?: boolean;
}

function nodeRef(side: SideNode): DiffNodeRef {
  return { id: side.node.id, name: side.node.name, op: side.node.op, scope: side.node.scope };
}

function sideSummary(side: DiffSide): DiffSideSummary {
  const { summary } = side;
  return { path: side.model.path, format: summary.format, producer: summary.producer, fileBytes: summary.fileBytes, nodes: summary.nodes, params: summary.params, paramBytes: summary.paramBytes, macs: summary.macs };
}

/** A shape as text, with the dims sorted when layouts may differ (NCHW against NHWC across formats). */
function typeText(type: TensorType | undefined, crossFormat: boolean): string | undefined {
  if (!type?.shape || type.shape.some((dim) => dim === null)) return undefined;
  const shape: Dim[] = crossFormat ? [...type.shape].sort((x, y) => String(x).localeCompare(String(y))) : type.shape;
  return crossFormat ? formatTensorType(null, shape).replace(/^\? /, '') : formatTensorType(type.dtype, shape);
}

/** What differs between A's layer `x` and B's layer `y`. */
function nodeChanges(a: DiffSide, b: DiffSide, x: SideNode, y: SideNode, crossFormat: boolean): FieldChange[] {
  const changes: FieldChange[] = [];
  const opA = x.node.domain ? `${x.node.domain}::${x.node.op}` : x.node.op;
  const opB = y.node.domain ? `${y.node.domain}::${y.node.op}` : y.node.op;
  if (crossFormat ? x.family !== y.family : opA !== opB) changes.push({ field: 'op', a: opA, b: opB });
  if (!crossFormat) {
    for (const key of [...new Set([...Object.keys(x.node.attrs), ...Object.keys(y.node.attrs)])].sort()) {
      const valueA = key in x.node.attrs ? formatAttr(x.node.attrs[key]) : '(none)';
      const valueB = key in y.node.attrs ? formatAttr(y.node.attrs[key]) : '(none)';
      if (valueA !== valueB) changes.push({ field: `attr ${key}`, a: valueA, b: valueB });
    }
  }
  // Types compare where both sides know them; an unknown shape is not a difference.
  const compare = (field: string, namesA: string[], namesB: string[]) => {
    for (let index = 0; index < Math.max(namesA.length, namesB.length); index++) {
      const typeA = namesA[index] === undefined ? '(none)' : typeText(a.type(namesA[index]), crossFormat);
      const typeB = namesB[index] === undefined ? '(none)' : typeText(b.type(namesB[index]), crossFormat);
      if (typeA !== undefined && typeB !== undefined && typeA !== typeB) changes.push({ field: `${field} ${index}`, a: typeA, b: typeB });
    }
  };
  compare('input', x.sourceNames, y.sourceNames);
  compare('output', x.node.outputs.filter(Boolean), y.node.outputs.filter(Boolean));
  const paramsA = x.weights.reduce((sum, read) => sum + read.tensor.elements, 0);
  const paramsB = y.weights.reduce((sum, read) => sum + read.tensor.elements, 0);
  if (paramsA !== paramsB) changes.push({ field: 'params', a: formatExactCount(paramsA), b: formatExactCount(paramsB) });
  return changes;
}

/** Diffs two prepared sides (tests and the worker call diffModels). */
export async function diffSides(a: DiffSide, b: DiffSide, options: DiffOptions = {}): Promise<ModelDiff> {
  const crossFormat = a.summary.format !== b.summary.format;
  const matching = matchNodes(a, b, !crossFormat);
  const added = b.nodes.filter((_, y) => matching.bToA[y] < 0).map(nodeRef);
  const removed = a.nodes.filter((_, x) => matching.aToB[x] < 0).map(nodeRef);
  const changed: NodeChange[] = [];
  const renamed: { a: DiffNodeRef; b: DiffNodeRef }[] = [];
  let byName = 0;
  a.nodes.forEach((x, index) => {
    const partner = matching.aToB[index];
    if (partner < 0) return;
    const y = b.nodes[partner];
    const how = matching.kind[index]!;
    if (how === 'name') byName++;
    const changes = nodeChanges(a, b, x, y, crossFormat);
    if (changes.length > 0) changed.push({ a: nodeRef(x), b: nodeRef(y), matchedBy: how, changes });
    else if (x.node.name !== y.node.name) renamed.push({ a: nodeRef(x), b: nodeRef(y) });
  });
  const matched = a.nodes.length - removed.length;
  const tensors = await diffTensors(a, b, matching, crossFormat, options.weightStats === true);
  const notes: string[] = [];
  if (crossFormat) {
    notes.push(`${a.summary.format} against ${b.summary.format}: layers pair by op family (a convolution with a convolution), their attributes are not compared, and shapes compare with their dims sorted (NCHW and NHWC read as equal)`);
    notes.push('a layer one format fuses (batch normalization folded into a convolution) shows as added or removed');
  }
  if (!options.weightStats) notes.push('weight values not compared (ask for weight statistics)');
  return {
    a: sideSummary(a),
    b: sideSummary(b),
    crossFormat,
    notes,
    counts: {
      nodes: { matched, byName, byStructure: matched - byName, added: added.length, removed: removed.length, changed: changed.length },
      tensors: { matched: tensors.matched, added: tensors.added.length, removed: tensors.removed.length, changed: tensors.changed.length },
    },
    nodes: { added, removed, changed, renamed },
    tensors,
  };
}

/** Diffs `a` against `b` (A is the "before", B the "after"). */
export function diffModels(a: Model, b: Model, options: DiffOptions = {}): Promise<ModelDiff> {
  return diffSides(diffSide(a), diffSide(b), options);
}
