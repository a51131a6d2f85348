/**
 * The newest ai.onnx opset the static support check lets through is the one the bundled
 * onnxruntime-web really loads, and a model above it fails with a short message that says what to do.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { MAX_ONNX_OPSET, opsetBeyondRuntime, staticSupport } from '../../src/engine/backends/operator-support';
import { ModelSession } from '../../src/engine/ort/session';
import type { Ort } from '../../src/engine/ort/runtime';
import { readModelInfo } from '../../src/engine/onnx-format/model-info';
import { bytesSource } from '../../src/engine/onnx-format/byte-source';
import { ROOT } from '../helpers/assets';

const FUTURE = readFileSync(`${ROOT}/tests/fixtures/bad-inputs/models/future-opset.onnx`);

/** The fixture (one Relu, stamped ai.onnx 99) restamped with `opset`: its last byte is the opset_import version. */
function stamped(opset: number): Uint8Array {
  const bytes = Uint8Array.from(FUTURE);
  expect(bytes.at(-1)).toBe(99);
  bytes[bytes.length - 1] = opset;
  return bytes;
}

describe('the opset onnxruntime-web loads', () => {
  ort.env.wasm.numThreads = 1;
  it(`loads ai.onnx opset ${MAX_ONNX_OPSET} and refuses ${MAX_ONNX_OPSET + 1}, as the static check says`, async () => {
    const session = await ort.InferenceSession.create(stamped(MAX_ONNX_OPSET));
    await session.release();
    await expect(ort.InferenceSession.create(stamped(MAX_ONNX_OPSET + 1))).rejects.toThrow(`is till opset ${MAX_ONNX_OPSET}`);
    expect(opsetBeyondRuntime({ '': MAX_ONNX_OPSET })).toBeNull();
    expect(opsetBeyondRuntime({ 'ai.onnx': MAX_ONNX_OPSET + 1 })).toBe(MAX_ONNX_OPSET + 1);
  });

  it('the static check of the opset-99 fixture says WASM and WebGPU will not load it; the legacy WebGL runtime does not check opsets', async () => {
    const info = await readModelInfo(bytesSource(new Uint8Array(FUTURE)));
    for (const backend of ['wasm', 'webgpu', 'webgpu-jsep', 'webnn'] as const) expect(staticSupport(backend, info.opHistogram, info.opsets).opsetTooNew).toBe(99);
    expect(staticSupport('webgl', info.opHistogram, info.opsets).opsetTooNew).toBeNull();
  });

  it("a session on it fails with a short message that says what to do, without ORT's C++ signature or build paths", async () => {
    const failure = ModelSession.create(ort as unknown as Ort, new Uint8Array(FUTURE), 'future-opset.onnx', { backend: 'wasm' });
    await expect(failure).rejects.toThrow(
      `onnxruntime-web (WASM (CPU)) could not load future-opset.onnx: the model asks for ai.onnx opset 99, and this onnxruntime-web loads up to opset ${MAX_ONNX_OPSET}. Re-export it with opset ${MAX_ONNX_OPSET} or lower (e.g. 17).`,
    );
  });
});
