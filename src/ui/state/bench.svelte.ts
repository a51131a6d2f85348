/**
 * The backend comparison page's state: capabilities, the plan the user builds, the running
 * benchmark and its history. The procedure itself is engine/bench/run-benchmark.ts.
 */
import { BACKEND_IDS, BACKENDS, isBackendId, type BackendId } from '../../engine/backends/backend-id';
import { detectCapabilities, type Capabilities } from '../../engine/backends/detect';
import { runBenchmark, BenchAbortedError, type BackendChoice, type BenchProgress, type TargetHandle } from '../../engine/bench/run-benchmark';
import type { BenchExport } from '../../engine/bench/report';
import { fetchModel, sha256Hex, type DownloadProgress } from '../../engine/model/fetch-model';
import type { RuntimeInfo } from '../../engine/ort/runtime';
import { DEFAULT_CLASSIFIER_ID } from '../../tasks/classification/models';
import { loadSample } from '../../tasks/classification/samples';
import { GALLERY, findGalleryModel, type GalleryModel } from '../../tasks/gallery';
import { modelUrl } from '../../tasks/model-source';
import { startBenchTarget } from '../../workers/bench-client';
import type { InputRequest, OpenRequest } from '../../workers/bench-protocol';
import { Persisted } from './persisted.svelte';
import type { ModelInfo } from '../../engine/onnx-format/model-info';
import type { Placement } from '../../engine/bench/placement';
import { PORTABILITY_SEED, type PortabilityReference } from '../../engine/bench/portability';
import portability from '../../tasks/portability-reference.json';
import { inspectModel } from '../../workers/inspect-client';
import { messageOf, type ImageSource } from './classifier.svelte';

export const APP_VERSION = '0.1.0';
const HISTORY_LIMIT = 20;
export const DEFAULT_SAMPLE = 'dog.jpg';

export type InputChoice = { kind: 'sample'; file: string } | { kind: 'current' } | { kind: 'synthetic' };

export interface UserModel {
  name: string;
  /** Kept as a File: read whole only when a benchmark runs, never for inspection. */
  file: File;
  /** The files its tensors are stored in, by the location the model names, when saved with external data. */
  externalFiles: { location: string; file: File }[];
}

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
    backends: backends?.filter(isBackendId) ?? null,
    unknownBackends: unknown,
    threads: list('threads')?.map(Number).filter((n) => Number.isInteger(n) && n > 0) ?? null,
    warmup: number('warmup'),
    runs: number('runs'),
    seconds: number('seconds'),
    input: input === 'synthetic' ? ({ kind: 'synthetic' } as const) : input?.startsWith('sample:') ? ({ kind: 'sample', file: input.slice(7) } as const) : null,
    autorun: params.get('autorun') === '1',
    bareLoop: params.get('bare') === '1',
    loseGpuAfter: number('loseGpuAfter'),
  };
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

const producerOf = (info: ModelInfo | null) => (info ? `${info.producer.name} ${info.producer.version}`.trim() || null : null);

export interface BackendSupport {
  backend: BackendId;
  /** 'ok': every node on this backend; 'fallback': some on the CPU; 'error': the session could not be created. */
  status: 'ok' | 'fallback' | 'error';
  placement: Placement | null;
  message: string | null;
  sessionCreateMs: number | null;
}

export class BenchState {
  readonly gallery = GALLERY;
  capabilities = $state.raw<Capabilities | null>(null);
  modelId = $state(DEFAULT_CLASSIFIER_ID);
  userModel = $state.raw<UserModel | null>(null);
  input = $state<InputChoice>({ kind: 'sample', file: DEFAULT_SAMPLE });
  /** A photo chosen on this page (or on the classification page), used when input is 'current'. */
  currentImage = $state.raw<ImageSource | null>(null);
  selected = $state<Record<BackendId, boolean>>({ wasm: true, webgpu: true, 'webgpu-jsep': false, webgl: false, webnn: false });
  wasmThreads = $state<number[]>([1]);
  warmupRuns = $state(3);
  timedRuns = $state(20);
  minSeconds = $state(0);
  bareLoop = $state(false);
  running = $state(false);
  progress = $state.raw<BenchProgress | null>(null);
  report = $state.raw<BenchExport | null>(null);
  error = $state<string | null>(null);
  /** Facts about the chosen model (the "Model details" region), read in a worker. */
  modelInfo = $state.raw<ModelInfo | null>(null);
  inspecting = $state(false);
  /** Per backend: can it load the chosen model, and which ops would fall back to the CPU. */
  support = $state.raw<BackendSupport[] | null>(null);
  checkingSupport = $state(false);
  /** Progress of a model being fetched from a URL. */
  downloading = $state.raw<DownloadProgress | null>(null);
  /** Sizes for the model's symbolic input dimensions (batch and the like); 1 unless set. */
  dimOverrides = $state<Record<string, number>>({});
  /** Bumped by every model choice: a slower, older inspection must not overwrite a newer choice. */
  #selection = 0;
  /** Diagnostics from the URL, used by the next run only: the one after it shows the recovery. */
  #loseGpuAfter: number | null = null;
  /** Settles when the model being read now has been read: a run asked for meanwhile waits for it. */
  #inspected: Promise<unknown> = Promise.resolve();
  history = new Persisted<BenchExport[]>('onnx-playground:bench-history', []);
  #controller: AbortController | null = null;

