/**
 * The backend comparison page's state: the plan the user builds (model, input, backends, runs), the
 * running benchmark and its history. It lives as long as the app, so a run goes on and its results
 * stay while the user looks at another page. The procedure itself is engine/bench/run-benchmark.ts.
 */
import { BACKENDS, backendsWhere, type BackendId, type TfjsModelKind } from '../../engine/backends/backend-id';
import type { Capabilities } from '../../engine/backends/detect';
import { browserSelection, defaultSelection, initialSelection, type CheckedBackend } from '../../engine/backends/default-selection';
import { benchChoices } from '../../engine/bench/choices';
import { cpuReference, runBenchmark, BenchAbortedError, type BackendChoice, type BenchProgress, type TargetHandle } from '../../engine/bench/run-benchmark';
import type { BenchExport } from '../../engine/bench/report';
import { sha256Hex } from '../../engine/model/fetch-model';
import { DEFAULT_CLASSIFIER_ID } from '../../tasks/classification/models';
import { loadSample } from '../../tasks/classification/samples';
import { GALLERY, findGalleryModel } from '../../tasks/gallery';
import { convertForTfjs, startBenchTarget, tfjsSourceOf } from '../../workers/bench-client';
import type { ConvertedGraph, InputRequest, TargetModel, TfjsGraphSource } from '../../workers/bench-protocol';
import { unmappedOnnxOps } from '../../engine/tfjs/convertible';
import { Persisted } from './persisted.svelte';
import type { ModelInfo } from '../../engine/onnx-format/model-info';
import { PORTABILITY_SEED, type PortabilityReference } from '../../engine/bench/portability';
import portability from '../../tasks/portability-reference.json';
import { browserCapabilities } from './capabilities';
import { Failure, messageOf } from '../../shared/errors';
import type { ImageSource } from '../../shared/image-source';
import { ModelChoice } from './model-choice.svelte';
import { readBenchUrl, urlPlan, writeBenchUrl, type InputChoice } from './bench-url';
import { checkImageFile } from '../../engine/image/decode';
import { imageInputFor } from '../../tasks/image-input';
import type { PlannedRuns } from './bench-progress';
import { recordRun, type RunRecord } from './bench-interrupted';
import { variantSources, type VariantSource } from './bench-variants';
import { referenceVariant, variantBlocker, variantChoices } from '../../engine/bench/variant-plan';
import type { VariantName } from '../../engine/hub/variants';
import { DEFAULT_TOKEN_SHAPE } from '../../engine/bench/bench-target';
import { TOKEN_ROLES, inputRole, vocabularySizeOf } from '../../engine/tensor/transformer-inputs';
import type { ChosenModel, ModelPayload } from './model-choice.svelte';

export const APP_VERSION = '0.1.0';
const HISTORY_LIMIT = 20;
export const DEFAULT_SAMPLE = 'dog.jpg';

/**
 * What the page changed of the plan it was given, and why. `model`: a backend the page unticked or
 * ticked for the chosen model (replaced when another model is chosen); `plan`: the URL's plan adjusted.
 */
export interface PlanNote {
  kind: 'plan' | 'model';
  text: string;
}
const planNote = (text: string): PlanNote => ({ kind: 'plan', text });

/** The names of the symbolic dimensions among a model's inputs, in order of appearance. */
export function symbolicDims(info: ModelInfo): string[] {
  return [...new Set(info.inputs.flatMap((v) => (v.shape ?? []).filter((d): d is string => typeof d === 'string')))];
}

/** The inputs of a model that are token inputs (input_ids, attention_mask...): their dims are batch x sequence. */
const tokenInputs = (info: ModelInfo) => info.inputs.filter((v) => TOKEN_ROLES.includes(inputRole(v.name)));

