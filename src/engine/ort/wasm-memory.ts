/**
 * The size of the WebAssembly memory the runtime uses, which onnxruntime-web does not expose:
 * its emscripten glue creates the (shared, when threaded) memory with `new WebAssembly.Memory`, so
 * counting the memories constructed in this worker finds it. WASM memory only ever grows: its size is
 * the runtime's high-water mark, which is what a leak would push up.
 */
const memories: WebAssembly.Memory[] = [];
let installed = false;

/** Call before the runtime is loaded. Idempotent. */
export function trackWasmMemory(): void {
  if (installed || typeof WebAssembly === 'undefined') return;
  installed = true;
  const Native = WebAssembly.Memory;
  WebAssembly.Memory = new Proxy(Native, {
    construct(target, args: ConstructorParameters<typeof WebAssembly.Memory>) {
      const memory = new target(...args);
      memories.push(memory);
      return memory;
    },
  });
}

export function wasmMemoryBytes(): number {
  return memories.reduce((sum, m) => sum + m.buffer.byteLength, 0);
}
