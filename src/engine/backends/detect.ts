/**
 * What this browser offers for each backend, and when something is missing, why and what to do.
 * Feature detection only: nothing here loads onnxruntime.
 */
import { BACKEND_IDS, type BackendId } from './backend-id';
import { adviceHere } from './browser-advice';

export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
  shaderF16: boolean;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number; maxComputeWorkgroupSizeX: number; maxComputeInvocationsPerWorkgroup: number };
}

export interface BackendStatus {
  id: BackendId;
  available: boolean;
  /** When unavailable: what is missing and what the user can do. */
  reason?: string;
  /** Facts worth showing (threads, SIMD, adapter...). */
  details: Record<string, string>;
  /**
   * Available, but a run on it here would not measure what its name says (a software GPU adapter):
   * why, so the comparison page leaves it unticked and says so. The user can still tick it.
   */
  untickedReason?: string;
}

type Availability = Omit<BackendStatus, 'id'>;

/** Adapters that run GPU work in software on the CPU, by name, for browsers that do not flag them as fallback adapters. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|basic render/i;

/** The adapter emulates a GPU on the CPU (Chromium's SwiftShader, Mesa's llvmpipe...). */
export function isSoftwareAdapter(info: Pick<WebGpuAdapterInfo, 'vendor' | 'architecture' | 'description' | 'isFallbackAdapter'>): boolean {
  return info.isFallbackAdapter || SOFTWARE_ADAPTER.test(`${info.vendor} ${info.architecture} ${info.description}`);
}

const KNOWN_ADAPTERS: Record<string, string> = { swiftshader: 'SwiftShader', llvmpipe: 'llvmpipe', lavapipe: 'lavapipe', softpipe: 'softpipe' };
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** An adapter as people write it: "SwiftShader (Google)", not the raw "google swiftshader". */
export function adapterName(info: Pick<WebGpuAdapterInfo, 'vendor' | 'architecture'>): string {
  const known = KNOWN_ADAPTERS[info.architecture.toLowerCase()];
  if (known) return info.vendor ? `${known} (${capitalised(info.vendor)})` : known;
  return [info.vendor, info.architecture].filter(Boolean).join(' ') || 'an unnamed adapter';
}

/** Why a backend on this adapter starts unticked (a software one), or undefined. */
function softwareAdapterReason(info: WebGpuAdapterInfo): string | undefined {
  if (!isSoftwareAdapter(info)) return undefined;
  return `WebGPU here is ${adapterName(info)}, a software emulation on the CPU: a run can take seconds, and it measures no GPU.`;
}

export interface Capabilities {
  wasmSimd: boolean;
  crossOriginIsolated: boolean;
  maxThreads: number;
  webgpu: WebGpuAdapterInfo | null;
  backends: BackendStatus[];
}

// The smallest module using a v128 instruction (from wasm-feature-detect's SIMD probe).
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

interface GpuLike {
  requestAdapter(): Promise<{
    info?: { vendor: string; architecture: string; description: string; isFallbackAdapter?: boolean };
    isFallbackAdapter?: boolean;
    features: { has(name: string): boolean };
    limits: Record<string, number>;
  } | null>;
}

async function detectWebGpu(): Promise<{ info: WebGpuAdapterInfo | null; reason?: string }> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) {
    return {
      info: null,
      reason: `This browser has no WebGPU (navigator.gpu is missing). ${adviceHere('webgpu-missing')}`,
    };
  }
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      return {
        info: null,
        reason: `WebGPU is present but no GPU adapter was given (the GPU may be blocklisted or disabled). ${adviceHere('webgpu-no-adapter')}`,
      };
    }
    const info = adapter.info ?? { vendor: 'unknown', architecture: 'unknown', description: '' };
    return {
      info: {
        vendor: info.vendor || 'unknown',
        architecture: info.architecture || 'unknown',
        description: info.description ?? '',
        isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
        shaderF16: adapter.features.has('shader-f16'),
        limits: {
          maxBufferSize: adapter.limits.maxBufferSize,
          maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
          maxComputeWorkgroupSizeX: adapter.limits.maxComputeWorkgroupSizeX,
          maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
        },
      },
    };
  } catch (error) {
    return { info: null, reason: `Asking for a WebGPU adapter failed (${(error as Error).message}).` };
  }
}

