/**
 * Runs a model a few times on one onnxruntime-web backend with profiling on and returns its parsed
 * events. Session profiling for every ORT backend that supports it (the table's `profiling`: WASM,
 * both WebGPU EPs); for JSEP also `env.webgpu.profiling`, whose GPU timestamps replace the CPU-side
 * times of GPU kernels. The session is the app's own ModelSession, with profiling on.
 */
import { BACKENDS, type BackendId } from '../backends/backend-id';
import type { Ort } from '../ort/runtime';
import { ModelSession } from '../ort/session';
import { seededFeeds } from '../bench/bench-target';
import { parseGpuKernels, parseSessionProfile, withGpuTimes, type GpuKernelRecord } from './events';
import type { ConsoleTap } from './console-tap';
import type { BackendProfile } from './profile';

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
  if (!description.profiling || !description.executionProvider) throw new Error(description.noProfileReason ?? `${description.title} is not an onnxruntime-web backend`);
  // JSEP times its GPU kernels through env.webgpu.profiling, record by record.
  const gpuProfiling = description.profiling === 'jsep-gpu-profiling';
  const gpuRecords: GpuKernelRecord[] = [];
  let currentRun = 0;
  if (gpuProfiling) {
    ort.env.webgpu.profiling = {
      mode: 'default',
      ondata: ({ kernelName, kernelType, programName, startTime, endTime, inputsMetadata, outputsMetadata }) =>
        gpuRecords.push({ run: currentRun, kernelName, kernelType, programName, startTime, endTime, inputsMetadata, outputsMetadata }),
    };
  }
  const session = await ModelSession.create(ort, request.bytes, request.name, { backend: request.backend, profiling: true, externalData: request.externalData });
  const measuredMs: number[] = [];
  let lines: string[] = [];
  try {
    const feeds = seededFeeds(session.inputs, { seed: 1, dimOverrides: {} });
    const outputNames = session.outputs.filter((o) => o.dtype !== 'non-tensor').map((o) => o.name);
    const total = request.warmupRuns + request.runs;
    for (let run = 0; run < total; run++) {
      currentRun = run;
      // The bare run (session.run and reading the outputs, the GPU readback included), as the
      // kernels' times are to add up to it: no tensor creation or copying of the app's own.
      const [ms] = await session.bareRunLoop(feeds, outputNames, 1);
      if (run >= request.warmupRuns) measuredMs.push(ms);
      if (gpuProfiling) await gpuRecordsSettled(ort, () => gpuRecords.length);
      onProgress?.(run + 1, total);
    }
    tap.record();
    // The WASM build prints the profile synchronously here (see events.ts).
    session.endProfiling();
    lines = tap.take();
  } finally {
    tap.take();
    if (gpuProfiling) ort.env.webgpu.profiling = { mode: 'off' };
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
  const gpuEvents = BACKENDS[request.backend].profiling === 'jsep-gpu-profiling' ? parseGpuKernels(gpuRecords, request.warmupRuns) : parsed.gpuEvents;
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
