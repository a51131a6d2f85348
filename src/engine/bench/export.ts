/** The benchmark export in JSON, CSV and Markdown. JSON follows docs/bench-export.schema.json. */
import { rowFramework, rowFrameworkVersion, rowParityReference, speedupBaseline, threadUse, type BenchEnvironment, type BenchExport, type BenchResult } from './report';

/**
 * JSON with non-finite numbers as null (JSON has no NaN or Infinity) and 4 significant decimals of
 * milliseconds, which is below the timer's resolution anyway.
 */
export function toJson(report: BenchExport): string {
  return JSON.stringify(report, (_key, value) => (typeof value === 'number' ? (Number.isFinite(value) ? round(value) : null) : value), 2);
}

function round(value: number): number {
  if (Number.isInteger(value) || Math.abs(value) < 1e-3) return value;
  return Number(value.toPrecision(6));
}

const count = (value: number | null) => (value === null ? '' : String(value));
const sci = (value: number) => value.toExponential(1);

const fixed = (value: number | null | undefined, digits = 2) => (value === null || value === undefined || !Number.isFinite(value) ? '' : value.toFixed(digits));

interface Column {
  title: string;
  cell: (r: BenchResult, environment: BenchEnvironment, results: readonly BenchResult[]) => string;
  /** Shown in Markdown even when empty for every row (CSV always has every column). */
  always?: boolean;
}

const COLUMNS: Column[] = [
  { title: 'variant', cell: (r) => r.variant ?? '' },
  { title: 'backend', cell: (r) => r.backend },
  { title: 'framework', cell: (r) => rowFramework(r), always: true },
  { title: 'framework version', cell: (r, env) => rowFrameworkVersion(r, env) ?? '', always: true },
  // Threads run the model on WASM only; a GPU row's count is that of its CPU fallback, if it has one.
  { title: 'threads', cell: (r) => count(threadUse(r).model) },
  { title: 'cpu fallback threads', cell: (r) => count(threadUse(r).cpuFallback) },
  { title: 'session ms', cell: (r) => fixed(r.sessionCreateMs, 0) },
  { title: 'first run ms', cell: (r) => fixed(r.firstRunMs, 1) },
  { title: 'runs', cell: (r) => String(r.runsMs.length) },
  { title: 'min ms', cell: (r) => fixed(r.stats?.min) },
  { title: 'median ms', cell: (r) => fixed(r.stats?.median) },
  { title: 'mean ms', cell: (r) => fixed(r.stats?.mean) },
  { title: 'p90 ms', cell: (r) => fixed(r.stats?.p90) },
  { title: 'max ms', cell: (r) => fixed(r.stats?.max) },
  { title: 'stddev ms', cell: (r) => fixed(r.stats?.stddev) },
  { title: 'runs/s', cell: (r) => fixed(r.stats?.runsPerSecond, 1) },
  { title: 'tokens/s', cell: (r) => fixed(r.tokensPerSecond, 0) },
  { title: 'preprocess ms', cell: (r) => fixed(r.stagesMs?.preprocess) },
  { title: 'postprocess ms', cell: (r) => fixed(r.stagesMs?.postprocess) },
  { title: 'speedup vs wasm', cell: (r, _env, results) => speedupCell(r, results) },
  { title: 'parity', cell: (r) => (r.parity ? `${r.parity.pass ? 'ok' : 'MISMATCH'} max|d| ${sci(r.parity.maxAbsDiff)}` : '') },
  { title: 'cosine', cell: (r) => fixed(r.parity?.cosine, 6) },
  // A quantized variant passes on top label and cosine; its max difference is shown, not judged.
  { title: 'parity judged by', cell: (r) => (r.parity?.judgedBy === 'top-label-and-cosine' ? 'top label + cosine' : '') },
  { title: 'parity against', cell: (r) => parityAgainst(r) },
  { title: 'native', cell: (r) => (r.native ? `${r.native.pass ? 'ok' : 'DIFFERS'} max|d| ${sci(r.native.maxAbsDiff)} (${r.native.checked} values)` : '') },
  { title: 'gpu/cpu nodes', cell: (r) => (r.placement ? `${r.placement.gpuNodes}/${r.placement.cpuNodes}` : '') },
  { title: 'top-1', cell: (r) => r.top5?.[0]?.label.split(',')[0] ?? '' },
  { title: 'error', cell: (r) => r.error ?? '' },
];

/** As the page shows it: the baseline row says so, not an interval of itself against itself. */
function speedupCell(row: BenchResult, results: readonly BenchResult[]): string {
  if (row === speedupBaseline(results)) return '1.00 (baseline)';
  return row.speedupVsWasm ? `${fixed(row.speedupVsWasm.ratio)} [${fixed(row.speedupVsWasm.ci95[0])}, ${fixed(row.speedupVsWasm.ci95[1])}]` : '';
}

function parityAgainst(row: BenchResult): string {
  const reference = rowParityReference(row);
  return reference ? `${reference.variant ? `${reference.variant} ` : ''}${reference.backend} ×${reference.threads}` : '';
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per backend, with the model and environment repeated so rows stand alone in a spreadsheet. */
export function toCsv(report: BenchExport): string {
  const extra: Column[] = [
    { title: 'model', cell: () => report.model.id },
    { title: 'input', cell: () => report.input.name },
    { title: 'ort', cell: () => report.environment.ort },
    { title: 'user agent', cell: () => report.environment.userAgent },
  ];
  const columns = [...extra, ...COLUMNS];
  const lines = [columns.map((c) => csvField(c.title)).join(',')];
  for (const row of report.results) lines.push(columns.map((c) => csvField(c.cell(row, report.environment, report.results))).join(','));
  return lines.join('\n') + '\n';
}

export function toMarkdown(report: BenchExport): string {
  const env = report.environment;
  const adapter = env.webgpuAdapter ? `${env.webgpuAdapter.vendor} ${env.webgpuAdapter.architecture}${env.webgpuAdapter.isFallbackAdapter ? ' (fallback adapter)' : ''}` : 'none';
  const columns = COLUMNS.filter((c) => c.always || report.results.some((r) => c.cell(r, env, report.results) !== ''));
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    `**${report.model.id}** on ${report.input.kind} input "${report.input.name}": ${report.settings.warmupRuns} warm-up, ${report.settings.timedRuns}+ timed runs, interleaved.`,
    `onnxruntime-web ${env.ort}; ${env.hardwareConcurrency} cores; cross-origin isolated: ${env.crossOriginIsolated ? 'yes' : 'no'}; WebGPU adapter: ${adapter}.`,
    '',
    `| ${columns.map((c) => c.title).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...report.results.map((r) => `| ${columns.map((c) => escape(c.cell(r, env, report.results))).join(' | ')} |`),
    '',
  ].join('\n');
}
