/**
 * What every bench worker does around its target: decode and prepare a photo input, hand outputs
 * back without copying, release. A worker only says how its framework opens a target.
 */
import * as Comlink from './rpc';
import type { BenchTarget } from '../engine/bench/bench-target';
import { decodeImageFile } from '../engine/image/decode';
import { prepareImageInput } from '../tasks/image-input';
import { textAssets } from '../tasks/text-assets';
import { tokenFeeds } from '../engine/tensor/transformer-inputs';
import type { OpenedTarget } from '../engine/bench/bench-target';
import type { BenchTargetApi, OpenRequest } from './bench-protocol';
import type { WorkerResources } from './registry';

export function serveTarget(
  create: (request: OpenRequest) => Promise<BenchTarget>,
  resources: (target: BenchTarget | null) => WorkerResources,
): void {
  let target: BenchTarget | null = null;
  let opened: OpenedTarget | null = null;
  const live = () => {
    if (!target) throw new Error('the model is not open');
    return target;
  };
  const api: BenchTargetApi = {
    resources: () => resources(target),
    async open(request) {
      target = await create(request);
      opened = await target.open();
      return opened;
    },
    async setInput(request) {
      if (request.kind === 'synthetic') return live().setInput(request);
      if (request.kind === 'text') {
        // The repository's own tokenizer, here in the worker (the page does not load the library).
        const { tokenizer } = textAssets(request.files, { inputs: opened?.inputs ?? [], outputs: [] });
        return live().setInput({ kind: 'tensors', feeds: tokenFeeds(opened?.inputs ?? [], tokenizer.encodeBatch(request.texts)) });
      }
      // The same decoding and preprocessing in every framework's worker, so all see the same tensor.
      const pixels = await decodeImageFile(request.file, request.name);
      const recipe = request.recipe;
      live().setInput({ kind: 'image', pixels, prepare: (image) => prepareImageInput(image, recipe) });
    },
    run: async () => live().run(),
    output: async () => {
      const snapshot = live().output();
      return Comlink.transfer(snapshot, [snapshot.values.buffer as ArrayBuffer]);
    },
    bareLoop: async (runs) => live().bareLoop(runs),
    async release() {
      await target?.release();
      target = null;
      opened = null;
    },
  };
  Comlink.expose(api);
}
