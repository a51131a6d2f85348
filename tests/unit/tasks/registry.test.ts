/** The task registry: one entry per task, every gallery model run by one, and the pipeline's timing. */
import { describe, expect, it } from 'vitest';
import { TASKS, findTask, taskOfModel } from '../../../src/tasks/registry';
import { GALLERY } from '../../../src/tasks/gallery';
import { runTask } from '../../../src/tasks/pipeline';
import { defineTask, singleModel, type TaskModel } from '../../../src/tasks/task';

describe('the registry', () => {
  it('lists each task once, each with at least one model', () => {
    const ids = TASKS.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const task of TASKS) expect(task.models.length, task.id).toBeGreaterThan(0);
    expect(findTask('ocr').models.map((m) => m.id)).toEqual(['ch_PP-OCRv4_det_infer', 'ch_ppocr_mobile_v2.0_cls_infer', 'ch_PP-OCRv4_rec_infer']);
  });

  it('gives every gallery model a task, the first that lists it', () => {
    for (const model of GALLERY) expect(model.task, model.id).not.toBeNull();
    expect(taskOfModel('ultraface-rfb-320')?.id).toBe('face-detection'); // face-attributes runs it too
    expect(taskOfModel('emotion')?.id).toBe('face-attributes');
  });
});

describe('the pipeline', () => {
  const model: TaskModel = { id: 'double', title: 'Doubles', source: GALLERY[0].source };
  const doubling = defineTask({
    id: 'doubling',
    title: 'Doubling',
    takes: ['table'],
    models: [model],
    run: singleModel({
      prepare: (x: number) => ({ feeds: { x: { dtype: 'float32', dims: [1], data: Float32Array.of(x) } } }),
      decode: (outputs) => ({ y: (outputs.y.data as Float32Array)[0] }),
    }),
  });

  it('runs prepare, the injected infer and decode, timing each stage', async () => {
    const seen: string[] = [];
    const result = await runTask(doubling, 21, {
      assets: undefined,
      infer: async (m, feeds) => {
        seen.push(m.id);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { y: { dtype: 'float32', dims: [1], data: Float32Array.of((feeds.x.data as Float32Array)[0] * 2) } };
      },
    });
    expect(result.y).toBe(42);
    expect(seen).toEqual(['double']);
    expect(result.timings.inferenceMs).toBeGreaterThanOrEqual(15);
    expect(result.timings.preprocessMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.postprocessMs).toBeGreaterThanOrEqual(0);
  });
});
