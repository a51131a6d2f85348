import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BACKEND_IDS, type BackendId } from '../../../src/engine/backends/backend-id';
import type { BackendStatus } from '../../../src/engine/backends/detect';
import { defaultSelection, initialSelection, type CheckedBackend, type SelectionInput } from '../../../src/engine/backends/default-selection';
import { staticSupport } from '../../../src/engine/backends/operator-support';
import { readModelInfo } from '../../../src/engine/onnx-format/model-info';
import { bytesSource } from '../../../src/engine/onnx-format/byte-source';
import { modelPath } from '../../helpers/assets';

/** What a browser with these backends reports. */
const offering = (...ids: BackendId[]): BackendStatus[] => BACKEND_IDS.map((id) => ({ id, available: ids.includes(id), details: {} }));
const everyBackend = offering(...BACKEND_IDS);
/** A small convolutional model every GPU list covers. */
const convnet = { name: 'convnet.onnx', opHistogram: { Conv: 4, Relu: 4, Add: 2 }, opsets: { 'ai.onnx': 13 } };
const ticked = (selected: Record<BackendId, boolean>) => BACKEND_IDS.filter((id) => selected[id]);
const choose = (input: Partial<SelectionInput>) =>
  initialSelection({ model: convnet, selected: defaultSelection(), measured: null, backendsChosen: false, backends: everyBackend, ...input });

describe('defaultSelection', () => {
  it('ticks what the backend table ticks by default: WASM and the native WebGPU EP', () => {
    expect(ticked(defaultSelection())).toEqual(['wasm', 'webgpu']);
  });
});

describe('initialSelection with the Model page’s check', () => {
  const row = (backend: BackendId, status: CheckedBackend['status'], placement: CheckedBackend['placement'] = null, message: string | null = null): CheckedBackend => ({ backend, status, placement, message });

  it('unticks WebGPU when the check could not load the model on it, saying why', () => {
    const measured = [row('wasm', 'ok'), row('webgpu', 'error', null, 'no available backend found. ERR: [webgpu] TypeError: adapter is null')];
    const { selected, notes } = choose({ measured });
    expect(ticked(selected)).toEqual(['wasm']);
    expect(notes).toEqual(['WebGPU (native EP) is unticked: it could not load convnet.onnx when checked on the Model page (no available backend found. ERR: [webgpu] TypeError: adapter is null).']);
  });

  it('unticks a GPU backend that put most nodes on the CPU, and keeps one that put only some there', () => {
    const measured = [row('webgpu', 'fallback', { cpuNodes: 69, gpuNodes: 2 }), row('webgpu-jsep', 'fallback', { cpuNodes: 3, gpuNodes: 68 })];
    const { selected, notes } = choose({ measured, selected: { ...defaultSelection(), 'webgpu-jsep': true } });
    expect(ticked(selected)).toEqual(['wasm', 'webgpu-jsep']);
    expect(notes).toEqual(['WebGPU (native EP) is unticked: the check on the Model page put 69 of 71 nodes on the CPU, so its row would time the CPU fallback. Tick it to run it anyway.']);
  });

  it('says nothing of a backend not ticked, of the CPU backend, or of half the nodes on the CPU', () => {
    const measured = [row('wasm', 'error', null, 'out of memory'), row('webgl', 'error', null, 'Gelu is not supported'), row('webgpu', 'fallback', { cpuNodes: 5, gpuNodes: 5 })];
    const { selected, notes } = choose({ measured });
    expect(ticked(selected)).toEqual(['wasm', 'webgpu']);
    expect(notes).toEqual([]);
  });

  it('trusts the measurement over the operator list (no check by list when the Model page measured)', () => {
    const { selected, notes } = choose({ measured: [], model: { ...convnet, opHistogram: { QLinearConv: 10 } } });
    expect(ticked(selected)).toEqual(['wasm', 'webgpu']);
    expect(notes).toEqual([]);
  });
});

describe('initialSelection by the operator list', () => {
  // QLinearConv is outside onnxruntime-web's WebGPU list: those nodes would run on the CPU.
  const quantized = { name: 'quantized.onnx', opHistogram: { QLinearConv: 6, Relu: 4 }, opsets: { 'ai.onnx': 13 } };

  it('unticks WebGPU for a model with 60% of its nodes outside the WebGPU list', () => {
    expect(staticSupport('webgpu', quantized.opHistogram, quantized.opsets).missingNodes).toBe(6);
    const { selected, notes } = choose({ model: quantized });
    expect(ticked(selected)).toEqual(['wasm']);
    expect(notes).toEqual([
      "WebGPU (native EP) is unticked: by onnxruntime-web's operator list, 6 of 10 nodes of quantized.onnx would run on the CPU, so its row would time the CPU fallback, not the GPU. Tick it to run it anyway.",
    ]);
  });

  it('unticks WebGPU for the quantized MobileNet of the gallery', async () => {
    const info = await readModelInfo(bytesSource(new Uint8Array(readFileSync(modelPath('mobilenetv2-12-int8.onnx')))));
    const { selected, notes } = choose({ model: { name: 'mobilenetv2-12-int8.onnx', opHistogram: info.opHistogram, opsets: info.opsets } });
    expect(selected.webgpu).toBe(false);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^WebGPU \(native EP\) is unticked: by onnxruntime-web's operator list, \d+ of \d+ nodes of mobilenetv2-12-int8\.onnx would run on the CPU/);
  });

  it('ticks WebGPU again for a model the list covers (a previous model had unticked it)', () => {
    const { selected, notes } = choose({ selected: { ...defaultSelection(), webgpu: false } });
    expect(ticked(selected)).toEqual(['wasm', 'webgpu']);
    expect(notes).toEqual([]);
  });

  it('leaves WebGPU unticked, without a note, in a browser without WebGPU', () => {
    const { selected, notes } = choose({ model: quantized, backends: offering('wasm', 'webgl') });
    expect(ticked(selected)).toEqual(['wasm']);
    expect(notes).toEqual([]);
  });

  it('changes nothing once the backends were chosen (by the URL or by hand)', () => {
    const mine = { ...defaultSelection(), webgl: true };
    const { selected, notes } = choose({ model: quantized, selected: mine, backendsChosen: true });
    expect(selected).toEqual(mine);
    expect(notes).toEqual([]);
  });

  it('does not change the ticks it was given', () => {
    const given = defaultSelection();
    choose({ model: quantized, selected: given });
    expect(given.webgpu).toBe(true);
  });
});
