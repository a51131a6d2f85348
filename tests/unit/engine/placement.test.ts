import { describe, expect, it } from 'vitest';
import { parsePlacement } from '../../../src/engine/bench/placement';

// Lines as onnxruntime-web 1.30 prints them for MobileNetV2 int8 under the native WebGPU EP (trimmed).
const prefix = (file: string) => `2026-11-25 11:42:25.105634 [V:onnxruntime:, ${file}]`;
const WEBGPU_LOG = [
  `${prefix('webgpu_execution_provider.cc:665 GetCapability')} webgpu kernel not found in registries for Op type: QLinearConv node name: Conv_0_quant`,
  `${prefix('session_state.cc:1377 VerifyEachNodeIsAssignedToAnEp')} Node placements`,
  `${prefix('session_state.cc:1383 VerifyEachNodeIsAssignedToAnEp')}  Node(s) placed on [WebGpuExecutionProvider]. Number of nodes: 3`,
  `${prefix('session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp')}   Reshape (Reshape_103)`,
  `${prefix('session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp')}   DequantizeLinear (output_DequantizeLinear)`,
  `${prefix('session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp')}   MemcpyFromHost (Memcpy)`,
  `${prefix('session_state.cc:1383 VerifyEachNodeIsAssignedToAnEp')}  Node(s) placed on [CPUExecutionProvider]. Number of nodes: 4`,
  `${prefix('session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp')}   QuantizeLinear (input_QuantizeLinear)`,
  `${prefix('session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp')}   QLinearConv (Conv_0_quant)`,
  `${prefix('session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp')}   QLinearConv (Conv_2_quant)`,
  `${prefix('session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp')}   QLinearAdd (Add_15_quant)`,
  `${prefix('inference_session.cc:2100 Initialize')} Session successfully initialized.`,
];

describe('parsePlacement', () => {
  it('counts nodes per provider and lists the op types that fell back to the CPU', () => {
    expect(parsePlacement(WEBGPU_LOG)).toEqual({
      gpuNodes: 3,
      cpuNodes: 4,
      cpuOpTypes: ['QLinearAdd', 'QLinearConv', 'QuantizeLinear'],
      byProvider: { WebGpuExecutionProvider: 3, CPUExecutionProvider: 4 },
    });
  });
  it('reads the one-line form used when every node is on one provider', () => {
    const line = `${prefix('session_state.cc:1370 VerifyEachNodeIsAssignedToAnEp')} All nodes placed on [JsExecutionProvider]. Number of nodes: 71`;
    expect(parsePlacement([line])).toEqual({ gpuNodes: 71, cpuNodes: 0, cpuOpTypes: [], byProvider: { JsExecutionProvider: 71 } });
  });
  it('returns null when the log has no placement section', () => {
    expect(parsePlacement([`${prefix('x.cc:1 y')} something else`])).toBeNull();
  });
});
