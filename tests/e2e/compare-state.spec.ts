/**
 * The comparison page runs exactly the model it shows, downloads it once, keeps its plan, run and
 * results across page switches (and in the address bar), checks what the URL asks for, and moves
 * focus to the results. Each test reproduces a defect that was seen.
 */
import { test, expect, openModelFiles, pageTab } from './fixtures';
import type { Page } from '@playwright/test';

const results = (page: Page) => page.getByRole('table', { name: 'Benchmark results' });
const row = (page: Page, backend: string, threads?: number) => results(page).locator(`tr[data-backend="${backend}"]${threads ? `[data-threads="${threads}"]` : ''}`);
const chosen = (page: Page) => page.getByRole('region', { name: 'Model to benchmark' });
const runButton = (page: Page) => page.getByRole('button', { name: 'Run benchmark' });
const resultsCard = (page: Page) => page.getByRole('region', { name: 'Results' });
/**
 * The page's WebGPU adapter as a graphics card would report it. This machine's is SwiftShader (a CPU
 * emulation), on which WebGPU starts unticked (compare-newcomer.spec.ts); the default ticks of a real
 * GPU need this. Only the page's detection sees it: the benchmark workers keep the real adapter.
 */
const asIfRealGpu = (page: Page) =>
  page.addInitScript(() => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter: (...args: unknown[]) => Promise<{ info: object } | null> } }).gpu;
    if (!gpu) return;
    const request = gpu.requestAdapter.bind(gpu);
    gpu.requestAdapter = async (...args) => {
      const adapter = await request(...args);
      if (adapter) Object.defineProperty(adapter, 'info', { value: { vendor: 'test', architecture: 'real-gpu', description: '', isFallbackAdapter: false } });
      return adapter;
    };
  });

