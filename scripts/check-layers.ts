/** `npm run check:layers`: prints imports that point up a layer and import cycles in src/ (the test fails on either). */
import { join } from 'node:path';
import { importCycles, importGraph, upwardImports } from './lib/import-graph';

const graph = importGraph(join(import.meta.dirname, '..'));
const upward = upwardImports(graph);
const cycles = importCycles(graph);
console.log(`${graph.size} files in src/, ${[...graph.values()].reduce((n, t) => n + t.length, 0)} imports between them`);
console.log(`${upward.length} upward import${upward.length === 1 ? '' : 's'}${upward.map((u) => `\n  ${u}`).join('')}`);
console.log(`${cycles.length} import cycle${cycles.length === 1 ? '' : 's'}${cycles.map((c) => `\n  ${c.join(' <-> ')}`).join('')}`);
process.exitCode = upward.length || cycles.length ? 1 : 0;
