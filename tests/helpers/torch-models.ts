/**
 * torchvision's architectures exported by scripts/make-torch-models.py (tests/torch-fixtures/, not
 * committed): each model's .onnx beside a .json with the seeded input and the outputs PyTorch
 * computed on it. When a file is missing and Debian's PyTorch is installed, the test fails with the
 * command that makes them; without PyTorch (a machine that cannot make them) it is skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from './assets';

export const TORCH_FIXTURES = resolve(ROOT, 'tests', 'torch-fixtures');
export const TORCH_PYTHON = '/usr/bin/python3';
export const MAKE_TORCH_MODELS = `${TORCH_PYTHON} scripts/make-torch-models.py`;

/** The models the script exports, in its order (keep in step with MODELS there). */
export const TORCH_MODELS = ['resnet', 'mobilenetv3', 'efficientnet', 'convnext', 'vit', 'vit-opset13', 'vit-dynamic', 'densenet', 'regnet'] as const;
export type TorchModelName = (typeof TORCH_MODELS)[number];

export interface TorchTensor {
  name: string;
  dims: number[];
  data: Float32Array;
}

export interface TorchModel {
  name: TorchModelName;
  onnxPath: string;
  bytes: Uint8Array;
  opset: number;
  inputs: TorchTensor[];
  /** What PyTorch itself computed on `inputs`. */
  outputs: TorchTensor[];
}

let torchPresent: boolean | null = null;

/** Whether /usr/bin/python3 can import torch and torchvision (Debian's python3-torch, python3-torchvision). */
export function torchInstalled(): boolean {
  torchPresent ??= existsSync(TORCH_PYTHON) && spawnSync(TORCH_PYTHON, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0;
  return torchPresent;
}

const paths = (name: string) => ({ onnx: resolve(TORCH_FIXTURES, `${name}.onnx`), json: resolve(TORCH_FIXTURES, `${name}.json`) });

/** Whether every fixture is there; false means the test should skip (no PyTorch to make them). */
export function torchFixturesAvailable(): boolean {
  const present = TORCH_MODELS.every((n) => existsSync(paths(n).onnx) && existsSync(paths(n).json));
  return present || torchInstalled();
}

/** One exported model with its reference; throws, naming the command to run, when it is missing. */
export function torchModel(name: TorchModelName): TorchModel {
  const p = paths(name);
  if (!existsSync(p.onnx) || !existsSync(p.json))
    throw new Error(`tests/torch-fixtures/${name}.onnx or .json is missing: make them with \`${MAKE_TORCH_MODELS}\` (Debian's python3-torch and python3-torchvision, a few seconds)`);
  const ref = JSON.parse(readFileSync(p.json, 'utf8')) as { opset: number; inputs: { name: string; dims: number[]; data: number[] }[]; outputs: { name: string; dims: number[]; data: number[] }[] };
  const tensor = (t: { name: string; dims: number[]; data: number[] }): TorchTensor => ({ name: t.name, dims: t.dims, data: Float32Array.from(t.data) });
  return { name, onnxPath: p.onnx, bytes: new Uint8Array(readFileSync(p.onnx)), opset: ref.opset, inputs: ref.inputs.map(tensor), outputs: ref.outputs.map(tensor) };
}
