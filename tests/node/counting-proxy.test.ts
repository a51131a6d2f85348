/**
 * scripts/lib/counting-proxy.mjs, the throttled link of `npm run bench:first-visit` and
 * tests/e2e/first-visit.spec.ts: every answer must reach the browser whole and in order. Its first
 * version ended an answer while the last chunk still waited for its slot, so that chunk was written
 * after the end and lost: the browser got a body shorter than its Content-Length ("Failed to fetch").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { startCountingProxy } from '../../scripts/lib/counting-proxy.mjs';

const body = randomBytes(1_000_000);
let upstream: Server;
let proxy: Awaited<ReturnType<typeof startCountingProxy>>;

beforeAll(async () => {
  upstream = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const address = upstream.address();
  proxy = await startCountingProxy(0, typeof address === 'object' && address ? address.port : 0);
});

afterAll(() => {
  proxy.close();
  upstream.close();
});

describe('the counting proxy', () => {
  it('passes every throttled answer whole, in order, several at once', async () => {
    // 1 MB at 8 MB/s: every chunk waits for its slot, the last one too.
    proxy.throttle({ bytesPerSecond: 8_000_000, latencyMs: 5 });
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([0, 1, 2, 3].map(async (i) => Buffer.from(await (await fetch(`${proxy.url}file${round}-${i}`)).arrayBuffer())));
      for (const answer of answers) {
        expect(answer.length).toBe(body.length);
        expect(answer.equals(body)).toBe(true);
      }
    }
    expect(proxy.log.filter((r) => r.path.startsWith('/file'))).toHaveLength(12);
  }, 30_000);

  it('passes an answer unthrottled too', async () => {
    proxy.throttle(null);
    const answer = Buffer.from(await (await fetch(`${proxy.url}plain`)).arrayBuffer());
    expect(answer.equals(body)).toBe(true);
  });
});
