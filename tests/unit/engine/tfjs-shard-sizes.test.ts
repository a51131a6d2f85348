/**
 * The shard-size check: every real TF.js model's files hold exactly the bytes its manifest's weights
 * need (quantized ones included), and another model's weight file is refused by name and size.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkShardSizes, expectedShardSizes, groupBytes, TFJS_SHARD_BYTES, type WeightsGroup } from '../../../src/engine/convert/weights';
import { ConvertError } from '../../../src/engine/convert/errors';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const FOLDERS = [resolve(ROOT, 'node_modules', '@vladmandic', 'human-models', 'models'), resolve(ROOT, 'public', 'tfjs-models')];
const manifestOf = (folder: string, name: string): WeightsGroup[] => JSON.parse(readFileSync(resolve(folder, `${name}.json`), 'utf8')).weightsManifest;
const human = (name: string) => manifestOf(FOLDERS[0], name);
const sizeOf = (folder: string, file: string) => statSync(resolve(folder, file)).size;
const refusal = (run: () => void) => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ConvertError);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('TF.js weight files against their manifest', () => {
  it('every real model: its .bin files hold exactly what its weights need (float16 and uint8 quantized included)', () => {
    let models = 0;
    const quantized = new Set<string>();
    for (const folder of FOLDERS) {
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
        const manifest = manifestOf(folder, file.slice(0, -5));
        if (!manifest) continue;
        for (const w of manifest.flatMap((g) => g.weights)) if (w.quantization) quantized.add(w.quantization.dtype);
        const sizes = manifest.map((g) => g.paths.map((p) => sizeOf(folder, p)));
        expect(manifest.map(groupBytes), file).toEqual(sizes.map((s) => s.reduce((a, b) => a + b, 0)));
        expect(() => checkShardSizes(manifest, sizes), file).not.toThrow();
        models++;
      }
    }
    expect(models).toBeGreaterThanOrEqual(40);
    expect([...quantized].sort()).toEqual(['float16', 'uint8']);
  });

  it("blazeface.json with emotion.bin renamed blazeface.bin: refused, naming the file, the bytes expected and given", () => {
    const manifest = human('blazeface');
    expect(groupBytes(manifest[0])).toBe(538_928);
    const emotionBytes = sizeOf(FOLDERS[0], 'emotion.bin');
    expect(emotionBytes).toBe(820_516);
    expect(refusal(() => checkShardSizes(manifest, [[emotionBytes]]))).toBe(
      "blazeface.bin holds 820,516 bytes, but model.json's weights need 538,928 bytes from it: it belongs to another model, or is damaged. Choose the .bin weight files that were saved with this model.json.",
    );
    expect(refusal(() => checkShardSizes(manifest, [[1000]]))).toMatch(/^blazeface\.bin holds 1,000 bytes, but model\.json's weights need 538,928 bytes from it: it is cut short, or belongs to another model\./);
  });

  it('a group split over several files, as tensorflowjs_converter writes it: shards of 4 MiB, the last holding the rest', () => {
    // movenet-thunder's weights (float16, over 4 MiB) written as 4 MiB shards.
    const [group] = human('movenet-thunder');
    const total = groupBytes(group);
    const n = Math.ceil(total / TFJS_SHARD_BYTES);
    expect(n).toBeGreaterThan(1);
    const split: WeightsGroup = { ...group, paths: Array.from({ length: n }, (_, i) => `group1-shard${i + 1}of${n}.bin`) };
    const sizes = expectedShardSizes(total, Array(n).fill(0))!;
    expect(sizes.slice(0, -1).every((s) => s === TFJS_SHARD_BYTES)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
    expect(() => checkShardSizes([split], [sizes])).not.toThrow();
    // The last shard swapped for another model's: named, with its expected and given sizes.
    const wrong = [...sizes.slice(0, -1), 538_928];
    expect(refusal(() => checkShardSizes([split], [wrong]))).toContain(`group1-shard${n}of${n}.bin holds 538,928 bytes, but model.json's weights need ${sizes[n - 1].toLocaleString('en-US')} bytes from it`);
    // A custom shard size (the first file's) is followed too.
    const custom = expectedShardSizes(total, [1_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].slice(0, Math.ceil(total / 1_000_000)));
    expect(custom?.[0]).toBe(1_000_000);
  });
});
