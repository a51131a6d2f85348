#!/usr/bin/env -S npx tsx
// Converts the gallery's TF.js models (src/tasks/converted-models.ts) from the npm package into
// public/models/<id>.onnx with the app's own converter. Run by `npm install` and `npm run setup`
// after fetch-assets.mjs. A model whose .onnx is newer than its model.json and than the converter's
// sources is skipped, so this is cheap to repeat; `--force` converts everything again.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { convertTfjsModel } from '../src/engine/convert/convert';
import { CONVERTED_MODELS } from '../src/tasks/converted-models';

const root = resolve(import.meta.dirname, '..');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');
const log = (line: string) => quiet || console.log(line);

const sourcesDir = join(root, 'src', 'engine', 'convert');
const listFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
const converterTime = Math.max(...listFiles(sourcesDir).map((f) => statSync(f).mtimeMs));

const failures: string[] = [];
let converted = 0;
for (const model of CONVERTED_MODELS) {
  const jsonPath = join(root, 'node_modules', model.packageFile);
  const output = join(root, 'public', 'models', `${model.id}.onnx`);
  if (!existsSync(jsonPath)) {
    failures.push(`${model.id}: ${model.packageFile} is not installed (npm install adds it)`);
    continue;
  }
  // The originals too, for the comparison page's TensorFlow.js targets (public/tfjs-models/<id>.json
  // and its shards, git-ignored): the page runs them as published, beside their conversion.
  const originals = join(root, 'public', 'tfjs-models');
  mkdirSync(originals, { recursive: true });
  for (const file of [`${model.id}.json`, ...(JSON.parse(readFileSync(jsonPath, 'utf8')).weightsManifest ?? []).flatMap((g: { paths: string[] }) => g.paths)]) {
    const from = join(dirname(jsonPath), file);
    const to = join(originals, file);
    if (!existsSync(to) || statSync(to).mtimeMs < statSync(from).mtimeMs) copyFileSync(from, to);
  }
  if (!force && existsSync(output) && statSync(output).mtimeMs > Math.max(statSync(jsonPath).mtimeMs, converterTime)) continue;
  try {
    const modelJson = readFileSync(jsonPath);
    const shards: Record<string, Uint8Array> = {};
    for (const group of JSON.parse(modelJson.toString('utf8')).weightsManifest ?? [])
      for (const path of group.paths) shards[path] = readFileSync(join(dirname(jsonPath), path));
    const started = performance.now();
    const { onnx, report } = await convertTfjsModel({ modelJson, shards }, {});
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, onnx);
    converted++;
    log(`convert: ${model.packageFile} -> public/models/${model.id}.onnx (${(onnx.length / 2 ** 20).toFixed(1)} MB, ${report.nodesAfter} nodes, ${Math.round(performance.now() - started)} ms)`);
  } catch (e) {
    failures.push(`${model.id}: ${(e as Error).message}`);
  }
}
log(`convert: ${converted} converted, ${CONVERTED_MODELS.length - converted - failures.length} up to date`);
if (failures.length) {
  console.error(`convert: ${failures.length} gallery model(s) not converted:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
