// One-hot targets for categorical cross-entropy, made on demand (sparse losses take the class indexes as they are).

/** [n, numClasses] float32 with a 1 at each sample's class. */
export function oneHot(labels: Int32Array, numClasses: number): Float32Array {
  const out = new Float32Array(labels.length * numClasses);
  labels.forEach((label, i) => {
    if (label < 0 || label >= numClasses) throw new RangeError(`sample ${i} has class ${label}, outside 0..${numClasses - 1}`);
    out[i * numClasses + label] = 1;
  });
  return out;
}