  model: GalleryModel | null = $derived(this.userModel ? null : (findGalleryModel(this.modelId) ?? null));
  /** Photos only feed the ImageNet classifiers; everything else gets synthetic input. */
  takesImage = $derived(this.model?.classifier != null);

  async start(search: string): Promise<void> {
    this.capabilities = await detectCapabilities();
    const maxThreads = this.capabilities.maxThreads;
    this.wasmThreads = maxThreads > 1 ? [1, maxThreads] : [1];
    for (const status of this.capabilities.backends) if (!status.available) this.selected[status.id] = false;
    const url = readBenchUrl(search);
    if (url.model && !findGalleryModel(url.model)) this.error = `There is no model "${url.model}" in the gallery.`;
    this.useGalleryModel(url.model && findGalleryModel(url.model) ? url.model : this.modelId);
    if (url.unknownBackends.length) this.error = `Unknown backend ${url.unknownBackends.join(', ')}: choose from ${BACKEND_IDS.join(', ')}.`;
    if (url.backends) for (const id of BACKEND_IDS) this.selected[id] = url.backends.includes(id);
    if (url.threads) this.wasmThreads = url.threads;
    if (url.warmup !== null) this.warmupRuns = url.warmup;
    if (url.runs !== null) this.timedRuns = url.runs;
    if (url.seconds !== null) this.minSeconds = url.seconds;
    if (url.input) this.input = url.input;
    this.bareLoop = url.bareLoop;
    this.#loseGpuAfter = url.loseGpuAfter;
    if (url.autorun) {
      // Once: coming back to this page later must not start another run.
      const address = new URL(location.href);
      address.searchParams.delete('autorun');
      history.replaceState(null, '', address);
      if (!this.error) await this.run();
    }
  }

  /**
   * Opens the user's model: the .onnx file among `files` (the others are its external data files).
   * It is inspected first, so a file that is not a model, or missing data, is refused with a reason.
   */
  async openUserModel(files: File[]): Promise<void> {
    this.error = null;
    const model = files.length === 1 ? files[0] : files.find((f) => f.name.toLowerCase().endsWith('.onnx'));
    if (!model) {
      this.error = `None of the ${files.length} files is an .onnx model: select the model file together with its data files.`;
      return;
    }
    const externalFiles = files.filter((f) => f !== model);
    const info = await this.#inspect(model, model.name, ++this.#selection);
    if (!info) return;
    // The model names each data file by a path relative to itself; the browser gives only file names.
    const baseName = (location: string) => location.split(/[\\/]/).pop();
    const needed = [...new Set(info.externalData.map((e) => e.location))];
    const found = needed.map((location) => ({ location, file: externalFiles.find((f) => f.name === baseName(location)) }));
    const missing = found.filter((f) => !f.file).map((f) => f.location);
    if (missing.length) {
      this.error =
        `"${model.name}" keeps its weights in ${missing.map((m) => `"${m}"`).join(', ')}, which ${missing.length > 1 ? 'were' : 'was'} not selected: ` +
        'select the .onnx file together with its data files.';
      return;
    }
    this.support = null;
    this.userModel = { name: model.name, file: model, externalFiles: found.map(({ location, file }) => ({ location, file: file! })) };
    this.input = { kind: 'synthetic' };
  }

  /** Downloads a model from an address the user typed, then opens it like a file. */
  async openModelUrl(address: string): Promise<void> {
    this.error = null;
    let url: URL;
    try {
      url = new URL(address.trim(), location.href);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(url.protocol);
    } catch {
      this.error = `"${address}" is not a web address: give an http(s) URL of an .onnx file.`;
      return;
    }
    const name = decodeURIComponent(url.pathname.split('/').pop() || 'model.onnx');
    this.downloading = { loadedBytes: 0, totalBytes: 0 };
    try {
      const bytes = await fetchModel(url.href, { name, fromUser: true }, (p) => (this.downloading = p));
      await this.openUserModel([new File([bytes as Uint8Array<ArrayBuffer>], name)]);
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.downloading = null;
    }
  }

