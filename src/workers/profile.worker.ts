/// <reference lib="webworker" />
/**
 * Profiles one model on one backend: its own worker, because ORT's runtime is fixed per worker and
 * the console must be tapped before that runtime loads (see console-tap.ts). Ended after one profile.
 */
import * as Comlink from './rpc';
import { tapConsoleLog } from '../engine/profile/console-tap';
import { openRuntime } from '../engine/ort/runtime';
import { profileModel, type ProfileRequest } from '../engine/profile/run-profile';
import type { BackendProfile, ProfiledGraphNode } from '../engine/profile/profile';
import { readModelGraph } from '../engine/onnx-format/model-graph';
import { bytesSource } from '../engine/onnx-format/byte-source';

const tap = tapConsoleLog();

export interface ProfileWorkerApi {
  profile(
    request: ProfileRequest & { numThreads: number },
    onProgress: (done: number, total: number) => void,
  ): Promise<{ profile: BackendProfile; nodes: ProfiledGraphNode[] }>;
}

const api: ProfileWorkerApi = {
  async profile({ numThreads, ...request }, onProgress) {
    const { ort } = await openRuntime({ backend: request.backend, numThreads });
    const profile = await profileModel(ort, tap, request, onProgress);
    // The names the events are mapped to: the model's own graph, read without its weights.
    const graph = await readModelGraph(bytesSource(request.bytes));
    const nodes = graph.nodes.map(({ id, name, opType, outputs }) => ({ id, name, opType, outputs }));
    return { profile, nodes };
  },
};

Comlink.expose(api);
