#!/usr/bin/env node
// Writes src/engine/backends/operator-support.json from the operator tables that the installed
// onnxruntime-web ships (node_modules/onnxruntime-web/docs/*-operators.md): per backend, per domain,
// per op, the opset ranges implemented. Run after upgrading onnxruntime-web; a unit test checks the
// JSON names the installed version.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ortDir = join(root, 'node_modules', 'onnxruntime-web');
const version = JSON.parse(readFileSync(join(ortDir, 'package.json'), 'utf8')).version;

/** "7-12, 13, 14+" → [[7, 12], [13, 13], [14, null]] */
function parseRanges(text) {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const open = part.match(/^(\d+)\+$/);
      if (open) return [Number(open[1]), null];
      const range = part.match(/^(\d+)(?:-(\d+))?$/);
      if (!range) throw new Error(`unreadable opset range "${part}"`);
      return [Number(range[1]), Number(range[2] ?? range[1])];
    });
}

/** Rows of a markdown table after its header: cells with links reduced to their text. */
function tableRows(markdown) {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim()));
}

/** WebGPU and WebNN: "ai.onnx(7-12,13+); com.microsoft(1+)" per op. */
function byDomain(file) {
  const ops = {};
  for (const [op, opsets] of tableRows(readFileSync(join(ortDir, 'docs', file), 'utf8'))) {
    for (const [, domain, ranges] of opsets.matchAll(/([\w.]+)\(([^)]*)\)/g)) {
      if (domain === 'com.ms.internal.nhwc') continue; // onnxruntime's internal layout variant
      ((ops[domain] ??= {})[op] = parseRanges(ranges));
    }
  }
  return ops;
}

/** WebGL: ai.onnx only, an empty cell where the op is missing. */
function webgl(file) {
  const ops = { 'ai.onnx': {} };
  for (const [op, ranges] of tableRows(readFileSync(join(ortDir, 'docs', file), 'utf8'))) {
    if (ranges) ops['ai.onnx'][op] = parseRanges(ranges);
  }
  return ops;
}

const table = {
  $comment: 'Made by scripts/make-operator-table.mjs from the operator tables onnxruntime-web ships; do not edit.',
  onnxruntimeWeb: version,
  backends: {
    'webgpu-jsep': { source: `onnxruntime-web@${version} docs/webgpu-operators.md`, ops: byDomain('webgpu-operators.md') },
    webnn: { source: `onnxruntime-web@${version} docs/webnn-operators.md`, ops: byDomain('webnn-operators.md') },
    webgl: { source: `onnxruntime-web@${version} docs/webgl-operators.md`, ops: webgl('webgl-operators.md') },
  },
};
writeFileSync(join(root, 'src', 'engine', 'backends', 'operator-support.json'), JSON.stringify(table) + '\n');
for (const [id, { ops }] of Object.entries(table.backends)) {
  console.log(`${id}: ${Object.entries(ops).map(([d, o]) => `${d} ${Object.keys(o).length}`).join(', ')}`);
}
