/**
 * The gallery's facial expression and gender models (Keras mini-Xception, converted here from TF.js):
 * on the faces UltraFace finds in real photos, through the panel's own crops, they give the labels
 * TF.js gives running the original graphs on the same crops.
 */
import { describe, expect, it } from 'vitest';
import { bestLabel, EMOTION, EXPRESSION_LABELS, GENDER, GENDER_LABELS } from '../../src/tasks/face-attributes/face-attributes';
import { faceAttributes } from '../../src/tasks/face-attributes/definition';
import { decodeLikePillow, samplePath } from '../helpers/assets';
import { maxDiff, tfjsOutput } from '../helpers/converted-models';
import { runInNode } from '../helpers/node-tasks';

describe('facial expression and gender (converted) on the faces UltraFace finds', () => {
  for (const photo of ['messi5.jpg', 'kimono.jpg']) {
    it(`${photo}: same labels as TF.js on the same crops`, async () => {
      const result = await runInNode(faceAttributes, await decodeLikePillow(samplePath(photo)));
      const faces = result.faces;
      expect(faces.length).toBeGreaterThan(0);
      const labelsFound: Record<string, string[]> = {};
      for (const [entry, labels, attribute] of [[EMOTION, EXPRESSION_LABELS, 'expression'], [GENDER, GENDER_LABELS, 'gender']] as const) {
        // The crops the task fed this model, and what it returned.
        const call = result.calls.find((c) => c.model.id === entry.id)!;
        const batch = { data: call.feeds[entry.inputName].data as Float32Array, dims: [...call.feeds[entry.inputName].dims] };
        expect(Math.min(...batch.data)).toBeGreaterThanOrEqual(-1);
        expect(Math.max(...batch.data)).toBeLessThanOrEqual(1);
        const out = call.outputs[entry.outputName].data as Float32Array;
        const reference = await tfjsOutput(entry.id, batch.data, batch.dims);
        expect(out.length).toBe(faces.length * labels.length);
        const diff = maxDiff(out, reference);
        expect(diff).toBeLessThan(1e-3);
        const ours = faces.map((face) => face[attribute]);
        const theirs = faces.map((_, i) => bestLabel(reference, i, labels));
        console.log(`${photo} ${entry.id}: ${ours.map((g) => `${g.label} ${g.score.toFixed(2)}`).join(', ')} (TF.js: ${theirs.map((g) => `${g.label} ${g.score.toFixed(2)}`).join(', ')}; max diff ${diff.toExponential(1)})`);
        expect(ours.map((g) => g.label)).toEqual(theirs.map((g) => g.label));
        for (const g of ours) expect(g.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
        labelsFound[entry.id] = ours.map((g) => g.label);
      }
      // Both photos' people smile; Messi is a man, the kimono photo's face a woman.
      expect(labelsFound).toEqual({ emotion: ['happy'], gender: [photo === 'messi5.jpg' ? 'man' : 'woman'] });
    }, 60_000);
  }
});
