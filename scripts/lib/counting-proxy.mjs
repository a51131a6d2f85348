/**
 * The network between a browser and a local server, counted: a proxy that logs every request that
 * reaches the server (a file the browser answers from its own caches never does) with the bytes it
 * sent and when, and that can hold the whole link to a rate (one token bucket for every connection,
 * and a delay before each answer). Chromium's own emulation (Network.emulateNetworkConditions)
 * throttles a page and its workers but not its service worker's fetches. Used by
 * scripts/bench-first-visit.mjs and tests/e2e/first-visit.spec.ts.
 */
import { Agent, createServer, request } from 'node:http';
import { Transform, pipeline } from 'node:stream';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Listens on `port` (0: any free one) and forwards to the server on `upstreamPort`.
 * @returns {Promise<{ url: string, log: { path: string, status: number, bytes: number, start: number, at: number }[], throttle: (c: { bytesPerSecond: number, latencyMs: number } | null) => void, close: () => void }>}
 */
export async function startCountingProxy(port, upstreamPort) {
  const log = [];
  let conditions = null;
  let nextFree = 0;
  /** How long a chunk of `bytes` waits under the current rate. */
  const slot = (bytes) => {
    if (!conditions) return 0;
    const now = performance.now();
    nextFree = Math.max(now, nextFree) + (bytes / conditions.bytesPerSecond) * 1000;
    return nextFree - now;
  };
  /**
   * One answer's body, held to the shared rate: each chunk waits for its slot before it goes on, one
   * at a time and in order, and the end only passes after the last chunk (piped, so a slow browser
   * holds the upstream answer back instead of filling memory).
   */
  const throttled = (entry) =>
    new Transform({
      transform(chunk, _encoding, done) {
        entry.bytes += chunk.length;
        const wait = slot(chunk.length);
        if (wait > 1) setTimeout(() => done(null, chunk), wait);
        else done(null, chunk);
      },
    });
  // A fresh connection per request: reusing one the server is closing would fail a request now and then.
  const agent = new Agent({ keepAlive: false });
  const server = createServer((req, res) => {
    const start = performance.now();
    const upstream = request({ agent, host: '127.0.0.1', port: upstreamPort, path: req.url, method: req.method, headers: req.headers }, async (answer) => {
      if (conditions) await sleep(conditions.latencyMs);
      if (res.destroyed) return answer.destroy();
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      const entry = { path: req.url ?? '/', status: answer.statusCode ?? 0, bytes: answer.rawHeaders.join(': ').length, start, at: 0 };
      // An error on either side (the browser gone, the server failing) closes both: a body cut short
      // reaches the browser as a failed request, never as a whole one. Logged either way, with the
      // bytes that went.
      pipeline(answer, throttled(entry), res, () => {
        entry.at = performance.now();
        log.push(entry);
      });
    });
    upstream.on('error', () => res.destroy());
    // The browser gave up before the answer came: the upstream request goes too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`,
    log,
    throttle: (c) => {
      conditions = c;
      nextFree = 0;
    },
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}
