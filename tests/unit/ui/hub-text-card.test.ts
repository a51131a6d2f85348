/**
 * A gallery text card's state against the local test hub (scripts/hub-server.mjs, which answers the
 * cards' real ids with the fixtures): nothing fetched until opened, the size from the listing, the
 * download into storage, a later visit from storage with no request, named failures.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startHubServer } from '../../../scripts/hub-server.mjs';
import { hubEndpointFrom } from '../../../src/engine/hub/endpoint';
import type { HubContext, HubStore } from '../../../src/engine/hub/hub-model';
import { groupVariants, type RepoFile } from '../../../src/engine/hub/variants';
import { cardVariant, HUB_TEXT_CARDS, type HubTextCard } from '../../../src/tasks/hub-cards';
import { HubTextCardState } from '../../../src/ui/state/hub-text-card.svelte';
import { hubFixturePath } from '../../helpers/assets';

let server: Awaited<ReturnType<typeof startHubServer>>;
const [SENTIMENT, SIMILARITY] = HUB_TEXT_CARDS;
/** Byte for byte (toEqual on 600 KB arrays takes seconds). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const quantized = () => new Uint8Array(readFileSync(hubFixturePath('tiny-bert-sentiment', 'onnx/model_quantized.onnx')));

/** Cache Storage stood in for by a map of address -> bytes. */
const memoryStore = (entries = new Map<string, Uint8Array>()): HubStore & { entries: Map<string, Uint8Array> } => ({
  entries,
  read: async (url) => entries.get(url) ?? null,
  write: async (url, bytes) => void entries.set(url, bytes),
});

/** A card on the test hub with `store`; `requests` records every request it makes. */
function cardOn(card: HubTextCard, store: HubStore, endpoint = server.hub) {
  const requests: string[] = [];
  let online = true;
  const context = (signal?: AbortSignal, storageOnly = false): HubContext => ({
    hub: hubEndpointFrom(endpoint, server.cdn),
    store,
    signal,
    fetch: (input, init) => (requests.push(input), fetch(input, init)),
    online: () => online && !storageOnly,
  });
  return { state: new HubTextCardState(card, context), requests, goOffline: () => (online = false) };
}

beforeAll(async () => {
  server = await startHubServer();
});
afterAll(() => server.close());
beforeEach(() => fetch(`${server.hub}/__control/reset`));

describe('the cards', () => {
  it('name a classifier and an encoder on the hub, revision main, q8 first', () => {
    expect(HUB_TEXT_CARDS.map((c) => [c.title, c.repo, c.task, c.revision])).toEqual([
      ['Sentiment', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english', 'text-classification', 'main'],
      ['Sentence similarity', 'Xenova/all-MiniLM-L6-v2', 'feature-extraction', 'main'],
    ]);
  });

  it('open q8 where it is listed, else fp32, else the first listed', () => {
    const file = (path: string): RepoFile => ({ path, bytes: 1 });
    const both = groupVariants([file('onnx/model.onnx'), file('onnx/model_quantized.onnx'), file('onnx/model_fp16.onnx')]);
    expect(cardVariant(SENTIMENT, both)?.name).toBe('q8');
    expect(cardVariant(SENTIMENT, groupVariants([file('onnx/model.onnx'), file('onnx/model_fp16.onnx')]))?.name).toBe('fp32');
    expect(cardVariant(SENTIMENT, groupVariants([file('onnx/model_q4.onnx')]))?.name).toBe('q4');
  });
});

describe('a card', () => {
  it('asks nothing until opened; opened, shows the size; downloads into storage; a later visit is ready from storage with no request', async () => {
    const store = memoryStore();
    const first = cardOn(SENTIMENT, store);
    await first.state.restore();
    expect(first.state.phase).toBe('idle');
    expect(first.requests).toEqual([]);

    await first.state.open();
    expect(first.state.phase).toBe('listed');
    expect(first.state.variant?.name).toBe('q8');
    expect(first.state.file).toBe('onnx/model_quantized.onnx');
    expect(first.state.bytes).toBe(quantized().length);
    expect((await (await fetch(`${server.hub}/__control/stats`)).json()).cdn).toEqual({});

    await first.state.download();
    expect(first.state.phase).toBe('ready');
    const model = first.state.model!;
    expect(model.origin).toEqual({ repo: SENTIMENT.repo, revision: 'main', variant: 'q8', file: 'onnx/model_quantized.onnx', bytes: quantized().length });
    expect(Object.keys(model.files).sort()).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json']);
    expect(same((await model.payload()).bytes, quantized())).toBe(true);

    const later = cardOn(SENTIMENT, store);
    await later.state.restore();
    expect(later.state.phase).toBe('ready');
    expect(later.requests).toEqual([]);
    expect(same((await later.state.model!.payload()).bytes, quantized())).toBe(true);
  });

  it('says why when the listing fails: offline with nothing stored, the hub out of reach, the wrong kind of model', async () => {
    const offline = cardOn(SIMILARITY, memoryStore());
    offline.goOffline();
    await offline.state.open();
    expect(offline.state.phase).toBe('failed');
    expect(offline.state.error).toContain('The file list of Xenova/all-MiniLM-L6-v2 is not stored in this browser, and the browser is offline');
    expect(offline.requests).toEqual([]);

    const unreachable = cardOn(SIMILARITY, memoryStore(), 'http://127.0.0.1:9');
    await unreachable.state.open();
    expect(unreachable.state.phase).toBe('failed');
    expect(unreachable.state.error).toMatch(/^Could not reach 127\.0\.0\.1:9 for .*Check the connection and try again\.$/);

    const wrong = cardOn({ ...SENTIMENT, repo: SIMILARITY.repo }, memoryStore());
    await wrong.state.open();
    expect(wrong.state.phase).toBe('failed');
    expect(wrong.state.error).toContain('Xenova/all-MiniLM-L6-v2 is not a text classifier as this card needs');
  });

  it('a cancelled download keeps nothing and is offered again', async () => {
    const store = memoryStore();
    const card = cardOn(SENTIMENT, store);
    await card.state.open();
    await fetch(`${server.hub}/__control/throttle?bytesPerSecond=100000`);
    const downloading = card.state.download();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(card.state.phase).toBe('downloading');
    card.state.cancel();
    await downloading;
    expect(card.state.phase).toBe('listed');
    expect(card.state.note).toContain('was cancelled: nothing of it was kept');
    expect([...store.entries.keys()].filter((url) => url.endsWith('.onnx'))).toEqual([]);
  });
});
