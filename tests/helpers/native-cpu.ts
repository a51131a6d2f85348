/**
 * Whether onnxruntime-node computes int8 models exactly on this CPU.
 *
 * On x86 without VNNI, onnxruntime's u8s8 kernels multiply with vpmaddubsw, which saturates its
 * 16-bit pair sums; quantized models then give visibly different scores (measured on an AVX2-only
 * EPYC: MobileNetV2 int8 on dog.jpg, top-1 0.71 instead of 0.60). The shared references were made
 * with exact int8 arithmetic, which is also what WebAssembly computes, so native int8 results are
 * held to them strictly only where the CPU computes them exactly.
 */
import { readFileSync } from 'node:fs';

export function nativeInt8IsExact(): boolean {
  if (process.arch !== 'x64' && process.arch !== 'ia32') return true;
  try {
    const flags = readFileSync('/proc/cpuinfo', 'utf8');
    return /\b(avx512_vnni|avx_vnni|amx_int8)\b/.test(flags);
  } catch {
    return false;
  }
}

export const isQuantized = (file: string) => /int8|uint8|quant/i.test(file);
