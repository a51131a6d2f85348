/** ONNX TensorProto.DataType: names (as onnxruntime-web spells them) and sizes in bytes. */
const TYPES: Record<number, [name: string, bytes: number]> = {
  1: ['float32', 4],
  2: ['uint8', 1],
  3: ['int8', 1],
  4: ['uint16', 2],
  5: ['int16', 2],
  6: ['int32', 4],
  7: ['int64', 8],
  8: ['string', 0],
  9: ['bool', 1],
  10: ['float16', 2],
  11: ['float64', 8],
  12: ['uint32', 4],
  13: ['uint64', 8],
  14: ['complex64', 8],
  15: ['complex128', 16],
  16: ['bfloat16', 2],
  17: ['float8e4m3fn', 1],
  18: ['float8e4m3fnuz', 1],
  19: ['float8e5m2', 1],
  20: ['float8e5m2fnuz', 1],
  21: ['uint4', 0.5],
  22: ['int4', 0.5],
  23: ['float4e2m1', 0.5],
};

export function dataTypeName(code: number): string {
  return TYPES[code]?.[0] ?? `unknown(${code})`;
}

/** Bytes per element; 0 for strings (variable) and unknown types. */
export function dataTypeSize(code: number): number {
  return TYPES[code]?.[1] ?? 0;
}
