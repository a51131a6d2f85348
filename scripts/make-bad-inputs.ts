#!/usr/bin/env -S npx tsx
/**
 * Generates the bad-input corpus into tests/fixtures/bad-inputs (models/ and images/, plus
 * corpus.json describing each file and what the app must say about it). Derived from the real
 * models and photos that setup installs, so it is made, not committed. Deterministic: the same seed
 * gives the same files. Usage: npm run make:fixtures [-- --seed N]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../src/engine/bench/stats';
import { deeplyNestedModel, oversizedFieldModel, toyModel } from '../tests/helpers/onnx-builder';
import { pngHeader } from '../tests/helpers/png-header';

const root = resolve(import.meta.dirname, '..');
const out = resolve(root, 'tests', 'fixtures', 'bad-inputs');
const seedArg = process.argv.indexOf('--seed');
const seed = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 20261128;
const random = seededRandom(seed);

/**
 * `outcome`: 'refused' = an alert whose text matches `message`; 'accepted' = works like a good file
 * (for images: classified; for models: details shown, and a run either works or is refused with
 * `message`); 'either' = refused with a specific message or accepted (bit flips land anywhere).
 */
export interface CorpusEntry {
  kind: 'model' | 'image';
  file: string;
  what: string;
  outcome: 'refused' | 'accepted' | 'either';
  /** A regular expression the alert must match (when there is one); for accepted models, a note in the details. */
  message?: string;
  /** Models: refused only when run (session creation), not when opened. */
  atRun?: boolean;
}

const entries: CorpusEntry[] = [];
rmSync(out, { recursive: true, force: true });
mkdirSync(resolve(out, 'models'), { recursive: true });
mkdirSync(resolve(out, 'images'), { recursive: true });
const add = (entry: CorpusEntry, bytes: Uint8Array | Buffer) => {
  writeFileSync(resolve(out, entry.kind === 'model' ? 'models' : 'images', entry.file), bytes);
  entries.push(entry);
};
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));

// ---- models
const mnist = readFileSync(resolve(root, 'public', 'models', 'mnist-8.onnx'));
const squeezenet = readFileSync(resolve(root, 'public', 'models', 'squeezenet1.1-7-fp32.onnx'));
const notModel = 'truncated|not an ONNX model|not a valid ONNX model';
add({ kind: 'model', file: 'empty.onnx', what: 'zero bytes', outcome: 'refused', message: 'empty \\(0 bytes\\)' }, new Uint8Array(0));
for (const size of [1, 100, 4096, 1 << 20]) {
  add({ kind: 'model', file: `random-${size}.onnx`, what: `${size} random bytes`, outcome: 'refused', message: notModel }, randomBytes(size));
}
for (const [name, model] of [['mnist-8', mnist], ['squeezenet', squeezenet]] as const) {
  for (const fraction of [0.01, 0.3, 0.7, 0.999]) {
    const cut = Math.max(1, Math.floor(model.length * fraction));
    add({ kind: 'model', file: `${name}-cut-${fraction}.onnx`, what: `${name} cut at ${fraction * 100}%`, outcome: 'refused', message: notModel }, model.subarray(0, cut));
  }
}
add({ kind: 'model', file: 'png-renamed.onnx', what: 'a PNG renamed .onnx', outcome: 'refused', message: 'PNG image, not an ONNX model' }, readFileSync(resolve(root, 'public', 'samples', 'digits.png')));
for (let i = 0; i < 8; i++) {
  const copy = Uint8Array.from(mnist);
  const flips = 1 + Math.floor(random() * 16);
  for (let f = 0; f < flips; f++) {
    const at = Math.floor(random() * copy.length);
    copy[at] ^= 1 << Math.floor(random() * 8);
  }
  add({ kind: 'model', file: `mnist-8-bitflip-${i}.onnx`, what: `mnist-8 with ${flips} flipped bits`, outcome: 'either' }, copy);
}
add({ kind: 'model', file: 'unknown-op.onnx', what: 'an unknown op type', outcome: 'accepted', atRun: true, message: 'FrobnicateV2' }, toyModel({ opType: 'FrobnicateV2' }));
add({ kind: 'model', file: 'future-opset.onnx', what: 'an opset from the future (99)', outcome: 'accepted', atRun: true, message: 'opset|99' }, toyModel({ opset: 99 }));
add({ kind: 'model', file: 'zero-dim.onnx', what: 'an input with a zero-sized dimension', outcome: 'accepted', message: 'zero-sized dimension' }, toyModel({ inputDims: [0, 3] }));
add({ kind: 'model', file: 'negative-dim.onnx', what: 'an input with a negative dimension (onnxruntime treats it as free: sized 1 here)', outcome: 'accepted', message: 'negative dimension \\(-2\\)' }, toyModel({ inputDims: [-2, 3] }));
add({ kind: 'model', file: 'missing-external.onnx', what: 'external data that is missing', outcome: 'refused', message: 'weights\\.bin' }, toyModel({ externalData: 'weights.bin' }));
add({ kind: 'model', file: 'deeply-nested.onnx', what: 'graphs nested 50,000 deep', outcome: 'refused', message: 'nested more than \\d+ levels' }, deeplyNestedModel(50_000));
add({ kind: 'model', file: 'oversized-field.onnx', what: 'a field declaring 1 TB', outcome: 'refused', message: 'runs past the end' }, oversizedFieldModel());

