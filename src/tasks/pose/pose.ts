/**
 * MoveNet SinglePose Lightning (TF Hub, converted here from TF.js): one person's 17 COCO keypoints.
 * Input: int32 RGB 0-255, [1, 192, 192, 3], the photo letterboxed as TF Hub's own example does
 * (`tf.image.resize_with_pad`: scaled to fit, centred, zero padding). Output [1, 1, 17, 3]: y, x,
 * score per keypoint, y and x in 0-1 of the padded square.
 */
import { resizeBilinear, type Image8 } from '../../engine/tensor/resize';
import { modelSource } from '../model-source';

export const MOVENET = {
  id: 'movenet-lightning',
  title: 'MoveNet SinglePose Lightning',
  source: modelSource('movenet-lightning.onnx'),
  inputName: 'input',
  outputName: 'Identity',
  size: 192,
  /** Keypoints scored below this are hidden (TF Hub's example uses 0.11; 0.3 drops most guesses). */
  scoreThreshold: 0.3,
} as const;

/** COCO keypoint order, as MoveNet's model card lists it. */
export const KEYPOINT_NAMES = [
  'nose', 'left eye', 'right eye', 'left ear', 'right ear', 'left shoulder', 'right shoulder', 'left elbow', 'right elbow',
  'left wrist', 'right wrist', 'left hip', 'right hip', 'left knee', 'right knee', 'left ankle', 'right ankle',
] as const;

/** Bones between keypoints (TF Hub's KEYPOINT_EDGE_INDS_TO_COLOR). */
export const SKELETON: readonly (readonly [number, number])[] = [
  [0, 1], [0, 2], [1, 3], [2, 4], [0, 5], [0, 6], [5, 7], [7, 9], [6, 8], [8, 10],
  [5, 6], [5, 11], [6, 12], [11, 12], [11, 13], [13, 15], [12, 14], [14, 16],
];

export interface Keypoint {
  name: string;
  /** In 0-1 of the photo's width and height. */
  x: number;
  y: number;
  score: number;
}

/** Where the photo sits in the square input: input pixel = photo pixel x scale + offset. */
export interface Letterbox {
  size: number;
  width: number;
  height: number;
  left: number;
  top: number;
}

/** The photo scaled to fit `size` x `size` (Pillow's bilinear filter), centred on black. */
export function letterbox(image: Image8, size: number): { square: Image8; box: Letterbox } {
  const scale = size / Math.max(image.width, image.height);
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const left = Math.floor((size - width) / 2);
  const top = Math.floor((size - height) / 2);
  const resized = resizeBilinear(image, width, height, undefined, 3);
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < height; y++) data.set(resized.data.subarray(y * width * 3, (y + 1) * width * 3), ((top + y) * size + left) * 3);
  return { square: { width: size, height: size, channels: 3, data }, box: { size, width, height, left, top } };
}

/** The model's input: the letterboxed photo as int32 0-255, NHWC. */
export function poseInput(image: Image8): { data: Int32Array; dims: number[]; box: Letterbox } {
  const { square, box } = letterbox(image, MOVENET.size);
  return { data: Int32Array.from(square.data), dims: [1, MOVENET.size, MOVENET.size, 3], box };
}

/** [1, 1, 17, 3] (y, x, score in the square) -> keypoints in 0-1 of the photo. */
export function decodePose(output: Float32Array, box: Letterbox): Keypoint[] {
  return KEYPOINT_NAMES.map((name, i) => ({
    name,
    x: (output[i * 3 + 1] * box.size - box.left) / box.width,
    y: (output[i * 3] * box.size - box.top) / box.height,
    score: output[i * 3 + 2],
  }));
}

/** Keypoints worth drawing: scored at least `threshold` and inside the photo. */
export function visibleKeypoints(keypoints: readonly Keypoint[], threshold: number = MOVENET.scoreThreshold): boolean[] {
  return keypoints.map((k) => k.score >= threshold && k.x >= 0 && k.x <= 1 && k.y >= 0 && k.y <= 1);
}
