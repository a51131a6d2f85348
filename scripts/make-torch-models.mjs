#!/usr/bin/env node
/**
 * `npm run make:fixtures`' PyTorch step: exports torchvision's architectures (random weights) for the
 * ONNX -> TF.js tests with Debian's python3-torch (scripts/make-torch-models.py). On a machine without
 * it, says so and what to install; the test that needs the files is then skipped, and says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const PYTHON = '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0;
if (!hasTorch) {
  console.log('make-torch-models: skipped, /usr/bin/python3 has no PyTorch (apt-get install python3-torch python3-torchvision to test the ONNX -> TF.js converter on torchvision models).');
  process.exit(0);
}
const run = spawnSync(PYTHON, [resolve(import.meta.dirname, 'make-torch-models.py'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
