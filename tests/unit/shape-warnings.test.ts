import { describe, expect, it } from 'vitest';
import { shapeWarnings } from '../../src/engine/onnx-format/shape-warnings';

describe('shape warnings', () => {
  it('names negative and zero-sized dimensions, and nothing else', () => {
    expect(shapeWarnings([{ name: 'x', dtype: 'float32', shape: ['batch', 3, 224, 224] }], [{ name: 'y', dtype: 'float32', shape: null }])).toEqual([]);
    const [negative, zero] = shapeWarnings([{ name: 'x', dtype: 'float32', shape: [-2, 3] }], [{ name: 'y', dtype: 'float32', shape: [0, 3] }]);
    expect(negative).toMatch(/input x declares a negative dimension \(-2\)/);
    expect(zero).toMatch(/output y has a zero-sized dimension/);
  });
});
