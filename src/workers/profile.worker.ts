/// <reference lib="webworker" />
/**
 * Profiles one model on one backend: its own worker, because ORT's runtime is fixed per worker and
 * the console must be tapped before that runtime loads (see console-tap.ts). Ended after one profile.
 */
import * as Comlink from './rpc';
import { tapConsoleLog } from '../engine/profile/console-tap';
import { openRuntime } from '../engine/ort/runtime';
import { profileModel, type ProfileRequest } from '../engine/profile/run-profile';
import { profiledNodes, type BackendProfile, type ProfiledGraphNode } from '../engine/profile/profile';
import { readModelGraph } from '../engine/onnx-format/model-graph';
import { bytesSource } from '../engine/onnx-format/byte-source';

const tap = tapConsoleLog();

export interface ProfileWorkerApi {
  profile(
    request: ProfileRequest & { numThreads: number; readNodes: boolean },
    onProgress: (done: number, total: number) => void,
  ): Promise<{ profile: BackendProfile; nodes: ProfiledGraphNode[] | null }>;
}

const api: ProfileWorkerApi = {
  async profile({ numThreads, readNodes, ...request }, onProgress) {
    const { ort } = await openRuntime({ backend: request.backend, numThreads });
    const profile = await profileModel(ort, tap, request, onProgress);
    // The names the events are mapped to: the page passes those of the graph it read; read here only without one.
    const nodes = readNodes ? profiledNodes(await readModelGraph(bytesSource(request.bytes))) : null;
    return { profile, nodes };
  },
};

Comlink.expose(api);
