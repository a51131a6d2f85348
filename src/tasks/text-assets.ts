/**
 * What the text tasks read besides the model, made from the repository's files: apart from
 * text-model.ts so that the page, which only asks which task a model is for, does not load the
 * tokenizer library (only the task worker and Node do).
 */
import type { ValueInfo } from '../engine/ort/session';
import { TextTokenizer } from '../engine/text/tokenizer';
import { jsonObject } from '../shared/json';
import type { RepoFiles, TextAssets } from './text-model';

/** The assets from the repository's files and the model's declarations; an unreadable tokenizer is a 'bad-input' Failure. */
export function textAssets(files: RepoFiles, declared: { inputs: readonly ValueInfo[]; outputs: readonly ValueInfo[] }): TextAssets {
  const config = jsonObject(files['config.json']);
  const tokenizer = TextTokenizer.from({ tokenizer: files['tokenizer.json'], tokenizerConfig: files['tokenizer_config.json'], config });
  return { tokenizer, config, inputs: declared.inputs, outputs: declared.outputs };
}

