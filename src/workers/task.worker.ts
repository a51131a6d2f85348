/// <reference lib="webworker" />
/** The gallery's task worker: routes each task to its pre/post-processing in src/tasks, one session per model. */
import * as Comlink from './rpc';
import { wasmMemoryBytes } from '../engine/ort/wasm-memory';
import { openRuntime, type Ort } from '../engine/ort/runtime';
import { ModelSession, type TensorData, openSessionCount } from '../engine/ort/session';
import { fetchModel } from '../engine/model/fetch-model';
import { bitmapToPixels, decodeImageFile } from '../engine/image/decode';
import { stretchToTensor } from '../engine/tensor/image-to-tensor';
import { FASTESTDET, ULTRAFACE, decodeFastestDet, decodeUltraface, type DetectorEntry } from '../tasks/detection/models';
import type { Detection } from '../tasks/detection/boxes';
import { digitProbabilities, digitTensor, MNIST } from '../tasks/digits/digits';
import { checkPassenger, passengerFeeds, survival, TITANIC } from '../tasks/tabular/titanic';
import type { ModelSource } from '../tasks/model-source';
import { modelUrl } from '../tasks/model-source';
import { bicubicUpscale, combine, modelInput, prepareCase, psnr, SUPER_RESOLUTION } from '../tasks/super-resolution/super-resolution';
import type { Image8 } from '../engine/tensor/resize';
import { OCR_MODELS, parseKeys } from '../tasks/ocr/ocr';
import { loadLabelFile } from '../tasks/classification/labels';
import { readText } from '../tasks/ocr/pipeline';
import { decodePose, MOVENET, poseInput } from '../tasks/pose/pose';
import { bestLabel, EMOTION, EXPRESSION_LABELS, facesBatch, GENDER, GENDER_LABELS, type Guess } from '../tasks/face-attributes/face-attributes';
import { blurredBackdrop, composite, displayImage, gradientBackground, maskImage, maskMeans, maskPicture, SELFIE, selfieInput } from '../tasks/segmentation/segmentation';
import type { TaskApi, DetectionResult, FaceAttributesResult, PoseResult, RgbImage, TaskTimings } from './task-protocol';

const rgb = (image: Image8): RgbImage => ({ width: image.width, height: image.height, data: image.data as Uint8Array });

let ort: Ort | null = null;
const sessions = new Map<string, Promise<ModelSession>>();

function session(source: ModelSource, title: string): Promise<ModelSession> {
  let pending = sessions.get(source.file);
  if (!pending) {
    pending = (async () => {
      if (!ort) throw new Error('The task worker was not initialised.');
      const bytes = await fetchModel(modelUrl(source.file), { sha256: source.sha256, bytes: source.bytes, name: title });
      return ModelSession.create(ort, bytes, title);
    })();
    pending.catch(() => sessions.delete(source.file)); // a failed load can be retried
    sessions.set(source.file, pending);
  }
  return pending;
}

const labels = () => loadLabelFile('coco.names', (text) => text.trim().split(/\r?\n/));
const alphabet = () => loadLabelFile(OCR_MODELS.keysFile, parseKeys);

type Decoder = (outputs: Record<string, TensorData>) => Promise<Detection[]> | Detection[];

/** A detector on decoded pixels; `timings` gains each stage's time. */
async function detectIn(entry: DetectorEntry, image: Image8, decode: Decoder, timings: TaskTimings): Promise<Detection[]> {
  const model = await session(entry.source, entry.title);
  let t = performance.now();
  const { data, dims, dtype } = stretchToTensor(image, entry.width, entry.height, entry.normalisation);
  timings.preprocessMs += performance.now() - t;
  t = performance.now();
  const outputs = await model.run({ [entry.inputName]: { data, dims, dtype } }, model.outputNames);
  timings.inferenceMs += performance.now() - t;
  t = performance.now();
  const detections = await decode(outputs);
  timings.postprocessMs += performance.now() - t;
  return detections;
}

async function detect(entry: DetectorEntry, file: Blob, name: string, decode: Decoder): Promise<DetectionResult> {
  await session(entry.source, entry.title); // the first call's model load is not preprocessing
  const t = performance.now();
  const image = await decodeImageFile(file, name);
  const timings = { preprocessMs: performance.now() - t, inferenceMs: 0, postprocessMs: 0 };
  const detections = await detectIn(entry, image, decode, timings);
  return { detections, imageSize: { width: image.width, height: image.height }, timings };
}

