/**
 * Why a GPU row ran slower than the CPU baseline, as measured in that run: the usual causes users of
 * WebGPU runtimes ask about (ORT-web and transformers.js issues), each named only when this run's
 * numbers show it. Plain data for the results page and the CLI; no guesses beyond what was measured.
 */
import { BACKENDS } from '../backends/backend-id';
import { rowTitle, speedupBaseline, type BenchResult } from './report';

export type SlowdownKind = 'cpu-fallback' | 'copies' | 'first-run' | 'tiny-model' | 'software-adapter';

export interface SlowdownCause {
  kind: SlowdownKind;
  /** One sentence with the numbers. */
  text: string;
}

export interface GpuSlowdown {
  row: BenchResult;
  /** median(baseline) / median(row): below 1. */
  ratio: number;
  baselineTitle: string;
  causes: SlowdownCause[];
}

/** A first run this many times the median paid for compiling shaders and allocating. */
const FIRST_RUN_FACTOR = 3;
/** Below this median, launching GPU work (a dispatch, a readback) costs about as much as the work. */
const TINY_MEDIAN_MS = 2;

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} ms`;

/** The causes this row's own numbers show. */
export function slowdownCauses(row: BenchResult, options: { softwareAdapter?: boolean } = {}): SlowdownCause[] {
  const causes: SlowdownCause[] = [];
  const placement = row.placement;
  if (options.softwareAdapter) {
    causes.push({ kind: 'software-adapter', text: 'The WebGPU adapter here is a software emulation on the CPU: it measures no GPU.' });
  }
  if (placement && placement.cpuNodes > 0) {
    const total = placement.cpuNodes + placement.gpuNodes;
    const ops = placement.cpuOpTypes.slice(0, 6).join(', ') + (placement.cpuOpTypes.length > 6 ? ', ...' : '');
    causes.push({
      kind: 'cpu-fallback',
      text: `${placement.cpuNodes.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} nodes ran on the CPU (${ops}): ops the GPU provider lacks, or small integer (int64) shape arithmetic that onnxruntime keeps on the CPU on purpose.`,
    });
  }
  if (placement && placement.copies > 0) {
    causes.push({
      kind: 'copies',
      text: `${placement.copies.toLocaleString('en-US')} copies between the CPU and the GPU in every run, each a wait for data to cross.`,
    });
  }
  const median = row.stats?.median;
  if (median !== undefined && row.firstRunMs !== null && row.firstRunMs > FIRST_RUN_FACTOR * median) {
    causes.push({
      kind: 'first-run',
      text: `The first run took ${ms(row.firstRunMs)} against a median of ${ms(median)}: compiling shaders and allocating buffers. It is shown apart and not in the median.`,
    });
  }
  if (median !== undefined && median < TINY_MEDIAN_MS) {
    causes.push({
      kind: 'tiny-model',
      text: `A run takes ${ms(median)}: for so little work, starting GPU work and reading the answer back cost about as much as the work itself.`,
    });
  }
  return causes;
}

/** Every GPU row whose median is slower than the speedup baseline's, with the causes it measured. */
export function gpuSlowdowns(results: readonly BenchResult[], options: { softwareAdapter?: boolean } = {}): GpuSlowdown[] {
  const baseline = speedupBaseline(results);
  if (!baseline?.stats) return [];
  return results
    .filter((r) => BACKENDS[r.backend].gpu && r.stats && !r.error && r.stats.median > baseline.stats!.median)
    .map((row) => ({
      row,
      ratio: baseline.stats!.median / row.stats!.median,
      baselineTitle: rowTitle(baseline),
      causes: slowdownCauses(row, { softwareAdapter: options.softwareAdapter && BACKENDS[row.backend].device === 'webgpu' }),
    }));
}
