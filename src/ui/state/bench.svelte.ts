/**
 * The backend comparison page's state: the plan the user builds (model, input, backends, runs), the
 * running benchmark and its history. It lives as long as the app, so a run goes on and its results
 * stay while the user looks at another page. The procedure itself is engine/bench/run-benchmark.ts.
 */
import { BACKEND_IDS, BACKENDS, backendsWhere, frameworkOf, isBackendId, type BackendId } from '../../engine/backends/backend-id';
import type { Capabilities } from '../../engine/backends/detect';
import { staticSupport } from '../../engine/backends/operator-support';
import { cpuReference, runBenchmark, BenchAbortedError, type BackendChoice, type BenchProgress, type TargetHandle } from '../../engine/bench/run-benchmark';
import type { BenchExport } from '../../engine/bench/report';
import { sha256Hex } from '../../engine/model/fetch-model';
import { resolveThreadList } from '../../engine/ort/threads';
import { DEFAULT_CLASSIFIER_ID } from '../../tasks/classification/models';
import { loadSample } from '../../tasks/classification/samples';
import { GALLERY, findGalleryModel } from '../../tasks/gallery';
import { startBenchTarget, tfjsSourceOf } from '../../workers/bench-client';
import type { InputRequest, TargetModel } from '../../workers/bench-protocol';
import { Persisted } from './persisted.svelte';
import type { ModelInfo } from '../../engine/onnx-format/model-info';
import { PORTABILITY_SEED, type PortabilityReference } from '../../engine/bench/portability';
import portability from '../../tasks/portability-reference.json';
import { browserCapabilities } from './capabilities';
import { messageOf } from '../../shared/errors';
import type { ImageSource } from '../../shared/image-source';
import { ModelChoice } from './model-choice.svelte';
import type { BackendSupport } from './support.svelte';
import { checkImageFile } from '../../engine/image/decode';
import { imageInputFor } from '../../tasks/image-input';

export const APP_VERSION = '0.1.0';
const HISTORY_LIMIT = 20;
export const DEFAULT_SAMPLE = 'dog.jpg';

export type InputChoice = { kind: 'sample'; file: string } | { kind: 'current' } | { kind: 'synthetic' };

/**
 * What the page changed of the plan it was given, and why. `unticked`: a backend the page unticked
 * for the chosen model (replaced when another model is chosen); `plan`: the URL's plan adjusted.
 */
export interface PlanNote {
  kind: 'plan' | 'unticked';
  text: string;
}
const planNote = (text: string): PlanNote => ({ kind: 'plan', text });

/** Plan settings read from the URL (the CLI drives the page this way). */
export function readBenchUrl(search: string) {
  const params = new URLSearchParams(search);
  const list = (name: string) => params.get(name)?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
  const backends = list('backends');
  const unknown = backends?.filter((b) => !isBackendId(b)) ?? [];
  const number = (name: string) => {
    const value = params.get(name);
    return value === null || value === '' || !Number.isFinite(Number(value)) ? null : Number(value);
  };
  const input = params.get('input');
  return {
    model: params.get('model'),
    /** A model opened from an address: the link can carry it. */
    modelUrl: params.get('modelUrl'),
    /** The name of the user's own file: a link cannot carry the file itself. */
    file: params.get('file'),
    inputWasCurrent: input === 'current',
    backends: backends?.filter(isBackendId) ?? null,
    unknownBackends: unknown,
    /** As given: the page checks them against what the browser offers. */
    threads: params.get('threads'),
    warmup: number('warmup'),
    runs: number('runs'),
    seconds: number('seconds'),
    input: input === 'synthetic' ? ({ kind: 'synthetic' } as const) : input?.startsWith('sample:') ? ({ kind: 'sample', file: input.slice(7) } as const) : null,
    autorun: params.get('autorun') === '1',
    bareLoop: params.get('bare') === '1',
    loseGpuAfter: number('loseGpuAfter'),
  };
}

/**
 * What the page says of backend ids in the URL it does not know: which they were, the ids there are,
 * and, when none known was left, that the default backends stay ticked.
 */
export function unknownBackendsNote(unknown: readonly string[], knownCount: number): string {
  const named = unknown.map((id) => `"${id}"`).join(', ');
  const what = unknown.length === 0 ? 'backends= names no backend' : `${named} ${unknown.length === 1 ? 'is not a backend' : 'are not backends'}`;
  const kept = knownCount === 0 ? ' Nothing known was left, so the default backends stay ticked.' : '';
  return `${what}; the ids are ${BACKEND_IDS.join(', ')}.${kept}`;
}

