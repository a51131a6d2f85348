import { readFileSync } from 'node:fs';
import { readModelGraph } from './src/engine/onnx-format/model-graph';
import { bytesSource } from './src/engine/onnx-format/byte-source';
const g = await readModelGraph(bytesSource(new Uint8Array(readFileSync('public/models/mobilenetv2-12-fp32.onnx'))));
console.log(g.nodes.length, g.nodes.filter((n) => !n.name).length);
for (const i of [42, 72, 134, 130, 0, 1]) console.log(i, g.nodes[i]?.opType, JSON.stringify(g.nodes[i]?.name), g.nodes[i]?.outputs[0]);
