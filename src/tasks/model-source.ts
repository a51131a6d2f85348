/**
 * Where a gallery model comes from. The hashes, sizes and addresses live once, in
 * `assets.manifest.json` (which the setup script also reads); catalogue entries look them up by file.
 */
import manifest from '../../assets.manifest.json';
import { CONVERTED_OPSET, CONVERTER_PRODUCER, findConverted, type ConvertedModel } from './converted-models';

export interface ModelSource {
  /** File name under `public/models/`. */
  file: string;
  /** Framework the model was trained or converted in, as its authors describe it. */
  framework: string;
  /** The ONNX `producer_name` (and version) written in the file. */
  producer: string;
  license: string;
  /** Null for models converted here at setup: their bytes depend on the converter's version. */
  sha256: string | null;
  bytes: number | null;
  /** Where the file is published; null for files derived here from another model. */
  upstream: string | null;
  /** The default-domain opset the model imports. */
  opset: number | null;
  /** Set for models this app converted to ONNX: what it converted (src/tasks/converted-models.ts). */
  convertedFrom?: string;
}

interface ManifestModel extends ModelSource {
  kind: string;
  sha256: string;
  bytes: number;
}

export function modelSource(file: string): ModelSource {
  const converted = findConverted(file.replace(/\.onnx$/, ''));
  if (converted) return convertedSource(converted);
  const entry = (manifest.files as ManifestModel[]).find((f) => f.kind === 'models' && f.file === file);
  if (!entry) throw new Error(`${file} is not listed in assets.manifest.json`);
  const { framework, producer, license, sha256, bytes, upstream, opset } = entry;
  return { file, framework, producer, license, sha256, bytes, upstream, opset: opset ?? null };
}

/** URL of a model file relative to the app's base. */
export function modelUrl(file: string): string {
  return `${import.meta.env.BASE_URL}models/${file}`;
}

/** A model converted here at setup: its facts come from the catalogue, not from a pinned file. */
export function convertedSource(model: ConvertedModel): ModelSource {
  return {
    file: `${model.id}.onnx`,
    framework: `${model.origin}, converted by onnx-playground`,
    producer: CONVERTER_PRODUCER,
    license: model.license,
    sha256: null,
    bytes: null,
    upstream: model.upstream,
    opset: CONVERTED_OPSET,
    convertedFrom: `${model.packageFile} (TF.js graph model)`,
  };
}
