import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlacement, type Placement } from '../../../src/engine/bench/placement';
import { placementOnFile } from '../../../src/engine/graph/placement-overlay';
import { nodeKey } from '../../../src/engine/graph/overlay';
import { bytesSource } from '../../../src/engine/onnx-format/byte-source';
import { readModelGraph } from '../../../src/engine/onnx-format/model-graph';
import { contrast, deltaE, over, parseColour, seenWith, themeColours, VISIONS } from '../../helpers/colour';

// Excerpts of onnxruntime-web 1.30's verbose session log, captured in headless Chromium (SwiftShader
// WebGPU): the placement section and the "Add Memcpy…" lines, as printed.
const log = (name: string) => readFileSync(`tests/fixtures/ort-placement/${name}.txt`, 'utf8').split('\n');
const placementOf = (name: string): Placement => {
  const placement = parsePlacement(log(name));
  if (!placement) throw new Error(`no placement in ${name}`);
  return placement;
};
const fileNodes = async (model: string) => (await readModelGraph(bytesSource(new Uint8Array(readFileSync(`public/models/${model}.onnx`))))).nodes;

describe('parsePlacement', () => {
  it('lists every node of the native WebGPU EP log with its provider, and its copies', () => {
    const placement = placementOf('webgpu-mobilenetv2-12-int8');
    expect(placement.byProvider).toEqual({ WebGpuExecutionProvider: 5, CPUExecutionProvider: 68 });
    expect(placement.gpuNodes).toBe(5);
    expect(placement.cpuNodes).toBe(68);
    expect(placement.nodes).toHaveLength(73);
    expect(placement.nodes.filter((n) => n.provider === 'WebGpuExecutionProvider').map((n) => `${n.opType} ${n.name}`)).toEqual([
      'Reshape Reshape_103',
      'DequantizeLinear output_DequantizeLinear',
      'MemcpyFromHost Memcpy',
      'MemcpyFromHost Memcpy_token_179',
      'MemcpyToHost Memcpy_token_180',
    ]);
    expect(placement.nodes[5]).toEqual({ name: 'input_QuantizeLinear', opType: 'QuantizeLinear', provider: 'CPUExecutionProvider' });
    expect(placement.copies).toBe(3);
    expect(placement.copiedValues).toEqual([
      { value: '464_quantized', direction: 'to-gpu' },
      { value: 'output_quantized', direction: 'to-gpu' },
      { value: '472_quantized', direction: 'to-cpu' },
    ]);
    expect(placement.cpuOpTypes).toEqual(['QLinearAdd', 'QLinearConv', 'QLinearGlobalAveragePool', 'QLinearMatMul', 'QuantizeLinear', 'Transpose']);
  });

  it('reads the JSEP log: one copy, two GPU nodes', () => {
    const placement = placementOf('webgpu-jsep-mobilenetv2-12-int8');
    expect(placement.byProvider).toEqual({ JsExecutionProvider: 2, CPUExecutionProvider: 69 });
    expect(placement.copies).toBe(1);
    expect(placement.nodes).toHaveLength(71);
  });

  it('reads the one-line form ORT prints when every node is on one provider (no names)', () => {
    expect(placementOf('webgpu-mobilenetv2-12-fp32')).toEqual({
      gpuNodes: 82,
      cpuNodes: 0,
      cpuOpTypes: [],
      byProvider: { WebGpuExecutionProvider: 82 },
      nodes: [],
      copies: 0,
      copiedValues: [],
    });
    expect(placementOf('wasm-mnist-8')).toMatchObject({ gpuNodes: 0, cpuNodes: 6, byProvider: { CPUExecutionProvider: 6 } });
  });

  it('returns null when the log has no placement section', () => {
    expect(parsePlacement(log('webgpu-mnist-8').filter((line) => !line.includes('placed on')))).toBeNull();
  });
});

