/**
 * A colouring of the model graph: what the "Model graph" drawing paints on its nodes besides their op
 * type. Placement (which execution provider ran each node) and profiling (each node's share of the
 * time) each produce one per backend; the drawing lets the user pick one. Nodes go by their ONNX
 * name, the name onnxruntime's logs and profiles use; unnamed nodes by their first output.
 */
export interface OverlayStyle {
  /** A CSS colour usable on light and dark backgrounds. */
  colour: string;
  /** What the colour means, for the legend and the node's tooltip ("CPU (WASM)", "12% of the time"). */
  label: string;
}

export interface GraphOverlay {
  /** Stable id, e.g. "placement:webgpu" or "time:wasm". */
  id: string;
  /** Shown in the "Colour nodes by" choice: "Placement on WebGPU", "Time on WASM x1". */
  title: string;
  /** One line summing it up: "WebGPU: 66 of 73 nodes on the CPU, 12 copies". */
  summary: string;
  /** By node key (see nodeKey); nodes not listed keep the plain style. */
  nodes: Record<string, OverlayStyle & { detail?: string }>;
  /** The legend, in order. */
  legend: OverlayStyle[];
}

/** The key an overlay uses for a graph node: its name, or its first output when it has none. */
export function nodeKey(node: { name: string; outputs: readonly string[] }): string {
  return node.name || node.outputs[0] || '';
}
