/**
 * The hub client against the local test hub (scripts/hub-server.mjs, the one the e2e run uses):
 * listing with pagination, downloads that follow the 302 to the CDN origin, resume after a drop,
 * named failures, storage and offline.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startHubServer } from '../../../scripts/hub-server.mjs';
import { hubEndpointFrom, resolveUrl, type HubEndpoint } from '../../../src/engine/hub/endpoint';
import { filesOfTree, listRepoFiles, nextPageUrl } from '../../../src/engine/hub/hub-listing';
import { downloadHubFile, parseContentRange, ProgressMeter, resumeDecision, type HubProgress } from '../../../src/engine/hub/hub-download';
import { checkFitsWasm, fetchVariant, openHubRepo, type HubStore } from '../../../src/engine/hub/hub-model';
import { HubError } from '../../../src/engine/hub/hub-error';
import { hubFixturePath } from '../../helpers/assets';
import type { ModelVariant } from '../../../src/engine/hub/variants';

let server: Awaited<ReturnType<typeof startHubServer>>;
let hub: HubEndpoint;
const BERT = 'fixtures/tiny-bert-sentiment';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const fixture = (file: string) => new Uint8Array(readFileSync(hubFixturePath('tiny-bert-sentiment', file)));
const control = (path: string) => fetch(`${server.hub}/__control/${path}`).then((r) => r.json());

beforeAll(async () => {
  server = await startHubServer({ pageSize: 3 });
  hub = hubEndpointFrom(server.hub, server.cdn);
});
afterAll(() => server.close());
beforeEach(() => control('reset'));

async function failure(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HubError);
  return error as HubError;
}

class MemoryStore implements HubStore {
  entries = new Map<string, Uint8Array>();
  async read(url: string) {
    return this.entries.get(url) ?? null;
  }
  async write(url: string, bytes: Uint8Array) {
    this.entries.set(url, bytes);
  }
}

describe('the local test hub answers as huggingface.co does', () => {
  it('model info (with sizes under ?blobs=true), a revision, HEAD and Range past the end', async () => {
    const info = await (await fetch(`${server.hub}/api/models/${BERT}?blobs=true`)).json();
    expect(info).toMatchObject({ id: BERT, pipeline_tag: 'text-classification', gated: false });
    expect(info.siblings).toContainEqual(expect.objectContaining({ rfilename: 'onnx/model.onnx', size: fixture('onnx/model.onnx').length, lfs: expect.objectContaining({ sha256: '8e04265ccafb1cf0129a80d7774899f224da1e86b0ac2321771b3129fa12befd' }) }));
    expect((await (await fetch(`${server.hub}/api/models/${BERT}/revision/main`)).json()).sha).toMatch(/^[0-9a-f]{40}$/);
    expect((await fetch(`${server.hub}/api/models/gated/tiny-minilm`).then((r) => r.json())).gated).toBe('manual');
    const head = await fetch(`${server.hub}/${BERT}/resolve/main/onnx/model.onnx`, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(302);
    expect(head.headers.get('Location')).toMatch(new RegExp(`^${server.cdn}/`));
    expect(head.headers.get('X-Linked-Size')).toBe(String(fixture('onnx/model.onnx').length));
    const past = await fetch(head.headers.get('Location')!, { headers: { Range: 'bytes=99999999-' } });
    expect([past.status, past.headers.get('Content-Range')]).toEqual([416, `bytes */${fixture('onnx/model.onnx').length}`]);
    // Small files straight from the hub, no redirect.
    expect((await fetch(`${server.hub}/${BERT}/resolve/main/config.json`, { redirect: 'manual' })).status).toBe(200);
  });
});

describe('listing', () => {
  it('reads the tree API: files only, LFS sizes and sha256, directories left out', () => {
    expect(
      filesOfTree([
        { type: 'directory', path: 'onnx', size: 0 },
        { type: 'file', path: 'config.json', size: 700, oid: 'abc' },
        { type: 'file', path: 'onnx/model.onnx', size: 134, oid: 'def', lfs: { oid: 'A'.repeat(64), size: 90_000_000, pointerSize: 134 } },
      ]),
    ).toEqual([
      { path: 'config.json', bytes: 700 },
      { path: 'onnx/model.onnx', bytes: 90_000_000, sha256: 'a'.repeat(64) },
    ]);
  });

  it('follows rel="next" in a Link header, relative or absolute', () => {
    expect(nextPageUrl('<https://huggingface.co/api/models/a/b/tree/main?recursive=true&cursor=xyz>; rel="next"', 'https://huggingface.co/x')).toBe(
      'https://huggingface.co/api/models/a/b/tree/main?recursive=true&cursor=xyz',
    );
    expect(nextPageUrl('</p?cursor=2>; rel="prev", </p?cursor=4>; rel=next', 'http://h:1/a')).toBe('http://h:1/p?cursor=4');
    expect(nextPageUrl(null, 'http://h/')).toBeNull();
    expect(nextPageUrl('</p?cursor=2>; rel="prev"', 'http://h/')).toBeNull();
  });

  it('lists every page of a repository (pages of 3 entries here)', async () => {
    let requests = 0;
    const files = await listRepoFiles(hub, BERT, 'main', { fetch: (u, i) => (requests++, fetch(u, i)) });
    expect(requests).toBeGreaterThan(2);
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx']));
    const model = files.find((f) => f.path === 'onnx/model.onnx')!;
    expect(model).toEqual({ path: 'onnx/model.onnx', bytes: fixture('onnx/model.onnx').length, sha256: '8e04265ccafb1cf0129a80d7774899f224da1e86b0ac2321771b3129fa12befd' });
  });

  it('names a missing repository and a missing revision', async () => {
    expect((await failure(listRepoFiles(hub, 'fixtures/nothing-here', 'main'))).problem).toBe('repo-not-found');
    const revision = await failure(listRepoFiles(hub, BERT, 'v9'));
    expect(revision.problem).toBe('repo-not-found');
    expect(revision.message).toContain('revision "v9"');
  });

  it('names a hub that cannot be reached', async () => {
    const nowhere = hubEndpointFrom('http://127.0.0.1:9', '');
    expect((await failure(listRepoFiles(nowhere, BERT, 'main'))).problem).toBe('unreachable');
  });
});

describe('download', () => {
  const request = (path: string, bytes: number, sha?: string, repo = BERT) => ({ url: resolveUrl(hub, repo, 'main', path), repo, revision: 'main', path, bytes, sha256: sha, host: '127.0.0.1' });

  it('reads Content-Range and decides what a resume answer means', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, total: null });
    expect(parseContentRange('nonsense')).toBeNull();
    expect(resumeDecision(206, 'bytes 100-999/1000', 100)).toBe('append');
    expect(resumeDecision(206, 'bytes 0-999/1000', 100)).toBe('fail');
    expect(resumeDecision(200, null, 100)).toBe('restart');
    expect(resumeDecision(416, 'bytes */1000', 1000)).toBe('complete');
    expect(resumeDecision(416, 'bytes */1000', 500)).toBe('fail');
  });

  it('follows the 302 to the CDN origin and checks size and sha256', async () => {
    const expected = fixture('onnx/model.onnx');
    const seen: number[] = [];
    const bytes = await downloadHubFile(request('onnx/model.onnx', expected.length, sha256(expected)), { onBytes: (loaded) => seen.push(loaded) });
    expect(sha256(bytes)).toBe(sha256(expected));
    expect(seen.at(-1)).toBe(expected.length);
    expect((await control('stats')).cdn[`${BERT}/onnx/model.onnx`]).toBe(1);
  });

  it('resumes with Range after the connection drops, and the file is whole', async () => {
    const expected = fixture('onnx/model.onnx');
    await control('drop?after=300000');
    const ranges: (string | null)[] = [];
    const bytes = await downloadHubFile(request('onnx/model.onnx', expected.length, sha256(expected)), {
      resumeDelayMs: 10,
      fetch: (u, init) => (ranges.push(new Headers(init?.headers).get('Range')), fetch(u, init)),
    });
    expect(ranges[0]).toBeNull();
    expect(ranges[1]).toMatch(/^bytes=\d+-$/);
    // It went on from where it stopped (at least what was sent before the drop), not from 0.
    expect(Number(/\d+/.exec(ranges[1]!)![0])).toBeGreaterThan(0);
    expect(sha256(bytes)).toBe(sha256(expected));
  });

  it('starts again when the server ignores Range (a 200 to a resume)', async () => {
    const expected = fixture('onnx/model.onnx');
    await control('drop?after=200000');
    const statuses: number[] = [];
    const bytes = await downloadHubFile(request('onnx/model.onnx', expected.length, sha256(expected)), {
      resumeDelayMs: 10,
      // A server without Range: the resume request goes out without it.
      fetch: async (u, init) => {
        const response = await fetch(u, { ...init, headers: {} });
        statuses.push(response.status);
        return response;
      },
    });
    expect(statuses).toEqual([200, 200]);
    expect(sha256(bytes)).toBe(sha256(expected));
  });

  it('gives up with a named message when the drops do not stop', async () => {
    const expected = fixture('onnx/model.onnx');
    const dropping = async (u: string, init?: RequestInit) => {
      await control('drop?after=1000');
      return fetch(u, init);
    };
    const error = await failure(downloadHubFile(request('onnx/model.onnx', expected.length, sha256(expected)), { fetch: dropping, maxResumes: 2, resumeDelayMs: 1 }));
    expect(error.problem).toBe('dropped');
    expect(error.message).toMatch(/broke off 3 times and could not be resumed.*nothing of it was kept/);
  });

  it('never hands on a file that does not match the listing', async () => {
    const expected = fixture('onnx/model.onnx');
    const damaged = await failure(downloadHubFile(request('onnx/model.onnx', expected.length, 'f'.repeat(64))));
    expect(damaged.problem).toBe('damaged');
    expect((await failure(downloadHubFile(request('onnx/model.onnx', expected.length + 1)))).problem).toBe('damaged');
  });

  it('names a refused (gated) file and a missing one', async () => {
    const gated = await failure(downloadHubFile(request('onnx/model.onnx', 0, undefined, 'gated/tiny-bert-sentiment')));
    expect(gated.problem).toBe('refused');
    expect(gated.message).toMatch(/HTTP 401.*gated or private/);
    expect((await failure(downloadHubFile(request('onnx/nope.onnx', 0)))).problem).toBe('file-not-found');
  });

  it('stops when cancelled, as a cancelled failure', async () => {
    const abort = new AbortController();
    const error = await downloadHubFile(request('onnx/model.onnx', 0), { signal: abort.signal, onBytes: (loaded) => loaded > 0 && abort.abort() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'cancelled' });
  });

  it('reports the rate and the time left', () => {
    let now = 0;
    const seen: HubProgress[] = [];
    const meter = new ProgressMeter(3000, (p) => seen.push(p), () => now);
    now = 1000;
    meter.update('a', 1000);
    meter.finished(1000);
    now = 2000;
    meter.update('b', 500);
    expect(seen[0]).toEqual({ loadedBytes: 1000, totalBytes: 3000, file: 'a', bytesPerSecond: 1000, secondsLeft: 2 });
    expect(seen[1]).toMatchObject({ loadedBytes: 1500, file: 'b', bytesPerSecond: 750, secondsLeft: 2 });
  });
});

describe('a repository opened', () => {
  it('lists the variants with sizes and reads the small JSON files', async () => {
    const repo = await openHubRepo({ repo: BERT, revision: 'main', path: null }, { hub });
    expect(repo.variants.map((v) => [v.name, v.bytes])).toEqual([
      ['fp32', fixture('onnx/model.onnx').length],
      ['q8', fixture('onnx/model_quantized.onnx').length],
    ]);
    expect(Object.keys(repo.json).sort()).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json']);
    expect(repo.json['config.json']).toMatchObject({ id2label: { 0: 'NEGATIVE', 1: 'POSITIVE' } });
  });

  it('downloads a variant once, then reads it from storage, also offline', async () => {
    const store = new MemoryStore();
    const repo = await openHubRepo({ repo: BERT, revision: 'main', path: null }, { hub, store });
    const first = await fetchVariant(repo, 'q8', { hub, store });
    expect(sha256(first.bytes)).toBe(sha256(fixture('onnx/model_quantized.onnx')));
    expect(first).toMatchObject({ variant: 'q8', path: 'onnx/model_quantized.onnx', externalData: [] });
    const noNetwork = () => Promise.reject(new Error('no request may be made offline'));
    const offline = { hub, store, fetch: noNetwork, online: () => false };
    const again = await openHubRepo({ repo: BERT, revision: 'main', path: null }, offline);
    expect(again.variants.map((v) => v.name)).toEqual(['fp32', 'q8']);
    expect(sha256((await fetchVariant(again, 'q8', offline)).bytes)).toBe(sha256(first.bytes));
    expect((await control('stats')).cdn[`${BERT}/onnx/model_quantized.onnx`]).toBe(1);
    // Not stored: named, with no request.
    expect((await failure(fetchVariant(again, 'fp32', offline))).problem).toBe('offline-not-stored');
    expect((await failure(openHubRepo({ repo: 'fixtures/tiny-minilm', revision: 'main', path: null }, offline))).problem).toBe('offline-not-stored');
  });

  it('names a repository without ONNX files, and a gated one', async () => {
    const none = await failure(openHubRepo({ repo: 'no-onnx/tiny-bert-sentiment', revision: 'main', path: null }, { hub }));
    expect(none.problem).toBe('no-onnx');
    expect(none.message).toContain('no ONNX model');
    const gated = await failure(openHubRepo({ repo: 'gated/tiny-bert-sentiment', revision: 'main', path: null }, { hub }));
    expect(gated.problem).toBe('refused');
  });

  it('refuses up front, with the numbers, what one WebAssembly memory cannot hold', () => {
    const variant = (bytes: number, data: number[] = []): ModelVariant => ({
      name: 'fp32',
      bytes,
      parts: [{ base: 'model', file: { path: 'onnx/model.onnx', bytes }, externalData: data.map((b, i) => ({ path: `onnx/model.onnx_data${i ? `_${i}` : ''}`, bytes: b })) }],
    });
    expect(() => checkFitsWasm('a/b', variant(2.5 * 1024 ** 3))).toThrow(/2,560 MB in one file, past the 2,048 MB/);
    expect(() => checkFitsWasm('a/b', variant(1024 ** 2, [2 * 1024 ** 3, 2.5 * 1024 ** 3]))).toThrow(/4,609 MB, past the 4,096 MB/);
    expect(() => checkFitsWasm('a/b', variant(1024 ** 2, [3 * 1024 ** 3]))).not.toThrow();
  });
});
