/**
 * Where onnxruntime placed each node, read from its verbose log ("Node placements" in
 * session_state.cc). The only record of silent CPU fallback on GPU backends.
 */
import type { GraphOverlay } from '../graph/overlay';

/** A node as ORT lists it after its own rewrites (fusions, layout transforms, inserted copies). */
export interface PlacedNode {
  name: string;
  opType: string;
  /** The execution provider as ORT names it, e.g. "WebGpuExecutionProvider". */
  provider: string;
}

/** A tensor ORT copies between devices: the value named in "Add MemcpyFromHost after 464_quantized". */
export interface CopiedValue {
  value: string;
  /** 'to-gpu': produced on the CPU, used on the GPU (MemcpyFromHost); 'to-cpu': the other way (MemcpyToHost). */
  direction: 'to-gpu' | 'to-cpu';
}

export interface Placement {
  /** Nodes on a GPU execution provider (WebGPU, JSEP, WebNN), copies between devices included. */
  gpuNodes: number;
  /** Nodes that fell back to the CPU (WASM) execution provider. */
  cpuNodes: number;
  /** Distinct op types among the CPU nodes, sorted. */
  cpuOpTypes: string[];
  /** Node count per execution provider, as ORT names them. */
  byProvider: Record<string, number>;
  /**
   * Every node ORT listed, in its order. Empty when all nodes sit on one provider: ORT then logs
   * only the count ("All nodes placed on [X]").
   */
  nodes: PlacedNode[];
  /** Copy nodes ORT inserted between CPU and GPU (MemcpyFromHost / MemcpyToHost). */
  copies: number;
  /** The tensors those copies move, when the log names them. */
  copiedValues: CopiedValue[];
  /** This placement counted on the file's own nodes, with its graph colouring; added where the file's nodes are at hand. */
  onFile?: PlacementOnFile;
}

/** One backend's placement counted on the file's own nodes, and the colouring that shows it. */
export interface PlacementOnFile {
  overlay: GraphOverlay;
  /** The file's nodes: in all, on the CPU, on the GPU, and fused or removed by ORT (not run as themselves). */
  total: number;
  cpuNodes: number;
  gpuNodes: number;
  fused: number;
  /** The file's op types among its CPU nodes, sorted (ORT's own additions, such as layout transposes, left out). */
  cpuOpTypes: string[];
}

export const CPU_PROVIDER = 'CPUExecutionProvider';
const PLACED = /(All nodes|Node\(s\)) placed on \[(\w+)\]\. Number of nodes: (\d+)/;
// A node line after a "placed on" line: "  QLinearConv (Conv_0_quant)".
const NODE = /\]\s{2,}(\S+) \((.*)\)\s*$/;
// transformer_memcpy.cc: "Add MemcpyFromHost after 464_quantized for WebGpuExecutionProvider".
const COPY = /AddCopyNode\] Add (MemcpyFromHost|MemcpyToHost) (?:after|before) (\S+) for \w+/;

/** Whether ORT's node is one of the copies it inserts between devices. */
export const isCopyOp = (opType: string) => opType === 'MemcpyFromHost' || opType === 'MemcpyToHost';

/** Parses ORT's verbose session log; null when the log has no placement section. */
export function parsePlacement(lines: readonly string[]): Placement | null {
  const byProvider: Record<string, number> = {};
  const nodes: PlacedNode[] = [];
  const copiedValues: CopiedValue[] = [];
  let provider: string | null = null;
  let found = false;
  for (const line of lines) {
    const placed = PLACED.exec(line);
    if (placed) {
      found = true;
      provider = placed[2];
      byProvider[provider] = (byProvider[provider] ?? 0) + Number(placed[3]);
      continue;
    }
    const copy = COPY.exec(line);
    if (copy) copiedValues.push({ value: copy[2], direction: copy[1] === 'MemcpyFromHost' ? 'to-gpu' : 'to-cpu' });
    const node = NODE.exec(line);
    if (node && provider) nodes.push({ name: node[2], opType: node[1], provider });
    else if (!node) provider = null;
  }
  if (!found) return null;
  const cpuNodes = byProvider[CPU_PROVIDER] ?? 0;
  const total = Object.values(byProvider).reduce((a, b) => a + b, 0);
  const cpuOpTypes = [...new Set(nodes.filter((n) => n.provider === CPU_PROVIDER).map((n) => n.opType))].sort();
  // Listed copies when ORT lists nodes; otherwise the "Add Memcpy…" lines are all there is.
  const copies = nodes.length ? nodes.filter((n) => isCopyOp(n.opType)).length : copiedValues.length;
  return { gpuNodes: total - cpuNodes, cpuNodes, cpuOpTypes, byProvider, nodes, copies, copiedValues };
}
