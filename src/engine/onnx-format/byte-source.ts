/**
 * Random access to a model file's bytes without holding it all: a Blob (browser), a file handle
 * (Node) or bytes already in memory. The ONNX reader asks only for the ranges it parses, so weights
 * are skipped, not loaded.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** `at`: where bytes[0] lies in a larger file (a subgraph held in memory with its node), so offsets stay the file's. */
export function bytesSource(bytes: Uint8Array, at = 0): ByteSource {
  return { size: at + bytes.length, read: async (offset, length) => bytes.subarray(offset - at, offset - at + length) };
}

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}
