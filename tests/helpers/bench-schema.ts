/** Validates a benchmark export against docs/bench-export.schema.json (shared by unit and e2e tests). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'docs', 'bench-export.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

/** The schema violations of `value`, empty when it is a valid export. */
export function benchExportErrors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