/** A target that fails to open with the capability check's reason (or why its variant cannot run there). */
function unavailableTarget(choice: BackendChoice, reason: string, message = `${BACKENDS[choice.backend].title} is unavailable: ${reason}`): TargetHandle {
  const fail = () => Promise.reject(new Error(message));
  return { entry: BACKENDS[choice.backend].entry, open: fail, run: fail, output: fail, bareLoop: fail, dispose: async () => {} };
}

export class BenchState {
  readonly gallery = GALLERY;
  /** The model the next run measures; everything the page says about "the model" reads it. */
  readonly model = new ModelChoice();
  capabilities = $state.raw<Capabilities | null>(null);
  input = $state<InputChoice>({ kind: 'sample', file: DEFAULT_SAMPLE });
  /** A photo chosen on this page (or on the classification page), used when input is 'current'. */
  currentImage = $state.raw<ImageSource | null>(null);
  selected = $state<Record<BackendId, boolean>>(defaultSelection());
  /** Whether the chosen model converts to TF.js (every op mapped), by its key: known once it is read. */
  #convertsToTfjs = $state.raw<{ key: number; converts: boolean } | null>(null);
  /**
   * The TF.js graph model TF.js backends run for the chosen model: its TF.js original (a gallery
   * model's, or the one the user converted), else its conversion when the converter maps every op of
   * it; null: neither, and no TF.js backend is offered.
   */
  tfjsModel = $derived<TfjsModelKind | null>(
    tfjsSourceOf(this.model.current) ? 'original' : this.#convertsToTfjs?.key === this.model.current.key && this.#convertsToTfjs.converts ? 'converted' : null,
  );
  /** The chosen model converted to TF.js, once per model (by its key), kept for later runs as a download is. */
  #conversion: { key: number; graph: Promise<ConvertedGraph> } | null = null;
  /** The backends that run on WASM threads (ORT's WASM, TF.js's WASM): one thread choice serves them all. */
  readonly threadedBackends = backendsWhere((b) => b.threaded);
  wasmThreads = $state<number[]>([1]);
  warmupRuns = $state(3);
  timedRuns = $state(20);
  minSeconds = $state(0);
  bareLoop = $state(false);
  running = $state(false);
  progress = $state.raw<BenchProgress | null>(null);
  report = $state.raw<BenchExport | null>(null);
  error = $state<string | null>(null);
  /** What the page changed of the plan it was given, and why (thread counts, an unticked backend). */
  notes = $state<PlanNote[]>([]);
  /** Sizes for the model's symbolic input dimensions (batch and the like); 1 unless set. Token inputs' dims are `batch` and `sequence`. */
  dimOverrides = $state<Record<string, number>>({});
  /** The chosen model takes token ids (a transformer): its synthetic input is batch x sequence tokens. */
  takesTokens = $state(false);
  /** The text fed with input "text" (a hub model with its tokenizer). */
  text = $state('The movie was great!');
  batch = $state(DEFAULT_TOKEN_SHAPE.batch);
  sequence = $state(DEFAULT_TOKEN_SHAPE.sequence);
  /** The vocabulary's size when known (config.json's vocab_size; the URL's `vocab`): ids are drawn below it. */
  vocabularySize = $state<number | null>(null);
  /** Variants' addresses given with the plan (`variantUrl=q8:<address>`), for a model opened from an address. */
  variantUrls = $state.raw<{ name: VariantName; url: string }[]>([]);
  /** The variants of the chosen model the page can run ([] for a model in one file). */
  variantSources = $derived<VariantSource[]>(variantSources(this.model.current, this.model, this.variantUrls));
  /** The chosen model's own variant, ticked until the user ticks others. */
  ownVariant = $derived(this.variantSources.find((v) => v.own)?.name ?? null);
  /** The variants ticked; [] runs the chosen model's file alone (rows without a variant). */
  variants = $state<VariantName[]>([]);
  /** Where the shown results' TF.js rows got their graph model: the original's files, or the conversion in the tab (null: not known, for results from the history). */
  reportTfjsSource = $state.raw<ReturnType<typeof tfjsSourceOf> | { kind: 'converted'; ms: number } | null>(null);
  /** The results shown were picked from the history (they may be of another model than the plan's). */
  reportFromHistory = $state(false);
  /** Counts finished runs: the page moves focus to the results when it changes. */
  finishedRuns = $state(0);
  history = new Persisted<BenchExport[]>('onnx-playground:bench-history', []);
  /** The run under way, as far as it got, in this tab's session storage: a reload finds it there. */
  #runRecord = new Persisted<RunRecord | null>('onnx-playground:bench-running', null, 'session');
  /** A run the last reload (or leaving the page) interrupted, until it is run again or dismissed. */
  interrupted = $state.raw<RunRecord | null>(this.#runRecord.current);
  /** The run counts of the run under way (the form cannot change them meanwhile). */
  runPlan = $state.raw<PlannedRuns | null>(null);
  #rowControllers: AbortController[] = [];
  /** The backends were chosen (by the URL or by hand): the page no longer unticks any on its own. */
  backendsChosen = false;
  #started: Promise<void> | null = null;
  #controller: AbortController | null = null;
  /** Diagnostics from the URL, used by the next run only: the one after it shows the recovery. */
  #loseGpuAfter: number | null = null;

  /** Why the photo last picked here was refused (the previous input stays). */
  imageError = $state<string | null>(null);

  /** How a photo feeds the chosen model (its task's preprocessing, or a generic resize), if it takes one. */
  imageInput = $derived(imageInputFor(this.model.current.gallery, this.model.current.info));
  takesImage = $derived(this.imageInput !== null);

  /** Once per app: reads the plan from the URL the app was opened with (when it opened on this page). */
  start(search: string): Promise<void> {
    return (this.#started ??= this.#start(search));
  }

  async #start(search: string): Promise<void> {
    const capabilities = await browserCapabilities();
    this.capabilities = capabilities;
    const maxThreads = capabilities.maxThreads;
    this.wasmThreads = maxThreads > 1 ? [1, maxThreads] : [1];
    // What this browser lacks, or offers only as a software emulation (a CPU-emulated WebGPU adapter), starts unticked.
    Object.assign(this.selected, browserSelection(this.selected, capabilities.backends));
    // A record left by a run is the mark of a run a reload interrupted (a finished run clears it).
    this.#runRecord.current = null;
    const url = readBenchUrl(search);
    const errors: string[] = [];
    if (url.model && !findGalleryModel(url.model)) errors.push(`There is no model "${url.model}" in the gallery: showing ${DEFAULT_CLASSIFIER_ID} instead.`);
    const plan = urlPlan(url, { warmupRuns: this.warmupRuns, timedRuns: this.timedRuns, minSeconds: this.minSeconds }, maxThreads, capabilities.crossOriginIsolated);
    if (plan.selected) {
      Object.assign(this.selected, plan.selected);
      this.backendsChosen = true;
    }
    if (plan.threads) this.wasmThreads = plan.threads;
    this.notes = [...this.notes, ...url.notes.map(planNote)];
    this.variantUrls = url.variantUrls;
    if (url.batch) this.batch = url.batch;
    if (url.sequence) this.sequence = url.sequence;
    this.vocabularySize = url.vocabularySize;
    ({ warmupRuns: this.warmupRuns, timedRuns: this.timedRuns, minSeconds: this.minSeconds } = plan.counts);
    this.notes = [...this.notes, ...plan.notes.map(planNote)];
    // A model brought from the Model page before this page was first shown stays.
    if (url.model && findGalleryModel(url.model)) this.chooseGallery(url.model);
    else if (url.modelUrl) this.openModelUrl(url.modelUrl);
    else if (url.hub) await this.openHub(url.hub, url.revision);
    else if (!this.model.current.name) {
      if (url.file) this.notes = [...this.notes, planNote(`This plan was made with your own file "${url.file}", which a link cannot carry: open it on the Model page. Showing ${DEFAULT_CLASSIFIER_ID} meanwhile.`)];
      this.chooseGallery(DEFAULT_CLASSIFIER_ID);
    }
    if (url.variants) this.#tickVariants(url.variants);
    if (url.inputWasCurrent) this.notes = [...this.notes, planNote('input=current was a photo chosen on this page, which a link cannot carry: a sample photo is used; choose yours again.')];
    if (url.text !== null) this.text = url.text;
    if (url.input && (url.input.kind === 'synthetic' || (url.input.kind === 'text' && this.takesText) || (url.input.kind !== 'text' && this.takesImage))) this.input = url.input;
    this.bareLoop = url.bareLoop;
    this.#loseGpuAfter = url.loseGpuAfter;
    this.error = errors.join(' ') || null;
    if (url.autorun && !this.error) await this.run();
  }

  chooseGallery(id: string): void {
    this.model.useGallery(id);
    this.#chosen();
  }

  /** The URL's variants, those the model has (the others said in a note). */
  #tickVariants(asked: readonly VariantName[]): void {
    const offered = this.variantSources.map((v) => v.name);
    const missing = asked.filter((v) => !offered.includes(v));
    if (missing.length) {
      const has = offered.length ? `it has ${offered.join(', ')}` : 'it comes in one file only';
      this.notes = [...this.notes, planNote(`${this.model.current.name} has no ${missing.join(', ')} variant (${has}): ${missing.length === 1 ? 'that row is' : 'those rows are'} left out.`)];
    }
    this.variants = asked.filter((v) => offered.includes(v));
  }

