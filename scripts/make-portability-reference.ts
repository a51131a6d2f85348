#!/usr/bin/env -S npx tsx
// Writes src/tasks/portability-reference.json: for every gallery model, a fixed sample of its outputs
// on the seeded synthetic input, computed by onnxruntime-node (native CPU). The browser compares its
// own outputs at the same positions ("matches native within X"). Run after changing the gallery;
// `--missing` adds only models that have no reference yet (the int8 ones depend on the CPU: see
// tests/helpers/native-cpu.ts, and should be made where int8 is computed exactly).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { GALLERY } from '../src/tasks/gallery';
import { nativeOutputs, PORTABILITY_SEED } from './portability-native';
import { sampleIndices, type PortabilityReference } from '../src/engine/bench/portability';

const root = resolve(import.meta.dirname, '..');
const target = resolve(root, 'src', 'tasks', 'portability-reference.json');
const kept: PortabilityReference[] = process.argv.includes('--missing') ? JSON.parse(readFileSync(target, 'utf8')).references : [];
const references: PortabilityReference[] = [];
for (const model of GALLERY) {
  const existing = kept.find((r) => r.model === model.id);
  if (existing) {
    references.push(existing);
    continue;
  }
  const values = await nativeOutputs(ort, readFileSync(resolve(root, 'public', 'models', model.source.file)), PORTABILITY_SEED);
  const indices = sampleIndices(values.length);
  references.push({ model: model.id, seed: PORTABILITY_SEED, total: values.length, indices, values: indices.map((i) => Number(values[i].toPrecision(9))) });
  console.log(`${model.id}: ${values.length} output values, ${indices.length} kept`);
}
writeFileSync(target, JSON.stringify({ $comment: 'Made by scripts/make-portability-reference.ts with onnxruntime-node; do not edit.', references }) + '\n');
