/**
 * Placement as a graph colouring: which execution provider ran each node of the file. ORT reports
 * placement after its own rewrites, so its node list is not the file's: layout transforms rename
 * nodes ("Conv_0_quant" -> "Conv_0_quant_token_1"), fusions and constant folding drop them, and it
 * adds copies between devices and transposes. Placement is read from the same optimised session the
 * app runs (level "all"): what it shows is what real runs do, and what cannot be mapped is said.
 */
import { BACKENDS, type BackendId } from '../backends/backend-id';
import { CPU_PROVIDER, isCopyOp, type Placement, type PlacedNode, type PlacementOnFile } from '../bench/placement';

export type { PlacementOnFile };
import { nodeKey, type GraphOverlay, type OverlayStyle } from './overlay';

/** What the mapping needs of a file's node. */
export interface FileNode {
  name: string;
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
}

// Translucent fills: the node's text (currentColor) stays readable on light and dark surfaces. A node
// whose output is copied to the other device has its own colour per direction, near its device's
// (rust by the CPU's orange, violet by the GPU's blue); all five stay apart in both themes, also for
// red-green colour blindness (tests/unit/engine/placement.test.ts measures it).
const GPU_COLOUR = 'rgb(37 99 235 / 0.45)';
const CPU_COLOUR = 'rgb(234 130 20 / 0.55)';
const CPU_COPIED_TO_GPU_COLOUR = 'rgb(140 40 0 / 0.55)';
const GPU_COPIED_TO_CPU_COLOUR = 'rgb(102 0 255 / 0.55)';
const FUSED_COLOUR = 'rgb(128 128 128 / 0.35)';
const COPY_COLOURS: readonly string[] = [CPU_COPIED_TO_GPU_COLOUR, GPU_COPIED_TO_CPU_COLOUR];

const CPU_LABEL = 'CPU (WASM)';
const FUSED: OverlayStyle = { colour: FUSED_COLOUR, label: "fused or removed by ORT's optimiser" };

const PROVIDER_NAMES: Record<string, string> = {
  WebGpuExecutionProvider: 'WebGPU EP',
  JsExecutionProvider: 'JSEP',
  WebNNExecutionProvider: 'WebNN',
  WebGlExecutionProvider: 'WebGL',
};

function providerLabel(provider: string): string {
  return provider === CPU_PROVIDER ? CPU_LABEL : `GPU (${PROVIDER_NAMES[provider] ?? provider})`;
}

// The layout transformer (NHWC) re-creates a node under its name plus "_token_<n>".
const RENAMED = /_token_\d+$/;

