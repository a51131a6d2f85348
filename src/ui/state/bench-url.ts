/**
 * The comparison page's plan in the address bar: read when the app opens on the page (a shared link,
 * the CLI) and written back when the user shares a setup. Read and write live here together.
 */
import { BACKEND_IDS, isBackendId, type BackendId } from '../../engine/backends/backend-id';
import { resolveThreadList } from '../../engine/ort/threads';
import type { ModelOrigin } from './model-choice.svelte';
import { parseVariantName, type VariantName } from '../../engine/hub/variants';
import { messageOf } from '../../shared/errors';
import { parseVariantUrl } from './bench-variants';

/** A positive whole number from the URL, or null. */
const positive = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text.trim()) && Number(text) > 0 ? Number(text) : null);

/**
 * `batch=`/`seq=` as the URL gives them: one value each (a list runs its first value; rows per batch
 * are not planned, so a list says so in a note). null when absent or not a positive whole number.
 */
function tokenSize(params: URLSearchParams, name: string, notes: string[]): number | null {
  const raw = params.get(name);
  if (raw === null || raw === '') return null;
  const values = raw.split(',');
  const first = positive(values[0]);
  if (first === null) notes.push(`${name}=${raw} is not a positive whole number: the default is used.`);
  else if (values.length > 1) notes.push(`${name}=${raw}: one ${name === 'seq' ? 'sequence length' : 'batch size'} a run; ${first} is used (run the others one by one).`);
  return first;
}

export type InputChoice = { kind: 'sample'; file: string } | { kind: 'current' } | { kind: 'synthetic' } | { kind: 'text' };

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
  const notes: string[] = [];
  const variants: VariantName[] = [];
  for (const name of list('variants') ?? []) {
    try {
      variants.push(parseVariantName(name));
    } catch (error) {
      notes.push(messageOf(error));
    }
  }
  const variantUrls = params.getAll('variantUrl').flatMap((text) => {
    try {
      return [parseVariantUrl(text)];
    } catch (error) {
      notes.push(messageOf(error));
      return [];
    }
  });
  return {
    model: params.get('model'),
    /** A model opened from an address: the link can carry it. */
    modelUrl: params.get('modelUrl'),
    /** A Hugging Face hub repository (`hub=Xenova/all-MiniLM-L6-v2`, `revision=` optional): its default variant opens. */
    hub: params.get('hub'),
    revision: params.get('revision') ?? '',
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
    input: input === 'synthetic' ? ({ kind: 'synthetic' } as const) : input === 'text' ? ({ kind: 'text' } as const) : input?.startsWith('sample:') ? ({ kind: 'sample', file: input.slice(7) } as const) : null,
    /** With input=text: the text every row is fed (tokenized with the model's own tokenizer). */
    text: params.get('text'),
    autorun: params.get('autorun') === '1',
    bareLoop: params.get('bare') === '1',
    loseGpuAfter: number('loseGpuAfter'),
    /** Variants to compare (`variants=fp32,q8`), and variants' addresses (`variantUrl=q8:<address>`, repeated). */
    variants: variants.length ? variants : null,
    variantUrls,
    /** A token model's synthetic input: batch x sequence, ids below `vocab` (config.json's vocab_size). */
    batch: tokenSize(params, 'batch', notes),
    sequence: tokenSize(params, 'seq', notes),
    vocabularySize: positive(params.get('vocab') ?? undefined),
    /** What the URL asked for that the page cannot do as asked, in words. */
    notes,
  };
}

export type BenchUrl = ReturnType<typeof readBenchUrl>;

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

/** How many runs the plan makes. */
export interface RunCounts {
  warmupRuns: number;
  timedRuns: number;
  minSeconds: number;
}

/**
 * The URL's backends, threads and run counts checked against what the page and this browser allow,
 * with a note for each thing changed. null: the URL leaves that setting as it was.
 */
export function urlPlan(
  url: BenchUrl,
  counts: RunCounts,
  maxThreads: number,
  crossOriginIsolated: boolean,
): { selected: Record<BackendId, boolean> | null; threads: number[] | null; counts: RunCounts; notes: string[] } {
  const notes: string[] = [];
  // A backends list with nothing known in it keeps the default ticks: unticking all would leave a plan that cannot run.
  const known = url.backends;
  const selected = known?.length ? (Object.fromEntries(BACKEND_IDS.map((id) => [id, known.includes(id)])) as Record<BackendId, boolean>) : null;
  if (url.unknownBackends.length || known?.length === 0) notes.push(unknownBackendsNote(url.unknownBackends, known?.length ?? 0));
  let threads: number[] | null = null;
  if (url.threads) {
    const checked = resolveThreadList(url.threads, maxThreads, crossOriginIsolated);
    if (checked.threads.length) threads = checked.threads;
    notes.push(...checked.notes);
  }
  const count = (name: string, value: number | null, min: number, max: number, fallback: number) => {
    if (value === null) return fallback;
    const clamped = Math.min(max, Math.max(min, Math.round(value)));
    if (clamped !== value) notes.push(`${name}=${value} is outside ${min}-${max}: ${clamped} is used.`);
    return clamped;
  };
  return {
    selected,
    threads,
    counts: {
      warmupRuns: count('warmup', url.warmup, 0, 100, counts.warmupRuns),
      timedRuns: count('runs', url.runs, 1, 1000, counts.timedRuns),
      minSeconds: count('seconds', url.seconds, 0, 600, counts.minSeconds),
    },
    notes,
  };
}

/** The plan as the URL carries it. */
export interface BenchPlan extends RunCounts {
  model: { gallery: { id: string } | null; origin: ModelOrigin; url: string | null; name: string; hub?: { repo: string; revision: string; variant: VariantName } | null };
  selected: Readonly<Record<BackendId, boolean>>;
  wasmThreads: readonly number[];
  input: InputChoice;
  /** Variants ticked ([]: the chosen model's file alone). */
  variants?: readonly VariantName[];
  /** A token model's batch x sequence (absent for other models). */
  tokens?: { batch: number; sequence: number } | null;
  /** The text fed with input=text. */
  text?: string;
}

/** The plan as URL parameters, so a setup can be shared and reloaded (the user's own files cannot be). */
export function writeBenchUrl(plan: BenchPlan): URLSearchParams {
  const params = new URLSearchParams();
  const { model, input } = plan;
  if (model.gallery) params.set('model', model.gallery.id);
  else if (model.origin === 'url' && model.url) params.set('modelUrl', model.url);
  else if (model.origin === 'file') params.set('file', model.name);
  else if (model.hub) {
    params.set('hub', model.hub.repo);
    if (model.hub.revision !== 'main') params.set('revision', model.hub.revision);
  }
  params.set('backends', BACKEND_IDS.filter((id) => plan.selected[id]).join(','));
  params.set('threads', [...plan.wasmThreads].sort((a, b) => a - b).join(','));
  params.set('warmup', String(plan.warmupRuns));
  params.set('runs', String(plan.timedRuns));
  if (plan.minSeconds) params.set('seconds', String(plan.minSeconds));
  params.set('input', input.kind === 'sample' ? `sample:${input.file}` : input.kind);
  if (plan.variants?.length) params.set('variants', plan.variants.join(','));
  if (input.kind === 'text' && plan.text) params.set('text', plan.text);
  if (plan.tokens) {
    params.set('batch', String(plan.tokens.batch));
    params.set('seq', String(plan.tokens.sequence));
  }
  return params;
}
