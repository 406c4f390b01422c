// Reads a training spec (`*.train.json`): strict JSON with line and column on syntax errors, validated against
// schemas/train.schema.json (every problem names its field, e.g. `model.layers[2].filters`), then the checks a
// schema cannot express (validation data given twice, early stopping on validation data that does not exist, ...).
// Defaults are filled, shorthands expanded and relative paths resolved against the spec's folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import schemaJson from '../../../../schemas/train.schema.json';
import { formatFieldPath, lineColumn } from './fieldPath';
import { JsonSyntaxError, parseJsonWithPositions, type JsonPosition } from './parseJsonWithPositions';
import { validateAgainstSchema, type SchemaNode, type SpecProblem } from './schemaValidator';
import type { OptimizerSpec, TrainSpec } from './trainSpec';

const schema = schemaJson as unknown as SchemaNode;

/** One problem with its place in the file. */
export interface LocatedProblem extends SpecProblem { field: string; line: number; column: number }

/** A spec that cannot be used: every problem found, each naming its field, line and column. */
export class TrainSpecError extends Error {
  constructor(readonly file: string, readonly problems: LocatedProblem[]) {
    super(problems.map((problem) => `${file}:${problem.line}:${problem.column}: ${problem.field}: ${problem.message}`).join('\n'));
    this.name = 'TrainSpecError';
  }
}

/** Reads and validates the spec file at `file`. */
export function readTrainSpec(file: string): TrainSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new TrainSpecError(file, [{ path: [], field: '(spec)', line: 1, column: 1, message: `cannot read the file: ${(error as Error).message}` }]);
  }
  return parseTrainSpec(text, file);
}

/** Validates spec `text` read from `file` (the file's folder anchors relative paths). */
export function parseTrainSpec(text: string, file: string): TrainSpec {
  let parsed;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new TrainSpecError(file, [{ path: [], field: '(spec)', line: error.line, column: error.column, message: `not valid JSON: ${error.detail}` }]);
  }
  const folder = path.dirname(path.resolve(file));
  const { value, problems } = validateAgainstSchema(parsed.value, schema, (relative) => path.resolve(folder, relative));
  if (problems.length === 0) problems.push(...crossFieldProblems(value as TrainSpec, parsed.value as Record<string, unknown>));
  if (problems.length > 0) {
    const located = problems.map((problem) => ({ ...problem, field: formatFieldPath(problem.path), ...locate(problem, parsed.positions, text) }));
    throw new TrainSpecError(file, located);
  }
  return expandShorthands(value as TrainSpec, path.basename(file));
}

/** Where a problem is: the field's value (its key for unknown fields); a missing field points at the enclosing value. */
function locate(problem: SpecProblem, positions: Map<string, JsonPosition>, text: string): { line: number; column: number } {
  for (let length = problem.path.length; length >= 0; length--) {
    const position = positions.get(formatFieldPath(problem.path.slice(0, length)));
    if (position) return lineColumn(text, (problem.atKey ? position.key : undefined) ?? position.value);
  }
  return { line: 1, column: 1 };
}

/** Rules between fields that the schema does not state; `raw` is the spec as written (before defaults). */
function crossFieldProblems(spec: TrainSpec, raw: Record<string, unknown>): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const data = spec.data;
  const hasValidation = data.validation !== undefined || (data.validationSplit ?? 0) > 0;
  if (data.validation !== undefined && data.validationSplit !== undefined) {
    problems.push({ path: ['data', 'validationSplit'], message: 'give data.validation (separate files) or data.validationSplit, not both' });
  }
  const rawStopping = raw.earlyStopping as Record<string, unknown> | undefined;
  if (spec.earlyStopping && spec.earlyStopping.monitor.startsWith('val_') && !hasValidation) {
    const message = `${JSON.stringify(spec.earlyStopping.monitor)} is measured on validation data, and there is none: add data.validationSplit or data.validation, or monitor "loss"`;
    problems.push({ path: rawStopping && 'monitor' in rawStopping ? ['earlyStopping', 'monitor'] : ['earlyStopping'], message });
  }
  if ('from' in spec.model) {
    if (!/\.(h5|hdf5|keras|json)$/i.test(spec.model.from)) {
      problems.push({ path: ['model', 'from'], message: `expected a Keras .h5/.keras file or a TF.js layers model.json, got ${JSON.stringify(path.basename(spec.model.from))}` });
    }
  } else {
    const seen = new Map<string, number>();
    spec.model.layers.forEach((layer, i) => {
      if (layer.name !== undefined) {
        if (seen.has(layer.name)) problems.push({ path: ['model', 'layers', i, 'name'], message: `${JSON.stringify(layer.name)} is already the name of model.layers[${seen.get(layer.name)}]` });
        seen.set(layer.name, i);
      }
      if (layer.type === 'Reshape' && layer.targetShape.filter((size) => size === -1).length > 1) {
        problems.push({ path: ['model', 'layers', i, 'targetShape'], message: 'at most one size may be -1 (inferred)' });
      }
      if (layer.type === 'Reshape' && layer.targetShape.includes(0)) {
        problems.push({ path: ['model', 'layers', i, 'targetShape'], message: 'sizes must be positive, or -1 for one inferred size' });
      }
    });
  }
  if (spec.optimizer !== undefined && typeof spec.optimizer === 'object' && spec.optimizer.type === 'sgd' && spec.optimizer.nesterov && spec.optimizer.momentum <= 0) {
    problems.push({ path: ['optimizer', 'nesterov'], message: 'Nesterov momentum needs optimizer.momentum > 0' });
  }
  return problems;
}

/** The optimizer as an object and shuffle as false or { seed? }, whichever way the spec wrote them; the run name. */
function expandShorthands(spec: TrainSpec, fileName: string): TrainSpec {
  const optimizer = spec.optimizer as OptimizerSpec | OptimizerSpec['type'];
  const shuffle = spec.data.shuffle as boolean | { seed?: number };
  return {
    ...spec,
    name: spec.name ?? fileName.replace(/\.train\.json$/i, '').replace(/\.json$/i, ''),
    optimizer: typeof optimizer === 'string' ? optimizerDefaults(optimizer) : optimizer,
    data: { ...spec.data, shuffle: shuffle === true ? {} : shuffle },
  };
}

/** The optimizer's schema defaults, for a spec that names it only. */
function optimizerDefaults(type: OptimizerSpec['type']): OptimizerSpec {
  const properties = schema.definitions?.[type]?.properties ?? {};
  const out: Record<string, unknown> = { type };
  for (const [key, property] of Object.entries(properties)) if (property.default !== undefined) out[key] = property.default;
  return out as unknown as OptimizerSpec;
}
