/** Paths to the files `npm install` fetched (see scripts/fetch-assets.mjs), and a reference decoder. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import type { Image8 } from '../../src/engine/tensor/resize';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const modelPath = (file: string) => resolve(ROOT, 'public', 'models', file);
export const samplePath = (file: string) => resolve(ROOT, 'public', 'samples', file);
export const labelsPath = (file: string) => resolve(ROOT, 'public', 'labels', file);

export function referencePath(file: string): string {
  const path = resolve(ROOT, 'tests', 'reference', file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run setup\` with the shared assets mirror present`);
  return path;
}

export function readFloat32(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Decodes an image file to 8-bit RGB the way Pillow does: libjpeg-turbo (mozjpeg build), no colour
 * management (Pillow ignores embedded ICC profiles, and so does the app's decoder).
 */
export async function decodeLikePillow(path: string): Promise<Image8> {
  const { data, info } = await sharp(path, { ignoreIcc: true }).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels, data };
}

export interface ReferenceClass {
  index: number;
  label: string;
  p: number;
}
export type ReferenceTop5 = Record<string, Record<string, ReferenceClass[]>>;

export function referenceTop5(): ReferenceTop5 {
  return JSON.parse(readFileSync(referencePath('classification-top5.json'), 'utf8')).results;
}

/** A file of a generated hub repository (../shared/assets/hub, copied by setup): `hubFixturePath('tiny-minilm', 'onnx/model.onnx')`. */
export const hubFixturePath = (repo: string, file: string) => resolve(ROOT, 'tests', 'hub-fixtures', 'fixtures', repo, file);