function detectWebGl2(): { available: boolean; renderer: string } {
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return { available: false, renderer: '' };
    const renderer = String(gl.getParameter(gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, renderer };
  } catch {
    return { available: false, renderer: '' };
  }
}

async function detectWebNn(): Promise<{ available: boolean; reason?: string }> {
  const ml = (globalThis.navigator as unknown as { ml?: { createContext(options?: object): Promise<unknown> } }).ml;
  if (!ml) {
    return { available: false, reason: 'This browser has no WebNN (navigator.ml is missing). Chrome or Edge with chrome://flags/#web-machine-learning-neural-network enabled, on Windows or macOS, offer it.' };
  }
  try {
    await ml.createContext({ deviceType: 'gpu' });
    return { available: true };
  } catch (error) {
    return { available: false, reason: `WebNN is present but cannot create a context here (${(error as Error).message}).` };
  }
}

export async function detectCapabilities(): Promise<Capabilities> {
  const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const maxThreads = isolated ? cores : 1;
  const wasmSimd = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  const [webgpu, webnn] = await Promise.all([detectWebGpu(), detectWebNn()]);
  const webgl = detectWebGl2();
  const gpuDetails = (info: WebGpuAdapterInfo): Record<string, string> => ({
    adapter: `${info.vendor} ${info.architecture}${info.description ? ` (${info.description})` : ''}`,
    'fallback adapter': info.isFallbackAdapter ? 'yes (a software or compatibility adapter: not a GPU benchmark)' : 'no',
    'shader-f16': info.shaderF16 ? 'yes' : 'no',
    'max buffer': `${Math.round(info.limits.maxBufferSize / 2 ** 20)} MB`,
    'max storage binding': `${Math.round(info.limits.maxStorageBufferBindingSize / 2 ** 20)} MB`,
    'max invocations per workgroup': String(info.limits.maxComputeInvocationsPerWorkgroup),
  });
  const wasm: Availability = {
    available: typeof WebAssembly === 'object',
    reason: typeof WebAssembly === 'object' ? undefined : 'This browser has no WebAssembly.',
    details: {
      SIMD: wasmSimd ? 'yes' : 'no',
      threads: isolated ? `1 to ${cores}` : '1 only',
      crossOriginIsolated: isolated ? 'yes' : 'no: serve the page with COOP/COEP headers for multi-threaded WASM',
    },
  };
  const webgpuStatus: Availability = webgpu.info
    ? { available: true, details: gpuDetails(webgpu.info), untickedReason: softwareAdapterReason(webgpu.info) }
    : { available: false, reason: webgpu.reason, details: {} };
  // Keyed by id, so a backend added to the table must say here how this browser offers it.
  const status: Record<BackendId, Availability> = {
    wasm,
    webgpu: webgpuStatus,
    'webgpu-jsep': webgpuStatus,
    webgl: webgl.available
      ? { available: true, details: { renderer: webgl.renderer } }
      : { available: false, reason: `This browser cannot create a WebGL2 context (disabled, or no GPU driver). ${adviceHere('webgl2-missing')}`, details: {} },
    webnn: webnn.available ? { available: true, details: {} } : { available: false, reason: webnn.reason, details: {} },
    'tfjs-wasm': {
      available: wasm.available,
      reason: wasm.reason,
      details: { SIMD: wasm.details.SIMD, threads: isolated ? `1 to ${cores} (TF.js's threaded SIMD build)` : '1 only: threads need a cross-origin isolated page' },
    },
    'tfjs-webgl': webgl.available && typeof OffscreenCanvas !== 'undefined'
      ? { available: true, details: { renderer: webgl.renderer } }
      : { available: false, reason: 'TensorFlow.js’s WebGL backend needs WebGL2 and OffscreenCanvas in a worker; this browser lacks one.', details: {} },
    'tfjs-webgpu': webgpu.info
      ? { available: true, details: gpuDetails(webgpu.info), untickedReason: softwareAdapterReason(webgpu.info) }
      : { available: false, reason: `TensorFlow.js’s WebGPU backend needs a WebGPU adapter. ${webgpu.reason ?? ''}`.trim(), details: {} },
  };
  return {
    wasmSimd,
    crossOriginIsolated: isolated,
    maxThreads,
    webgpu: webgpu.info,
    backends: BACKEND_IDS.map((id) => ({ id, ...status[id] })),
  };
}
