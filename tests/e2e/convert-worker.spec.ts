/**
 * The TF.js -> ONNX converter in a browser worker: bundled alone (it imports nothing of Node or
 * the DOM), run in a Web Worker in Chromium on a gzipped model (DecompressionStream there), and
 * its bytes compared with the Node conversion of the same model.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import { convertTfjsModel } from '../../src/engine/convert/convert';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MODELS = resolve(ROOT, 'node_modules', '@vladmandic', 'human-models', 'models');

test('converts a gzipped TF.js model inside a Web Worker, byte for byte as in Node', async ({ page }) => {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: resolve(ROOT, 'src/engine/convert/convert.ts'), formats: ['es'], fileName: 'convert' } },
  })) as Rollup.RollupOutput[] | Rollup.RollupOutput;
  const bundle = (Array.isArray(out) ? out[0] : out).output[0];
  expect(bundle.type).toBe('chunk');
  // A classic worker (no imports left to resolve): the module's export line is dropped.
  const code = (bundle as Rollup.OutputChunk).code.replace(/export\s*\{[^}]*\};?\s*$/, '');
  const json = readFileSync(resolve(MODELS, 'emotion.json'));
  const bin = readFileSync(resolve(MODELS, 'emotion.bin'));

  const result = await page.evaluate(
    async ({ code, json, bin }) => {
      const worker = `${code}
        self.onmessage = async (e) => {
          try {
            const files = [new File([e.data.json], 'emotion.json'), new File([e.data.bin], 'emotion.bin')];
            const { onnx, report } = await convertTfjsModel(files);
            // Base64 back to the test (about:blank has no crypto.subtle to hash with).
            let text = '';
            for (let i = 0; i < onnx.length; i += 0x8000) text += String.fromCharCode(...onnx.subarray(i, i + 0x8000));
            self.postMessage({ base64: btoa(text), report, hasDocument: typeof document !== 'undefined' });
          } catch (err) {
            self.postMessage({ error: String(err) });
          }
        };`;
      const w = new Worker(URL.createObjectURL(new Blob([worker], { type: 'text/javascript' })));
      return new Promise<{ base64?: string; report?: { transposesAfter: number; inputs: { name: string }[] }; hasDocument?: boolean; error?: string }>((done) => {
        w.onmessage = (e) => done(e.data);
        w.onerror = (e) => done({ error: e.message || 'the worker failed to start' });
        w.postMessage({ json: new Uint8Array(json), bin: new Uint8Array(bin) });
      });
    },
    { code, json: Array.from(gzipSync(json)), bin: Array.from(gzipSync(bin)) },
  );

  expect(result.error).toBeUndefined();
  expect(result.hasDocument).toBe(false);
  expect(result.report!.inputs.map((i) => i.name)).toEqual(['input_1']);
  const node = await convertTfjsModel({ modelJson: json, shards: { 'emotion.bin': bin } });
  expect(Buffer.from(result.base64!, 'base64').equals(Buffer.from(node.onnx))).toBe(true);
  expect(result.report!.transposesAfter).toBe(node.report.transposesAfter);
});
