/** The backends the app can run a model on; the ids are shared by the UI, the CLI and the JSON export. */
export const BACKEND_IDS = ['wasm', 'webgpu', 'webgpu-jsep', 'webgl', 'webnn', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

export interface BackendDescription {
  id: BackendId;
  title: string;
  /** The onnxruntime-web import that provides it (each is loaded only when used). */
  entry: 'onnxruntime-web/wasm' | 'onnxruntime-web/webgpu' | 'onnxruntime-web' | 'onnxruntime-web/all' | '@tensorflow/tfjs-backend-wasm' | '@tensorflow/tfjs-backend-webgl' | '@tensorflow/tfjs-backend-webgpu';
  /** Execution provider name given to InferenceSession.create (ORT backends only). */
  executionProvider: 'wasm' | 'webgpu' | 'webgl' | 'webnn' | null;
  /** The runtime that runs the model: TensorFlow.js backends run the model's TF.js original. */
  framework: Framework;
  gpu: boolean;
  summary: string;
}

export const BACKENDS: Record<BackendId, BackendDescription> = {
  wasm: {
    id: 'wasm',
    title: 'WASM (CPU)',
    entry: 'onnxruntime-web/wasm',
    executionProvider: 'wasm',
    gpu: false,
    summary: 'WebAssembly with SIMD, 1 to N threads. Runs every op; the reference for parity.',
    framework: 'onnxruntime-web',
  },
  webgpu: {
    id: 'webgpu',
    title: 'WebGPU (native EP)',
    entry: 'onnxruntime-web/webgpu',
    executionProvider: 'webgpu',
    gpu: true,
    summary: "onnxruntime's C++ WebGPU execution provider; unsupported ops fall back to WASM.",
    framework: 'onnxruntime-web',
  },
  'webgpu-jsep': {
    id: 'webgpu-jsep',
    title: 'WebGPU (JSEP)',
    entry: 'onnxruntime-web',
    executionProvider: 'webgpu',
    gpu: true,
    summary: 'The default entry’s JavaScript WebGPU kernels (JSEP, deprecated upstream).',
    framework: 'onnxruntime-web',
  },
  webgl: {
    id: 'webgl',
    title: 'WebGL2',
    entry: 'onnxruntime-web/all',
    executionProvider: 'webgl',
    gpu: true,
    summary: 'The legacy WebGL backend: float32 only, a subset of ops, no fallback.',
    framework: 'onnxruntime-web',
  },
  webnn: {
    id: 'webnn',
    title: 'WebNN',
    entry: 'onnxruntime-web',
    executionProvider: 'webnn',
    gpu: true,
    summary: 'The browser’s neural-network API (where the browser ships it).',
    framework: 'onnxruntime-web',
  },
  'tfjs-wasm': {
    id: 'tfjs-wasm',
    title: 'TF.js WASM',
    entry: '@tensorflow/tfjs-backend-wasm',
    executionProvider: null,
    gpu: false,
    summary: 'TensorFlow.js’s WASM backend running the TF.js original, 1 to N threads (its threaded SIMD build where the page is cross-origin isolated).',
    framework: 'tensorflow.js',
  },
  'tfjs-webgl': {
    id: 'tfjs-webgl',
    title: 'TF.js WebGL',
    entry: '@tensorflow/tfjs-backend-webgl',
    executionProvider: null,
    gpu: true,
    summary: 'TensorFlow.js’s WebGL backend (shaders on the GPU, from a worker’s OffscreenCanvas) running the TF.js original.',
    framework: 'tensorflow.js',
  },
  'tfjs-webgpu': {
    id: 'tfjs-webgpu',
    title: 'TF.js WebGPU',
    entry: '@tensorflow/tfjs-backend-webgpu',
    executionProvider: null,
    gpu: true,
    summary: 'TensorFlow.js’s WebGPU backend (WGSL compute shaders) running the TF.js original.',
    framework: 'tensorflow.js',
  },
};

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