  /** Ticks or unticks a variant; the first tick starts from the chosen model's own variant. */
  toggleVariant(name: VariantName, on: boolean): void {
    const current = this.variants.length ? this.variants : this.ownVariant ? [this.ownVariant] : [];
    this.variants = on ? [...new Set([...current, name])] : current.filter((v) => v !== name);
  }

  /**
   * A Hugging Face hub repository (a shared link, the CLI's --hub): listed, and its default variant
   * downloaded (or read from storage) and read here; waits until it is, so the URL's variants are ticked
   * against the repository's.
   */
  async openHub(repo: string, revision = ''): Promise<void> {
    this.model.openHub(repo, revision);
    this.#chosen();
    await this.model.whenRead();
  }

  /** A model from an address (a shared link): downloaded and read here. */
  openModelUrl(address: string): void {
    this.model.openUrl(address);
    this.#chosen();
  }

  /**
   * Takes the model open on the Model page, bytes and all, with what its backend check measured
   * there: a backend that could not load it, or would run it mostly on the CPU, starts unticked.
   */
  adopt(from: ModelChoice, measured: readonly CheckedBackend[] | null = null): void {
    this.model.adopt(from);
    this.#chosen(measured);
  }

  #chosen(measured: readonly CheckedBackend[] | null = null): void {
    // Another model: its own variant alone until ticked otherwise.
    this.variants = [];
    this.#inputForModel();
    void this.#afterRead(measured);
  }

  /** Classifiers start on a photo; other models on the seeded synthetic input, which has a native reference. */
  #inputForModel(): void {
    if (this.model.current.gallery?.classifier) {
      if (this.input.kind === 'synthetic') this.input = { kind: 'sample', file: DEFAULT_SAMPLE };
    } else this.input = { kind: 'synthetic' };
  }

  /** Once the model is read: its symbolic dimensions, and GPU backends that would mostly run on the CPU. */
  async #afterRead(measured: readonly CheckedBackend[] | null): Promise<void> {
    const key = this.model.current.key;
    const model = await this.model.whenRead();
    if (model.key !== key || !model.info) return;
    // A token model's token inputs take batch x sequence; the other symbolic dims keep their own fields.
    const tokens = tokenInputs(model.info);
    this.takesTokens = tokens.some((v) => inputRole(v.name) === 'input_ids');
    const tokenDims = new Set(this.takesTokens ? symbolicDims({ ...model.info, inputs: tokens }) : []);
    this.dimOverrides = Object.fromEntries(symbolicDims(model.info).filter((d) => !tokenDims.has(d)).map((d) => [d, this.dimOverrides[d] ?? 1]));
    this.notes = this.notes.filter((n) => n.kind !== 'model');
    const tfjsModel = await this.#tfjsModelOf(model);
    const capabilities = await browserCapabilities();
    if (this.model.current.key !== key) return;
    const { selected, notes } = initialSelection({
      model: { name: model.name, opHistogram: model.info.opHistogram, opsets: model.info.opsets },
      selected: this.selected,
      measured,
      backendsChosen: this.backendsChosen,
      backends: capabilities.backends,
      tfjsModel,
    });
    Object.assign(this.selected, selected);
    this.notes = [...this.notes, ...notes.map((text) => ({ kind: 'model' as const, text }))];
  }

  /** The plan as URL parameters, so a setup can be shared and reloaded (the user's own files cannot be). */
  planParams(): URLSearchParams {
    const { warmupRuns, timedRuns, minSeconds, selected, wasmThreads, input, variants } = this;
    return writeBenchUrl({ model: this.model.current, selected, wasmThreads, warmupRuns, timedRuns, minSeconds, input, variants, tokens: this.tokens(), text: this.text });
  }

  /** A photo picked on this page: checked at once, so a text file named .jpg is refused here, not by every row later. */
  async useImage(image: ImageSource): Promise<void> {
    this.imageError = null;
    try {
      await checkImageFile(image.blob, image.name);
    } catch (error) {
      this.imageError = messageOf(error);
      return;
    }
    this.currentImage = image;
    this.input = { kind: 'current' };
  }

  /**
   * The rows to run: WASM once per thread count, GPUs with the most threads for their CPU fallback;
   * with variants ticked, every variant on each (TF.js runs no ONNX variant).
   */
  choices(tfjsModel = this.tfjsModel): BackendChoice[] {
    const backends = benchChoices(this.selected, this.wasmThreads, this.variants.length === 0 ? tfjsModel : null);
    return variantChoices(this.variants, backends);
  }

  /**
   * What TF.js backends would run for a read model: its TF.js original, its conversion (when the
   * converter maps every op), or nothing. Remembered by the model's key.
   */
  async #tfjsModelOf(model: Pick<ChosenModel, 'key' | 'gallery' | 'tfjsSource' | 'info'>): Promise<TfjsModelKind | null> {
    if (tfjsSourceOf(model)) return 'original';
    if (!model.info) return null;
    const known = this.#convertsToTfjs;
    const converts = known?.key === model.key ? known.converts : Object.keys(await unmappedOnnxOps(model.info.opHistogram)).length === 0;
    if (this.model.current.key === model.key) this.#convertsToTfjs = { key: model.key, converts };
    return converts ? 'converted' : null;
  }

  /** The TF.js graph model for the run's TF.js rows: the original's source, or the model converted (once per model). */
  async #tfjsGraph(kind: TfjsModelKind, model: Pick<ChosenModel, 'key' | 'gallery' | 'tfjsSource'>, bytes: Uint8Array): Promise<TfjsGraphSource> {
    if (kind === 'original') return { kind, source: tfjsSourceOf(model)! };
    if (this.#conversion?.key !== model.key) {
      const graph = convertForTfjs(bytes);
      this.#conversion = { key: model.key, graph };
      // A refusal is not kept: the next run tries again (and says why again).
      graph.catch(() => {
        if (this.#conversion?.graph === graph) this.#conversion = null;
      });
    }
    return { kind, converted: await this.#conversion!.graph };
  }

  /** The model can be fed typed text: a hub model whose repository has its tokenizer. */
  get takesText(): boolean {
    return this.model.current.hub?.files['tokenizer.json'] !== undefined;
  }

  /** A token model's synthetic input, batch x sequence; null for other models. */
  tokens(): { batch: number; sequence: number } | null {
    return this.takesTokens ? { batch: this.batch, sequence: this.sequence } : null;
  }

  async #inputRequest(): Promise<{ request: InputRequest; name: string }> {
    const imageInput = this.imageInput;
    const hubFiles = this.model.current.hub?.files;
    if (this.input.kind === 'text' && hubFiles) {
      const text = this.text.trim();
      if (!text) throw new Failure('bad-input', 'There is no text to feed the model: type some in "Text to tokenize", or choose synthetic data.');
      // One row per batch entry, all the same text: a batch of real tokens at the chosen batch size.
      return { request: { kind: 'text', texts: Array.from({ length: this.batch }, () => text), files: { ...hubFiles } }, name: `${text.length > 60 ? `${text.slice(0, 57)}...` : text}${this.batch > 1 ? ` (× ${this.batch})` : ''}` };
    }
    if (!imageInput || this.input.kind === 'synthetic') {
      const tokens = this.tokens();
      const sizes = [...(tokens ? [`batch ${tokens.batch} × seq ${tokens.sequence}`] : []), ...Object.entries(this.dimOverrides).map(([d, n]) => `${d}=${n}`)].join(', ');
      // Ids below the vocabulary's size: the URL's, else a hub model's config.json.
      const vocabularySize = this.vocabularySize ?? vocabularySizeOf(this.model.current.hub?.files['config.json']);
      const tokenShape = tokens && { ...tokens, ...(vocabularySize && { vocabularySize }) };
      return { request: { kind: 'synthetic', seed: PORTABILITY_SEED, dimOverrides: { ...this.dimOverrides }, ...(tokenShape && { tokens: tokenShape }) }, name: `synthetic (seed ${PORTABILITY_SEED}${sizes ? `, ${sizes}` : ''})` };
    }
    let image: ImageSource;
    if (this.input.kind === 'current' && this.currentImage) {
      image = this.currentImage;
    } else {
      const file = this.input.kind === 'sample' ? this.input.file : DEFAULT_SAMPLE;
      image = { blob: await loadSample(file), name: file };
    }
    return { request: { kind: 'image', file: image.blob, name: image.name, recipe: $state.snapshot(imageInput.recipe) }, name: image.name };
  }

  async run(): Promise<void> {
    if (this.running) return;
    // Whether the model converts to TF.js is known once it is read: its TF.js rows are planned then.
    if (this.choices('converted').length === 0) {
      this.error = 'Tick at least one backend to compare.';
      return;
    }
    this.error = null;
    this.report = null;
    this.interrupted = null;
    this.running = true;
    const controller = new AbortController();
    this.#controller = controller;
    this.#rowControllers = [];
    const runPlan: PlannedRuns = { warmupRuns: this.warmupRuns, timedRuns: this.timedRuns, minSeconds: this.minSeconds };
    this.runPlan = runPlan;
    const record = { model: this.model.current.name, galleryId: this.model.current.gallery?.id ?? null, startedAt: Date.now(), plan: runPlan };
    this.#runRecord.current = recordRun(record, null);
    let recordedAt = 0;
    const onProgress = (p: BenchProgress) => {
      this.progress = p;
      // Kept as it goes (at most twice a second), for the page after a reload to say how far it got.
      if (performance.now() - recordedAt < 500) return;
      recordedAt = performance.now();
      this.#runRecord.current = recordRun(record, p);
    };
    try {
      // Run was pressed while the chosen model was still being read: run that model, once it is
      // (Cancel still works meanwhile).
      const cancelled = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new BenchAbortedError()), { once: true }));
      cancelled.catch(() => undefined);
      const chosen = await Promise.race([this.model.whenRead(), cancelled]);
      if (chosen.status !== 'ready') {
        // Never measure another model than the one on screen: say why nothing ran.
        this.error = `Nothing was run: ${chosen.error ?? `${chosen.name} could not be read.`} Choose another model.`;
        return;
      }
      const gallery = chosen.gallery;
      const tfjsModel = await this.#tfjsModelOf(chosen);
      const choices = this.choices(tfjsModel);
      if (choices.length === 0) {
        this.error = `Tick at least one backend to compare: ${chosen.name} has no TF.js original and does not convert to TensorFlow.js, so TF.js backends cannot run it.`;
        return;
      }
      this.#rowControllers = choices.map(() => new AbortController());
      const runsTfjs = choices.some((c) => BACKENDS[c.backend].runs === 'tfjs-graph');
      const classifier = gallery?.classifier ?? null;
      const { request: input, name: inputName } = await this.#inputRequest();
      const tokens = input.kind === 'synthetic' ? this.tokens() : null;
      this.imageError = null;
      const payload = await this.model.payload();
      // Each variant's file, loaded once: the ticked ones and the parity reference (fp32), which runs unseen when not ticked.
      const sources = this.variants.length ? this.variantSources : [];
      const reference = referenceVariant(sources.map((v) => v.name));
      const needed = sources.filter((v) => this.variants.includes(v.name) || v.name === reference);
      const payloads = new Map<VariantName | undefined, ModelPayload>(await Promise.all(needed.map(async (v) => [v.name, await v.load()] as const)));
      // The TF.js graph model, or why the TF.js rows cannot run (a conversion refused: each such row says so).
      let tfjsGraph: TfjsGraphSource | null = null;
      let tfjsRefusal: string | null = null;
      if (runsTfjs && tfjsModel) {
        try {
          tfjsGraph = await Promise.race([this.#tfjsGraph(tfjsModel, chosen, payload.bytes), cancelled]);
        } catch (error) {
          if (error instanceof BenchAbortedError) throw error;
          tfjsRefusal = `${chosen.name} could not be converted to TensorFlow.js: ${messageOf(error)}`;
        }
      }
      const model: TargetModel = {
        model: { kind: 'bytes', ...payload },
        classifier: classifier && { outputName: classifier.outputName, outputKind: classifier.outputKind, labelsFile: classifier.labelsFile },
        tfjs: tfjsGraph && { model: tfjsGraph, outputOrder: chosen.info?.outputs.map((o) => o.name) ?? null },
        ...(this.#loseGpuAfter !== null && { loseGpuAfterRuns: this.#loseGpuAfter }),
      };
      this.#loseGpuAfter = null;
      // The native reference exists for gallery models on the seeded input with every symbolic dimension 1.
      const nativeReference =
        gallery && sources.length === 0 && input.kind === 'synthetic' && input.seed === PORTABILITY_SEED && Object.values(input.dimOverrides).every((n) => n === 1)
          ? (portability.references as PortabilityReference[]).find((r) => r.model === gallery.id)
          : undefined;
      const results = await runBenchmark(
        {
          choices, warmupRuns: this.warmupRuns, timedRuns: this.timedRuns, minSeconds: this.minSeconds, classifier: classifier !== null, bareLoop: this.bareLoop, nativeReference,
          // With a TF.js original in the plan, every row is compared with the original as TF.js runs it;
          // a conversion is compared, as every row, with the ONNX model on WASM ×1.
          ...(tfjsModel === 'original' && runsTfjs && { reference: cpuReference('tensorflow.js') }),
          // With variants, every row is compared with the full-precision variant on WASM ×1.
          ...(reference && { reference: { ...cpuReference('onnxruntime-web'), variant: reference } }),
          ...(tokens && { tokens }),
          // A text model's logits: their top label is what a quantized variant must keep.
          topLabel: chosen.info?.outputs.some((o) => o.name === 'logits') ?? false,
        },
        (choice) => {
          // A backend this browser lacks (asked for by URL or CLI) reports why instead of starting a worker.
          const status = this.capabilities?.backends.find((b) => b.id === choice.backend);
          if (status && !status.available) return unavailableTarget(choice, status.reason ?? 'not available in this browser');
          if (tfjsRefusal && BACKENDS[choice.backend].runs === 'tfjs-graph') return unavailableTarget(choice, tfjsRefusal, `Not run: ${tfjsRefusal}`);
          const blocked = variantBlocker(choice.variant, choice.backend, this.capabilities?.webgpu ?? null);
          if (blocked) return unavailableTarget(choice, blocked, `Not run: ${blocked}`);
          const variantPayload = payloads.get(choice.variant);
          return startBenchTarget(choice, variantPayload ? { ...model, model: { kind: 'bytes', ...variantPayload } } : model, input);
        },
        { signal: controller.signal, onProgress, rowSignals: this.#rowControllers.map((c) => c.signal) },
      );
      const adapter = this.capabilities?.webgpu;
      const info = chosen.info;
      const ranGraph = tfjsGraph?.kind ?? null;
      const report: BenchExport = {
        tool: 'onnx-playground',
        version: APP_VERSION,
        createdAt: new Date().toISOString(),
        environment: {
          userAgent: navigator.userAgent,
          // The version onnxruntime-web's targets reported on opening (one app build bundles one).
          ort: results.find((r) => r.framework === 'onnxruntime-web' && r.frameworkVersion)?.frameworkVersion ?? 'unknown',
          crossOriginIsolated: globalThis.crossOriginIsolated === true,
          hardwareConcurrency: navigator.hardwareConcurrency,
          webgpuAdapter: adapter ? { vendor: adapter.vendor, architecture: adapter.architecture, description: adapter.description, isFallbackAdapter: adapter.isFallbackAdapter } : null,
        },
        model: gallery
          ? { id: gallery.id, sha256: gallery.source.sha256, producer: gallery.source.producer, opset: gallery.source.opset }
          : { id: chosen.name, sha256: await sha256Hex(payload.bytes), producer: info ? `${info.producer.name} ${info.producer.version}`.trim() || null : null, opset: info?.opsets['ai.onnx'] ?? null },
        input: { kind: input.kind, name: inputName, ...(tokens && { tokens }) },
        settings: { warmupRuns: this.warmupRuns, timedRuns: this.timedRuns, minSeconds: this.minSeconds },
        // TF.js rows say which TF.js graph model they ran: the original, or the conversion made in the tab.
        results: results.map((r) => (ranGraph && BACKENDS[r.backend].runs === 'tfjs-graph' ? { ...r, tfjsModel: ranGraph } : r)),
      };
      this.report = report;
      this.reportTfjsSource = tfjsGraph?.kind === 'converted' ? { kind: 'converted', ms: tfjsGraph.converted.ms } : (tfjsGraph?.source ?? null);
      this.reportFromHistory = false;
      this.history.current = [report, ...this.history.current].slice(0, HISTORY_LIMIT);
    } catch (error) {
      this.error = error instanceof BenchAbortedError ? 'Cancelled: the benchmark stopped and its workers were ended.' : messageOf(error);
    } finally {
      this.running = false;
      this.progress = null;
      this.runPlan = null;
      this.#controller = null;
      this.#rowControllers = [];
      this.#runRecord.current = null;
      this.finishedRuns++;
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }

  /** Stops one row of the run under way (its index in the progress's rows): it keeps what it finished, the others go on. */
  stopRow(index: number): void {
    this.#rowControllers[index]?.abort();
  }

  /** The interrupted run can be run again here when the page shows the same model (a gallery model, or one from an address, comes back with the plan in the address bar). */
  get canRunInterruptedAgain(): boolean {
    return this.interrupted !== null && this.interrupted.model === this.model.current.name;
  }

  dismissInterrupted(): void {
    this.interrupted = null;
  }

  showFromHistory(report: BenchExport): void {
    if (report !== this.report) this.reportTfjsSource = null;
    this.report = report;
    this.reportFromHistory = report !== this.history.current[0] || this.finishedRuns === 0;
  }

  clearHistory(): void {
    this.history.current = [];
  }
}
