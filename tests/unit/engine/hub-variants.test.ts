import { describe, expect, it } from 'vitest';
import { defaultVariant, groupVariants, parseVariantName, variantOfFile } from '../../../src/engine/hub/variants';

describe('variant naming (transformers.js dtypes)', () => {
  it('reads each suffix, longest first, with underscores in the graph name', () => {
    expect(variantOfFile('onnx/model.onnx')).toEqual({ name: 'fp32', base: 'model' });
    expect(variantOfFile('onnx/model_quantized.onnx')).toEqual({ name: 'q8', base: 'model' });
    expect(variantOfFile('onnx/model_q4f16.onnx')).toEqual({ name: 'q4f16', base: 'model' });
    expect(variantOfFile('onnx/model_q4.onnx')).toEqual({ name: 'q4', base: 'model' });
    expect(variantOfFile('onnx/decoder_model_merged_fp16.onnx')).toEqual({ name: 'fp16', base: 'decoder_model_merged' });
    expect(variantOfFile('onnx/decoder_model_merged.onnx')).toEqual({ name: 'fp32', base: 'decoder_model_merged' });
    expect(variantOfFile('onnx/model.onnx_data')).toBeNull();
    expect(variantOfFile('config.json')).toBeNull();
  });

  it('groups a repository listing into variants, external data attached, in dtype order', () => {
    const files = [
      { path: 'config.json', bytes: 700 },
      { path: 'onnx/model_q4f16.onnx', bytes: 40 },
      { path: 'onnx/model.onnx', bytes: 100 },
      { path: 'onnx/model.onnx_data', bytes: 3000 },
      { path: 'onnx/model.onnx_data_1', bytes: 2000 },
      { path: 'onnx/model_quantized.onnx', bytes: 30, sha256: 'ab' },
      { path: 'onnx/model_fp16.onnx', bytes: 50 },
      { path: 'model.onnx', bytes: 9 }, // a stray copy at the root: the onnx/ folder wins
    ];
    const variants = groupVariants(files);
    expect(variants.map((v) => v.name)).toEqual(['fp32', 'fp16', 'q8', 'q4f16']);
    expect(variants[0].parts[0].externalData.map((d) => d.path)).toEqual(['onnx/model.onnx_data', 'onnx/model.onnx_data_1']);
    expect(variants[0].bytes).toBe(5100);
    expect(variants[2].parts[0].file.sha256).toBe('ab');
    expect(defaultVariant(variants)?.name).toBe('fp32');
    expect(defaultVariant(variants.slice(1))?.name).toBe('fp16');
  });

  it('offers .onnx files outside onnx/ when the folder is missing; none gives no variants', () => {
    expect(groupVariants([{ path: 'model_int8.onnx', bytes: 1 }]).map((v) => v.name)).toEqual(['int8']);
    expect(groupVariants([{ path: 'README.md', bytes: 1 }])).toEqual([]);
  });

  it('parses names as users write them, and names the choices otherwise', () => {
    expect(parseVariantName('Q8')).toBe('q8');
    expect(parseVariantName('quantized')).toBe('q8');
    expect(() => parseVariantName('fp8')).toThrow(/fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4/);
  });
});