describe('placementOnFile', () => {
  it('maps the native WebGPU EP placement of MobileNetV2 int8 onto the file: renamed, fused and copied nodes', async () => {
    const nodes = await fileNodes('mobilenetv2-12-int8');
    const onFile = placementOnFile('webgpu', placementOf('webgpu-mobilenetv2-12-int8'), nodes);
    expect(onFile).toMatchObject({ total: 73, cpuNodes: 66, gpuNodes: 2, fused: 5 });
    // ORT's layout Transposes are not the file's: the file's CPU op types only.
    expect(onFile.cpuOpTypes).toEqual(['QLinearAdd', 'QLinearConv', 'QLinearGlobalAveragePool', 'QLinearMatMul', 'QuantizeLinear']);
    const overlay = onFile.overlay;
    expect(overlay.id).toBe('placement:webgpu');
    expect(overlay.title).toBe('Placement on WebGPU (native EP)');
    // Every node of the file gets a style; the labels add up to the file's node count.
    expect(Object.keys(overlay.nodes).sort()).toEqual(nodes.map(nodeKey).sort());
    const labels = Object.values(overlay.nodes).map((s) => s.label);
    const count = (prefix: string) => labels.filter((l) => l.startsWith(prefix)).length;
    expect(count('CPU')).toBe(66);
    expect(count('GPU')).toBe(2);
    expect(count('fused')).toBe(5);
    expect(overlay.summary).toBe('WebGPU (native EP): 66 of 73 nodes on the CPU, 3 copies; 5 fused or removed, 2 nodes ORT added (Transpose)');
    // The NHWC layout transform renamed the CPU convolutions; they still map to the file's nodes.
    expect(overlay.nodes['Conv_0_quant']).toMatchObject({ label: 'CPU (WASM)', detail: 'ORT runs it as QLinearConv "Conv_0_quant_token_1"' });
    // The Reshape's shape was computed from constants: ORT folded those nodes away.
    expect(overlay.nodes['Shape_98'].label).toBe("fused or removed by ORT's optimiser");
    // What the log cannot say is not guessed: only the neighbours ORT placed are named.
    expect(overlay.nodes['Shape_98'].detail).toBe('not in the list ORT placed: fused into another node, folded into a constant, or removed');
    expect(overlay.nodes['Concat_102'].detail).toMatch(/; its neighbours that ORT placed run on GPU \(WebGPU EP\)$/);
    // Where the copies sit: the tensors that cross between the devices.
    expect(overlay.nodes['GlobalAveragePool_97_quant'].label).toBe('CPU (WASM), output copied to the GPU');
    expect(overlay.nodes['Reshape_103'].label).toBe('GPU (WebGPU EP), output copied to the CPU');
    expect(overlay.nodes['output_DequantizeLinear'].label).toBe('GPU (WebGPU EP)');
    expect(overlay.legend.map((l) => l.label)).toEqual([
      'GPU (WebGPU EP)',
      'CPU (WASM)',
      'CPU (WASM), output copied to the GPU',
      'GPU (WebGPU EP), output copied to the CPU',
      "fused or removed by ORT's optimiser",
    ]);
  });

  it('the legend tells its five kinds apart in light and dark themes, also with red-green colour blindness, under readable text', async () => {
    const { legend } = placementOnFile('webgpu', placementOf('webgpu-mobilenetv2-12-int8'), await fileNodes('mobilenetv2-12-int8')).overlay;
    expect(legend).toHaveLength(5);
    const themes = themeColours(readFileSync('src/ui/global.css', 'utf8'));
    expect([themes.light.surface, themes.dark.surface]).toEqual(['#ffffff', '#1d1f24']);
    for (const [theme, vars] of Object.entries(themes)) {
      const surface = parseColour(vars.surface).rgb;
      const text = parseColour(vars.text).rgb;
      // A node's fill over the card's surface, and the plain (unpainted) node, which is the surface.
      const shown = [...legend.map((item) => ({ label: item.label, rgb: over(item.colour, surface) })), { label: 'an unpainted node', rgb: surface }];
      for (const { label, rgb } of shown) expect(contrast(rgb, text), `${theme}: text on ${label}`).toBeGreaterThanOrEqual(4.5);
      for (const vision of VISIONS) {
        for (const [i, a] of shown.entries()) {
          for (const b of shown.slice(i + 1)) {
            expect(deltaE(seenWith(vision, a.rgb), seenWith(vision, b.rgb)), `${theme}, ${vision}: "${a.label}" vs "${b.label}"`).toBeGreaterThanOrEqual(15);
          }
        }
      }
    }
  });

  it('maps the JSEP placement: one GPU node of the file', async () => {
    const { overlay, cpuOpTypes } = placementOnFile('webgpu-jsep', placementOf('webgpu-jsep-mobilenetv2-12-int8'), await fileNodes('mobilenetv2-12-int8'));
    expect(cpuOpTypes).toContain('Reshape');
    expect(overlay.summary).toBe('WebGPU (JSEP): 67 of 73 nodes on the CPU, 1 copy; 5 fused or removed, 2 nodes ORT added (Transpose)');
    expect(Object.entries(overlay.nodes).filter(([, s]) => s.label.startsWith('GPU')).map(([key]) => key)).toEqual(['output_DequantizeLinear']);
  });

  it('maps the selfie segmenter: fused Add/Relu nodes named by their neighbours, copies named after nodes', async () => {
    const onFile = placementOnFile('webgpu', placementOf('webgpu-selfie'), await fileNodes('selfie'));
    expect(onFile).toMatchObject({ total: 245, cpuNodes: 1, gpuNodes: 138, fused: 106, cpuOpTypes: ['Sum'] });
    expect(onFile.overlay.summary).toBe('WebGPU (native EP): 1 of 245 nodes on the CPU, 3 copies; 106 fused or removed, 6 nodes ORT added (Transpose)');
    // After ORT's rewrites the copied tensors bear node names ("Add MemcpyFromHost after Sum/Sum__141").
    const copied = Object.entries(onFile.overlay.nodes).filter(([, style]) => style.label.includes('output copied'));
    expect(copied.map(([key, style]) => `${key}: ${style.label}`)).toEqual([
      'Conv/Conv__106: GPU (WebGPU EP), output copied to the CPU',
      'Conv/Conv__137: GPU (WebGPU EP), output copied to the CPU',
      'Sum/Sum__141: CPU (WASM), output copied to the GPU',
    ]);
    expect(onFile.overlay.nodes['Relu/Relu__29'].detail).toMatch(/its neighbours that ORT placed run on GPU \(WebGPU EP\)$/);
  });

  it('paints every node of the file with the one provider when ORT placed them all there', async () => {
    const fp32 = await fileNodes('mobilenetv2-12-fp32');
    const onFile = placementOnFile('webgpu', placementOf('webgpu-mobilenetv2-12-fp32'), fp32);
    expect(onFile).toMatchObject({ total: 139, cpuNodes: 0, gpuNodes: 139, fused: 0, cpuOpTypes: [] });
    const overlay = onFile.overlay;
    expect(overlay.summary).toBe("WebGPU (native EP): all 139 nodes on the GPU (run as 82 after ORT's rewrites), 0 copies");
    expect(new Set(Object.values(overlay.nodes).map((s) => s.label))).toEqual(new Set(['GPU (WebGPU EP)']));
    expect(Object.keys(overlay.nodes)).toHaveLength(139);

    const mnist = await fileNodes('mnist-8');
    expect(placementOnFile('wasm', placementOf('wasm-mnist-8'), mnist).overlay.summary).toBe("WASM (CPU): all 12 nodes on the CPU (run as 6 after ORT's rewrites), 0 copies");
    expect(placementOnFile('webgpu', placementOf('webgpu-mnist-8'), mnist).overlay.legend.map((l) => l.label)).toEqual(['GPU (WebGPU EP)']);
  });
});
