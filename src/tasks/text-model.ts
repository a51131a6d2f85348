/**
 * A transformer text model the caller brings (a hub repository's variant, its bytes and its parsed
 * JSON files): the task model the text tasks run, and what they read besides it (the tokenizer,
 * config.json, the inputs and outputs the model declares). Nothing here fetches anything.
 */
import { jsonObject, type JsonObject } from '../shared/json';
import type { ValueInfo } from '../engine/ort/session';
import type { TextTokenizer } from '../engine/text/tokenizer';
import type { TaskModel } from './task';

/** A repository's JSON files, parsed, by file name: `config.json`, `tokenizer.json`, `tokenizer_config.json`, `preprocessor_config.json`. */
export type RepoFiles = Readonly<Record<string, unknown>>;

/** Where a text model comes from: a hub repository's variant. */
export interface TextModelOrigin {
  /** `Xenova/all-MiniLM-L6-v2`. */
  repo: string;
  revision?: string;
  /** The variant's name (`fp32`, `q8`...; src/engine/hub/variants.ts). */
  variant: string;
  /** Its path in the repository (`onnx/model_quantized.onnx`). */
  file: string;
  bytes?: number;
}

export interface TextTaskModel extends TaskModel, Required<Omit<TextModelOrigin, 'bytes'>> {}

/** The task model for a hub variant; its id (repo, revision, file) keys sessions. */
export function textTaskModel(origin: TextModelOrigin): TextTaskModel {
  const revision = origin.revision ?? 'main';
  const id = `${origin.repo}@${revision}/${origin.file}`;
  return {
    id,
    title: `${origin.repo} (${origin.variant})`,
    repo: origin.repo,
    revision,
    variant: origin.variant,
    file: origin.file,
    source: { file: id, framework: 'transformers (Hugging Face hub)', producer: '', license: '', sha256: null, bytes: origin.bytes ?? null, upstream: null, opset: null },
  };
}


/** What the text tasks read besides the model. */
export interface TextAssets {
  tokenizer: TextTokenizer;
  /** config.json (empty when the repository has none). */
  config: JsonObject;
  /** The inputs and outputs the model file declares. */
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
}

/** The labels of a classifier head by index: config.json's id2label, else transformers' `LABEL_<i>`. */
export function labelsOf(config: JsonObject, count: number): string[] {
  const id2label = jsonObject(config.id2label);
  return Array.from({ length: count }, (_, i) => (typeof id2label[i] === 'string' ? (id2label[i] as string) : `LABEL_${i}`));
}

/** The text tasks a model can do. */
export type TextTaskKind = 'text-classification' | 'feature-extraction';

/**
 * Which text task a model is for, from config.json (`*ForSequenceClassification` with id2label:
 * classification; an encoder without a head: feature extraction) and, when known, its outputs
 * (`logits` or `last_hidden_state`); null when it is neither (a decoder, a vision model).
 */
export function textTaskOf(files: RepoFiles, outputs?: readonly ValueInfo[]): TextTaskKind | null {
  const config = jsonObject(files['config.json']);
  const architectures = Array.isArray(config.architectures) ? config.architectures.filter((a): a is string => typeof a === 'string') : [];
  const names = outputs?.map((o) => o.name) ?? [];
  if (!files['tokenizer.json']) return null;
  if (architectures.some((a) => a.endsWith('ForSequenceClassification')) || names.includes('logits')) {
    return Object.keys(jsonObject(config.id2label)).length > 0 || names.includes('logits') ? 'text-classification' : null;
  }
  if (names.some((n) => EMBEDDING_OUTPUTS.includes(n)) || architectures.some((a) => /^[A-Za-z]+Model$/.test(a))) return 'feature-extraction';
  return null;
}

/** Outputs a feature extractor pools (token embeddings) or takes as they are (already pooled), preferred first. */
export const EMBEDDING_OUTPUTS = ['last_hidden_state', 'token_embeddings', 'sentence_embedding'];