const decodeFaces: Decoder = (o) => decodeUltraface(o.scores.data as Float32Array, o.boxes.data as Float32Array);

/** Expression and gender of every face UltraFace finds: one batch per model. */
async function readFaces(file: Blob, name: string): Promise<FaceAttributesResult> {
  const [emotion, gender] = await Promise.all([session(EMOTION.source, EMOTION.title), session(GENDER.source, GENDER.title), session(ULTRAFACE.source, ULTRAFACE.title)]);
  let t = performance.now();
  const image = await decodeImageFile(file, name);
  const timings = { preprocessMs: performance.now() - t, inferenceMs: 0, postprocessMs: 0 };
  const boxes = await detectIn(ULTRAFACE, image, decodeFaces, timings);
  const guesses: Guess[][] = [];
  for (const [entry, model, labels] of [[EMOTION, emotion, EXPRESSION_LABELS], [GENDER, gender, GENDER_LABELS]] as const) {
    if (boxes.length === 0) break;
    t = performance.now();
    const { data, dims } = facesBatch(image, boxes, entry.margin);
    timings.preprocessMs += performance.now() - t;
    t = performance.now();
    const output = (await model.run({ [entry.inputName]: { dtype: 'float32', dims, data } }, [entry.outputName]))[entry.outputName].data as Float32Array;
    timings.inferenceMs += performance.now() - t;
    t = performance.now();
    guesses.push(boxes.map((_, i) => bestLabel(output, i, labels)));
    timings.postprocessMs += performance.now() - t;
  }
  const faces = boxes.map((box, i) => ({ box, expression: guesses[0][i], gender: guesses[1][i] }));
  return { faces, imageSize: { width: image.width, height: image.height }, timings };
}

/** MoveNet on decoded pixels; `started` is when decoding began (it counts as preprocessing). */
async function estimatePose(image: Image8, started: number): Promise<PoseResult> {
  const model = await session(MOVENET.source, MOVENET.title);
  const { data, dims, box } = poseInput(image);
  const preprocessMs = performance.now() - started;
  let t = performance.now();
  const outputs = await model.run({ [MOVENET.inputName]: { dtype: 'int32', dims, data } }, [MOVENET.outputName]);
  const inferenceMs = performance.now() - t;
  t = performance.now();
  const keypoints = decodePose(outputs[MOVENET.outputName].data as Float32Array, box);
  return { keypoints, imageSize: { width: image.width, height: image.height }, timings: { preprocessMs, inferenceMs, postprocessMs: performance.now() - t } };
}

