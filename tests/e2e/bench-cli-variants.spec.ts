/**
 * The CLI on a folder in the hub's layout (issue 17): its onnx/ files are the variants, config.json's
 * vocab_size bounds the ids, --seq sizes the input; rows carry variant and parityReference.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchExportErrors } from '../helpers/bench-schema';
import { hubFixturePath } from '../helpers/assets';
import { hubEnvFor } from '../../scripts/hub-server.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');

test('npm run bench -- --model <hub folder> --variants fp32,q8 --seq 16: both variants, q8 passes against fp32 on WASM ×1, tokens/s', async () => {
  test.setTimeout(120_000);
  const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bert.json');
  const folder = resolve(hubFixturePath('tiny-bert-sentiment', 'config.json'), '..');
  const args = ['--timeout', '90', '--model', folder, '--variants', 'fp32,q8', '--backends', 'wasm', '--threads', '1', '--seq', '16', '--warmup', '1', '--runs', '5', '--json', out];
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^q8\s+wasm\s/m);
  expect(result.stdout).toMatch(/^On this browser, (fp32|q8) on WASM ×1 is the fastest variant at seq 16/m);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  expect(benchExportErrors(json)).toEqual([]);
  expect(json.input.tokens).toEqual({ batch: 1, sequence: 16 });
  const rows: { variant: string; parity: { pass: boolean; judgedBy: string; top1Agree: boolean }; parityReference: object; tokensPerSecond: number; stats: { median: number } }[] = json.results;
  expect(rows.map((r) => r.variant)).toEqual(['fp32', 'q8']);
  for (const row of rows) {
    expect(row.parityReference).toEqual({ backend: 'wasm', threads: 1, variant: 'fp32' });
    expect(row.parity.pass).toBe(true);
    expect(row.tokensPerSecond).toBeCloseTo((16 * 1000) / row.stats.median, 0);
  }
  expect(rows[1].parity).toMatchObject({ judgedBy: 'top-label-and-cosine', top1Agree: true });
  // A variant the folder lacks is refused before anything starts.
  const missing = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.mjs'), '--model', folder, '--variants', 'q4'], { cwd: ROOT, encoding: 'utf8' });
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('has no q4 variant: it has fp32, q8');
});

test('npm run bench -- --hub <repo id> --text: the page lists the repository on the hub the build was made for, tokenizes the text with its tokenizer and compares its variants', async () => {
  test.setTimeout(120_000);
  const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bert-text.json');
  // The e2e build and its local hub (playwright.config.ts): the CLI's preview needs the same hub settings.
  const env = { ...process.env, ...hubEnvFor(process.env.E2E_PORT ?? 4173) };
  const args = ['--timeout', '90', '--hub', 'fixtures/tiny-bert-sentiment', '--variants', 'fp32,q8', '--backends', 'wasm', '--threads', '1', '--text', 'The movie was great!', '--batch', '2', '--warmup', '1', '--runs', '3', '--json', out];
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 110_000, env });
  expect(result.status, result.stderr).toBe(0);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  expect(benchExportErrors(json)).toEqual([]);
  expect(json.model.id).toContain('fixtures/tiny-bert-sentiment');
  expect(json.input).toMatchObject({ kind: 'text', name: 'The movie was great! (× 2)' });
  const rows: { variant: string; parity: { pass: boolean; cosine: number }; outputs: { dims: number[]; first: number[] }[] }[] = json.results;
  expect(rows.map((r) => r.variant)).toEqual(['fp32', 'q8']);
  expect(rows.every((r) => r.parity.pass && r.parity.cosine > 0.99)).toBe(true);
  // The fp32 row's logits are the fixtures' reference for this sentence: P(POSITIVE) 0.8826 (onnxruntime-node on the same ids).
  const [negative, positive] = rows[0].outputs[0].first;
  expect(rows[0].outputs[0].dims).toEqual([2, 2]);
  expect(Math.exp(positive) / (Math.exp(negative) + Math.exp(positive))).toBeCloseTo(0.8826, 4);
  // A repository id is checked before anything starts, and --text needs a hub model.
  const bad = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.mjs'), '--hub', 'not an id'], { cwd: ROOT, encoding: 'utf8', env });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('--hub takes a repository id such as Xenova/all-MiniLM-L6-v2');
  const textAlone = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.mjs'), '--model', 'mnist-8', '--text', 'hello'], { cwd: ROOT, encoding: 'utf8', env });
  expect(textAlone.status).toBe(2);
  expect(textAlone.stderr).toContain('--text feeds a hub model');
});