test('a model that cannot be read is never replaced by another: the page names it and Run refuses', async ({ page, pageErrors }) => {
  await page.route('**/models/squeezenet1.1-7-fp32.onnx', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('/?view=compare&backends=wasm&threads=1&warmup=0&runs=2');
  await expect(chosen(page)).toContainText('parameters', { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Model to run' }).selectOption('squeezenet1.1-7-fp32');
  // Title, problem and nothing else: not the previous model's facts.
  await expect(chosen(page)).toContainText('squeezenet1.1-7-fp32.onnx');
  await expect(chosen(page).getByRole('alert')).toContainText('HTTP 404');
  await expect(chosen(page)).not.toContainText('parameters');
  await runButton(page).click();
  await expect(resultsCard(page).getByRole('alert')).toContainText('Nothing was run: Could not download squeezenet1.1-7-fp32.onnx');
  await expect(results(page)).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Benchmark history' })).toHaveCount(0);

  // On the Model page, a failed open after a good one leaves nothing of the good one behind.
  await openModelFiles(page, { name: 'mnist.onnx', mimeType: 'application/octet-stream', buffer: (await import('node:fs')).readFileSync('public/models/mnist-8.onnx') });
  await expect(page.getByRole('region', { name: 'Model details' })).toContainText('mnist.onnx');
  await page.getByLabel('Open an ONNX model').setInputFiles({ name: 'mnist.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('this is text, not a model') });
  await expect(page.getByRole('alert')).toContainText('"mnist.onnx" cannot be opened');
  await expect(page.getByRole('region', { name: 'Model details' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Compare backends on this model' })).toHaveCount(0);
  // The comparison page still describes, and would run, its own model.
  await pageTab(page, 'Compare backends').click();
  await expect(chosen(page)).toContainText('squeezenet1.1-7-fp32.onnx');
  expect(pageErrors.filter((e) => !e.includes('404'))).toEqual([]);
});

test('one download per model, handed to every worker; a failed download is retried once, then named', async ({ page, pageErrors }) => {
  test.setTimeout(120_000);
  const requests: string[] = [];
  page.context().on('request', (request) => {
    if (request.url().includes('/models/')) requests.push(new URL(request.url()).pathname);
  });
  // The first request fails as a flaky network or cache would; the retry gets through.
  let failures = 1;
  await page.route('**/models/mobilenetv2-12-fp32.onnx', (route) => (failures-- > 0 ? route.abort('failed') : route.continue()));
  await page.goto('/?view=compare&model=mobilenetv2-12-fp32&backends=wasm&threads=1,2&warmup=2&runs=10&autorun=1');
  await expect(results(page)).toBeVisible({ timeout: 90_000 });
  for (const threads of [1, 2]) {
    await expect(row(page, 'wasm', threads).locator('.error')).toHaveCount(0);
    await expect(row(page, 'wasm', threads)).toContainText('match');
  }
  // Two requests: the failed one and its retry; no worker fetched the model again.
  expect(requests.filter((p) => p.endsWith('mobilenetv2-12-fp32.onnx'))).toHaveLength(2);

  // Two failures in a row: the message names the file, the browser's reason and what to do.
  await page.route('**/models/squeezenet1.1-7-fp16.onnx', (route) => route.abort('failed'));
  await page.getByRole('combobox', { name: 'Model to run' }).selectOption('squeezenet1.1-7-fp16');
  const problem = chosen(page).getByRole('alert');
  await expect(problem).toContainText('Could not download squeezenet1.1-7-fp16.onnx');
  await expect(problem).toContainText('the browser said "Failed to fetch"');
  await expect(problem).toContainText('Check the connection and try again (tried twice).');
  expect(pageErrors.filter((e) => !e.includes('ERR_FAILED'))).toEqual([]);
});

test('a running benchmark, its results and the plan survive a visit to another page, and the plan is in the address bar', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?view=compare&model=mobilenetv2-12-int8&backends=wasm&threads=1&warmup=0&runs=120');
  await runButton(page).click();
  const progress = page.getByRole('status', { name: 'Benchmark progress' });
  await expect(progress).toContainText(/WASM \(CPU\) ×1: timed runs ([6-9]|\d\d+) of 120/, { timeout: 60_000 });
  await pageTab(page, 'Classify a photo').click();
  await page.waitForTimeout(1000);
  await pageTab(page, 'Compare backends').click();
  // Still running (or just finished), with the same plan.
  await expect(progress.or(results(page)).first()).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Model to run' })).toHaveValue('mobilenetv2-12-int8');
  await expect(page.getByRole('spinbutton', { name: 'Timed runs (at least)' })).toHaveValue('120');
  await expect(page.getByRole('checkbox', { name: /WebGPU \(native/ })).not.toBeChecked();
  await expect(row(page, 'wasm', 1)).toBeVisible({ timeout: 120_000 });
  const exported = JSON.parse(await page.evaluate(() => localStorage.getItem('onnx-playground:bench-history') ?? '[]'));
  expect(exported[0].results[0].runsMs).toHaveLength(120);
  // Results stay through another switch.
  await pageTab(page, 'Gallery').click();
  await pageTab(page, 'Compare backends').click();
  await expect(row(page, 'wasm', 1)).toBeVisible();

  // The plan is mirrored in the address bar: a reload (or a shared link) sets it up again.
  await page.getByRole('spinbutton', { name: 'Warm-up runs' }).fill('4');
  await page.getByRole('combobox', { name: 'Model to run' }).selectOption('mnist-8');
  const url = new URL(page.url());
  expect(Object.fromEntries(url.searchParams)).toMatchObject({ view: 'compare', model: 'mnist-8', backends: 'wasm', threads: '1', warmup: '4', runs: '120', input: 'synthetic' });
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Model to run' })).toHaveValue('mnist-8');
  await expect(page.getByRole('spinbutton', { name: 'Warm-up runs' })).toHaveValue('4');
  await expect(page.getByRole('spinbutton', { name: 'Timed runs (at least)' })).toHaveValue('120');
});

test('thread counts the browser cannot give are lowered, and said so', async ({ page }) => {
  await page.goto('/?view=compare&model=mnist-8&backends=wasm&threads=1,99,abc&warmup=0&runs=2&autorun=1');
  const max = await page.evaluate(() => navigator.hardwareConcurrency);
  await expect(resultsCard(page).getByRole('note').filter({ hasText: 'threads=99' })).toContainText(`this browser offers ${max}`);
  await expect(resultsCard(page).getByRole('note').filter({ hasText: 'threads=abc' })).toContainText('is not a thread count');
  await expect(row(page, 'wasm', max)).toContainText('match', { timeout: 60_000 });
  await expect(results(page).locator('tbody tr')).toHaveCount(2);
  await expect(row(page, 'wasm', 99)).toHaveCount(0);
});

test('an unknown backend in the URL is named in the notes; with nothing known left, the default backends stay ticked', async ({ page }) => {
  await asIfRealGpu(page);
  await page.goto('/?view=compare&model=mnist-8&backends=bogus');
  const note = resultsCard(page).getByRole('note').filter({ hasText: 'bogus' });
  await expect(note).toHaveText('"bogus" is not a backend; the ids are wasm, webgpu, webgpu-jsep, webgl, webnn, tfjs-wasm, tfjs-webgl, tfjs-webgpu. Nothing known was left, so the default backends stay ticked.');
  await expect(page.getByRole('checkbox', { name: 'WASM (CPU)' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /WebGPU \(native/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'WebGL2' })).not.toBeChecked();
  await expect(resultsCard(page).getByRole('alert')).toHaveCount(0);
  // Beside a known one, the known one alone is ticked.
  await page.goto('/?view=compare&model=mnist-8&backends=webgl,bogus');
  await expect(resultsCard(page).getByRole('note').filter({ hasText: 'bogus' })).toContainText('"bogus" is not a backend');
  await expect(page.getByRole('checkbox', { name: 'WebGL2' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'WASM (CPU)' })).not.toBeChecked();
});

test('WebGPU starts unticked for a model whose nodes would mostly run on the CPU, ticked otherwise', async ({ page }) => {
  await asIfRealGpu(page);
  await page.goto('/?view=compare&model=mobilenetv2-12-int8');
  const webgpu = page.getByRole('checkbox', { name: /WebGPU \(native/ });
  await expect(resultsCard(page).getByRole('note').filter({ hasText: 'unticked' })).toContainText(/\d+ of \d+ nodes of mobilenetv2-12-int8\.onnx would run on the CPU/, { timeout: 30_000 });
  await expect(webgpu).not.toBeChecked();
  await page.getByRole('combobox', { name: 'Model to run' }).selectOption('mnist-8');
  await expect(webgpu).toBeChecked();
  await expect(resultsCard(page).getByRole('note')).toHaveCount(0);
});

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  test(`at ${viewport.width} px nothing scrolls sideways or overlaps, Run brings the results into view and focus moves to them`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const view of ['classify', 'model', 'compare', 'gallery']) {
      await page.goto(`/?view=${view}`);
      await page.waitForTimeout(1500);
      expect(await sideways(), `${view} before any run`).toBeLessThanOrEqual(0);
    }
    await page.goto('/?view=compare&model=mnist-8&backends=wasm&threads=1,2&warmup=0&runs=3');
    await expect(chosen(page)).toContainText('parameters', { timeout: 30_000 });
    const cards = await page.locator('main.page > *').evaluateAll((columns) => columns.map((c) => c.getBoundingClientRect().toJSON()));
    if (viewport.width > 900) expect(cards[0].right, 'the form column ends before the results begin').toBeLessThanOrEqual(cards[1].left);
    await runButton(page).click();
    await expect(page.getByRole('heading', { name: 'Results' })).toBeInViewport();
    await expect(results(page)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('heading', { name: 'Results' })).toBeFocused();
    expect(await sideways(), 'compare after a run').toBeLessThanOrEqual(0);
  });
}

test('at 390 px Run puts the results right after the form, above the backends list, in compact rows', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?view=compare&model=mnist-8&backends=wasm&threads=1,2&warmup=0&runs=3&input=synthetic');
  await expect(chosen(page)).toContainText('parameters', { timeout: 30_000 });
  await runButton(page).click();
  await expect(results(page)).toBeVisible({ timeout: 60_000 });
  await expect(row(page, 'wasm', 2)).toContainText('match');
  const top = async (locator: ReturnType<Page['locator']>) => (await locator.boundingBox())!.y;
  const form = (await page.getByRole('button', { name: 'Run benchmark' }).boundingBox())!;
  const resultsTop = await top(resultsCard(page));
  expect(resultsTop, 'the results come after the form').toBeGreaterThan(form.y + form.height);
  expect(resultsTop, 'the results come before the backends list').toBeLessThan(await top(page.getByRole('heading', { name: 'Backends in this browser' })));
  // One line a row: the long parity and placement cells scroll sideways in their box instead of wrapping.
  for (const tr of await results(page).locator('tbody tr').all()) expect((await tr.boundingBox())!.height).toBeLessThan(48);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test('at 1280 px the backends list breaks no word, and the sample-photo select stays inside the Input box', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/?view=compare&model=mobilenetv2-12-int8');
  const select = page.getByRole('combobox', { name: 'Sample photo' });
  await expect(select).toBeVisible({ timeout: 30_000 });
  const box = (await page.getByRole('group', { name: 'Input' }).boundingBox())!;
  const selectBox = (await select.boundingBox())!;
  expect(selectBox.x + selectBox.width, 'select right edge within the Input box').toBeLessThanOrEqual(box.x + box.width);
  const list = page.getByRole('list', { name: 'Backends in this browser' });
  await expect(list.locator('dd').first()).toBeVisible();
  // A word drawn on two lines has two client rectangles.
  const broken = await list.evaluate((ul) => {
    const found: string[] = [];
    for (const cell of ul.querySelectorAll('dt, dd')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of (node.textContent ?? '').matchAll(/[^\s/-]+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          if (range.getClientRects().length > 1) found.push(word[0]);
        }
      }
    }
    return found;
  });
  expect(broken).toEqual([]);
});

test('every image model takes a photo, prepared by its task\'s own code or a stated generic resize; a non-image is refused when picked', async ({ page }) => {
  test.setTimeout(120_000);
  // The face detector on a photo of footballers, through its own preprocessing: real faces, high scores.
  await page.goto('/?view=compare&model=ultraface-rfb-320&backends=wasm&threads=1&warmup=0&runs=2&input=sample:messi5.jpg');
  await expect(page.getByLabel('How the photo is prepared')).toContainText("the detector's own preprocessing: stretched to 320×240");
  await runButton(page).click();
  const summary = page.getByRole('table', { name: 'Output summary' });
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Results' })).toContainText('image input “messi5.jpg”');
  const scoresMax = Number(await summary.locator('tr', { hasText: 'scores' }).locator('td').nth(4).innerText());
  expect(scoresMax).toBeGreaterThan(0.9);

  // A text file named .jpg is refused as soon as it is picked, and the sample photo stays chosen.
  await page.getByLabel('Choose an image').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('just some text') });
  await expect(page.getByRole('alert').filter({ hasText: 'notes.jpg' })).toContainText('is not an image this browser can decode');
  await expect(page.getByRole('radio', { name: 'Sample photo' })).toBeChecked();

  // Super-resolution: its task's luma input.
  await page.getByRole('combobox', { name: 'Model to run' }).selectOption('super-resolution-10');
  await page.getByRole('radio', { name: 'Sample photo' }).check();
  await expect(page.getByLabel('How the photo is prepared')).toContainText('its luma scaled to 0-1');

  // A user's [1, 3, 224, 224] model: a generic resize, said as such.
  await openModelFiles(page, 'public/models/mobilenetv2-12-fp32.onnx');
  await page.getByRole('button', { name: 'Compare backends on this model' }).click();
  await page.getByRole('radio', { name: 'Sample photo' }).check();
  await expect(page.getByLabel('How the photo is prepared')).toContainText('a generic resize: stretched to 224×224, RGB values scaled to 0-1 (NCHW)');
  await runButton(page).click();
  await expect(summary).toContainText('[1, 1000]', { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Results' })).toContainText('image input “dog.jpg”');
});

test('Back returns to the page visited before; a plan made with a model from an address survives a reload', async ({ page }) => {
  await page.goto('/?view=model');
  await page.getByLabel('Model URL').fill('/models/mnist-8.onnx');
  await page.getByRole('button', { name: 'Open URL' }).click();
  await expect(page.getByRole('region', { name: 'Model details' })).toContainText('mnist-8.onnx');
  await page.getByRole('button', { name: 'Compare backends on this model' }).click();
  await expect(chosen(page)).toContainText('mnist-8.onnx (from URL)');
  await page.reload();
  await expect(chosen(page)).toContainText('mnist-8.onnx (from URL)');
  await expect(chosen(page)).toContainText('parameters');
  await pageTab(page, 'Gallery').click();
  await page.goBack();
  await expect(pageTab(page, 'Compare backends')).toHaveAttribute('aria-current', 'page');
  await expect(chosen(page)).toContainText('mnist-8.onnx (from URL)');
});

test('a backend the Model page found unable to load the model starts unticked on the comparison, with the reason', async ({ page }) => {
  test.setTimeout(120_000);
  await asIfRealGpu(page);
  await page.goto('/?view=model&model=titanic-pipeline');
  await page.getByRole('button', { name: 'Check backends' }).click();
  const measured = page.getByRole('table', { name: 'Op support per backend' });
  await expect(measured.locator('tr[data-backend="webgpu"]')).toContainText('cannot load', { timeout: 90_000 });
  await expect(page.getByRole('button', { name: 'Check backends' })).toBeEnabled({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Compare backends on this model' }).click();
  await expect(page.getByRole('checkbox', { name: /WebGPU \(native/ })).not.toBeChecked();
  await expect(resultsCard(page).getByRole('note').filter({ hasText: 'WebGPU (native EP) is unticked' })).toContainText('could not load titanic-pipeline.onnx when checked on the Model page');
});