/** The file's node each placed node stands for, by name: exact, or renamed by the layout transform. */
function matchPlaced(placed: readonly PlacedNode[], fileKeys: ReadonlySet<string>): { byFileKey: Map<string, PlacedNode>; unmatched: PlacedNode[] } {
  const byFileKey = new Map<string, PlacedNode>();
  const unmatched: PlacedNode[] = [];
  for (const node of placed) if (fileKeys.has(node.name)) byFileKey.set(node.name, node);
  for (const node of placed) {
    if (byFileKey.get(node.name) === node) continue;
    const original = node.name.replace(RENAMED, '');
    if (!isCopyOp(node.opType) && original !== node.name && fileKeys.has(original) && !byFileKey.has(original)) byFileKey.set(original, node);
    else unmatched.push(node);
  }
  return { byFileKey, unmatched };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Maps one backend's placement onto the file's nodes. */
export function placementOnFile(backend: BackendId, placement: Placement, fileNodes: readonly FileNode[]): PlacementOnFile {
  const title = BACKENDS[backend].title;
  const nodes: GraphOverlay['nodes'] = {};
  const used = new Map<string, OverlayStyle>();
  const paint = (key: string, style: OverlayStyle, detail?: string) => {
    nodes[key] = detail ? { ...style, detail } : style;
    used.set(style.label, style);
  };
  const styleOf = (provider: string): OverlayStyle => ({ colour: provider === CPU_PROVIDER ? CPU_COLOUR : GPU_COLOUR, label: providerLabel(provider) });
  const copies = plural(placement.copies, 'copy', 'copies');
  const total = fileNodes.length;
  const providers = Object.keys(placement.byProvider);

  if (placement.nodes.length === 0 && providers.length === 1) {
    // ORT names no nodes when one provider has them all; every node of the file, fused or not, ran there.
    const [provider] = providers;
    const ran = placement.byProvider[provider];
    const detail = `ORT ran the file's ${total} nodes as ${ran} after its rewrites, all on this provider`;
    for (const node of fileNodes) paint(nodeKey(node), styleOf(provider), detail);
    const cpu = provider === CPU_PROVIDER;
    return {
      overlay: {
        id: `placement:${backend}`,
        title: `Placement on ${title}`,
        summary: `${title}: all ${total} nodes on the ${cpu ? 'CPU' : 'GPU'} (run as ${ran} after ORT's rewrites), ${copies}`,
        nodes,
        legend: [...used.values()],
      },
      total,
      cpuNodes: cpu ? total : 0,
      gpuNodes: cpu ? 0 : total,
      fused: 0,
      cpuOpTypes: cpu ? [...new Set(fileNodes.map((n) => n.opType))].sort() : [],
    };
  }

  const keys = new Set(fileNodes.map(nodeKey));
  const { byFileKey, unmatched } = matchPlaced(placement.nodes, keys);
  const copiedTo = new Map(placement.copiedValues.map((c) => [c.value, c.direction]));
  // A fused node went into a neighbour; when its placed neighbours agree, that is where it ran.
  const producers = new Map<string, FileNode>();
  const consumers = new Map<string, FileNode[]>();
  for (const node of fileNodes) {
    for (const v of node.outputs) producers.set(v, node);
    for (const v of node.inputs) consumers.set(v, [...(consumers.get(v) ?? []), node]);
  }
  const neighbourProviders = (node: FileNode) => {
    const around = [...node.inputs.flatMap((v) => producers.get(v) ?? []), ...node.outputs.flatMap((v) => consumers.get(v) ?? [])];
    return new Set(around.flatMap((n) => byFileKey.get(nodeKey(n))?.provider ?? []));
  };
  const cpuOpTypes = new Set<string>();
  let cpuNodes = 0;
  let fused = 0;
  for (const node of fileNodes) {
    const key = nodeKey(node);
    const placed = byFileKey.get(key);
    if (!placed) {
      fused++;
      const around = neighbourProviders(node);
      const hint = around.size === 1 ? `; its neighbours that ORT placed run on ${providerLabel([...around][0])}` : '';
      paint(key, FUSED, `not in the list ORT placed: fused into another node, folded into a constant, or removed${hint}`);
      continue;
    }
    const cpu = placed.provider === CPU_PROVIDER;
    if (cpu) {
      cpuNodes++;
      cpuOpTypes.add(node.opType);
    }
    const renamed = placed.name !== key || placed.opType !== node.opType ? `ORT runs it as ${placed.opType} "${placed.name}"` : undefined;
    // The copied tensor is the node's output; after ORT's rewrites it may bear the node's own name instead
    // (selfie: "Add MemcpyFromHost after Sum/Sum__141").
    const crossing = [...node.outputs, placed.name, key].find((v) => copiedTo.get(v) === (cpu ? 'to-gpu' : 'to-cpu'));
    if (crossing) {
      const style = { colour: cpu ? CPU_COPIED_TO_GPU_COLOUR : GPU_COPIED_TO_CPU_COLOUR, label: `${providerLabel(placed.provider)}, output copied to the ${cpu ? 'GPU' : 'CPU'}` };
      paint(key, style, [`ORT copies its output (${crossing}) to the ${cpu ? 'GPU' : 'CPU'}`, renamed].filter(Boolean).join('; '));
    } else paint(key, styleOf(placed.provider), renamed);
  }
  const added = unmatched.filter((n) => !isCopyOp(n.opType));
  const extras = [
    fused ? `${fused} fused or removed` : '',
    added.length ? `${plural(added.length, 'node')} ORT added (${[...new Set(added.map((n) => n.opType))].sort().join(', ')})` : '',
  ].filter(Boolean);
  // Legend in a fixed order: GPU, CPU, copies, fused.
  const order = (s: OverlayStyle) => (s === FUSED ? 4 : COPY_COLOURS.includes(s.colour) ? 2 + COPY_COLOURS.indexOf(s.colour) : s.colour === CPU_COLOUR ? 1 : 0);
  return {
    overlay: {
      id: `placement:${backend}`,
      title: `Placement on ${title}`,
      summary: `${title}: ${cpuNodes} of ${total} nodes on the CPU, ${copies}${extras.length ? `; ${extras.join(', ')}` : ''}`,
      nodes,
      legend: [...used.values()].sort((a, b) => order(a) - order(b)),
    },
    total,
    cpuNodes,
    gpuNodes: total - cpuNodes - fused,
    fused,
    cpuOpTypes: [...cpuOpTypes].sort(),
  };
}
