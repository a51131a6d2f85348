/** Pose estimation: one person's 17 keypoints (MoveNet), on a photo or a camera frame. */
import type { Image8 } from '../../engine/tensor/resize';
import { defineTask, onlyFeed, singleModel, sizeOf } from '../task';
import { decodePose, MOVENET, poseInput, type Keypoint } from './pose';

export interface PoseResult {
  /** All 17, in COCO order, positions in 0-1 of the image; the panel hides those under the threshold. */
  keypoints: Keypoint[];
  imageSize: { width: number; height: number };
}

function poseFeeds(image: Image8) {
  const { data, dims, box } = poseInput(image);
  return { feeds: { [MOVENET.inputName]: { dtype: 'int32' as const, dims, data } }, box };
}

export const pose = defineTask({
  id: 'pose',
  title: 'Pose estimation',
  takes: ['photo', 'camera'],
  models: [MOVENET],
  samples: ['person.jpg', 'messi5.jpg'],
  photo: {
    describe: () => ({ description: `the pose task's own preprocessing: letterboxed to ${MOVENET.size}×${MOVENET.size} (scaled to fit, centred on black), RGB 0-255 as int32`, sample: 'person.jpg' }),
    prepare: (pixels) => onlyFeed(poseFeeds(pixels).feeds),
  },
  run: singleModel({
    prepare: poseFeeds,
    decode: (o, { box }, image): PoseResult => ({ keypoints: decodePose(o[MOVENET.outputName].data as Float32Array, box), imageSize: sizeOf(image) }),
  }),
});
