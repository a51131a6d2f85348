/** Node count and layout time of every gallery model's graph: `npx tsx scripts/bench-graph.ts [models...]`. */
import { readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { laidOut } from '../src/engine/graph/layout';
import { readModelGraph } from '../src/engine/onnx-format/model-graph';

const dir = 'public/models';
const files = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(dir).filter((f) => f.endsWith('.onnx')).map((f) => `${dir}/${f}`);
for (const file of files) {
  const handle = await open(file);
  const { size } = await handle.stat();
  const source = {
    size,
    read: async (offset: number, length: number) => {
      const buf = new Uint8Array(length);
      await handle.read(buf, 0, length, offset);
      return buf;
    },
  };
  const start = performance.now();
  const graph = await readModelGraph(source);
  const readMs = performance.now() - start;
  const { layout } = laidOut(graph);
  await handle.close();
  console.log(`${file.split('/').pop()!.padEnd(40)} ${String(graph.nodes.length).padStart(5)} nodes ${String(graph.edges.length).padStart(5)} edges  read ${readMs.toFixed(0).padStart(4)} ms  layout ${layout ? `${layout.ms.toFixed(0).padStart(5)} ms` : 'skipped (too large)'}`);
}
