/** The PaddleOCR task (src/tasks/ocr) end to end through the app's task pipeline on onnxruntime-node, and its pure parts. */
import { afterAll, describe, expect, it } from 'vitest';
import { ctcDecode, detectionSize, parseKeys, readingOrder, rotate180, textBoxes } from '../../src/tasks/ocr/ocr';
import { ocr } from '../../src/tasks/ocr/definition';
import { decodeLikePillow, samplePath } from '../helpers/assets';
import { nodeInfer, runInNode } from '../helpers/node-tasks';

describe('OCR building blocks', () => {
  it('sizes the detector input as PaddleOCR does', () => {
    expect(detectionSize(556, 257)).toEqual({ width: 544, height: 256 });
    expect(detectionSize(4000, 3000)).toEqual({ width: 960, height: 736 });
    expect(detectionSize(10, 10)).toEqual({ width: 32, height: 32 });
  });
  it('finds separate regions, drops faint ones, and grows boxes by the unclip distance', () => {
    const [w, h] = [40, 20];
    const map = new Float32Array(w * h);
    for (let y = 5; y < 9; y++) for (let x = 5; x < 21; x++) map[y * w + x] = 0.9; // a word, 16x4
    for (let y = 5; y < 9; y++) for (let x = 28; x < 38; x++) map[y * w + x] = 0.4; // above 0.3 but mean < 0.6
    const boxes = textBoxes(map, w, h, { width: 80, height: 40 });
    expect(boxes).toHaveLength(1);
    const grow = (16 * 4 * 1.5) / (2 * 20); // 2.4 map pixels
    expect(boxes[0].x1).toBe(Math.round((5 - grow) * 2));
    expect(boxes[0].x2).toBe(Math.round((21 + grow) * 2));
    expect(boxes[0].score).toBeCloseTo(0.9, 5);
  });
  it('orders boxes line by line, left to right', () => {
    const box = (x1: number, y1: number) => ({ x1, y1, x2: x1 + 5, y2: y1 + 5, score: 1 });
    expect(readingOrder([box(50, 3), box(0, 40), box(0, 5)]).map((b) => [b.x1, b.y1])).toEqual([[0, 5], [50, 3], [0, 40]]);
  });
  it('decodes CTC: repeats merge, blanks separate, index 0 is blank and the last a space', () => {
    const alphabet = parseKeys('a\nb\n');
    expect(alphabet).toEqual(['', 'a', 'b', ' ']);
    const steps = [1, 1, 0, 1, 3, 2];
    const probabilities = new Float32Array(steps.length * 4);
    steps.forEach((k, t) => (probabilities[t * 4 + k] = 0.8));
    expect(ctcDecode(probabilities, 4, alphabet)).toEqual({ text: 'aa b', confidence: expect.closeTo(0.8, 5) });
    expect(() => ctcDecode(probabilities, 5, alphabet)).toThrow(/alphabet/);
  });
  it('rotates by 180 degrees', () => {
    const image = { width: 2, height: 1, channels: 3, data: new Uint8Array([1, 2, 3, 4, 5, 6]) };
    expect(Array.from(rotate180(image).data)).toEqual([4, 5, 6, 1, 2, 3]);
  });
});

describe('PaddleOCR (PP-OCRv4) on onnxruntime-node', () => {
  const infer = nodeInfer();
  afterAll(() => infer.release());

  async function read(photo: string, transform = (x: Awaited<ReturnType<typeof decodeLikePillow>>) => x) {
    return runInNode(ocr, transform(await decodeLikePillow(samplePath(photo))), { infer });
  }

  it('reads the text of imageTextN.png line by line', async () => {
    const result = await read('imageTextN.png');
    const text = result.lines.map((l) => l.text).join('\n');
    console.log(`${result.lines.length} lines of ${result.boxCount} boxes\n${text}`);
    expect(result.lines.length).toBeGreaterThanOrEqual(10);
    for (const phrase of ['technical details', 'implementation projects', 'computer vision problems', 'real-world imagery']) {
      expect(text.replace(/\s+/g, ' ')).toContain(phrase);
    }
    // Reading order: the first line of the page comes first.
    expect(result.lines[0].text).toMatch(/^technical/);
  });

  it('reads upside-down lines that the direction classifier flips back', async () => {
    // The mobile v2.0 classifier recognises about half of this page's lines as upside down (their
    // 30:1 crops are squeezed to 192 pixels); those it flips must then read correctly.
    const result = await read('imageTextN.png', rotate180);
    const flipped = result.lines.filter((l) => l.flipped).map((l) => l.text).join(' ');
    expect(result.lines.filter((l) => l.flipped).length).toBeGreaterThanOrEqual(5);
    for (const phrase of ['technical details', 'creative variants']) expect(flipped).toContain(phrase);
  });

  it('finds no text in a photo without any', async () => {
    const result = await read('fruits.jpg');
    expect(result.lines.length).toBeLessThanOrEqual(1);
  });
});
