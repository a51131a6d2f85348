/**
 * The backends the app can run a model on; the ids are shared by the UI, the CLI and the JSON export.
 * Adding one: its id and entry here, how a browser offers it in detect.ts (the compiler asks for it),
 * its id in docs/bench-export.schema.json (a test compares); a new runtime also needs its loader
 * (src/engine/ort/runtime.ts for an onnxruntime-web entry, src/engine/tfjs for a TF.js backend) and,
 * with an operator list of its own, a line in scripts/make-operator-table.mjs.
 */
export const BACKEND_IDS = ['wasm', 'webgpu', 'webgpu-jsep', 'webgl', 'webnn', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

/** The kind of hardware a backend runs the model on: what "a GPU benchmark" and a fallback adapter mean for it. */
export type BackendDevice = 'cpu' | 'webgpu' | 'webgl' | 'webnn';

/** TensorFlow.js's own name for a backend (tf.setBackend). */
export type TfjsBackendName = 'wasm' | 'webgl' | 'webgpu';

/**
 * One backend and what it can do. Every question the app asks of a backend (threaded? does it fall
 * back to the CPU? can it be profiled?) is a field here: no code outside src/engine/backends compares
 * backend ids.
 */
export interface BackendDescription {
  id: BackendId;
  title: string;
  /** The onnxruntime-web or TensorFlow.js import that provides it (each is loaded only when used). */
  entry: 'onnxruntime-web/wasm' | 'onnxruntime-web/webgpu' | 'onnxruntime-web' | 'onnxruntime-web/all' | '@tensorflow/tfjs-backend-wasm' | '@tensorflow/tfjs-backend-webgl' | '@tensorflow/tfjs-backend-webgpu';
  /** Execution provider name given to InferenceSession.create (ORT backends only). */
  executionProvider: 'wasm' | 'webgpu' | 'webgl' | 'webnn' | null;
  /** TensorFlow.js's backend name (TF.js backends only). */
  tfjsBackend: TfjsBackendName | null;
  /** The runtime that runs the model. */
  framework: Framework;
  /**
   * The model it runs: the ONNX file itself, or a TF.js graph model made from the same network (the
   * model's TF.js original where it has one, else the ONNX model converted to TF.js in the tab,
   * src/engine/convert/onnx-to-tfjs.ts). A 'tfjs-graph' backend is offered only for a model that has
   * one of the two (see `TfjsModelKind`).
   */
  runs: 'onnx' | 'tfjs-graph';
  device: BackendDevice;
  /** Runs on a GPU (WebGPU, WebGL, WebNN's GPU device): other kernels, so parity allows more. */
  gpu: boolean;
  /** Runs the model on WASM threads: benchmarked once per thread count. */
  threaded: boolean;
  /**
   * The backend every row is measured against: speedups against its one-thread row, parity against
   * its output (or, when a run compares frameworks, against its counterpart in the other one).
   * Exactly one backend is the baseline.
   */
  baseline: boolean;
  /** Ops it lacks run on onnxruntime's WASM CPU provider (so its thread count matters, and a row may time the CPU). */
  cpuFallback: boolean;
  /** onnxruntime's verbose log says where each node ran (GPU providers only: the CPU has one place). */
  reportsPlacement: boolean;
  /** Hands out its WebGPU device (JSEP), so a lost device can be watched and reported. */
  exposesGpuDevice: boolean;
  /** Checks the model's opset when loading it (WebGL2's legacy runtime checks ops against its own list). */
  checksOpset: boolean;
  /** How its per-node times are read, or null when it gives none (then `noProfileReason` says why). */
  profiling: 'session' | 'session-with-gpu-timestamps' | 'jsep-gpu-profiling' | null;
  noProfileReason: string | null;
  /** Which operator list (src/engine/backends/operator-support.json) tells what it runs, and whether the list is its own or a near relative's; null: every op. */
  operatorList: { table: 'webgpu-jsep' | 'webgl' | 'webnn'; approximate: boolean } | null;
  /**
   * Ticked on the comparison page when the browser offers it (not as a software emulation) and it can
   * run the model: a 'tfjs-graph' backend only when the model has a TF.js original (a conversion is
   * offered unticked), which then makes the run a comparison of the two frameworks.
   */
  tickedByDefault: boolean;
  /** Why it starts unticked, shown beside its box (null when it starts ticked). */
  untickedReason: string | null;
  summary: string;
}

export const BACKENDS: Record<BackendId, BackendDescription> = {
  wasm: {
    id: 'wasm',
    title: 'WASM (CPU)',
    entry: 'onnxruntime-web/wasm',
    executionProvider: 'wasm',
    tfjsBackend: null,
    device: 'cpu',
    gpu: false,
    threaded: true,
    baseline: true,
    cpuFallback: false,
    reportsPlacement: false,
    exposesGpuDevice: false,
    checksOpset: true,
    profiling: 'session',
    noProfileReason: null,
    operatorList: null,
    tickedByDefault: true,
    untickedReason: null,
    summary: 'WebAssembly with SIMD, 1 to N threads. Runs every op; the reference for parity.',
    framework: 'onnxruntime-web',
    runs: 'onnx',
  },
  webgpu: {
    id: 'webgpu',
    title: 'WebGPU (native EP)',
    entry: 'onnxruntime-web/webgpu',
    executionProvider: 'webgpu',
    tfjsBackend: null,
    device: 'webgpu',
    gpu: true,
    threaded: false,
    baseline: false,
    cpuFallback: true,
    reportsPlacement: true,
    exposesGpuDevice: false,
    checksOpset: true,
    profiling: 'session-with-gpu-timestamps',
    noProfileReason: null,
    operatorList: { table: 'webgpu-jsep', approximate: true },
    tickedByDefault: true,
    untickedReason: null,
    summary: "onnxruntime's C++ WebGPU execution provider; unsupported ops fall back to WASM.",
    framework: 'onnxruntime-web',
    runs: 'onnx',
  },
  'webgpu-jsep': {
    id: 'webgpu-jsep',
    title: 'WebGPU (JSEP)',
    entry: 'onnxruntime-web',
    executionProvider: 'webgpu',
    tfjsBackend: null,
    device: 'webgpu',
    gpu: true,
    threaded: false,
    baseline: false,
    cpuFallback: true,
    reportsPlacement: true,
    exposesGpuDevice: true,
    checksOpset: true,
    profiling: 'jsep-gpu-profiling',
    noProfileReason: null,
    operatorList: { table: 'webgpu-jsep', approximate: false },
    tickedByDefault: false,
    untickedReason: 'the native WebGPU EP replaces it upstream; tick it to compare the two',
    summary: 'The default entry’s JavaScript WebGPU kernels (JSEP, deprecated upstream).',
    framework: 'onnxruntime-web',
    runs: 'onnx',
  },
  webgl: {
    id: 'webgl',
    title: 'WebGL2',
    entry: 'onnxruntime-web/all',
    executionProvider: 'webgl',
    tfjsBackend: null,
    device: 'webgl',
    gpu: true,
    threaded: false,
    baseline: false,
    cpuFallback: false,
    reportsPlacement: false,
    exposesGpuDevice: false,
    checksOpset: false,
    profiling: null,
    noProfileReason: "onnxruntime-web's WebGL backend has no session profiling and no per-kernel timings.",
    operatorList: { table: 'webgl', approximate: false },
    tickedByDefault: false,
    untickedReason: 'legacy, and it fails on any op it lacks',
    summary: 'The legacy WebGL backend: float32 only, a subset of ops, no fallback.',
    framework: 'onnxruntime-web',
    runs: 'onnx',
  },
  webnn: {
    id: 'webnn',
    title: 'WebNN',
    entry: 'onnxruntime-web',
    executionProvider: 'webnn',
    tfjsBackend: null,
    device: 'webnn',
    gpu: true,
    threaded: false,
    baseline: false,
    cpuFallback: true,
    reportsPlacement: true,
    exposesGpuDevice: false,
    checksOpset: true,
    profiling: null,
    noProfileReason: 'WebNN runs the whole graph inside the browser, which reports no per-node times to onnxruntime.',
    operatorList: { table: 'webnn', approximate: false },
    tickedByDefault: false,
    untickedReason: 'few browsers ship it yet',
    summary: 'The browser’s neural-network API (where the browser ships it).',
    framework: 'onnxruntime-web',
    runs: 'onnx',
  },
  'tfjs-wasm': {
    id: 'tfjs-wasm',
    title: 'TF.js WASM',
    entry: '@tensorflow/tfjs-backend-wasm',
    executionProvider: null,
    tfjsBackend: 'wasm',
    device: 'cpu',
    gpu: false,
    threaded: true,
    baseline: false,
    cpuFallback: false,
    reportsPlacement: false,
    exposesGpuDevice: false,
    checksOpset: false,
    profiling: null,
    noProfileReason: 'TensorFlow.js runs a TF.js graph (the original, or this model converted), not this ONNX graph, so its times cannot be put on these nodes.',
    operatorList: null,
    tickedByDefault: true,
    untickedReason: null,
    summary: 'TensorFlow.js’s WASM backend running the TF.js original or the model converted to TF.js, 1 to N threads (its threaded SIMD build where the page is cross-origin isolated).',
    framework: 'tensorflow.js',
    runs: 'tfjs-graph',
  },
  'tfjs-webgl': {
    id: 'tfjs-webgl',
    title: 'TF.js WebGL',
    entry: '@tensorflow/tfjs-backend-webgl',
    executionProvider: null,
    tfjsBackend: 'webgl',
    device: 'webgl',
    gpu: true,
    threaded: false,
    baseline: false,
    cpuFallback: false,
    reportsPlacement: false,
    exposesGpuDevice: false,
    checksOpset: false,
    profiling: null,
    noProfileReason: 'TensorFlow.js runs a TF.js graph (the original, or this model converted), not this ONNX graph, so its times cannot be put on these nodes.',
    operatorList: null,
    tickedByDefault: false,
    untickedReason: 'the older of TF.js’s two GPU backends; tick it to compare it with TF.js WebGPU',
    summary: 'TensorFlow.js’s WebGL backend (shaders on the GPU, from a worker’s OffscreenCanvas) running the TF.js original or the model converted to TF.js.',
    framework: 'tensorflow.js',
    runs: 'tfjs-graph',
  },
  'tfjs-webgpu': {
    id: 'tfjs-webgpu',
    title: 'TF.js WebGPU',
    entry: '@tensorflow/tfjs-backend-webgpu',
    executionProvider: null,
    tfjsBackend: 'webgpu',
    device: 'webgpu',
    gpu: true,
    threaded: false,
    baseline: false,
    cpuFallback: false,
    reportsPlacement: false,
    exposesGpuDevice: false,
    checksOpset: false,
    profiling: null,
    noProfileReason: 'TensorFlow.js runs a TF.js graph (the original, or this model converted), not this ONNX graph, so its times cannot be put on these nodes.',
    operatorList: null,
    tickedByDefault: true,
    untickedReason: null,
    summary: 'TensorFlow.js’s WebGPU backend (WGSL compute shaders) running the TF.js original or the model converted to TF.js.',
    framework: 'tensorflow.js',
    runs: 'tfjs-graph',
  },
};

/**
 * Which TF.js graph model a 'tfjs-graph' backend runs for an ONNX model: its TF.js original (a gallery
 * model converted from TF.js, or one the user converted), or the ONNX model converted to TF.js in the
 * tab; null: neither (the converter refuses the model), so those backends are not offered.
 */
export type TfjsModelKind = 'original' | 'converted';

/** The row's words for what a 'tfjs-graph' backend ran. */
export const TFJS_MODEL_WORDS: Record<TfjsModelKind, string> = {
  original: 'the TF.js original',
  converted: 'TensorFlow.js, converted from this ONNX model in the tab',
};

/** Whether `backend` can run a model with this TF.js graph model (null: none): every ONNX backend can. */
export function runsModel(backend: BackendId, tfjsModel: TfjsModelKind | null): boolean {
  return BACKENDS[backend].runs === 'onnx' || tfjsModel !== null;
}

export const FRAMEWORKS = ['onnxruntime-web', 'tensorflow.js'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** Short names for tables and sentences. */
export const FRAMEWORK_TITLES: Record<Framework, string> = { 'onnxruntime-web': 'ONNX Runtime', 'tensorflow.js': 'TensorFlow.js' };

export function frameworkOf(backend: BackendId): Framework {
  return BACKENDS[backend].framework;
}

export function isBackendId(value: string): value is BackendId {
  return (BACKEND_IDS as readonly string[]).includes(value);
}

/** The backend marked `baseline` (see BackendDescription.baseline). */
export const BASELINE_BACKEND: BackendId = BACKEND_IDS.find((id) => BACKENDS[id].baseline)!;

/** Backends with the given capability, in the table's order. */
export function backendsWhere(test: (backend: BackendDescription) => boolean): BackendId[] {
  return BACKEND_IDS.filter((id) => test(BACKENDS[id]));
}

/** The backend of `framework` that runs the same kind of device as `backend` (WASM -> TF.js WASM ...), for pairing rows across frameworks. */
export function counterpartIn(framework: Framework, backend: BackendId): BackendId | null {
  const own = BACKENDS[backend];
  return BACKEND_IDS.find((id) => BACKENDS[id].framework === framework && BACKENDS[id].device === own.device) ?? null;
}