  useImage(image: ImageSource): void {
    this.currentImage = image;
    this.input = { kind: 'current' };
  }

  useGalleryModel(id: string): void {
    this.userModel = null;
    this.support = null;
    this.modelId = id;
    if (!findGalleryModel(id)?.classifier) this.input = { kind: 'synthetic' };
    else if (this.input.kind === 'synthetic') this.input = { kind: 'sample', file: DEFAULT_SAMPLE };
    void this.#inspectGallery(id, ++this.#selection);
  }

  async #inspectGallery(id: string, selection: number): Promise<void> {
    const model = findGalleryModel(id);
    if (!model) return;
    try {
      const response = await fetch(modelUrl(model.source.file));
      if (!response.ok) throw new Error(`HTTP ${response.status}: run \`npm run setup\``);
      await this.#inspect(await response.blob(), model.source.file, selection);
    } catch (error) {
      if (selection === this.#selection) this.error = `Could not read ${model.source.file}: ${messageOf(error)}`;
    }
  }

  async #inspect(file: Blob, name: string, selection: number): Promise<ModelInfo | null> {
    const current = () => selection === this.#selection;
    // A choice made meanwhile (the gallery default's download finishing after the user's file was
    // opened) must not touch the state: it would leave "inspecting" on and Run disabled for good.
    if (!current()) return null;
    this.inspecting = true;
    let settle = () => {};
    this.#inspected = new Promise<void>((resolve) => (settle = resolve));
    try {
      const info = await inspectModel(file);
      if (!current()) return null;
      this.modelInfo = info;
      this.dimOverrides = Object.fromEntries(symbolicDims(info).map((d) => [d, this.dimOverrides[d] ?? 1]));
      return info;
    } catch (error) {
      if (!current()) return null;
      this.modelInfo = null;
      this.error = `"${name}" cannot be opened: ${messageOf(error)}`;
      return null;
    } finally {
      if (current()) this.inspecting = false;
      settle();
    }
  }

  /** The (backend, threads) pairs to run: WASM once per thread count, GPUs with the most threads for their CPU fallback. */
  choices(): BackendChoice[] {
    const threads = [...new Set(this.wasmThreads)].sort((a, b) => a - b);
    const fallbackThreads = threads.at(-1) ?? 1;
    const choices: BackendChoice[] = [];
    for (const id of BACKEND_IDS) {
      if (!this.selected[id]) continue;
      if (id === 'wasm') choices.push(...threads.map((t) => ({ backend: id, threads: t })));
      else choices.push({ backend: id, threads: fallbackThreads });
    }
    return choices;
  }

  async #inputRequest(): Promise<{ request: InputRequest; name: string }> {
    const classifier = this.model?.classifier;
    if (!classifier || this.input.kind === 'synthetic') {
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
    return {
      request: { kind: 'image', file: image.blob, name: image.name, preprocessing: classifier.preprocessing, inputName: classifier.inputName },
      name: image.name,
    };
  }

  /** What a bench worker needs to open the chosen model (the user's files are read whole here). */
  async #openRequest(): Promise<Omit<OpenRequest, 'backend' | 'numThreads'>> {
    const model = this.model;
    const user = this.userModel;
    const classifier = model?.classifier ?? null;
    return {
      model: user
        ? {
            kind: 'bytes',
            bytes: new Uint8Array(await user.file.arrayBuffer()),
            name: user.name,
            externalData: await Promise.all(user.externalFiles.map(async ({ location, file }) => ({ path: location, data: new Uint8Array(await file.arrayBuffer()) }))),
          }
        : { kind: 'url', url: modelUrl(model!.source.file), sha256: model!.source.sha256, bytes: model!.source.bytes, name: model!.id },
      classifier: classifier && { outputName: classifier.outputName, outputKind: classifier.outputKind, labelsFile: classifier.labelsFile },
      ...(this.#loseGpuAfter !== null && { loseGpuAfterRuns: this.#loseGpuAfter }),
    };
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
    let runtime: RuntimeInfo | null = null;
    try {
      // Run was pressed while the chosen model was still being read: run that model, once it is
      // (Cancel still works meanwhile).
      const cancelled = new Promise((resolve) => controller.signal.addEventListener('abort', resolve, { once: true }));
      while (this.inspecting && !controller.signal.aborted) {
        await Promise.race([this.#inspected, cancelled]);
        // A superseded read settles while "inspecting" waits for its successor's download: yield to
        // let that happen, rather than spin on a settled promise and freeze the page.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (controller.signal.aborted) throw new BenchAbortedError();
      const model = this.model;
      const classifier = model?.classifier ?? null;
      const { request: input, name: inputName } = await this.#inputRequest();
      const open = await this.#openRequest();
      this.#loseGpuAfter = null;
      // The native reference exists for gallery models on the seeded input with every symbolic dimension 1.
      const nativeReference =
        this.userModel === null && input.kind === 'synthetic' && input.seed === PORTABILITY_SEED && Object.values(input.dimOverrides).every((n) => n === 1)
          ? (portability.references as PortabilityReference[]).find((r) => r.model === model?.id)
          : undefined;
      const results = await runBenchmark(
        { choices, warmupRuns: this.warmupRuns, timedRuns: this.timedRuns, minSeconds: this.minSeconds, classifier: classifier !== null, bareLoop: this.bareLoop, nativeReference },
        (choice) => {
          // A backend this browser lacks (asked for by URL or CLI) reports why instead of starting a worker.
          const status = this.capabilities?.backends.find((b) => b.id === choice.backend);
          return status && !status.available ? unavailableTarget(choice, status.reason ?? 'not available in this browser') : startBenchTarget(choice, open, input, (info) => (runtime ??= info));
        },
        { signal: controller.signal, onProgress: (p) => (this.progress = p) },
      );
      const adapter = this.capabilities?.webgpu;
      const report: BenchExport = {
        tool: 'onnx-playground',
        version: APP_VERSION,
        createdAt: new Date().toISOString(),
        environment: {
          userAgent: navigator.userAgent,
          ort: (runtime as RuntimeInfo | null)?.ortVersion ?? 'unknown',
          crossOriginIsolated: globalThis.crossOriginIsolated === true,
          hardwareConcurrency: navigator.hardwareConcurrency,
          webgpuAdapter: adapter ? { vendor: adapter.vendor, architecture: adapter.architecture, description: adapter.description, isFallbackAdapter: adapter.isFallbackAdapter } : null,
        },
        model: open.model.kind === 'bytes'
          ? { id: open.model.name, sha256: await sha256Hex(open.model.bytes), producer: producerOf(this.modelInfo), opset: this.modelInfo?.opsets['ai.onnx'] ?? null }
          : { id: model!.id, sha256: model!.source.sha256, producer: model!.source.producer, opset: model!.source.opset },
        input: { kind: input.kind, name: inputName },
        settings: { warmupRuns: this.warmupRuns, timedRuns: this.timedRuns, minSeconds: this.minSeconds },
        results,
      };
      this.report = report;
      this.history.current = [report, ...this.history.current].slice(0, HISTORY_LIMIT);
    } catch (error) {
      this.error = error instanceof BenchAbortedError ? 'Cancelled: the benchmark stopped and its workers were ended.' : messageOf(error);
    } finally {
      this.running = false;
      this.progress = null;
      this.#controller = null;
    }
  }

  /**
   * Creates a session for the chosen model on every available backend, one at a time and without
   * running it, and reads from the shipped onnxruntime-web itself which ops each backend leaves to the
   * CPU or cannot run at all.
   */
  async checkSupport(): Promise<void> {
    if (this.checkingSupport) return;
    this.checkingSupport = true;
    this.support = [];
    try {
      const open = await this.#openRequest();
      const threads = Math.max(...this.wasmThreads, 1);
      for (const status of this.capabilities?.backends ?? []) {
        if (!status.available) continue;
        const target = startBenchTarget({ backend: status.id, threads }, open, { kind: 'synthetic', seed: 1, dimOverrides: { ...this.dimOverrides } });
        let row: BackendSupport;
        try {
          const opened = await target.open();
          const placement = opened.placement;
          row = { backend: status.id, status: placement && placement.cpuNodes > 0 && status.id !== 'wasm' ? 'fallback' : 'ok', placement, message: null, sessionCreateMs: opened.sessionCreateMs };
        } catch (error) {
          row = { backend: status.id, status: 'error', placement: null, message: messageOf(error), sessionCreateMs: null };
        } finally {
          await target.dispose(false);
        }
        this.support = [...this.support, row];
      }
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.checkingSupport = false;
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }

  showFromHistory(report: BenchExport): void {
    this.report = report;
  }

  clearHistory(): void {
    this.history.current = [];
  }
}
