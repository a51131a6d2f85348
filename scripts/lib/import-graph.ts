/**
 * The import graph of src/: every static and dynamic import and `new URL(..., import.meta.url)`
 * worker reference between our own files (.ts, .svelte, .js), resolved to paths. Used by the layer
 * check (tests/unit/scripts/layers.test.ts and `npm run check:layers`), which holds the rule in the
 * README's "How it is built": engine <- tasks <- workers <- ui, no cycles.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.(ts|svelte|js)$/;
// import x from '...'; export * from '...'; import '...'; import('...'); new URL('...', import.meta.url)
const SPECIFIERS = [
  /\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /new\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
];

/** Every source file (.ts, .svelte, .js) under `dir`, as absolute paths. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : SOURCE.test(e.name) ? [join(dir, e.name)] : []));
}

/** A relative specifier as a file path, trying the extensions the bundler would; null for packages and assets. */
function resolveSpecifier(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec.replace(/\?.*$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && SOURCE.test(candidate)) return candidate;
  }
  return null;
}

/**
 * Comments hold example code ("import x from 'y'") that is not code; lines keep their numbers. A block
 * comment starts a line or follows a space or punctuation (`accept="image/*"` starts none).
 */
export const stripComments = (text: string) =>
  text.replace(/(^|[\s;{}(,])\/\*[\s\S]*?\*\//gm, (comment, before: string) => before + comment.slice(before.length).replace(/[^\n]/g, '')).replace(/(^|[^:'"])\/\/.*$/gm, '$1');

/** Paths relative to `root` (e.g. `src/engine/bench/report.ts`). */
export function importGraph(root: string, dir = 'src'): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(join(root, dir))) {
    const text = stripComments(readFileSync(file, 'utf8'));
    const targets = new Set<string>();
    for (const pattern of SPECIFIERS) {
      for (const match of text.matchAll(pattern)) {
        const target = resolveSpecifier(file, match[1]);
        if (target) targets.add(relative(root, target));
      }
    }
    graph.set(relative(root, file), [...targets].sort());
  }
  return graph;
}

/** Each strongly connected group of two or more files (or a file importing itself), as a cycle to report. */
export function importCycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indices.get(next)!));
    }
    if (low.get(node) === indices.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1 || (graph.get(node) ?? []).includes(node)) groups.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) visit(node);
  return groups;
}

/** The layers, lowest first; a file may import its own layer and those below it. */
export const LAYERS = ['shared', 'engine', 'tasks', 'workers', 'ui'] as const;

/** Folders that sit in a layer under another name: offline/ is the page's side of the service worker, beside workers/. */
const ALIASES: Record<string, (typeof LAYERS)[number]> = { offline: 'workers' };

/** src/<layer>/...; files outside the layer folders (main.ts) sit on top and may import anything. */
export function layerOf(path: string): number {
  const folder = path.split('/')[1];
  const at = (LAYERS as readonly string[]).indexOf(ALIASES[folder] ?? folder);
  return at === -1 ? LAYERS.length : at;
}

/** Every import that points up a layer: `from -> to`. */
export function upwardImports(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) if (layerOf(to) > layerOf(from)) found.push(`${from} -> ${to}`);
  }
  return found.sort();
}

/** Components and pages only render state and call its methods: the work (workers, runtimes) is reached through src/ui/state. */
const VIEW = /^src\/ui\/(components|pages)\//;
const WORK = /^src\/(workers|offline)\//;
const WORK_PACKAGES = /\bfrom\s*['"](comlink|onnxruntime-web|@tensorflow\/[^'"]+)['"]/;

/** Every component or page that imports a worker, the offline cache or a runtime package: `from -> to`. */
export function viewsStartingWork(graph: ImportGraph, readSource: (path: string) => string): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    if (!VIEW.test(from)) continue;
    for (const to of targets) if (WORK.test(to)) found.push(`${from} -> ${to}`);
    const pkg = WORK_PACKAGES.exec(stripComments(readSource(from)));
    if (pkg) found.push(`${from} -> ${pkg[1]}`);
  }
  return found.sort();
}
