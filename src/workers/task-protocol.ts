/** The typed API of the gallery's task worker: one call per task, pre- and post-processing included. */
import type { Detection } from '../tasks/detection/boxes';
import type { WorkerResources } from './registry';
import type { Passenger } from '../tasks/tabular/titanic';
import type { OcrResult } from '../tasks/ocr/pipeline';
import type { Keypoint } from '../tasks/pose/pose';
import type { FaceAttributes } from '../tasks/face-attributes/face-attributes';

export interface TaskTimings {
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
}

export interface DetectionResult {
  detections: Detection[];
  imageSize: { width: number; height: number };
  timings: TaskTimings;
}

export interface RgbImage {
  width: number;
  height: number;
  /** RGB, 3 bytes a pixel. */
  data: Uint8Array;
}

export interface SuperResolutionResult {
  lowRes: RgbImage;
  bicubic: RgbImage;
  model: RgbImage;
  original: RgbImage;
  psnrModel: number;
  psnrBicubic: number;
  timings: TaskTimings;
}

export interface PoseResult {
  /** All 17, in COCO order, positions in 0-1 of the image; the panel hides those under the threshold. */
  keypoints: Keypoint[];
  imageSize: { width: number; height: number };
  timings: TaskTimings;
}

export interface FaceAttributesResult {
  /** Each face UltraFace found, with its expression and gender guesses. */
  faces: FaceAttributes[];
  imageSize: { width: number; height: number };
  timings: TaskTimings;
}

export interface SegmentationResult {
  /** The photo (reduced to at most 960 px a side), the mask as grey, and the two composites, all one size. */
  photo: RgbImage;
  mask: RgbImage;
  blurred: RgbImage;
  replaced: RgbImage;
  /** Share of the photo the mask calls person (mean probability). */
  personShare: number;
  sourceSize: { width: number; height: number };
  timings: TaskTimings;
}

export interface TaskApi {
  /** Sessions this worker holds now and its runtime's WASM memory (leak checks, the Memory panel). */
  resources(): WorkerResources;
  init(numThreads: number): Promise<void>;
  detectFaces(file: Blob, name: string): Promise<DetectionResult>;
  detectObjects(file: Blob, name: string): Promise<DetectionResult>;
  /** `drawing`: RGBA pixels of the drawing canvas (light strokes on dark). */
  recognizeDigit(drawing: { width: number; height: number; data: Uint8ClampedArray }): Promise<{ probabilities: number[]; timings: TaskTimings } | null>;
  /** Reduces the photo's centre to 224x224, upscales it x3 with the model and with bicubic, compares both with the original. */
  superResolve(file: Blob, name: string): Promise<SuperResolutionResult>;
  /** PaddleOCR: text boxes, each line read, in reading order. */
  readText(file: Blob, name: string): Promise<OcrResult & { imageSize: { width: number; height: number } }>;
  /** MoveNet: one person's 17 keypoints on a photo. */
  estimatePose(file: Blob, name: string): Promise<PoseResult>;
  /** The same on a camera frame (transferred; closed here). */
  estimatePoseFrame(frame: ImageBitmap): Promise<PoseResult>;
  /** UltraFace's faces, each labelled by the Keras expression and gender models. */
  readFaces(file: Blob, name: string): Promise<FaceAttributesResult>;
  /** MediaPipe selfie: the person's mask, the background blurred and replaced. */
  segmentPerson(file: Blob, name: string): Promise<SegmentationResult>;
  predictSurvival(passenger: Passenger): Promise<{ label: string; probability: number; timings: TaskTimings }>;
}

