/**
 * A TensorFlow.js graph model opened on the Model page: converted to ONNX in a worker, which then
 * becomes the page's model (ModelChoice, origin "converted"), and checked against TF.js running the
 * original. One conversion at a time: a new one (or any other model) ends the previous worker.
 */
import type { ConvertReport } from '../../engine/convert/convert';
import { parseModelAddress } from '../../engine/model/model-address';
import { onnxNameFor } from '../../engine/tfjs/names';
import { startConverter, type ConvertInput, type ConvertStep, type Converter, type Verified } from '../../workers/convert-client';
import { messageOf } from '../../shared/errors';
import type { ModelChoice } from './model-choice.svelte';

export interface ConvertedModel {
  /** The model.json the user gave (its file name, or the address's). */
  source: string;
  /** The .onnx file name: the model.json's name, or its folder's for a plain model.json. */
  onnxName: string;
  report: ConvertReport;
  bytes: Uint8Array;
  ms: number;
}

export class TfjsConversion {
  /** The ModelChoice key of the model this conversion made (0: none yet). */
  key = $state(0);
  /** model.json's name while converting, for the progress line. */
  source = $state('');
  step = $state.raw<ConvertStep | null>(null);
  converted = $state.raw<ConvertedModel | null>(null);
  verifying = $state(false);
  verified = $state.raw<Verified | null>(null);
  verifyError = $state<string | null>(null);
  #converter: Converter | null = null;

  constructor(private readonly model: ModelChoice) {}

  /** Whether the page's current model is this conversion's (its report belongs on the page). */
  get isCurrent(): boolean {
    return this.key !== 0 && this.key === this.model.current.key;
  }

  /** model.json and its .bin shards, picked or dropped together. */
  openFiles(files: File[]): void {
    const json = files.find((f) => f.name.toLowerCase().endsWith('.json')) ?? files[0];
    this.#start({ kind: 'files', files, name: json.name }, onnxNameFor(json.webkitRelativePath || json.name));
  }

  /** The address of a model.json, its shards beside it. */
  openUrl(address: string): void {
    const parsed = parseModelAddress(address, location.href);
    // Not an address the page can fetch: ModelChoice says why, as for any model address.
    if (!parsed.ok) return this.model.openUrl(address);
    this.#start({ kind: 'url', url: parsed.url, name: parsed.name }, onnxNameFor(new URL(parsed.url).pathname));
  }

  /** Ends the worker (the page's model changed, or a new conversion starts). */
  stop(): void {
    this.#converter?.terminate();
    this.#converter = null;
    this.verifying = false;
  }

  #start(input: ConvertInput, onnxName: string): void {
    this.stop();
    const converter = startConverter();
    this.#converter = converter;
    const mine = () => this.#converter === converter;
    this.source = input.name;
    this.step = null;
    this.converted = null;
    this.verified = null;
    this.verifyError = null;
    this.key = this.model.openConverted(onnxName, async () => {
      let result;
      try {
        result = await converter.convert(input, (step) => {
          if (mine()) this.step = step;
        });
      } catch (error) {
        if (mine()) this.stop();
        // The converter's refusals name the fault; the file they are about goes first.
        throw new Error(`${input.name}: ${messageOf(error)}`);
      }
      if (mine()) {
        this.converted = { source: input.name, onnxName, report: result.report, bytes: result.onnx, ms: result.ms };
        this.verifying = true;
        // After the page has read the ONNX model's details: on two cores, TF.js and onnxruntime
        // loading beside the reader would hold the details back by a second or more.
        void this.model.whenRead().then(() => this.#verify(converter));
      }
      return result.onnx;
    }, input);
  }

  async #verify(converter: Converter): Promise<void> {
    const mine = () => this.#converter === converter;
    if (!mine()) return;
    try {
      const verified = await converter.verify();
      if (mine()) this.verified = verified;
    } catch (error) {
      if (mine()) this.verifyError = messageOf(error);
    } finally {
      if (mine()) this.stop();
    }
  }
}
