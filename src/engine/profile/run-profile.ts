/**
 * Runs a model a few times on one onnxruntime-web backend with profiling on and returns its parsed
 * events. Session profiling for every ORT backend that supports it (WASM, both WebGPU EPs); for
 * JSEP also `env.webgpu.profiling`, whose GPU timestamps replace the CPU-side times of GPU kernels.
 */
import type * as OrtTypes from 'onnxruntime-web';
import { BACKENDS, type BackendId } from '../backends/backend-id';
import type { Ort } from '../ort/runtime';
import { loadFailure, toValueInfo } from '../ort/session';
import { resolveDims, syntheticTensor } from '../tensor/synthetic';
import { seededRandom } from '../bench/stats';
import { parseGpuKernels, parseSessionProfile, withGpuTimes, type GpuKernelRecord } from './events';
import type { ConsoleTap } from './console-tap';
import type { BackendProfile } from './profile';

/** Why a backend gives no per-node times; null when it does. */
export function whyNoProfiling(backend: BackendId): string | null {
  switch (backend) {
    case 'wasm':
    case 'webgpu':
    case 'webgpu-jsep':
      return null;
    case 'webgl':
      return "onnxruntime-web's WebGL backend has no session profiling and no per-kernel timings.";
    case 'webnn':
      return 'WebNN runs the whole graph inside the browser, which reports no per-node times to onnxruntime.';
    default:
      return 'TensorFlow.js runs the TF.js original, not this ONNX graph, so its times cannot be put on these nodes.';
  }
}

export interface ProfileRequest {
  backend: BackendId;
  bytes: Uint8Array;
  name: string;
  externalData?: { path: string; data: Uint8Array }[];
  warmupRuns: number;
  runs: number;
}

/** Waits for JSEP's timestamp readbacks of the run just done: they arrive after the run resolves. */
async function gpuRecordsSettled(ort: Ort, count: () => number): Promise<void> {
  const device = (await ort.env.webgpu.device) as { queue: { onSubmittedWorkDone(): Promise<void> } } | undefined;
  await device?.queue.onSubmittedWorkDone();
  let seen = -1;
  for (let i = 0; i < 50 && count() !== seen; i++) {
    seen = count();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function profileModel(ort: Ort, tap: ConsoleTap, request: ProfileRequest, onProgress?: (done: number, total: number) => void): Promise<BackendProfile> {
  const description = BACKENDS[request.backend];
  const why = whyNoProfiling(request.backend);
  if (why || !description.executionProvider) throw new Error(why ?? `${description.title} is not an onnxruntime-web backend`);
  const jsep = request.backend === 'webgpu-jsep';
  const gpuRecords: GpuKernelRecord[] = [];
  let currentRun = 0;
  if (jsep) {
    ort.env.webgpu.profiling = {
      mode: 'default',
      ondata: ({ kernelName, kernelType, programName, startTime, endTime, inputsMetadata, outputsMetadata }) =>
        gpuRecords.push({ run: currentRun, kernelName, kernelType, programName, startTime, endTime, inputsMetadata, outputsMetadata }),
    };
  }
  let session: OrtTypes.InferenceSession;
  try {
    session = await ort.InferenceSession.create(request.bytes, {
      executionProviders: [description.executionProvider],
      graphOptimizationLevel: 'all',
      enableProfiling: true,
      logSeverityLevel: 3,
      ...(request.externalData?.length && { externalData: request.externalData }),
    });
  } catch (error) {
    throw loadFailure(request.backend, request.name, error);
  }
  const measuredMs: number[] = [];
  let lines: string[] = [];
  try {
    const random = seededRandom(1);
    const inputs: Record<string, OrtTypes.Tensor> = {};
    for (const info of session.inputMetadata.map(toValueInfo)) {
      const tensor = syntheticTensor(info, resolveDims(info.dims), random);
      inputs[info.name] = new ort.Tensor(tensor.dtype, tensor.data as never, tensor.dims);
    }
    const outputNames = session.outputMetadata.filter((o) => o.isTensor).map((o) => o.name);
    const total = request.warmupRuns + request.runs;
    for (let run = 0; run < total; run++) {
      currentRun = run;
      const start = performance.now();
      const outputs = await session.run(inputs, outputNames);
      // Reading the outputs is part of the run: for GPU backends it is the readback.
      for (const name of outputNames) await outputs[name].getData();
      if (run >= request.warmupRuns) measuredMs.push(performance.now() - start);
      for (const name of outputNames) outputs[name].dispose();
      if (jsep) await gpuRecordsSettled(ort, () => gpuRecords.length);
      onProgress?.(run + 1, total);
    }
    tap.record();
    // The WASM build prints the profile synchronously here (see events.ts).
    session.endProfiling();
    lines = tap.take();
  } finally {
    tap.take();
    if (jsep) ort.env.webgpu.profiling = { mode: 'off' };
    await session.release();
  }
  return assemble(request, lines, gpuRecords, measuredMs);
}

function assemble(request: ProfileRequest, lines: string[], gpuRecords: GpuKernelRecord[], measuredMs: number[]): BackendProfile {
  const parsed = parseSessionProfile(lines, request.warmupRuns);
  if (parsed.runUs.length !== request.runs) {
    throw new Error(`onnxruntime printed a profile of ${parsed.runUs.length} runs, not the ${request.runs} profiled: its profile output format may have changed`);
  }
  const base = { backend: request.backend, title: BACKENDS[request.backend].title, runs: request.runs, measuredMs, ortRunMs: parsed.runUs.map((us) => us / 1000) };
  const gpuEvents = request.backend === 'webgpu-jsep' ? parseGpuKernels(gpuRecords, request.warmupRuns) : parsed.gpuEvents;
  if (gpuEvents.length) {
    return {
      ...base,
      source: 'webgpu-timestamps',
      events: withGpuTimes(parsed.events, gpuEvents),
      note: 'GPU kernels are timed by GPU timestamps (one row per GPU program), the rest (CPU fallback, ops that move no data) by session profiling. The run also waits for dispatch and readback, which no kernel accounts for.',
    };
  }
  const note = BACKENDS[request.backend].gpu ? 'This GPU adapter offers no timestamp queries: the times are the CPU time to record and dispatch each GPU kernel, not its execution.' : null;
  return { ...base, source: 'session-profiling', events: parsed.events, note };
}
