/**
 * "Convert to TensorFlow.js" for the ONNX model open on the Model page (gallery, file, address, hub,
 * or one converted from TF.js): which of its ops the converter cannot map, asked of a worker as soon
 * as the model is read, before anything is converted; then the conversion and its check in a worker,
 * with progress and Cancel (the worker is ended: nothing half-made is kept). One model at a time: a
 * new model forgets the previous one's answers and ends its worker.
 */
import { startConverter, startOpsCheck, type OpsChecker, type ConvertedToTfjs, type Converter, type OnnxToTfjsStep, type TfjsWeightStorage } from '../../workers/convert-client';
import { messageOf } from '../../shared/errors';
import type { ChosenModel, ModelChoice } from './model-choice.svelte';

export interface TfjsExport extends ConvertedToTfjs {
  /** The ONNX model's name, as the page shows it. */
  source: string;
  storage: TfjsWeightStorage;
}

/** What the state asks of the page's model. */
export type ExportedModel = Pick<ModelChoice, 'current' | 'payload' | 'whenGraphRead'>;
/** What it asks of a conversion worker (a fake one in unit tests). */
export type ExportWorker = Pick<Converter, 'unsupportedOnnx' | 'convertOnnx' | 'terminate'>;

export class OnnxToTfjsState {
  storage = $state<TfjsWeightStorage>('float32');
  /** Asking the worker which ops cannot be mapped. */
  checking = $state(false);
  /** ONNX op -> count of those the converter cannot map; {} when it maps them all; null until known. */
  unsupported = $state.raw<Record<string, number> | null>(null);
  /** Why the model cannot be converted before any op is looked at (external data), or why the ops could not be listed. */
  blocked = $state<string | null>(null);
  running = $state(false);
  step = $state.raw<OnnxToTfjsStep | null>(null);
  result = $state.raw<TfjsExport | null>(null);
  error = $state<string | null>(null);
  /** The model (its ModelChoice key) the answers above are about. */
  #key = 0;
  /** The worker at work now: the op check's, then the conversion's. */
  #converter: Pick<ExportWorker, 'terminate'> | null = null;

  /** `start`: starts a worker, named as the "Memory and sessions" panel lists it. */
  constructor(
    private readonly model: ExportedModel,
    private readonly start: (label: string) => ExportWorker = startConverter,
    private readonly startCheck: () => OpsChecker = startOpsCheck,
  ) {}

  /** Whether the Convert button does anything now (the reason it does not is on the page). */
  get canConvert(): boolean {
    return !this.running && !this.checking && this.blocked === null && this.unsupported !== null && Object.keys(this.unsupported).length === 0;
  }

  /**
   * Follows the page's model: a new one forgets the previous answers and ends their worker; once it
   * is read, its ops are checked. Called by the section whenever the model changes.
   */
  follow(current: ChosenModel): void {
    if (current.key === this.#key) return;
    this.#stop();
    this.#key = current.key;
    this.unsupported = null;
    this.blocked = null;
    this.result = null;
    this.error = null;
    this.step = null;
    if (current.status !== 'ready' || !current.info) {
      this.#key = 0;
      return;
    }
    if (current.info.externalData.length) {
      this.blocked =
        `${current.name} keeps its weights in separate data files (${current.info.externalData.length.toLocaleString('en-US')}), which the converter does not read: ` +
        'save the model with its weights inside the .onnx file (onnx.save_model(model, path, save_as_external_data=False)) and open that.';
      return;
    }
    void this.#checkOps(current.key);
  }

  async #checkOps(key: number): Promise<void> {
    const converter = this.startCheck();
    this.#converter = converter;
    this.checking = true;
    const mine = () => this.#converter === converter && this.#key === key;
    try {
      // After the page's own reading and graph layout: on two cores they come first.
      await this.model.whenGraphRead();
      if (!mine()) return;
      const { bytes } = await this.model.payload();
      const ops = await converter.unsupportedOnnx(bytes);
      if (mine()) this.unsupported = ops;
    } catch (error) {
      if (mine()) this.blocked = `The model's ops could not be listed: ${messageOf(error)}. Open the model again; if it happens again, the file may be damaged.`;
    } finally {
      if (mine()) this.#stop();
    }
  }

  /** Converts the page's model with the weight storage chosen, then checks it against onnxruntime-web. */
  async convert(): Promise<void> {
    if (!this.canConvert) return;
    const key = this.#key;
    const storage = this.storage;
    const converter = this.start('TF.js export');
    this.#converter = converter;
    const mine = () => this.#converter === converter && this.#key === key;
    this.running = true;
    this.step = null;
    this.result = null;
    this.error = null;
    try {
      const { bytes, name } = await this.model.payload();
      const made = await converter.convertOnnx(bytes, name, storage, (step) => {
        if (mine()) this.step = step;
      });
      if (mine()) this.result = { ...made, source: name, storage };
    } catch (error) {
      if (mine()) this.error = `${this.model.current.name} was not converted: ${messageOf(error)}`;
    } finally {
      if (mine()) this.#stop();
    }
  }

  /** Stops the conversion: its worker is ended, and nothing of it is kept. */
  cancel(): void {
    if (!this.running) return;
    this.#stop();
    this.step = null;
  }

  /** Ends the worker (the section is left, or the model changed). */
  dispose(): void {
    this.#stop();
    this.#key = 0;
  }

  #stop(): void {
    this.#converter?.terminate();
    this.#converter = null;
    this.running = false;
    this.checking = false;
  }
}
