/**
 * Code that decides by backend id instead of asking the backend table (src/engine/backends/backend-id.ts,
 * whose fields say what each backend can do): `backend === 'wasm'`, `row.backend.startsWith('tfjs-')`,
 * `case 'webgl':`, a `Record<BackendId, ...>` written out id by id, `selected['tfjs-wasm']`. Only
 * src/engine/backends, the table's home, may do that; tests/unit/scripts/backend-ids.test.ts holds the rule.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BACKEND_IDS } from '../../src/engine/backends/backend-id';
import { sourceFiles, stripComments } from './import-graph';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const ID = `(?:${BACKEND_IDS.map(escape).join('|')})`;
const QUOTED_ID = `(['"])(${ID})\\1`;
/** What holds a backend id: `backend`, `id`, `row.backend`, `status.id`. */
const HOLDER = String.raw`\b(?:backend|id)\b`;

/** Each kind of id check, found on one line; the capture named `literal` (or `literal2`) is the id compared, when one is. */
const CHECKS: { what: string; pattern: RegExp }[] = [
  { what: 'compares an id', pattern: new RegExp(`${HOLDER}\\s*[!=]==?\\s*(?<q>['"])(?<literal>${ID})\\k<q>|(?<q2>['"])(?<literal2>${ID})\\k<q2>\\s*[!=]==?\\s*[\\w.]*${HOLDER}`, 'g') },
  // ... or the name of the package that provides it (the table's `entry`: `entry.endsWith('-webgpu')`).
  { what: 'tests an id’s text', pattern: new RegExp(`\\b(?:backend|id|entry)\\??\\.(?:includes|startsWith|endsWith)\\(\\s*['"]`, 'g') },
  { what: 'tests membership in a list of ids', pattern: new RegExp(`\\[[^\\]]*${QUOTED_ID}[^\\]]*\\](?:\\s*as const)?\\)?\\.includes\\(`, 'g') },
  { what: 'switches on an id', pattern: new RegExp(`\\bcase\\s+${QUOTED_ID}\\s*:`, 'g') },
  { what: 'reads a Record by an id', pattern: new RegExp(`[\\w)\\]]\\[\\s*${QUOTED_ID}\\s*\\]`, 'g') },
];
/** `Record<BackendId, T>` (or `Partial<...>`) given as an object literal: its keys are ids, one line each. */
const RECORD_LITERAL = /Record<BackendId,[^>]*>>?\s*(?:=\s*|\(\s*)\{([^}]*)\}/g;
const RECORD_KEY = new RegExp(`(?:^|[{,\\s])(?:${ID}|${QUOTED_ID})\\s*:`, 'g');

/**
 * Files where `backend` holds TensorFlow.js's own backend name ('wasm', 'webgl', 'webgpu', as
 * tf.setBackend takes them), which our ids only share the spelling of: comparing those names there
 * is no id check. Our other ids ('tfjs-wasm', 'webgpu-jsep'...) still count.
 */
const TFJS_NAME_FILES: Record<string, readonly string[]> = {
  'src/workers/tfjs-bench.worker.ts': ['wasm', 'webgl', 'webgpu'],
};

export interface IdCheck {
  file: string;
  line: number;
  what: string;
  code: string;
}

/** The id checks in one file's text (`file` relative to the repository, for the report and the TF.js exception). */
export function idChecksIn(file: string, source: string): IdCheck[] {
  const lines = stripComments(source).split('\n');
  const found = new Map<number, string>();
  lines.forEach((code, i) => {
    const what = CHECKS.find(({ pattern }) =>
      [...code.matchAll(pattern)].some((match) => {
        const literal = match.groups?.literal ?? match.groups?.literal2;
        return !(literal && TFJS_NAME_FILES[file]?.includes(literal));
      }),
    )?.what;
    if (what) found.set(i + 1, what);
  });
  const text = lines.join('\n');
  for (const record of text.matchAll(RECORD_LITERAL)) {
    const bodyStart = record.index + record[0].indexOf('{') + 1;
    for (const key of record[1].matchAll(RECORD_KEY)) {
      const line = text.slice(0, bodyStart + key.index).split('\n').length;
      if (!found.has(line)) found.set(line, 'writes a Record out id by id');
    }
  }
  return [...found].sort(([a], [b]) => a - b).map(([line, what]) => ({ file, line, what, code: lines[line - 1].trim() }));
}

/** Every id check in src/ outside src/engine/backends. */
export function idChecks(root: string): IdCheck[] {
  return sourceFiles(join(root, 'src'))
    .map((path) => relative(root, path))
    .filter((file) => !file.startsWith('src/engine/backends/'))
    .flatMap((file) => idChecksIn(file, readFileSync(join(root, file), 'utf8')));
}

export const formatIdCheck = (check: IdCheck) => `${check.file}:${check.line}: ${check.what}: ${check.code}`;
