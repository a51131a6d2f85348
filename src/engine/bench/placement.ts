/**
 * Where onnxruntime placed each node, read from its verbose log ("Node placements" in
 * session_state.cc). The only record of silent CPU fallback on GPU backends.
 */

export interface Placement {
  /** Nodes on a GPU execution provider (WebGPU, JSEP, WebNN), copies between devices included. */
  gpuNodes: number;
  /** Nodes that fell back to the CPU (WASM) execution provider. */
  cpuNodes: number;
  /** Distinct op types among the CPU nodes, sorted. */
  cpuOpTypes: string[];
  /** Node count per execution provider, as ORT names them. */
  byProvider: Record<string, number>;
}

const CPU_PROVIDER = 'CPUExecutionProvider';
const PLACED = /(All nodes|Node\(s\)) placed on \[(\w+)\]\. Number of nodes: (\d+)/;
// A node line after a "placed on" line: "  QLinearConv (Conv_0_quant)".
const NODE = /\]\s{2,}(\S+) \((.*)\)\s*$/;

/** Parses ORT's verbose session log; null when the log has no placement section. */
export function parsePlacement(lines: readonly string[]): Placement | null {
  const byProvider: Record<string, number> = {};
  const cpuOpTypes = new Set<string>();
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
    const node = NODE.exec(line);
    if (node && provider === CPU_PROVIDER) cpuOpTypes.add(node[1]);
    else if (!node) provider = null;
  }
  if (!found) return null;
  const cpuNodes = byProvider[CPU_PROVIDER] ?? 0;
  const total = Object.values(byProvider).reduce((a, b) => a + b, 0);
  return { gpuNodes: total - cpuNodes, cpuNodes, cpuOpTypes: [...cpuOpTypes].sort(), byProvider };
}
