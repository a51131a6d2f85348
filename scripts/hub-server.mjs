#!/usr/bin/env node
/**
 * A local Hugging Face hub for tests and mirrors (plain Node http, no dependencies). It serves the
 * repositories under a folder (default tests/hub-fixtures: `<owner>/<name>/...`) as huggingface.co
 * does, on two origins:
 *
 * - the hub (HUB_PORT): `GET /api/models/<id>[/revision/<rev>]` (`?blobs=true` adds sizes),
 *   `GET /api/models/<id>/tree/<rev>[/<path>]?recursive=true` (files with `lfs: {oid, size}` for
 *   .onnx, paginated by a `Link: <...>; rel="next"` header past HUB_PAGE_SIZE entries), and
 *   `GET/HEAD /<id>/resolve/<rev>/<path>`: small files served directly, .onnx files answered with a
 *   302 to the second origin;
 * - the "CDN" (HUB_CDN_PORT): the bytes, with CORS, Range (206, 416) and an ETag.
 *
 * Test switches: `gated/<name>` is `fixtures/<name>` behind a gate (it lists, but every file is
 * refused with 401, as the real hub does for a gated model without an account); `no-onnx/<name>` is
 * `fixtures/<name>` without its .onnx files; `GET /__control/drop?after=<bytes>` on either origin
 * makes the CDN's next file body break off after that many bytes, once; `GET /__control/throttle?bytesPerSecond=<n>`
 * slows the CDN's bodies down (to watch progress, or cancel); `GET /__control/stats` says
 * how many file requests the CDN served, by path (`cdn`), and the Range header of each (`ranges`); `GET /__control/reset` zeroes both.
 *
 * `npm run hub` starts it and prints the two origins: build the app against it with
 * `HUB_ENDPOINT=<hub> HUB_CDN_ORIGINS=<cdn> npx vite build` (and the same for `vite preview`).
 */
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const DEFAULT_ROOT = resolve(HERE, '..', 'tests', 'hub-fixtures');
const REVISION_SHA = 'a9f1c3e0b6d24f7c8e15b2d0c4a6f8e1b3d5c7a9';
// Test aliases: the gallery's text cards name real hub models; this hub answers them with the fixtures of the same shape.
const TEST_ALIASES = { 'Xenova/distilbert-base-uncased-finetuned-sst-2-english': 'fixtures/tiny-bert-sentiment', 'Xenova/all-MiniLM-L6-v2': 'fixtures/tiny-minilm' };

/** The ports of the hub and its CDN for an e2e run on E2E_PORT: far enough apart that parallel runs never meet. */
export const hubPortsFor = (e2ePort) => ({ hub: Number(e2ePort) + 1000, cdn: Number(e2ePort) + 2000 });
/** HUB_ENDPOINT and HUB_CDN_ORIGINS for the test hub of an e2e run on E2E_PORT. */
export function hubEnvFor(e2ePort) {
  const ports = hubPortsFor(e2ePort);
  return { HUB_ENDPOINT: `http://127.0.0.1:${ports.hub}`, HUB_CDN_ORIGINS: `http://127.0.0.1:${ports.cdn}` };
}

const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Range, Accept, Content-Type, If-Range, If-None-Match',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges, ETag, Link, X-Repo-Commit, X-Linked-Size, X-Linked-Etag, X-Error-Code',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

