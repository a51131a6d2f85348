import { describe, expect, it } from 'vitest';
import { BACKEND_IDS, type BackendId } from '../../../src/engine/backends/backend-id';
import { benchChoices } from '../../../src/engine/bench/choices';

const ticks = (...ids: BackendId[]) => Object.fromEntries(BACKEND_IDS.map((id) => [id, ids.includes(id)])) as Record<BackendId, boolean>;

describe('benchChoices', () => {
  it('runs WASM once per thread count and a GPU once, with the most threads for its CPU fallback', () => {
    expect(benchChoices(ticks('wasm', 'webgpu'), [4, 1, 4], null)).toEqual([
      { backend: 'wasm', threads: 1 },
      { backend: 'wasm', threads: 4 },
      { backend: 'webgpu', threads: 4 },
    ]);
  });

  it('runs TF.js backends only on a TF.js graph model (the original or a conversion): its WASM per thread count, its GPU backends on 1', () => {
    const selected = ticks('tfjs-wasm', 'tfjs-webgl', 'wasm');
    expect(benchChoices(selected, [1, 2], null)).toEqual([{ backend: 'wasm', threads: 1 }, { backend: 'wasm', threads: 2 }]);
    for (const kind of ['original', 'converted'] as const) {
      expect(benchChoices(selected, [1, 2], kind)).toEqual([
        { backend: 'wasm', threads: 1 },
        { backend: 'wasm', threads: 2 },
        { backend: 'tfjs-wasm', threads: 1 },
        { backend: 'tfjs-wasm', threads: 2 },
        { backend: 'tfjs-webgl', threads: 1 },
      ]);
    }
  });

  it('has nothing to run when nothing is ticked', () => {
    expect(benchChoices(ticks(), [1], 'original')).toEqual([]);
  });
});
