/**
 * Text classification (sentiment, topic...): a `*ForSequenceClassification` export with id2label.
 * The repository's tokenizer, one inference, then softmax over the logits (a sigmoid per label when
 * config.json says `multi_label_classification`), labelled from id2label, as transformers.js's
 * `text-classification` pipeline does.
 */
import { Failure } from '../../shared/errors';
import { softmax } from '../../engine/tensor/top-classes';
import { tokenFeeds } from '../../engine/tensor/transformer-inputs';
import { defineTask, singleModel, type Outputs } from '../task';
import { labelsOf, type TextAssets, type TextTaskModel } from '../text-model';

export interface TextClassificationInput {
  text: string;
  /** A second text, for models that judge a pair (entailment, paraphrase). */
  pair?: string;
}

export interface LabelScore {
  label: string;
  /** Probability, 0-1. */
  score: number;
}

export interface TextClassificationResult {
  /** The most likely label and its probability. */
  label: string;
  score: number;
  /** Every label, most likely first. */
  scores: LabelScore[];
  /** What the model read, special tokens included. */
  tokens: string[];
  /** True when the text was longer than the model takes and was cut. */
  truncated: boolean;
}

/** Logits -> every label's probability, most likely first. */
export function labelScores(logits: ArrayLike<number>, config: Record<string, unknown>): LabelScore[] {
  const probabilities = config.problem_type === 'multi_label_classification' ? Array.from(logits, (v) => 1 / (1 + Math.exp(-v))) : softmax(logits);
  const labels = labelsOf(config, logits.length);
  return Array.from(probabilities, (score, i) => ({ label: labels[i], score })).sort((a, b) => b.score - a.score);
}

function decode(outputs: Outputs): Float32Array {
  const logits = outputs.logits ?? Object.values(outputs)[0];
  if (!logits || logits.dtype !== 'float32' || logits.dims.length !== 2) {
    throw new Failure('unsupported', 'This model gives no [batch, labels] float32 logits, so it is no text classifier; text classification needs a *ForSequenceClassification export.');
  }
  return logits.data as Float32Array;
}

export const textClassification = defineTask({
  id: 'text-classification',
  title: 'Text classification',
  takes: ['text'],
  models: [] as TextTaskModel[],
  run: singleModel({
    prepare: ({ text, pair }: TextClassificationInput, _model: TextTaskModel, { tokenizer, inputs }: TextAssets) => {
      if (!text.trim()) throw new Failure('bad-input', 'There is no text to classify: type a sentence first.');
      const encoded = tokenizer.encodeBatch([pair === undefined ? text : [text, pair]]);
      return { feeds: tokenFeeds(inputs, encoded), encoded };
    },
    decode: (outputs, { encoded }, _input, _model, { config }): TextClassificationResult => {
      const scores = labelScores(decode(outputs), config);
      return { label: scores[0].label, score: scores[0].score, scores, tokens: encoded.tokens[0], truncated: encoded.truncated[0] };
    },
  }),
});