export function startHubServer({ root = DEFAULT_ROOT, host = '127.0.0.1', port = 0, cdnPort = 0, pageSize = 1000 } = {}) {
  const fileCache = new Map();
  const stats = { cdn: {}, ranges: {} };
  let dropAfter = null;
  /** Bytes per second the CDN sends at (null: as fast as it can), so a test can watch progress and cancel. */
  let throttle = null;

  /** A repository id -> its folder and what the switches make of it. */
  function repoOf(id) {
    const [owner, name, ...rest] = (TEST_ALIASES[id] ?? id).split('/');
    if (!owner || !name || rest.length) return null;
    const mode = owner === 'gated' ? 'gated' : owner === 'no-onnx' ? 'no-onnx' : 'plain';
    const dir = resolve(root, mode === 'plain' ? owner : 'fixtures', name);
    if (!dir.startsWith(resolve(root) + sep) || !existsSync(dir) || !statSync(dir).isDirectory()) return null;
    return { id, dir, mode };
  }

  function filesOf(repo) {
    return walk(repo.dir)
      .map((abs) => relative(repo.dir, abs).split(sep).join('/'))
      .filter((p) => !(repo.mode === 'no-onnx' && p.endsWith('.onnx')))
      .sort()
      .map((path) => fileInfo(repo, path));
  }

  function fileInfo(repo, path) {
    const abs = join(repo.dir, ...path.split('/'));
    const key = abs;
    if (!fileCache.has(key)) {
      const bytes = readFileSync(abs);
      const lfs = path.endsWith('.onnx') || path.includes('.onnx_data');
      const gitOid = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      fileCache.set(key, { path, abs, size: bytes.length, oid: gitOid, sha256, lfs });
    }
    return fileCache.get(key);
  }

  const json = (res, status, body, headers = {}) => {
    res.writeHead(status, { ...cors, 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const errorJson = (res, status, error, code) => json(res, status, { error }, code ? { 'X-Error-Code': code } : {});

  /** Sends a file's bytes, honouring Range; the armed drop cuts the body short once. */
  function sendBytes(req, res, file, extra = {}) {
    const bytes = readFileSync(file.abs);
    const etag = `"${file.sha256}"`;
    const base = { ...cors, 'Accept-Ranges': 'bytes', ETag: etag, 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store', ...extra };
    let start = 0;
    let end = bytes.length - 1;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      if (!match || (match[1] === '' && match[2] === '')) {
        res.writeHead(416, { ...base, 'Content-Range': `bytes */${bytes.length}` });
        return res.end();
      }
      if (match[1] === '') {
        start = Math.max(0, bytes.length - Number(match[2]));
      } else {
        start = Number(match[1]);
        if (match[2] !== '') end = Math.min(end, Number(match[2]));
      }
      if (start >= bytes.length || start > end) {
        res.writeHead(416, { ...base, 'Content-Range': `bytes */${bytes.length}` });
        return res.end();
      }
      status = 206;
      base['Content-Range'] = `bytes ${start}-${end}/${bytes.length}`;
    }
    const body = bytes.subarray(start, end + 1);
    res.writeHead(status, { ...base, 'Content-Length': String(body.length) });
    if (req.method === 'HEAD') return res.end();
    if (dropAfter !== null && body.length > dropAfter) {
      const cut = dropAfter;
      dropAfter = null;
      // Half the body, then the connection drops: the browser sees a network error mid-download.
      res.write(body.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 50));
      return;
    }
    if (throttle) return sendSlowly(res, body, throttle);
    res.end(body);
  }

  /** The body in 64 KiB pieces at `rate` bytes per second. */
  function sendSlowly(res, body, rate) {
    const piece = 64 * 1024;
    let at = 0;
    const next = () => {
      if (res.destroyed) return;
      if (at >= body.length) return res.end();
      res.write(body.subarray(at, at + piece));
      at += piece;
      setTimeout(next, (piece / rate) * 1000);
    };
    next();
  }

  function control(req, res, url) {
    if (url.pathname === '/__control/drop') {
      dropAfter = Number(url.searchParams.get('after') ?? 1024);
      return json(res, 200, { dropAfter });
    }
    if (url.pathname === '/__control/throttle') {
      throttle = Number(url.searchParams.get('bytesPerSecond')) || null;
      return json(res, 200, { throttle });
    }
    if (url.pathname === '/__control/stats') return json(res, 200, stats);
    if (url.pathname === '/__control/reset') {
      stats.cdn = {};
      stats.ranges = {};
      dropAfter = null;
      throttle = null;
      return json(res, 200, { reset: true });
    }
    return errorJson(res, 404, 'No such control');
  }

  const hub = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    if (url.pathname.startsWith('/__control/')) return control(req, res, url);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'api' && parts[1] === 'models') {
      // /api/models/<owner>/<name>[/revision/<rev> | /tree/<rev>[/<path...>]]
      const repo = repoOf(parts.slice(2, 4).join('/'));
      if (!repo) return errorJson(res, 401, 'Repository not found', 'RepoNotFound');
      const kind = parts[4];
      const revision = kind ? parts[5] : 'main';
      if (kind && kind !== 'tree' && kind !== 'revision') return errorJson(res, 404, 'Not found');
      if (revision !== 'main' && revision !== REVISION_SHA) return errorJson(res, 404, `Invalid rev id: ${revision}`, 'RevisionNotFound');
      const files = filesOf(repo);
      if (kind === 'tree') {
        const under = parts.slice(6).join('/');
        const inside = files.filter((f) => !under || f.path.startsWith(`${under}/`));
        const dirs = [...new Set(inside.flatMap((f) => f.path.split('/').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('/'))))].filter((d) => !under || d.startsWith(`${under}/`));
        const entries = [
          ...dirs.map((path) => ({ type: 'directory', oid: createHash('sha1').update(path).digest('hex'), size: 0, path })),
          ...inside.map((f) => ({ type: 'file', oid: f.oid, size: f.size, path: f.path, ...(f.lfs ? { lfs: { oid: f.sha256, size: f.size, pointerSize: 134 } } : {}) })),
        ].sort((a, b) => a.path.localeCompare(b.path));
        const from = Number(url.searchParams.get('cursor') ?? 0) || 0;
        const page = entries.slice(from, from + pageSize);
        const headers = {};
        if (from + pageSize < entries.length) {
          const next = new URL(url.href);
          next.searchParams.set('cursor', String(from + pageSize));
          headers.Link = `<${next.pathname}${next.search}>; rel="next"`;
        }
        return json(res, 200, page, headers);
      }
      const card = files.find((f) => f.path === 'README.md');
      const front = card ? /^---\n([\s\S]*?)\n---/.exec(readFileSync(card.abs, 'utf8'))?.[1] ?? '' : '';
      const meta = (key) => new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(front)?.[1]?.trim();
      const blobs = url.searchParams.get('blobs') === 'true';
      return json(res, 200, {
        _id: createHash('sha1').update(repo.id).digest('hex').slice(0, 24),
        id: repo.id,
        modelId: repo.id,
        sha: REVISION_SHA,
        private: false,
        gated: repo.mode === 'gated' ? 'manual' : false,
        disabled: false,
        pipeline_tag: meta('pipeline_tag'),
        library_name: meta('library_name'),
        tags: ['onnx', 'transformers.js'],
        siblings: files.map((f) => (blobs ? { rfilename: f.path, size: f.size, blobId: f.oid, ...(f.lfs ? { lfs: { sha256: f.sha256, size: f.size, pointerSize: 134 } } : {}) } : { rfilename: f.path })),
      });
    }
    // /<owner>/<name>/resolve/<rev>/<path...>
    if (parts[2] === 'resolve' && (req.method === 'GET' || req.method === 'HEAD')) {
      const repo = repoOf(parts.slice(0, 2).join('/'));
      if (!repo) return errorJson(res, 401, 'Repository not found', 'RepoNotFound');
      const revision = parts[3];
      if (revision !== 'main' && revision !== REVISION_SHA) return errorJson(res, 404, `Invalid rev id: ${revision}`, 'RevisionNotFound');
      const path = parts.slice(4).join('/');
      const file = filesOf(repo).find((f) => f.path === path);
      if (!file) return errorJson(res, 404, 'Entry not found', 'EntryNotFound');
      if (repo.mode === 'gated') return errorJson(res, 401, `Access to model ${repo.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`, 'GatedRepo');
      const linked = { 'X-Repo-Commit': REVISION_SHA, ETag: `"${file.lfs ? file.sha256 : file.oid}"` };
      if (!file.lfs) return sendBytes(req, res, file, linked);
      const target = `${cdnOrigin()}/repos/${repo.dir.slice(resolve(root).length + 1).split(sep).join('/')}/${path}?expires=${Date.now() + 3_600_000}`;
      res.writeHead(302, { ...cors, ...linked, Location: target, 'X-Linked-Size': String(file.size), 'X-Linked-Etag': `"${file.sha256}"`, 'Content-Length': '0' });
      return res.end();
    }
    return errorJson(res, 404, 'Not found');
  });

  const cdn = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://cdn');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    if (url.pathname.startsWith('/__control/')) return control(req, res, url);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'repos' || (req.method !== 'GET' && req.method !== 'HEAD')) return errorJson(res, 404, 'Not found');
    const repo = repoOf(parts.slice(1, 3).join('/'));
    const path = parts.slice(3).join('/');
    const file = repo && filesOf(repo).find((f) => f.path === path);
    if (!file) return errorJson(res, 404, 'Not found');
    const key = `${repo.id}/${path}`;
    if (req.method === 'GET') {
      stats.cdn[key] = (stats.cdn[key] ?? 0) + 1;
      (stats.ranges[key] ??= []).push(req.headers.range ?? null);
    }
    return sendBytes(req, res, file);
  });

  let cdnOrigin = () => '';
  const listening = (server, p) => new Promise((ok, fail) => server.once('error', fail).listen(p, host, () => ok(server.address().port)));
  return Promise.all([listening(hub, port), listening(cdn, cdnPort)]).then(([hubPort, cdnPortBound]) => {
    const hubOrigin = `http://${host}:${hubPort}`;
    const cdnOriginText = `http://${host}:${cdnPortBound}`;
    cdnOrigin = () => cdnOriginText;
    return {
      hub: hubOrigin,
      cdn: cdnOriginText,
      close: () => Promise.all([new Promise((ok) => hub.close(ok)), new Promise((ok) => cdn.close(ok))]),
    };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // A test server serves the whole e2e run: one request's failure (a client gone mid-body, a bad path)
  // is logged, never the end of the server the later tests need.
  process.on('uncaughtException', (error) => console.error(`hub-server: ${error.stack ?? error}`));
  const fromE2e = process.env.E2E_PORT ? hubPortsFor(process.env.E2E_PORT) : null;
  const port = Number(process.env.HUB_PORT ?? fromE2e?.hub ?? 5301);
  const cdnPort = Number(process.env.HUB_CDN_PORT ?? fromE2e?.cdn ?? port + 1);
  const started = await startHubServer({
    root: process.env.HUB_ROOT ? resolve(process.env.HUB_ROOT) : DEFAULT_ROOT,
    host: process.env.HUB_HOST ?? '127.0.0.1',
    port,
    cdnPort,
    pageSize: Number(process.env.HUB_PAGE_SIZE ?? 1000),
  });
  console.log(`Local hub: ${started.hub}  (HUB_ENDPOINT)`);
  console.log(`Its CDN:   ${started.cdn}  (HUB_CDN_ORIGINS)`);
  console.log(`Repositories: the folders of ${process.env.HUB_ROOT ?? relative(process.cwd(), DEFAULT_ROOT)} as <owner>/<name>, e.g. fixtures/tiny-bert-sentiment; gated/<name> and no-onnx/<name> are test switches.`);
}
