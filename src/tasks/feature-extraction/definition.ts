/**
 * Feature extraction: sentence embeddings from an encoder (a MiniLM, a BERT without a head), mean
 * pooled over the attention mask and normalised as transformers.js's `feature-extraction` pipeline
 * with `{ pooling: 'mean', normalize: true }` does; for two or more sentences, the cosine similarity
 * of the first two. The sentences run as one batch, padded to the longest (the mask keeps padding out).
 */
import { Failure } from '../../shared/errors';
import { cosineSimilarity, l2Normalise, meanPool, rowsOf } from '../../engine/text/pooling';
import { tokenFeeds } from '../../engine/tensor/transformer-inputs';
import { defineTask, singleModel, type Outputs } from '../task';
import { EMBEDDING_OUTPUTS, type TextAssets, type TextTaskModel } from '../text-model';
import type { EncodedBatch } from '../../engine/text/tokenizer';

export interface FeatureExtractionInput {
  /** One sentence gives its embedding; two or more, also the similarity of the first two. */
  texts: string[];
}

export interface FeatureExtractionResult {
  /** One unit-length vector per sentence. */
  embeddings: Float64Array[];
  /** Cosine similarity of the first two sentences, -1..1; null for one sentence. */
  similarity: number | null;
  /** The output the embeddings come from, and whether it was mean-pooled here. */
  output: string;
  pooled: boolean;
  tokens: string[][];
  truncated: boolean[];
}

/** The normalised sentence embeddings from the model's outputs: token embeddings mean-pooled, or an embedding it pooled itself. */
export function sentenceEmbeddings(outputs: Outputs, encoded: Pick<EncodedBatch, 'attentionMask'>): { embeddings: Float64Array[]; output: string; pooled: boolean } {
  const output = EMBEDDING_OUTPUTS.find((name) => outputs[name]?.dtype === 'float32') ?? Object.keys(outputs).find((name) => outputs[name].dtype === 'float32' && outputs[name].dims.length === 3);
  if (!output) {
    throw new Failure('unsupported', `This model gives no float32 token embeddings (outputs: ${Object.keys(outputs).join(', ')}); feature extraction needs an encoder export with last_hidden_state.`);
  }
  const tensor = outputs[output];
  const data = tensor.data as Float32Array;
  const pooled = tensor.dims.length === 3;
  const rows = pooled ? meanPool(data, tensor.dims, encoded.attentionMask) : rowsOf(data, tensor.dims);
  return { embeddings: rows.map(l2Normalise), output, pooled };
}

export const featureExtraction = defineTask({
  id: 'feature-extraction',
  title: 'Sentence similarity (feature extraction)',
  takes: ['text'],
  models: [] as TextTaskModel[],
  run: singleModel({
    prepare: ({ texts }: FeatureExtractionInput, _model: TextTaskModel, { tokenizer, inputs }: TextAssets) => {
      if (texts.length === 0 || texts.some((t) => !t.trim())) throw new Failure('bad-input', 'A sentence is empty: type a sentence in each box first.');
      const encoded = tokenizer.encodeBatch(texts);
      return { feeds: tokenFeeds(inputs, encoded), encoded };
    },
    decode: (outputs, { encoded }): FeatureExtractionResult => {
      const { embeddings, output, pooled } = sentenceEmbeddings(outputs, encoded);
      const similarity = embeddings.length >= 2 ? cosineSimilarity(embeddings[0], embeddings[1]) : null;
      return { embeddings, similarity, output, pooled, tokens: encoded.tokens, truncated: encoded.truncated };
    },
  }),
});