const api: TaskApi = {
  resources: () => ({ openSessions: openSessionCount(), wasmBytes: wasmMemoryBytes() }),
  async init(numThreads) {
    ort = (await openRuntime({ backend: 'wasm', numThreads })).ort;
  },
  detectFaces: (file, name) => detect(ULTRAFACE, file, name, decodeFaces),
  readFaces,
  detectObjects: (file, name) => detect(FASTESTDET, file, name, async (o) => decodeFastestDet(o.output.data as Float32Array, await labels())),
  async recognizeDigit(drawing) {
    const model = await session(MNIST.source, MNIST.title);
    let t = performance.now();
    const input = digitTensor({ width: drawing.width, height: drawing.height, channels: 4, data: drawing.data });
    if (!input) return null;
    const preprocessMs = performance.now() - t;
    t = performance.now();
    const outputs = await model.run({ [MNIST.inputName]: { dtype: 'float32', dims: [1, 1, 28, 28], data: input } }, [MNIST.outputName]);
    const inferenceMs = performance.now() - t;
    t = performance.now();
    const probabilities = digitProbabilities(outputs[MNIST.outputName].data as Float32Array);
    return { probabilities, timings: { preprocessMs, inferenceMs, postprocessMs: performance.now() - t } };
  },
  async superResolve(file, name) {
    const model = await session(SUPER_RESOLUTION.source, SUPER_RESOLUTION.title);
    let t = performance.now();
    const { original, lowRes } = prepareCase(await decodeImageFile(file, name));
    const input = modelInput(lowRes);
    const preprocessMs = performance.now() - t;
    t = performance.now();
    const size = SUPER_RESOLUTION.inputSize;
    const outputs = await model.run({ [SUPER_RESOLUTION.inputName]: { dtype: 'float32', dims: [1, 1, size, size], data: input } }, [SUPER_RESOLUTION.outputName]);
    const inferenceMs = performance.now() - t;
    t = performance.now();
    const bicubic = bicubicUpscale(lowRes);
    const upscaled = combine(outputs[SUPER_RESOLUTION.outputName].data as Float32Array, bicubic);
    const result = {
      lowRes: rgb(lowRes),
      bicubic: rgb(bicubic),
      model: rgb(upscaled),
      original: rgb(original),
      psnrModel: psnr(upscaled, original),
      psnrBicubic: psnr(bicubic, original),
      timings: { preprocessMs, inferenceMs, postprocessMs: performance.now() - t },
    };
    return Comlink.transfer(result, [result.lowRes, result.bicubic, result.model, result.original].map((i) => i.data.buffer as ArrayBuffer));
  },
  async readText(file, name) {
    const stages = { detector: OCR_MODELS.detector, direction: OCR_MODELS.direction, recognizer: OCR_MODELS.recognizer };
    const models = await Promise.all(Object.values(stages).map((m) => session(m.source, m.title)));
    const byStage = { detector: models[0], direction: models[1], recognizer: models[2] };
    const keys = await alphabet();
    const start = performance.now();
    const image = await decodeImageFile(file, name);
    const decodeMs = performance.now() - start;
    const result = await readText(image, keys, async (stage, input) => {
      const model = byStage[stage];
      const outputs = await model.run({ [stages[stage].inputName]: { dtype: 'float32', dims: input.dims, data: input.data } }, [model.outputNames[0]]);
      const output = outputs[model.outputNames[0]];
      return { data: output.data as Float32Array, dims: [...output.dims] };
    });
    result.timings.preprocessMs += decodeMs;
    return { ...result, imageSize: { width: image.width, height: image.height } };
  },
  async estimatePose(file, name) {
    await session(MOVENET.source, MOVENET.title); // the first call's model load is not preprocessing
    const started = performance.now();
    return estimatePose(await decodeImageFile(file, name), started);
  },
  async estimatePoseFrame(frame) {
    const started = performance.now();
    return estimatePose(bitmapToPixels(frame, 'The camera frame'), started);
  },
  async segmentPerson(file, name) {
    const model = await session(SELFIE.source, SELFIE.title);
    let t = performance.now();
    const image = await decodeImageFile(file, name);
    const { data, dims } = selfieInput(image);
    const preprocessMs = performance.now() - t;
    t = performance.now();
    const outputs = await model.run({ [SELFIE.inputName]: { dtype: 'float32', dims, data } }, [SELFIE.outputName]);
    const inferenceMs = performance.now() - t;
    t = performance.now();
    const mask = maskImage(outputs[SELFIE.outputName].data as Float32Array);
    const photo = displayImage(image);
    const result = {
      photo: rgb(photo),
      mask: rgb(maskPicture(mask, photo.width, photo.height)),
      blurred: rgb(composite(photo, mask, blurredBackdrop(photo))),
      replaced: rgb(composite(photo, mask, gradientBackground(photo.width, photo.height))),
      personShare: maskMeans(mask, { x1: 0, y1: 0, x2: 1, y2: 1 }).inside,
      sourceSize: { width: image.width, height: image.height },
      timings: { preprocessMs, inferenceMs, postprocessMs: performance.now() - t },
    };
    return Comlink.transfer(result, [result.photo, result.mask, result.blurred, result.replaced].map((i) => i.data.buffer as ArrayBuffer));
  },
  async predictSurvival(passenger) {
    const model = await session(TITANIC.source, TITANIC.title);
    let t = performance.now();
    // The form checks too; this keeps any other caller from getting an extrapolated answer.
    const checked = checkPassenger(passenger);
    if (!checked.ok) throw new Error(Object.values(checked.errors).join(' '));
    const feeds = passengerFeeds(checked.passenger);
    const preprocessMs = performance.now() - t;
    t = performance.now();
    const outputs = await model.run(feeds, TITANIC.outputNames);
    const inferenceMs = performance.now() - t;
    t = performance.now();
    return { ...survival(outputs), timings: { preprocessMs, inferenceMs, postprocessMs: performance.now() - t } };
  },
};

Comlink.expose(api);
