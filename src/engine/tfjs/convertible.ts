/**
 * Whether the ONNX -> TF.js converter maps every op of a model, from the op histogram the model's
 * read gives (no second parse of its bytes): what decides that TF.js backends are offered for a model
 * without a TF.js original. The converter's op table is imported on first use, so a page that never
 * asks does not load it. The conversion itself may still refuse the model (an attribute or a shape
 * the mapping does not cover); its error then says so on the TF.js rows.
 */

/** Ops of the histogram the converter does not map, with their counts ('domain.Op' outside the default domain, as the histogram names them); {} when every op maps. */
export async function unmappedOnnxOps(opHistogram: Readonly<Record<string, number>>): Promise<Record<string, number>> {
  const { ONNX_TO_TF } = await import('../convert/to-tfjs/ops/index');
  return Object.fromEntries(Object.entries(opHistogram).filter(([op]) => !READ_AS_WEIGHTS.has(op) && !Object.hasOwn(ONNX_TO_TF, op)));
}

/** Ops the converter's reader turns into weights before mapping (src/engine/convert/onnx-read.ts): no handler needed. */
const READ_AS_WEIGHTS = new Set(['Constant']);
