// Does a dataset fit a model's input? Compares the per-sample shape of the features with the model's input shape
// (batch dimension left out, null = any size) and, when they differ, says which dimension and what would fix it.

/** The features do not fit the model's input; `dimension` indexes the features' shape (0 is the sample axis). */
export class InputShapeError extends Error {
  constructor(readonly dimension: number, message: string) {
    super(message);
    this.name = 'InputShapeError';
  }
}

/** What checkInputShape decided. */
export interface InputShapeFit {
  /** The features' shape to use: the dataset's own, or [n, ...inputShape] when reshaping was allowed and needed. */
  shape: number[];
  reshaped: boolean;
}

/**
 * Checks features of shape `featureShape` ([n, ...]) against `inputShape` (per sample). With `allowReshape`,
 * features holding the same number of values per sample as a fully known input shape are reshaped to it (the
 * spec's model.inputShape says so); otherwise that case is an error that suggests it.
 */
export function checkInputShape(featureShape: readonly number[], inputShape: readonly (number | null)[], allowReshape = false): InputShapeFit {
  const sample = featureShape.slice(1);
  const features = `features are [${featureShape.join(', ')}]`;
  const model = `the model's input is [${inputShape.map((dim) => dim ?? '?').join(', ')}]`;
  const sameRank = sample.length === inputShape.length;
  const firstOff = sample.findIndex((dim, i) => i >= inputShape.length || (inputShape[i] !== null && inputShape[i] !== dim));
  if (sameRank && firstOff < 0) return { shape: [...featureShape], reshaped: false };

  const perSample = sample.reduce((a, b) => a * b, 1);
  const known = inputShape.every((dim): dim is number => dim !== null);
  const expected = known ? inputShape.reduce<number>((a, b) => a * (b as number), 1) : undefined;
  const product = inputShape.map((dim) => dim ?? '?').join('×');
  // The first dimension that disagrees, counted in the features' shape; past the end when the features have fewer dims.
  const at = firstOff >= 0 ? firstOff : sample.length;
  const dimension = at + 1;
  const got = at < sample.length ? `dimension ${dimension} is ${sample[at]}` : `the features have no dimension ${dimension}`;
  if (expected !== undefined && expected === perSample) {
    if (allowReshape) return { shape: [featureShape[0], ...(inputShape as number[])], reshaped: true };
    throw new InputShapeError(dimension, `${features} but ${model}: ${got}, the model expects ${product} = ${expected} values per sample, as many as the features hold — reshape with model.inputShape`);
  }
  if (sameRank) {
    throw new InputShapeError(dimension, `${features} but ${model}: ${got}, the model expects ${inputShape[at]}`);
  }
  const holds = `${sample.length > 1 ? `${sample.join('×')} = ` : ''}${perSample} value${perSample === 1 ? '' : 's'} per sample`;
  const wants = expected !== undefined ? `${product} = ${expected}` : product;
  throw new InputShapeError(dimension, `${features} but ${model}: ${got}, the model expects ${wants}; the features hold ${holds}, which no reshape turns into the model's input`);
}
