/**
 * Sentence embeddings from a transformer's token embeddings, as sentence-transformers and
 * transformers.js's `feature-extraction` pipeline (`pooling: 'mean', normalize: true`) make them:
 * the mean of the token vectors the attention mask marks real, scaled to length 1; similarity is
 * then their cosine.
 */

/** One vector per row of `hidden` ([batch, sequence, width]): the mean of its tokens whose mask is 1, in float64. */
export function meanPool(hidden: ArrayLike<number>, dims: readonly number[], mask: ArrayLike<number>): Float64Array[] {
  const [batch, sequence, width] = dims;
  if (dims.length !== 3 || hidden.length !== batch * sequence * width || mask.length !== batch * sequence) {
    throw new RangeError(`token embeddings of shape [${dims.join(', ')}] do not match a ${mask.length}-long attention mask`);
  }
  return Array.from({ length: batch }, (_, b) => {
    const sum = new Float64Array(width);
    let count = 0;
    for (let s = 0; s < sequence; s++) {
      if (!mask[b * sequence + s]) continue;
      count++;
      const base = (b * sequence + s) * width;
      for (let i = 0; i < width; i++) sum[i] += hidden[base + i];
    }
    // transformers.js and sentence-transformers divide by max(count, 1e-9): an all-padding row stays zero.
    return sum.map((v) => v / Math.max(count, 1e-9));
  });
}

/** The vector scaled to length 1 (a zero vector stays zero). */
export function l2Normalise(vector: ArrayLike<number>): Float64Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i];
  const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
  return Float64Array.from(vector, (v) => v * scale);
}

/** The cosine of the angle between two vectors of the same length, -1..1 (0 when either is zero). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`vectors of ${a.length} and ${b.length} values cannot be compared`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA > 0 && normB > 0 ? dot / Math.sqrt(normA * normB) : 0;
}

/** Rows of a [batch, width] output (an export that pools itself: `sentence_embedding`). */
export function rowsOf(values: ArrayLike<number>, dims: readonly number[]): Float64Array[] {
  const [batch, width] = dims;
  if (dims.length !== 2 || values.length !== batch * width) throw new RangeError(`an output of shape [${dims.join(', ')}] is no [batch, width] embedding`);
  return Array.from({ length: batch }, (_, b) => Float64Array.from({ length: width }, (_, i) => values[b * width + i]));
}
