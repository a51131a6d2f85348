/**
 * The variants of a model in a Hugging Face hub repository, named as transformers.js names its
 * dtypes: `onnx/model.onnx` is fp32, `model_fp16.onnx` fp16, `model_quantized.onnx` q8, and so on.
 * One place for the naming: the listing, the URL (`variants=`), the CLI and export rows all use it.
 */
import { Failure } from '../../shared/errors';

/** transformers.js's dtype names, in the order the app lists them (full precision first). */
export const VARIANT_NAMES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

/** The file-name suffix of each variant (`model` + suffix + `.onnx`). */
const SUFFIX: Record<VariantName, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** What each variant is, in words a newcomer knows. */
export const VARIANT_WORDS: Record<VariantName, string> = {
  fp32: 'full precision (32-bit floats)',
  fp16: 'half precision (16-bit floats; needs shader-f16 on WebGPU)',
  q8: '8-bit quantized weights',
  int8: '8-bit signed integer weights',
  uint8: '8-bit unsigned integer weights',
  q4: '4-bit quantized weights',
  q4f16: '4-bit weights with 16-bit floats',
  bnb4: '4-bit weights (bitsandbytes NF4)',
};

/** Quantized variants answer approximately: parity judges them by top label and cosine, not 1e-4. */
export const isQuantized = (name: VariantName) => name !== 'fp32' && name !== 'fp16';

/** A file in a repository listing. `sha256` where the hub gives one (LFS files). */
export interface RepoFile {
  path: string;
  bytes: number;
  sha256?: string;
}

/** One ONNX graph of a variant (`model`, or `encoder_model` / `decoder_model_merged`...) and its external data. */
export interface VariantPart {
  /** The graph's name without the variant suffix: `model`, `encoder_model`. */
  base: string;
  file: RepoFile;
  /** `<file>_data`, `<file>_data_1`, ...: weights kept beside the graph (models past 2 GB). */
  externalData: RepoFile[];
}

export interface ModelVariant {
  name: VariantName;
  parts: VariantPart[];
  /** Every file of every part, external data included. */
  bytes: number;
}

/** The variant and graph name of an ONNX file name (`onnx/model_q4f16.onnx` -> q4f16, `model`); null for other files. */
export function variantOfFile(path: string): { name: VariantName; base: string } | null {
  const file = path.split('/').pop() ?? path;
  if (!file.endsWith('.onnx')) return null;
  const stem = file.slice(0, -'.onnx'.length);
  // Longest suffix first, so `_q4f16` is not read as `_q4` (and a base may hold underscores).
  const byLength = VARIANT_NAMES.filter((n) => SUFFIX[n] !== '').sort((a, b) => SUFFIX[b].length - SUFFIX[a].length);
  for (const name of byLength) {
    if (stem.endsWith(SUFFIX[name]) && stem.length > SUFFIX[name].length) return { name, base: stem.slice(0, -SUFFIX[name].length) };
  }
  return { name: 'fp32', base: stem };
}

/** `onnx/model.onnx_data`, `_data_1`, ... belong to `onnx/model.onnx`. */
const externalDataOf = (onnxPath: string, files: readonly RepoFile[]) =>
  files
    .filter((f) => f.path === `${onnxPath}_data` || new RegExp(`^${escapeRegExp(onnxPath)}_data_\\d+$`).test(f.path))
    .sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The ONNX files of a repository grouped into variants, in VARIANT_NAMES order. Files under `onnx/`
 * are the variants (transformers.js's layout); a repository with none there offers its other
 * `.onnx` files. Parts keep the listing's order by name.
 */
export function groupVariants(files: readonly RepoFile[]): ModelVariant[] {
  const onnx = files.filter((f) => f.path.endsWith('.onnx'));
  const inFolder = onnx.filter((f) => f.path.startsWith('onnx/'));
  const chosen = inFolder.length > 0 ? inFolder : onnx;
  const byName = new Map<VariantName, VariantPart[]>();
  for (const file of [...chosen].sort((a, b) => a.path.localeCompare(b.path))) {
    const named = variantOfFile(file.path);
    if (!named) continue;
    const parts = byName.get(named.name) ?? [];
    parts.push({ base: named.base, file, externalData: externalDataOf(file.path, files) });
    byName.set(named.name, parts);
  }
  return VARIANT_NAMES.filter((n) => byName.has(n)).map((name) => {
    const parts = byName.get(name)!;
    const bytes = parts.reduce((sum, p) => sum + p.file.bytes + p.externalData.reduce((s, d) => s + d.bytes, 0), 0);
    return { name, parts, bytes };
  });
}

/** The variant opened when none is asked for: fp32 where there is one, else the first listed. */
export const defaultVariant = (variants: readonly ModelVariant[]): ModelVariant | undefined =>
  variants.find((v) => v.name === 'fp32') ?? variants[0];

/**
 * A variant name as a user writes it (URL, CLI): transformers.js's names, and `quantized` for q8
 * (the file's own word). Anything else is a bad-input Failure that lists the names.
 */
export function parseVariantName(text: string): VariantName {
  const name = text.trim().toLowerCase();
  if (name === 'quantized') return 'q8';
  if ((VARIANT_NAMES as readonly string[]).includes(name)) return name as VariantName;
  throw new Failure('bad-input', `"${text}" is not a model variant: use one of ${VARIANT_NAMES.join(', ')} (q8 is model_quantized.onnx).`);
}
