#!/usr/bin/env -S npx tsx
/**
 * Mutates real models (bit flips, truncation, swapped byte ranges, repeated and zeroed ranges) and
 * feeds each mutant to the ONNX reader and to onnxruntime-node session creation (and, when one is
 * created, a run on synthetic input). Every outcome must be a result or a named error: an error of
 * another kind, a hang past the per-case timeout or a crash of the process is a finding.
 * Reproducible: the same --seed gives the same mutants.
 *   npm run fuzz -- [--seed N] [--cases N] [--models a.onnx,b.onnx] [--timeout-ms N]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { seededRandom } from '../src/engine/bench/stats';
import { readModelInfo } from '../src/engine/onnx-format/model-info';
import { OnnxFormatError } from '../src/engine/onnx-format/wire';
import { bytesSource } from '../src/engine/onnx-format/byte-source';

export type Mutation = 'bitflip' | 'truncate' | 'swap' | 'repeat' | 'zero';
const MUTATIONS: Mutation[] = ['bitflip', 'truncate', 'swap', 'repeat', 'zero'];

export function mutate(model: Uint8Array, random: () => number): { bytes: Uint8Array; mutation: Mutation; detail: string } {
  const pick = (n: number) => Math.floor(random() * n);
  const mutation = MUTATIONS[pick(MUTATIONS.length)];
  const bytes = Uint8Array.from(model);
  switch (mutation) {
    case 'bitflip': {
      const flips = 1 + pick(32);
      for (let i = 0; i < flips; i++) bytes[pick(bytes.length)] ^= 1 << pick(8);
      return { bytes, mutation, detail: `${flips} bits` };
    }
    case 'truncate': {
      const at = pick(bytes.length);
      return { bytes: bytes.subarray(0, at), mutation, detail: `at ${at}` };
    }
    case 'swap': {
      // Two ranges of equal length exchanged: moves whole fields (tags, lengths, payloads) around.
      const length = 1 + pick(Math.min(256, bytes.length >> 2));
      const a = pick(bytes.length - length);
      const b = pick(bytes.length - length);
      const first = bytes.slice(a, a + length);
      bytes.copyWithin(a, b, b + length);
      bytes.set(first, b);
      return { bytes, mutation, detail: `${length} bytes at ${a} and ${b}` };
    }
    case 'repeat': {
      const length = 1 + pick(Math.min(512, bytes.length >> 2));
      const at = pick(bytes.length - length);
      const grown = new Uint8Array(bytes.length + length);
      grown.set(bytes.subarray(0, at + length));
      grown.set(bytes.subarray(at), at + length);
      return { bytes: grown, mutation, detail: `${length} bytes at ${at}` };
    }
    case 'zero': {
      const length = 1 + pick(64);
      const at = pick(bytes.length - length);
      bytes.fill(0, at, at + length);
      return { bytes, mutation, detail: `${length} bytes at ${at}` };
    }
  }
}

export interface FuzzOutcome {
  reader: 'ok' | 'refused' | string;
  runtime: 'ran' | 'refused' | 'run-refused' | 'skipped' | string;
}

/** A consumer that took longer than the per-case timeout: a finding, unlike the errors it may throw. */
class Hang extends Error {}

const withTimeout = <T>(work: Promise<T>, ms: number, what: string) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Hang(`HANG: ${what} took over ${ms} ms`)), ms).unref())]);

/** Feeds one mutant to both consumers; the strings other than the expected ones are findings. */
export async function feed(bytes: Uint8Array, timeoutMs: number): Promise<FuzzOutcome> {
  let reader: FuzzOutcome['reader'];
  try {
    await withTimeout(readModelInfo(bytesSource(bytes)), timeoutMs, 'the reader');
    reader = 'ok';
  } catch (error) {
    reader = error instanceof OnnxFormatError ? 'refused' : `FINDING reader threw ${(error as Error).name}: ${(error as Error).message}`;
  }
  let runtime: FuzzOutcome['runtime'];
  let session: ort.InferenceSession | null = null;
  try {
    session = await withTimeout(ort.InferenceSession.create(bytes, { logSeverityLevel: 4 }), timeoutMs, 'session creation');
  } catch (error) {
    runtime = error instanceof Hang ? `FINDING ${error.message}` : 'refused';
  }
  if (session) {
    try {
      const feeds: Record<string, ort.Tensor> = {};
      for (const name of session.inputNames) {
        const meta = session.inputMetadata.find((m) => m.name === name);
        const dims = meta && meta.isTensor ? meta.shape.map((d) => (typeof d === 'number' && d >= 0 && d <= 4096 ? d : 1)) : [1];
        const size = dims.reduce((a, b) => a * b, 1);
        if (!meta?.isTensor || meta.type !== 'float32' || size > 1 << 24) throw new Error('not a float tensor input');
        feeds[name] = new ort.Tensor('float32', new Float32Array(size).fill(0.5), dims);
      }
      await withTimeout(session.run(feeds), timeoutMs, 'the run');
      runtime = 'ran';
    } catch (error) {
      runtime = error instanceof Hang ? `FINDING ${error.message}` : 'run-refused';
    } finally {
      await session.release();
    }
  }
  return { reader, runtime: runtime! };
}

export async function fuzz(options: { seed: number; cases: number; models: string[]; timeoutMs: number; log?: (line: string) => void }) {
  const random = seededRandom(options.seed);
  const sources = options.models.map((file) => ({ file, bytes: new Uint8Array(readFileSync(resolve(import.meta.dirname, '..', 'public', 'models', file))) }));
  const tally: Record<string, number> = {};
  const findings: string[] = [];
  for (let i = 0; i < options.cases; i++) {
    const source = sources[i % sources.length];
    const { bytes, mutation, detail } = mutate(source.bytes, random);
    const outcome = await feed(bytes, options.timeoutMs);
    const key = `reader ${outcome.reader.startsWith('FINDING') ? 'FINDING' : outcome.reader}, runtime ${outcome.runtime.startsWith('FINDING') ? 'FINDING' : outcome.runtime}`;
    tally[key] = (tally[key] ?? 0) + 1;
    for (const verdict of [outcome.reader, outcome.runtime]) {
      if (verdict.startsWith('FINDING')) findings.push(`case ${i} (${source.file}, ${mutation} ${detail}): ${verdict}`);
    }
    options.log?.(`case ${i}: ${source.file} ${mutation} ${detail} → ${key}`);
  }
  return { tally, findings };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const arg = (name: string, fallback: string) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : fallback;
  };
  const options = {
    seed: Number(arg('seed', '1')),
    cases: Number(arg('cases', '300')),
    models: arg('models', 'mnist-8.onnx,super-resolution-10.onnx,titanic-pipeline.onnx,ultraface-rfb-320.onnx').split(','),
    timeoutMs: Number(arg('timeout-ms', '20000')),
  };
  const started = Date.now();
  const { tally, findings } = await fuzz({ ...options, log: process.argv.includes('--verbose') ? console.log : undefined });
  console.log(`fuzz: seed ${options.seed}, ${options.cases} mutants of ${options.models.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const [key, count] of Object.entries(tally).sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(4)}  ${key}`);
  console.log(findings.length ? `findings (${findings.length}):\n  ${findings.join('\n  ')}` : 'findings: none');
  process.exit(findings.length ? 1 : 0);
}
