// Input shapes the user supplies (`tensorsight summary --input-shape`): formats that store no
// input shapes (TorchScript, TF.js graph models with -1 dims) can then be costed. A given shape
// fills the declared one's unknown and symbolic dims; one that contradicts the file is skipped with a warning.
import type { Dim, Model } from './graph';

/** One entry of `--input-shape`: a shape for the input `name`, or for the next input in order. */
export interface InputShape {
  name?: string;
  shape: number[];
}

/** A spec that does not parse; the message says which entry and why. */
export class InputShapeError extends Error {}

/**
 * Parses `1,3,224,224`, `1x3x224x224` or `image=1x3x224x224;mask=1x16`: entries separated by `;`,
 * each an optional `name=` (the last `=`, as names may hold anything) and dims joined by `x` or `,`.
 */
export function parseInputShapes(text: string): InputShape[] {
  const entries = text.split(';').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) throw new InputShapeError('--input-shape is empty: give dims like 1x3x224x224 or name=1x3x224x224');
  return entries.map((entry) => {
    const at = entry.lastIndexOf('=');
    const name = at >= 0 ? entry.slice(0, at).trim() : undefined;
    const dims = (at >= 0 ? entry.slice(at + 1) : entry).trim();
    if (name === '' || !/^\d+(\s*[x×,]\s*\d+)*$/.test(dims)) {
      throw new InputShapeError(`--input-shape entry '${entry}' should look like 1x3x224x224 or name=1x3x224x224 (positive integers)`);
    }
    const shape = dims.split(/\s*[x×,]\s*/).map(Number);
    if (shape.some((dim) => dim < 1)) throw new InputShapeError(`--input-shape entry '${entry}' has a dim below 1`);
    return name === undefined ? { shape } : { name, shape };
  });
}

/**
 * The model with the given shapes on its main-graph inputs (named entries first, the rest in
 * order). The model itself is left as it is; an entry that does not fit (unknown name, wrong rank,
 * a contradicted number) is skipped with a warning on the copy.
 */
export function withInputShapes(model: Model, shapes: readonly InputShape[]): Model {
  if (shapes.length === 0) return model;
  const graph = model.graph;
  const values = new Map(graph.values);
  const warnings = [...model.warnings];
  const listed = graph.inputs.length > 0 ? graph.inputs.join(', ') : 'none';
  const named = new Set(shapes.flatMap((entry) => (entry.name === undefined ? [] : [entry.name])));
  const positional = graph.inputs.filter((name) => !named.has(name));
  let next = 0;
  for (const entry of shapes) {
    const name = entry.name ?? positional[next++];
    const problem =
      name === undefined ? `${shapes.length} shapes were given for ${graph.inputs.length} inputs (${listed})`
      : !graph.inputs.includes(name) ? `'${name}' is not an input (inputs: ${listed})`
      : mismatch(name, values.get(name)?.type?.shape, entry.shape);
    if (problem) {
      warnings.push(`--input-shape ${entry.name ? `${entry.name}=` : ''}${entry.shape.join('x')} ignored: ${problem}`);
      continue;
    }
    const value = values.get(name!) ?? { name: name! };
    values.set(name!, { ...value, type: { dtype: value.type?.dtype ?? 'float32', shape: [...entry.shape] } });
  }
  return { ...model, graph: { ...graph, values }, warnings };
}

/** Why `given` cannot stand for the declared shape, or undefined when it fits. */
function mismatch(name: string, declared: Dim[] | undefined, given: number[]): string | undefined {
  if (!declared) return undefined;
  const text = `[${declared.map((dim) => dim ?? '?').join(', ')}]`;
  if (declared.length !== given.length) return `input '${name}' has rank ${declared.length} ${text}`;
  const index = declared.findIndex((dim, i) => typeof dim === 'number' && dim !== given[i]);
  return index >= 0 ? `input '${name}' is ${text} in the file, dim ${index} differs` : undefined;
}
