/** Boxes and non-maximum suppression, shared by every detection task. */

/** A detection in image-relative coordinates: 0-1 on both axes, corner form. */
export interface Detection {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  classIndex: number;
  label: string;
}

export function iou(a: Detection, b: Detection): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const overlap = w * h;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - overlap;
  return union > 0 ? overlap / union : 0;
}

/**
 * Greedy non-maximum suppression: best score first, dropping boxes of the same class that overlap a
 * kept one by more than `iouThreshold`.
 */
export function nms(detections: readonly Detection[], iouThreshold: number): Detection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const candidate of sorted) {
    if (kept.every((k) => k.classIndex !== candidate.classIndex || iou(k, candidate) <= iouThreshold)) kept.push(candidate);
  }
  return kept;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

export function clampBox(d: Detection): Detection {
  return { ...d, x1: clamp01(d.x1), y1: clamp01(d.y1), x2: clamp01(d.x2), y2: clamp01(d.y2) };
}
