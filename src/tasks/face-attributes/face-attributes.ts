/**
 * Facial expression and gender of each face UltraFace finds: two Keras mini-Xception models from
 * oarriaga/face_classification (converted here from their TF.js files). Each takes grey 64x64 face
 * crops, [N, 64, 64, 1], scaled to -1..1, and returns softmax probabilities.
 */
import { resizeBilinear, type Image8 } from '../../engine/tensor/resize';
import type { Detection } from '../detection/boxes';
import { modelSource } from '../model-source';

/**
 * `margin`: how much each model's crop widens the face box, per side, as a fraction of its size. The
 * authors' demo (src/image_emotion_gender_demo.py) pads OpenCV's face boxes by (20, 40) px for
 * emotion and (30, 60) px for gender: the gender model sees more of the head. UltraFace's boxes are
 * looser than OpenCV's, so less is added; on messi5.jpg's 33x42 px face a tighter gender crop is a
 * coin toss (woman 0.50 at 0.1) and 0.2 gives man 0.84.
 */
export const EMOTION = { id: 'emotion', title: 'Facial expression (mini-Xception, FER2013)', source: modelSource('emotion.onnx'), inputName: 'input_1', outputName: 'Identity', margin: 0.1 } as const;
export const GENDER = { id: 'gender', title: 'Gender (mini-Xception, IMDB)', source: modelSource('gender.onnx'), inputName: 'input_1', outputName: 'Identity', margin: 0.2 } as const;
export const FACE_SIZE = 64;

/**
 * FER2013's class order. oarriaga/face_classification, src/utils/datasets.py `get_labels('fer2013')`:
 * {0: 'angry', 1: 'disgust', 2: 'fear', 3: 'happy', 4: 'sad', 5: 'surprise', 6: 'neutral'};
 * @vladmandic/human (src/gear/emotion.ts, which runs this same emotion.json) uses the same order.
 */
export const EXPRESSION_LABELS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;
/**
 * face_classification's `get_labels('imdb')`: {0: 'woman', 1: 'man'}; @vladmandic/human's gender
 * module (src/gender/gender.ts, the 64x64x1 model) reads the same: data[0] > data[1] ? 'female' : 'male'.
 */
export const GENDER_LABELS = ['woman', 'man'] as const;

/** The face box widened by `margin` of its size on each side, in pixels, inside the photo. */
export function faceRect(face: Detection, width: number, height: number, margin: number): { left: number; top: number; width: number; height: number } {
  const w = (face.x2 - face.x1) * width;
  const h = (face.y2 - face.y1) * height;
  const left = Math.max(0, Math.floor(face.x1 * width - w * margin));
  const top = Math.max(0, Math.floor(face.y1 * height - h * margin));
  const right = Math.min(width, Math.ceil(face.x2 * width + w * margin));
  const bottom = Math.min(height, Math.ceil(face.y2 * height + h * margin));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/**
 * One face as the models' input: cropped, resized to 64x64 (Pillow's bilinear filter), grey with
 * OpenCV's weights (as the authors' cv2.cvtColor(..., COLOR_BGR2GRAY)), then x / 255, (x - 0.5) x 2
 * (their `preprocess_input(x, v2=True)`).
 */
export function faceInput(image: Image8, face: Detection, margin: number): Float32Array {
  const rect = faceRect(face, image.width, image.height, margin);
  const c = image.channels;
  const crop = new Uint8Array(rect.width * rect.height * 3);
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const from = ((rect.top + y) * image.width + rect.left + x) * c;
      crop.set([image.data[from], image.data[from + 1], image.data[from + 2]], (y * rect.width + x) * 3);
    }
  }
  const small = resizeBilinear({ width: rect.width, height: rect.height, channels: 3, data: crop }, FACE_SIZE, FACE_SIZE, undefined, 3);
  const out = new Float32Array(FACE_SIZE * FACE_SIZE);
  for (let i = 0; i < out.length; i++) {
    const grey = 0.299 * small.data[i * 3] + 0.587 * small.data[i * 3 + 1] + 0.114 * small.data[i * 3 + 2];
    out[i] = (grey / 255 - 0.5) * 2;
  }
  return out;
}

/** Every face's crop in one batch, [N, 64, 64, 1]. */
export function facesBatch(image: Image8, faces: readonly Detection[], margin: number): { data: Float32Array; dims: number[] } {
  const data = new Float32Array(faces.length * FACE_SIZE * FACE_SIZE);
  faces.forEach((face, i) => data.set(faceInput(image, face, margin), i * FACE_SIZE * FACE_SIZE));
  return { data, dims: [faces.length, FACE_SIZE, FACE_SIZE, 1] };
}

export interface Guess {
  label: string;
  score: number;
  probabilities: number[];
}

/** Row `row` of [N, classes] softmax output: the most likely label. */
export function bestLabel(output: Float32Array, row: number, labels: readonly string[]): Guess {
  const probabilities = Array.from(output.subarray(row * labels.length, (row + 1) * labels.length));
  let best = 0;
  for (let k = 1; k < labels.length; k++) if (probabilities[k] > probabilities[best]) best = k;
  return { label: labels[best], score: probabilities[best], probabilities };
}

export interface FaceAttributes {
  box: Detection;
  expression: Guess;
  gender: Guess;
}

const percent = (g: Guess) => `${(g.score * 100).toFixed(0)}%`;

/** A face as a labelled box for the detection panel: "happy 78% · man 84%". */
export function asDetection(face: FaceAttributes): Detection {
  return { ...face.box, label: `${face.expression.label} ${percent(face.expression)} · ${face.gender.label} ${percent(face.gender)}` };
}
