/**
 * The model graph's cost, printed: for every gallery model and for generated DAGs of 2,000 and 5,000
 * nodes (residual and inception-like blocks), read time, layout time and the heap the laid-out graph
 * holds; with --browser, the longest main-thread task and the longest gap between frames while
 * panning and zooming the 2,000-node graph in the production build (run `npx vite build` first).
 *
 *   npx tsx --expose-gc scripts/bench-graph.ts [--browser [--port 5205]] [models...]
 */
import { readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { layoutGraph, MAX_DRAWN_NODES } from '../src/engine/graph/layout';
import { bytesSource, type ByteSource } from '../src/engine/onnx-format/byte-source';
import { readModelGraph } from '../src/engine/onnx-format/model-graph';
import { dagModel } from '../tests/helpers/graph-models';

const { values: options, positionals } = parseArgs({ options: { browser: { type: 'boolean', default: false }, port: { type: 'string', default: '5205' } }, allowPositionals: true });
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.log('(run with --expose-gc for the heap column)');
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function measure(name: string, source: ByteSource) {
  const before = heap();
  const start = performance.now();
  const graph = await readModelGraph(source);
  const readMs = performance.now() - start;
  let layout: string;
  let held = 0;
  try {
    // Laid out whatever the drawing limit, to see where it stands.
    const result = layoutGraph(graph);
    held = heap() - before;
    layout = `${result.ms.toFixed(0).padStart(6)} ms${graph.nodes.length > MAX_DRAWN_NODES ? ' (over the drawing limit)' : ''}`;
    void result;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    layout = 'failed: dagre overflowed the stack (chains too deep)';
  }
  console.log(`${name.padEnd(36)} ${String(graph.nodes.length).padStart(5)} nodes ${String(graph.edges.length).padStart(5)} edges  read ${readMs.toFixed(0).padStart(4)} ms  layout ${layout}  heap held ${held ? mb(held) : '–'}`);
}

const dir = 'public/models';
const files = positionals.length ? positionals : readdirSync(dir).filter((f) => f.endsWith('.onnx')).map((f) => `${dir}/${f}`);
for (const file of files) {
  const handle = await open(file);
  const { size } = await handle.stat();
  const source = {
    size,
    read: async (offset: number, length: number) => {
      const buf = new Uint8Array(length);
      await handle.read(buf, 0, length, offset);
      return buf;
    },
  };
  await measure(file.split('/').pop()!, source);
  await handle.close();
}
for (const n of [2000, 5000]) await measure(`generated DAG of ${n}`, bytesSource(dagModel(n)));

if (options.browser) await browserPanZoom(2000);

/** Opens a generated graph on the Model page of the production build and pans and zooms it with the mouse. */
async function browserPanZoom(nodes: number) {
  const { chromium } = await import('@playwright/test');
  // Each checkout its own port: with a port taken, the page would come from another checkout's server.
  const port = Number(options.port);
  await new Promise<void>((resolve, reject) => {
    const probe = createServer().once('error', () => reject(new Error(`Port ${port} is taken (another checkout's server?): pass --port with a free one.`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--enable-unsafe-webgpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (let i = 0; ; i++) {
      try {
        await page.goto(`http://127.0.0.1:${port}/?view=model`);
        break;
      } catch (error) {
        if (i > 60) throw error;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const file = join(mkdtempSync(join(tmpdir(), 'bench-graph-')), `dag-${nodes}.onnx`);
    writeFileSync(file, dagModel(nodes));
    const opened = performance.now();
    await page.getByLabel('Open an ONNX model').setInputFiles(file);
    const region = page.getByRole('region', { name: 'Model graph' });
    await region.locator('svg g[data-node]').first().waitFor({ timeout: 180_000 });
    const shownMs = performance.now() - opened;
    const laidOutText = (await region.getByText(/Laid out in \d+ ms/).textContent()) ?? '';
    await region.getByRole('button', { name: 'Fit' }).click();
    const drawing = region.getByRole('img', { name: /^Graph drawing/ });
    await drawing.scrollIntoViewIfNeeded();
    const box = (await drawing.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const phases: [string, () => Promise<void>][] = [
      ['fitted (whole graph drawn), wheel zoom in', async () => {
        await page.mouse.move(cx, cy);
        for (let i = 0; i < 20; i++) await page.mouse.wheel(0, -120);
      }],
      ['zoomed in, drag pans', async () => {
        for (let i = 0; i < 6; i++) {
          await page.mouse.move(cx, cy);
          await page.mouse.down();
          await page.mouse.move(cx + (i % 2 ? 300 : -300), cy - 250, { steps: 20 });
          await page.mouse.up();
        }
      }],
      ['wheel zoom out to the whole graph', async () => {
        await page.mouse.move(cx, cy);
        for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 120);
      }],
    ];
    console.log(`\nBrowser, generated DAG of ${nodes} nodes: shown ${(shownMs / 1000).toFixed(1)} s after opening (read, layout in the worker, first drawing); ${laidOutText.match(/Laid out in \d+ ms/)?.[0]}.`);
    for (const [name, act] of phases) {
      // A string, not a function: tsx would wrap a function with helpers the page does not have.
      await page.evaluate(`(() => {
        window.benchLong = [];
        window.benchGaps = [];
        window.benchStop = false;
        new PerformanceObserver((list) => list.getEntries().forEach((e) => window.benchLong.push(e.duration))).observe({ type: 'longtask' });
        let last = performance.now();
        const frame = (t) => {
          window.benchGaps.push(t - last);
          last = t;
          if (!window.benchStop) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      })()`);
      await act();
      await page.waitForTimeout(300);
      const { long, gaps, drawn } = (await page.evaluate(`(() => {
        window.benchStop = true;
        return { long: window.benchLong, gaps: window.benchGaps, drawn: document.querySelectorAll('svg g[data-node]').length };
      })()`)) as { long: number[]; gaps: number[]; drawn: number };
      const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
      console.log(`  ${name.padEnd(40)} long tasks (>50 ms): ${String(long.length).padStart(3)}, longest ${max(long).toFixed(0).padStart(4)} ms; longest frame gap ${max(gaps).toFixed(0).padStart(4)} ms over ${gaps.length} frames; ${drawn} nodes in the page after`);
    }
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}
