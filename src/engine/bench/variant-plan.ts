/**
 * Variants x backends: a comparison may run several variants of one model (fp32, q8...; names from
 * hub/variants.ts) on each backend choice. Every row is compared with the full-precision variant on
 * WASM with one thread; what a backend cannot run is said, not run; token models report tokens/s.
 */
import { BACKENDS, FRAMEWORK_TITLES, type BackendId } from '../backends/backend-id';
import { VARIANT_NAMES, isQuantized, type VariantName } from '../hub/variants';
import { backendTitle, rowParityReference, speedupBaseline, type BenchResult } from './report';

/** One row of a plan (run-benchmark's BackendChoice, declared here so the two files need not import each other). */
interface BackendChoice {
  backend: BackendId;
  threads: number;
  variant?: VariantName;
}

/** Rows for every variant on every backend choice: variants in VARIANT_NAMES order, then the backends' order. */
export function variantChoices(variants: readonly VariantName[], choices: readonly BackendChoice[]): BackendChoice[] {
  if (variants.length === 0) return [...choices];
  const ordered = VARIANT_NAMES.filter((name) => variants.includes(name));
  return ordered.flatMap((variant) => choices.map((choice) => ({ ...choice, variant })));
}

/** The variant every row is compared with: fp32 where the model has it, else its first (full precision first). */
export function referenceVariant(available: readonly VariantName[]): VariantName | undefined {
  return available.includes('fp32') ? 'fp32' : VARIANT_NAMES.find((name) => available.includes(name));
}

/** Same row of a plan: backend, threads and variant (no variant matches no variant). */
export const sameChoice = (a: BackendChoice, b: BackendChoice) => a.backend === b.backend && a.threads === b.threads && a.variant === b.variant;

/** Variants whose arithmetic is in 16-bit floats: a WebGPU adapter must offer `shader-f16` to run them. */
const FLOAT16_VARIANTS: readonly VariantName[] = ['fp16', 'q4f16'];

/**
 * Why this backend cannot run this variant here, or null: a half-precision variant on a backend that
 * runs on the WebGPU adapter needs the adapter's `shader-f16` feature.
 */
export function variantBlocker(variant: VariantName | undefined, backend: BackendId, adapter: { shaderF16: boolean } | null): string | null {
  if (!variant || !FLOAT16_VARIANTS.includes(variant) || BACKENDS[backend].device !== 'webgpu') return null;
  if (adapter?.shaderF16) return null;
  return `${variant} computes in 16-bit floats, and this browser's WebGPU adapter does not offer shader-f16: run it on WASM, or pick fp32 or q8 for WebGPU.`;
}

/** Batch x sequence of a token model's synthetic input. */
export interface TokenCount {
  batch: number;
  sequence: number;
}

/** Tokens a second at this median time: batch x sequence / median. */
export const tokensPerSecond = (tokens: TokenCount, medianMs: number) => (medianMs > 0 ? (tokens.batch * tokens.sequence * 1000) / medianMs : NaN);

/** "fp32 on WASM ×1" (a row without a variant: its backend alone). */
export function variantRowTitle(row: Pick<BenchResult, 'backend' | 'threads' | 'variant'>): string {
  const backend = backendTitle(row).replace(' (CPU)', '');
  return row.variant ? `${row.variant} on ${backend}` : backend;
}

/** Whether parity judged this row as a quantized variant (top label and cosine, not the max difference). */
export const judgedAsQuantized = (variant: VariantName | undefined) => variant !== undefined && isQuantized(variant);

/**
 * One sentence for a variants comparison as measured, when rows of at least two variants ran: the
 * fastest row, its speedup over the baseline with the 95% interval, and its cosine against the
 * reference. "On this browser, q8 on WASM ×2 is the fastest variant at seq 128: 2.30× fp32 on WASM ×1
 * (2.00–2.60), cosine 0.9991."
 */
export function variantSummary(results: readonly BenchResult[], tokens?: TokenCount | null): string | null {
  const timed = results.filter((r) => r.stats && r.runsMs.length > 0 && r.variant);
  if (new Set(timed.map((r) => r.variant)).size < 2) return null;
  const fastest = timed.reduce((best, r) => (r.stats!.median < best.stats!.median ? r : best));
  const baseline = speedupBaseline(results);
  const at = tokens ? ` at ${tokens.batch > 1 ? `batch ${tokens.batch}, ` : ''}seq ${tokens.sequence}` : '';
  const frameworks = new Set(timed.map((r) => r.framework ?? 'onnxruntime-web'));
  const where = frameworks.size > 1 ? ` (${[...frameworks].map((f) => FRAMEWORK_TITLES[f]).join(', ')})` : '';
  if (!baseline || fastest === baseline) return `On this browser, ${variantRowTitle(fastest)} is the fastest variant${at}${where}.`;
  const speedup = fastest.speedupVsWasm;
  const interval = speedup ? ` (${speedup.ci95[0].toFixed(2)}–${speedup.ci95[1].toFixed(2)}${speedup.ci95[0] <= 1 ? ': no clear difference' : ''})` : '';
  const ratio = speedup ? `${speedup.ratio.toFixed(2)}× ` : 'faster than ';
  const cosine = fastest.parity && rowParityReference(fastest) ? `, cosine ${fastest.parity.cosine.toFixed(4)}` : '';
  return `On this browser, ${variantRowTitle(fastest)} is the fastest variant${at}${where}: ${ratio}${variantRowTitle(baseline)}${interval}${cosine}.`;
}
