import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BACKEND_IDS, type BackendId } from '../../../src/engine/backends/backend-id';
import { adapterName, isSoftwareAdapter, type BackendStatus } from '../../../src/engine/backends/detect';
import { browserSelection, defaultSelection, initialSelection, untickedReason, CONVERTED_UNTICKED, type CheckedBackend, type SelectionInput } from '../../../src/engine/backends/default-selection';
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

describe('a software GPU adapter (SwiftShader: a CPU emulation)', () => {
  const SOFTWARE = 'WebGPU here is SwiftShader (Google), a software emulation on the CPU: a run can take seconds, and it measures no GPU.';

  it('is recognised by the fallback flag, or by name where a browser does not set it', () => {
    const adapter = { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: false };
    expect(isSoftwareAdapter(adapter)).toBe(true);
    expect(isSoftwareAdapter({ ...adapter, vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({ ...adapter, vendor: 'nvidia', architecture: 'ampere' })).toBe(false);
    expect(isSoftwareAdapter({ ...adapter, vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: true })).toBe(true);
  });
  /** What detect.ts reports for Chromium's SwiftShader adapter: available, with the reason to leave it unticked. */
  const software = everyBackend.map((b) => (b.id === 'webgpu' || b.id === 'webgpu-jsep' || b.id === 'tfjs-webgpu' ? { ...b, untickedReason: SOFTWARE } : b));

  it('leaves WebGPU unticked before any model, and says why beside it', () => {
    expect(ticked(browserSelection(defaultSelection(), software))).toEqual(['wasm']);
    expect(untickedReason('webgpu', software.find((b) => b.id === 'webgpu'))).toBe(SOFTWARE);
    // On real hardware it starts ticked; a backend not ticked by default gives the table's reason.
    expect(ticked(browserSelection(defaultSelection(), everyBackend))).toEqual(['wasm', 'webgpu']);
    expect(untickedReason('webgl', everyBackend.find((b) => b.id === 'webgl'))).toBe('legacy, and it fails on any op it lacks');
    // An unavailable backend is said unavailable, with the browser's reason in the backends list.
    expect(untickedReason('webnn', { id: 'webnn', available: false, reason: 'no WebNN', details: {} })).toBeNull();
  });

  it('keeps WebGPU unticked when a model is chosen (a model the list covers would tick it on a real GPU)', () => {
    const { selected, notes } = choose({ backends: software });
    expect(ticked(selected)).toEqual(['wasm']);
    expect(notes).toEqual([]);
  });

  it('ticks it when the URL or the user asks for it', () => {
    const { selected } = choose({ backends: software, selected: { ...defaultSelection(), webgpu: true }, backendsChosen: true });
    expect(ticked(selected)).toEqual(['wasm', 'webgpu']);
  });
});

describe('a model with a TF.js original: the frameworks compared', () => {
  it('ticks TF.js WASM (and TF.js WebGPU on a real GPU) and says so in one sentence', () => {
    const { selected, notes } = choose({ tfjsModel: 'original', model: { ...convnet, name: 'movenet-lightning.onnx' } });
    expect(ticked(selected)).toEqual(['wasm', 'webgpu', 'tfjs-wasm', 'tfjs-webgpu']);
    expect(notes).toEqual(['movenet-lightning.onnx has a TensorFlow.js original, so TF.js WASM and TF.js WebGPU are ticked: this run compares ONNX Runtime with TensorFlow.js on the same model.']);
  });

  it('on a software adapter, TF.js WASM alone', () => {
    const software = everyBackend.map((b) => (['webgpu', 'webgpu-jsep', 'tfjs-webgpu'].includes(b.id) ? { ...b, untickedReason: 'software' } : b));
    const { selected, notes } = choose({ tfjsModel: 'original', backends: software });
    expect(ticked(selected)).toEqual(['wasm', 'tfjs-wasm']);
    expect(notes).toEqual(['convnet.onnx has a TensorFlow.js original, so TF.js WASM is ticked: this run compares ONNX Runtime with TensorFlow.js on the same model.']);
  });

  it('unticks the TF.js rows again for a model without one; never ticks them for a plan the user chose, but says which to tick', () => {
    const { selected } = choose({ selected: { ...defaultSelection(), 'tfjs-wasm': true } });
    expect(ticked(selected)).toEqual(['wasm', 'webgpu']);
    const chosen = choose({ tfjsModel: 'original', backendsChosen: true, selected: { ...defaultSelection(), webgpu: false } });
    expect(ticked(chosen.selected)).toEqual(['wasm']);
    expect(chosen.notes).toEqual(['convnet.onnx has a TensorFlow.js original: tick TF.js WASM and TF.js WebGPU to compare ONNX Runtime with TensorFlow.js on it.']);
  });

  it('a model the converter accepts: TF.js rows offered, not ticked, and which to tick said; ticked by the URL, kept', () => {
    const { selected, notes } = choose({ tfjsModel: 'converted', selected: { ...defaultSelection(), 'tfjs-wasm': true } });
    expect(ticked(selected)).toEqual(['wasm', 'webgpu']);
    // Said beside each TF.js box, not as a note on every model that converts.
    expect(notes).toEqual([]);
    expect(untickedReason('tfjs-wasm', everyBackend.find((b) => b.id === 'tfjs-wasm'), 'converted')).toBe(CONVERTED_UNTICKED);
    expect(untickedReason('tfjs-wasm', everyBackend.find((b) => b.id === 'tfjs-wasm'), 'original')).toBeNull();
    expect(untickedReason('wasm', everyBackend.find((b) => b.id === 'wasm'), 'converted')).toBeNull();
    const chosen = choose({ tfjsModel: 'converted', backendsChosen: true, selected: { ...defaultSelection(), 'tfjs-wasm': true } });
    expect(ticked(chosen.selected)).toEqual(['wasm', 'webgpu', 'tfjs-wasm']);
    expect(chosen.notes).toEqual(['convnet.onnx converts to TensorFlow.js (once, in this tab): with TF.js WASM, this run compares ONNX Runtime with TensorFlow.js on the same model, converted.']);
  });

  it('before any model, no TF.js row is ticked (they run a TF.js graph model, which a model has or not)', () => {
    expect(ticked(defaultSelection())).toEqual(['wasm', 'webgpu']);
  });
});

describe('adapter names', () => {
  it('as people write them, not the raw vendor and architecture strings', () => {
    expect(adapterName({ vendor: 'google', architecture: 'swiftshader' })).toBe('SwiftShader (Google)');
    expect(adapterName({ vendor: 'nvidia', architecture: 'ampere' })).toBe('nvidia ampere');
    expect(adapterName({ vendor: '', architecture: '' })).toBe('an unnamed adapter');
  });
});
