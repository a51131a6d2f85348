/**
 * An ONNX model on the Model page converted to a TensorFlow.js graph model: checked against ONNX
 * Runtime in the browser, downloaded as a zip that TF.js (Node) loads and that answers as
 * onnxruntime-node does on the original; a model with ops TF.js lacks names them and cannot start.
 */
import { test, expect, openModelFiles } from './fixtures';
import type { Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import * as ort from 'onnxruntime-node';
import { loadTfjsModel, tfjs } from '../helpers/tfjs-reference';

const MODELS = resolve(import.meta.dirname, '..', '..', 'public', 'models');
const section = (page: Page) => page.getByRole('region', { name: 'Convert to TensorFlow.js' });
const BYTES: Record<string, number> = { float32: 4, int32: 4, float16: 2, uint8: 1, uint16: 2, bool: 1 };

test.describe('Convert to TensorFlow.js', () => {
  test('mnist-8 converts in a worker, matches ONNX Runtime within 1e-4, and its zip loads in TF.js', async ({ page, pageErrors }) => {
    await page.goto('/?view=model&model=mnist-8');
    const region = section(page);
    const button = region.getByRole('button', { name: 'Convert to TensorFlow.js' });
    await expect(button).toBeEnabled();
    await expect(region.getByRole('radio', { name: 'float32: full precision' })).toBeChecked();
    await button.click();

    const status = region.getByText(/Matches ONNX Runtime within/);
    await expect(status).toBeVisible();
    const within = Number((await status.innerText()).match(/within ([\d.]+(?:e[-+]?\d+)?)/)![1]);
    expect(within).toBeLessThanOrEqual(1e-4);
    console.log(`mnist-8 -> TF.js: matches ONNX Runtime within ${within}`);
    await expect(region).toContainText('1 output compared by name');
    const ops = region.getByRole('table', { name: 'ONNX ops and the TF ops they became' });
    await expect(ops.getByRole('row', { name: /^Conv 2/ })).toContainText('Conv2D');
    await expect(ops.getByRole('row', { name: /^MaxPool 2/ })).toContainText('MaxPool');
    await expect(region).toContainText(/\d+ ONNX → \d+ TF/);

    // The zip: model.json at its root, and exactly the shards its weightsManifest names, of the sizes it declares.
    const downloading = page.waitForEvent('download');
    await region.getByRole('link', { name: 'Download zip' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('mnist-8-tfjs.zip');
    const files = unzipSync(readFileSync((await download.path())!));
    const json = JSON.parse(new TextDecoder().decode(files['model.json']));
    expect(json.format).toBe('graph-model');
    const groups = json.weightsManifest as { paths: string[]; weights: { shape: number[]; dtype: string; quantization?: { dtype: string } }[] }[];
    const paths = groups.flatMap((g) => g.paths);
    expect(Object.keys(files).sort()).toEqual(['model.json', ...paths].sort());
    const declared = groups.flatMap((g) => g.weights).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * BYTES[w.quantization?.dtype ?? w.dtype], 0);
    expect(paths.reduce((n, p) => n + files[p].length, 0)).toBe(declared);
    // Each file alone too, under its own name.
    await expect(region.getByRole('list', { name: 'Files of the TensorFlow.js model' }).getByRole('link')).toHaveText(['model.json', ...paths]);

    // Cancel: the worker is ended, and neither the old card nor anything of the new conversion stays.
    await region.getByRole('radio', { name: 'uint8: a quarter of the size' }).check();
    await button.click();
    await expect(region.getByRole('link', { name: 'Download zip' })).toHaveCount(0);
    await region.getByRole('button', { name: 'Cancel' }).click();
    await expect(button).toBeEnabled();
    await expect(region.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
    await page.waitForTimeout(1500);
    await expect(region.getByRole('link', { name: 'Download zip' })).toHaveCount(0);
    await expect(region.getByRole('status')).toHaveCount(0);

    // tf.loadGraphModel (Node, CPU backend) takes the unzipped folder as it is and answers as ORT does on the original.
    const dir = mkdtempSync(join(tmpdir(), 'mnist-tfjs-'));
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const tf = await tfjs('cpu');
    const model = await loadTfjsModel(tf, join(dir, 'model.json'));
    const input = Float32Array.from({ length: 28 * 28 }, (_, i) => ((i * 37) % 255) / 255);
    const x = tf.tensor(input, [1, 1, 28, 28]);
    const y = model.execute({ Input3: x }, 'Plus214_Output_0') as import('@tensorflow/tfjs-core').Tensor;
    const got = await y.data();
    tf.dispose([x, y]);
    model.dispose();
    const session = await ort.InferenceSession.create(readFileSync(join(MODELS, 'mnist-8.onnx')));
    const want = (await session.run({ Input3: new ort.Tensor('float32', input, [1, 1, 28, 28]) }))['Plus214_Output_0'].data as Float32Array;
    await session.release();
    const scale = Math.max(...want.map(Math.abs));
    expect(Math.max(...want.map((v, i) => Math.abs(v - got[i]))) / scale).toBeLessThan(1e-4);
    expect(pageErrors).toEqual([]);
  });

  test('titanic-pipeline.onnx from a file (scikit-learn, ai.onnx.ml ops) names the ops TF.js lacks, and Convert cannot start', async ({ page, pageErrors }) => {
    await page.goto('/');
    await openModelFiles(page, join(MODELS, 'titanic-pipeline.onnx'));
    const region = section(page);
    const list = region.getByRole('list', { name: 'Ops the converter cannot map' });
    await expect(list).toContainText('LinearClassifier (ai.onnx.ml) ×1');
    await expect(list).toContainText('OneHotEncoder (ai.onnx.ml) ×3');
    const button = region.getByRole('button', { name: 'Convert to TensorFlow.js' });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription(/does not map these \d+ ONNX ops to TensorFlow\.js ops, so titanic-pipeline\.onnx cannot be converted/);
    expect(pageErrors).toEqual([]);
  });
});