// ---- images
const dog = readFileSync(resolve(root, 'public', 'samples', 'dog.jpg'));
const text = readFileSync(resolve(root, 'public', 'samples', 'imageTextN.png'));
const photo = sharp(dog).resize(320);
add({ kind: 'image', file: 'truncated.jpg', what: 'a truncated JPEG', outcome: 'refused', message: 'truncated JPEG' }, dog.subarray(0, dog.length >> 1));
add({ kind: 'image', file: 'truncated.png', what: 'a truncated PNG', outcome: 'refused', message: 'could not be decoded' }, text.subarray(0, text.length >> 1));
add({ kind: 'image', file: 'zero-by-zero.png', what: 'a 0x0 PNG', outcome: 'refused', message: 'empty image \\(0x0' }, pngHeader(0, 0));
add({ kind: 'image', file: 'bomb.png', what: 'a small PNG declaring 30000x30000', outcome: 'refused', message: '900\\.0 megapixels' }, Buffer.concat([pngHeader(30000, 30000), Buffer.alloc(64)]));
add({ kind: 'image', file: 'cmyk.jpg', what: 'a CMYK JPEG', outcome: 'accepted' }, await photo.clone().toColourspace('cmyk').jpeg().toBuffer());
add({ kind: 'image', file: 'sixteen-bit.png', what: 'a 16-bit PNG', outcome: 'accepted' }, await photo.clone().toColourspace('rgb16').png().toBuffer());
add({ kind: 'image', file: 'grayscale.png', what: 'a grayscale PNG', outcome: 'accepted' }, await photo.clone().grayscale().png().toBuffer());
add({ kind: 'image', file: 'transparent.png', what: 'a PNG with transparency', outcome: 'accepted' }, await photo.clone().ensureAlpha(0.4).png().toBuffer());
const frame = async (tint: number) => photo.clone().tint({ r: tint, g: 128, b: 255 - tint }).raw().toBuffer({ resolveWithObject: true });
const frames = await Promise.all([0, 128, 255].map(frame));
const { width, height, channels } = frames[0].info;
const animated = await sharp(Buffer.concat(frames.map((f) => f.data)), { raw: { width, height: height * frames.length, channels, pageHeight: height } })
  .gif({ loop: 0, delay: [200, 200, 200] })
  .toBuffer();
add({ kind: 'image', file: 'animated.gif', what: 'an animated GIF (3 frames)', outcome: 'accepted' }, animated);
add({ kind: 'image', file: 'vector.svg', what: 'an SVG', outcome: 'refused', message: 'SVG' }, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="red"/></svg>'));
add({ kind: 'image', file: 'not-really.jpg', what: 'a text file named .jpg', outcome: 'refused', message: 'not an image' }, Buffer.from('Dear diary, today I renamed a text file.\n'.repeat(30)));
add({ kind: 'image', file: 'empty.png', what: 'zero bytes', outcome: 'refused', message: 'empty \\(0 bytes\\)' }, Buffer.alloc(0));

writeFileSync(resolve(out, 'corpus.json'), JSON.stringify({ seed, entries }, null, 1) + '\n');
const count = (kind: string) => entries.filter((e) => e.kind === kind).length;
console.log(`bad-input corpus: ${count('model')} models and ${count('image')} images in ${out} (seed ${seed})`);
