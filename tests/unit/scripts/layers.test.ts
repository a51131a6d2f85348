/**
 * The architecture as a test: engine <- tasks <- workers <- ui (with src/shared below them all), and
 * no import cycles anywhere in src/. A new import that points up a layer or closes a loop fails here.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCycles, importGraph, layerOf, upwardImports, viewsStartingWork, type ImportGraph } from '../../../scripts/lib/import-graph';

const root = join(import.meta.dirname, '..', '..', '..');

describe('layers of src/', () => {
  const graph = importGraph(root);

  it('reads the whole tree, workers and Svelte components included', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/ui/App.svelte')?.length).toBeGreaterThan(0);
    // A worker is reached through new URL('./x.worker.ts', import.meta.url): that is an import too.
    expect([...graph.values()].flat().some((to) => to.endsWith('.worker.ts'))).toBe(true);
  });

  it('has no import that points up a layer', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('has no component or page that starts work itself (workers and runtimes are reached through ui/state)', () => {
    expect(viewsStartingWork(graph, (path) => readFileSync(join(root, path), 'utf8'))).toEqual([]);
  });
});

describe('the checker itself', () => {
  const fake = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it('finds an upward import and a cycle it is shown', () => {
    const graph = fake({
      'src/engine/a.ts': ['src/tasks/b.ts'],
      'src/tasks/b.ts': ['src/engine/c.ts'],
      'src/engine/c.ts': ['src/engine/a.ts'],
      'src/ui/d.ts': ['src/engine/c.ts'],
    });
    expect(upwardImports(graph)).toEqual(['src/engine/a.ts -> src/tasks/b.ts']);
    expect(importCycles(graph)).toEqual([['src/engine/a.ts', 'src/engine/c.ts', 'src/tasks/b.ts']]);
  });

  it('finds a component that talks to a worker or imports comlink', () => {
    const graph = fake({ 'src/ui/components/A.svelte': ['src/workers/task-client.ts'], 'src/ui/components/B.svelte': [], 'src/ui/state/c.svelte.ts': ['src/workers/task-client.ts'] });
    const sources: Record<string, string> = { 'src/ui/components/A.svelte': '', 'src/ui/components/B.svelte': "import * as Comlink from 'comlink';" };
    expect(viewsStartingWork(graph, (path) => sources[path] ?? '')).toEqual(['src/ui/components/A.svelte -> src/workers/task-client.ts', 'src/ui/components/B.svelte -> comlink']);
  });

  it('orders the layers shared < engine < tasks < workers < ui', () => {
    const order = ['src/shared/x.ts', 'src/engine/x.ts', 'src/tasks/x.ts', 'src/workers/x.ts', 'src/ui/x.ts'].map(layerOf);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(5);
  });
});
