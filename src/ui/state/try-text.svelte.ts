/**
 * "Try it" on a text model the user opened (a hub variant): the text typed (or two sentences for
 * similarity), the answer with which variant and backend gave it, and the time of each stage.
 * The model runs in a task worker on the backend chosen on the page: one worker per backend, started
 * on the first run and replaced when the backend changes. Components render this and call `run`.
 */
import { BACKENDS, type BackendId } from '../../engine/backends/backend-id';
import { defaultThreadCount } from '../../engine/ort/threads';
import { Failure, messageOf } from '../../shared/errors';
import type { TaskTimings } from '../../tasks/task';
import { textTaskOf, type RepoFiles, type TextModelOrigin, type TextTaskKind } from '../../tasks/text-model';
import type { LabelScore } from '../../tasks/text-classification/definition';
import { startTaskWorker, type TaskClient } from '../../workers/task-client';
import type { TextModelPayload } from '../../workers/task-protocol';

/** The model "try it" runs: where it is from, its parsed JSON files, and its bytes when first needed. */
export interface TryTextModel {
  origin: TextModelOrigin;
  /** Parsed JSON files by name: config.json, tokenizer.json, tokenizer_config.json. */
  files: RepoFiles;
  /** The model's bytes (and external data), asked for on the first run of this variant. */
  payload(): Promise<Pick<TextModelPayload, 'bytes' | 'externalData'>>;
}

/** What the worker client must do for "try it" (a test gives its own). */
export type TextClient = Pick<TaskClient, 'loadText' | 'runText' | 'terminate'>;

/** The time of each stage, in the words the box shows them. */
export interface TextStage {
  stage: string;
  ms: number;
}

interface Answered {
  /** The variant and backend that answered, in words (`q8`, `WASM (CPU)`). */
  variant: string;
  backend: string;
  stages: TextStage[];
}
export type TryTextAnswer =
  | (Answered & { kind: 'label'; label: string; score: number; scores: LabelScore[] })
  | (Answered & { kind: 'similarity'; similarity: number });

/** The stages of one run, tokenizing first; opening the model, when this run did, apart. */
export function textStages(timings: TaskTimings, loadMs: number | null): TextStage[] {
  return [
    ...(loadMs !== null ? [{ stage: 'Open the model', ms: loadMs }] : []),
    { stage: 'Tokenize', ms: timings.preprocessMs },
    { stage: 'Run', ms: timings.inferenceMs },
    { stage: 'Post-process', ms: timings.postprocessMs },
  ];
}

/** A probability with at least three significant digits: 0.8826 -> "88.3%", 0.0014 -> "0.140%". */
export const formatScore = (p: number) => `${(p * 100).toPrecision(3)}%`;

/** A cosine similarity, -1..1, to four decimals. */
export const formatSimilarity = (s: number) => s.toFixed(4);

const startWorker = (backend: BackendId) =>
  startTaskWorker(defaultThreadCount(globalThis.crossOriginIsolated === true, navigator.hardwareConcurrency), backend, `try a text model (${BACKENDS[backend].title})`);

export class TryTextState {
  /** For text classification. */
  text = $state('');
  /** For similarity. */
  sentenceA = $state('');
  sentenceB = $state('');
  answer = $state.raw<TryTextAnswer | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);

  #client: { backend: BackendId; client: Promise<TextClient> } | null = null;
  /** The text model loaded in the worker: its key (model id and backend) and worker id. */
  #loaded: { key: string; id: string } | null = null;
  /** Bumped by every run: an answer to an older question is dropped. */
  #asked = 0;

  constructor(private readonly start: (backend: BackendId) => Promise<TextClient> = startWorker) {}

  /** The task the model's files name (classification, similarity), or null when "try it" cannot run it. */
  static taskOf(files: RepoFiles): TextTaskKind | null {
    return textTaskOf(files);
  }

  /** What the Run button needs before it can run, or null when it can. */
  missing(task: TextTaskKind): string | null {
    if (task === 'text-classification') return this.text.trim() ? null : 'Type some text first.';
    return this.sentenceA.trim() && this.sentenceB.trim() ? null : 'Type a sentence in both boxes first.';
  }

  /** Runs the model's task on the text typed, on `backend`; the answer says which variant and backend gave it. */
  async run(model: TryTextModel, backend: BackendId): Promise<void> {
    const asked = ++this.#asked;
    this.busy = true;
    this.error = null;
    try {
      const task = TryTextState.taskOf(model.files);
      if (!task) throw new Failure('unsupported', 'This model is neither a text classifier (a *ForSequenceClassification with labels) nor a sentence encoder, so there is nothing to try here; its benchmark still runs.');
      const missing = this.missing(task);
      if (missing) throw new Failure('bad-input', missing);
      const client = await this.#clientFor(backend);
      const { id, loadMs } = await this.#load(client, model, backend);
      const answered = { variant: model.origin.variant, backend: BACKENDS[backend].title };
      let answer: TryTextAnswer;
      if (task === 'text-classification') {
        const reply = await client.runText('text-classification', id, { text: this.text });
        answer = { kind: 'label', label: reply.label, score: reply.score, scores: reply.scores, ...answered, stages: textStages(reply.timings, loadMs) };
      } else {
        const reply = await client.runText('feature-extraction', id, { texts: [this.sentenceA, this.sentenceB] });
        answer = { kind: 'similarity', similarity: reply.similarity!, ...answered, stages: textStages(reply.timings, loadMs) };
      }
      if (asked === this.#asked) this.answer = answer;
    } catch (error) {
      if (asked !== this.#asked) return;
      this.error = messageOf(error);
      this.answer = null;
    } finally {
      if (asked === this.#asked) this.busy = false;
    }
  }

  /** The worker for `backend`: the same one while the backend stays, a fresh one when it changes. */
  #clientFor(backend: BackendId): Promise<TextClient> {
    if (this.#client?.backend !== backend) {
      this.#release();
      const client = this.start(backend);
      client.catch(() => {
        if (this.#client?.client === client) this.#client = null; // a failed start can be retried
      });
      this.#client = { backend, client };
    }
    return this.#client!.client;
  }

  /** Opens the model in the worker unless it is the one already open there; the time it took, or null when it was open. */
  async #load(client: TextClient, model: TryTextModel, backend: BackendId): Promise<{ id: string; loadMs: number | null }> {
    const { repo, revision = 'main', file } = model.origin;
    const key = `${backend} ${repo}@${revision}/${file}`;
    if (this.#loaded?.key === key) return { id: this.#loaded.id, loadMs: null };
    this.#loaded = null;
    const start = performance.now();
    const loaded = await client.loadText({ origin: model.origin, files: model.files, ...(await model.payload()) });
    this.#loaded = { key, id: loaded.id };
    return { id: loaded.id, loadMs: performance.now() - start };
  }

  #release(): void {
    const old = this.#client;
    this.#client = null;
    this.#loaded = null;
    void old?.client.then((c) => c.terminate(), () => undefined);
  }

  /** Ends the worker and forgets the answer (the page left, or another model was opened). */
  dispose(): void {
    this.#asked++;
    this.#release();
    this.answer = null;
    this.error = null;
    this.busy = false;
  }
}