/** The names of the symbolic dimensions among a model's inputs, in order of appearance. */
export function symbolicDims(info: ModelInfo): string[] {
  return [...new Set(info.inputs.flatMap((v) => (v.shape ?? []).filter((d): d is string => typeof d === 'string')))];
}


/** A target that fails to open with the capability check's reason. */
function unavailableTarget(choice: BackendChoice, reason: string): TargetHandle {
  const fail = () => Promise.reject(new Error(`${BACKENDS[choice.backend].title} is unavailable: ${reason}`));
  return { entry: BACKENDS[choice.backend].entry, open: fail, run: fail, output: fail, bareLoop: fail, dispose: async () => {} };
}

/** Below this share of nodes on the GPU, a GPU row would time the CPU fallback, not the GPU. */
const MOSTLY_CPU = 0.5;

export class BenchState {
  readonly gallery = GALLERY;
  /** The model the next run measures; everything the page says about "the model" reads it. */
  readonly model = new ModelChoice();
  capabilities = $state.raw<Capabilities | null>(null);
  input = $state<InputChoice>({ kind: 'sample', file: DEFAULT_SAMPLE });
  /** A photo chosen on this page (or on the classification page), used when input is 'current'. */
  currentImage = $state.raw<ImageSource | null>(null);
  selected = $state<Record<BackendId, boolean>>(Object.fromEntries(BACKEND_IDS.map((id) => [id, BACKENDS[id].tickedByDefault])) as Record<BackendId, boolean>);
  /** The model's TF.js original (a gallery model's, or the one the user converted): only then can TF.js backends run it. */
  tfjsOriginal = $derived(tfjsSourceOf(this.model.current));
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
  /** Sizes for the model's symbolic input dimensions (batch and the like); 1 unless set. */
  dimOverrides = $state<Record<string, number>>({});
  /** The results shown were picked from the history (they may be of another model than the plan's). */
  reportFromHistory = $state(false);
  /** Counts finished runs: the page moves focus to the results when it changes. */
  finishedRuns = $state(0);
  history = new Persisted<BenchExport[]>('onnx-playground:bench-history', []);
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
    for (const status of capabilities.backends) if (!status.available) this.selected[status.id] = false;
    const url = readBenchUrl(search);
    const errors: string[] = [];
    if (url.model && !findGalleryModel(url.model)) errors.push(`There is no model "${url.model}" in the gallery: showing ${DEFAULT_CLASSIFIER_ID} instead.`);
    // A backends list with nothing known in it keeps the default ticks: unticking all would leave a plan that cannot run.
    if (url.backends?.length) {
      for (const id of BACKEND_IDS) this.selected[id] = url.backends.includes(id);
      this.backendsChosen = true;
    }
    if (url.unknownBackends.length || url.backends?.length === 0) this.notes = [...this.notes, planNote(unknownBackendsNote(url.unknownBackends, url.backends?.length ?? 0))];
    if (url.threads) {
      const checked = resolveThreadList(url.threads, maxThreads, capabilities.crossOriginIsolated);
      if (checked.threads.length) this.wasmThreads = checked.threads;
      this.notes = [...this.notes, ...checked.notes.map(planNote)];
    }
    const count = (name: string, value: number | null, min: number, max: number, fallback: number) => {
      if (value === null) return fallback;
      const clamped = Math.min(max, Math.max(min, Math.round(value)));
      if (clamped !== value) this.notes = [...this.notes, planNote(`${name}=${value} is outside ${min}-${max}: ${clamped} is used.`)];
      return clamped;
    };
    this.warmupRuns = count('warmup', url.warmup, 0, 100, this.warmupRuns);
    this.timedRuns = count('runs', url.runs, 1, 1000, this.timedRuns);
    this.minSeconds = count('seconds', url.seconds, 0, 600, this.minSeconds);
    // A model brought from the Model page before this page was first shown stays.
    if (url.model && findGalleryModel(url.model)) this.chooseGallery(url.model);
    else if (url.modelUrl) this.openModelUrl(url.modelUrl);
    else if (!this.model.current.name) {
      if (url.file) this.notes = [...this.notes, planNote(`This plan was made with your own file "${url.file}", which a link cannot carry: open it on the Model page. Showing ${DEFAULT_CLASSIFIER_ID} meanwhile.`)];
      this.chooseGallery(DEFAULT_CLASSIFIER_ID);
    }
    if (url.inputWasCurrent) this.notes = [...this.notes, planNote('input=current was a photo chosen on this page, which a link cannot carry: a sample photo is used; choose yours again.')];
    if (url.input && (url.input.kind === 'synthetic' || this.takesImage)) this.input = url.input;
    this.bareLoop = url.bareLoop;
    this.#loseGpuAfter = url.loseGpuAfter;
    this.error = errors.join(' ') || null;
    if (url.autorun && !this.error) await this.run();
  }

  chooseGallery(id: string): void {
    this.model.useGallery(id);
    this.#chosen();
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
  adopt(from: ModelChoice, measured: BackendSupport[] | null = null): void {
    this.model.adopt(from);
    this.#chosen(measured);
  }

  #chosen(measured: BackendSupport[] | null = null): void {
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
  async #afterRead(measured: BackendSupport[] | null): Promise<void> {
    const key = this.model.current.key;
    const model = await this.model.whenRead();
    if (model.key !== key || !model.info) return;
    this.dimOverrides = Object.fromEntries(symbolicDims(model.info).map((d) => [d, this.dimOverrides[d] ?? 1]));
    this.notes = this.notes.filter((n) => n.kind !== 'unticked');
    const capabilities = await browserCapabilities();
    if (this.model.current.key !== key) return;
    const notes: string[] = [];
    for (const row of measured ?? []) {
      // Only a GPU backend can load a model the CPU loads, or hand most of it to the CPU.
      if (!BACKENDS[row.backend].gpu || !this.selected[row.backend]) continue;
      const placement = row.placement;
      const mostlyCpu = row.status === 'fallback' && placement !== null && placement.cpuNodes / (placement.cpuNodes + placement.gpuNodes) > MOSTLY_CPU;
      if (row.status !== 'error' && !mostlyCpu) continue;
      this.selected[row.backend] = false;
      notes.push(
        row.status === 'error'
          ? `${BACKENDS[row.backend].title} is unticked: it could not load ${model.name} when checked on the Model page (${row.message}).`
          : `${BACKENDS[row.backend].title} is unticked: the check on the Model page put ${placement!.cpuNodes} of ${placement!.cpuNodes + placement!.gpuNodes} nodes on the CPU, so its row would time the CPU fallback. Tick it to run it anyway.`,
      );
    }
    if (!this.backendsChosen && !measured) {
      // The backends ticked by default whose operator list says what they run (WebGPU): a model mostly
      // outside the list would time the CPU fallback.
      for (const id of backendsWhere((b) => b.tickedByDefault && b.operatorList !== null)) {
        const listed = staticSupport(id, model.info.opHistogram, model.info.opsets);
        const onCpu = listed.whenMissing === 'fails' ? listed.totalNodes : listed.missingNodes;
        const mostlyCpu = listed.totalNodes > 0 && onCpu / listed.totalNodes > MOSTLY_CPU;
        const available = capabilities.backends.find((b) => b.id === id)?.available ?? false;
        this.selected[id] = available && !mostlyCpu;
        if (available && mostlyCpu) {
          notes.push(
            `${BACKENDS[id].title} is unticked: by onnxruntime-web's operator list, ${onCpu} of ${listed.totalNodes} nodes of ${model.name} would run on the CPU, ` +
              'so its row would time the CPU fallback, not the GPU. Tick it to run it anyway.',
          );
        }
      }
    }
    this.notes = [...this.notes, ...notes.map((text) => ({ kind: 'unticked' as const, text }))];
  }

  /** The plan as URL parameters, so a setup can be shared and reloaded (the user's own files cannot be). */
  planParams(): URLSearchParams {
    const params = new URLSearchParams();
    const current = this.model.current;
    if (current.gallery) params.set('model', current.gallery.id);
    else if (current.origin === 'url' && current.url) params.set('modelUrl', current.url);
    else if (current.origin === 'file') params.set('file', current.name);
    params.set('backends', BACKEND_IDS.filter((id) => this.selected[id]).join(','));
    params.set('threads', [...this.wasmThreads].sort((a, b) => a - b).join(','));
    params.set('warmup', String(this.warmupRuns));
    params.set('runs', String(this.timedRuns));
    if (this.minSeconds) params.set('seconds', String(this.minSeconds));
    params.set('input', this.input.kind === 'sample' ? `sample:${this.input.file}` : this.input.kind);
    return params;
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

  /** The (backend, threads) pairs to run: WASM once per thread count, GPUs with the most threads for their CPU fallback. */
  choices(): BackendChoice[] {
    const threads = [...new Set(this.wasmThreads)].sort((a, b) => a - b);
    const fallbackThreads = threads.at(-1) ?? 1;
    const choices: BackendChoice[] = [];
    for (const id of BACKEND_IDS) {
      if (!this.selected[id]) continue;
      // TF.js runs only a model's TF.js original; its GPU backends have no thread setting.
      if (frameworkOf(id) === 'tensorflow.js' && !this.tfjsOriginal) continue;
      if (BACKENDS[id].threaded) choices.push(...threads.map((t) => ({ backend: id, threads: t })));
      else if (frameworkOf(id) === 'tensorflow.js') choices.push({ backend: id, threads: 1 });
      else choices.push({ backend: id, threads: fallbackThreads });
    }
    return choices;
  }

  async #inputRequest(): Promise<{ request: InputRequest; name: string }> {
    const imageInput = this.imageInput;
    if (!imageInput || this.input.kind === 'synthetic') {
      const sizes = Object.entries(this.dimOverrides).map(([d, n]) => `${d}=${n}`).join(', ');
      return { request: { kind: 'synthetic', seed: PORTABILITY_SEED, dimOverrides: { ...this.dimOverrides } }, name: `synthetic (seed ${PORTABILITY_SEED}${sizes ? `, ${sizes}` : ''})` };
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
    const choices = this.choices();
    if (choices.length === 0) {
      this.error = 'Tick at least one backend to compare.';
      return;
    }
    this.error = null;
    this.report = null;
    this.running = true;
    const controller = new AbortController();
    this.#controller = controller;
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
      const tfjsOriginal = tfjsSourceOf(chosen);
      const classifier = gallery?.classifier ?? null;
      const { request: input, name: inputName } = await this.#inputRequest();
      this.imageError = null;
      const payload = await this.model.payload();
      const model: TargetModel = {
        model: { kind: 'bytes', ...payload },
        classifier: classifier && { outputName: classifier.outputName, outputKind: classifier.outputKind, labelsFile: classifier.labelsFile },
        tfjs: tfjsOriginal && { source: tfjsOriginal, outputOrder: chosen.info?.outputs.map((o) => o.name) ?? null },
        ...(this.#loseGpuAfter !== null && { loseGpuAfterRuns: this.#loseGpuAfter }),
      };
      this.#loseGpuAfter = null;
      // The native reference exists for gallery models on the seeded input with every symbolic dimension 1.
      const nativeReference =
        gallery && input.kind === 'synthetic' && input.seed === PORTABILITY_SEED && Object.values(input.dimOverrides).every((n) => n === 1)
          ? (portability.references as PortabilityReference[]).find((r) => r.model === gallery.id)
          : undefined;
      const results = await runBenchmark(
        {
          choices, warmupRuns: this.warmupRuns, timedRuns: this.timedRuns, minSeconds: this.minSeconds, classifier: classifier !== null, bareLoop: this.bareLoop, nativeReference,
          // With TF.js in the plan, every row is compared with the original as TF.js runs it.
          ...(tfjsOriginal && choices.some((c) => frameworkOf(c.backend) === 'tensorflow.js') && { reference: cpuReference('tensorflow.js') }),
        },
        (choice) => {
          // A backend this browser lacks (asked for by URL or CLI) reports why instead of starting a worker.
          const status = this.capabilities?.backends.find((b) => b.id === choice.backend);
          if (status && !status.available) return unavailableTarget(choice, status.reason ?? 'not available in this browser');
          return startBenchTarget(choice, model, input);
        },
        { signal: controller.signal, onProgress: (p) => (this.progress = p) },
      );
      const adapter = this.capabilities?.webgpu;
      const info = chosen.info;
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
        input: { kind: input.kind, name: inputName },
        settings: { warmupRuns: this.warmupRuns, timedRuns: this.timedRuns, minSeconds: this.minSeconds },
        results,
      };
      this.report = report;
      this.reportFromHistory = false;
      this.history.current = [report, ...this.history.current].slice(0, HISTORY_LIMIT);
    } catch (error) {
      this.error = error instanceof BenchAbortedError ? 'Cancelled: the benchmark stopped and its workers were ended.' : messageOf(error);
    } finally {
      this.running = false;
      this.progress = null;
      this.#controller = null;
      this.finishedRuns++;
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }

  showFromHistory(report: BenchExport): void {
    this.report = report;
    this.reportFromHistory = report !== this.history.current[0] || this.finishedRuns === 0;
  }

  clearHistory(): void {
    this.history.current = [];
  }
}
