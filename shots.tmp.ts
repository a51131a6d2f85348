import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { subgraphModel } from './tests/helpers/graph-models';
const server = spawn('npx', ['vite', 'preview', '--port', '5205', '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
await new Promise((r) => setTimeout(r, 4000));
writeFileSync('/tmp/subgraphs.onnx', subgraphModel());
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--enable-unsafe-webgpu'] });
for (const scheme of ['light', 'dark'] as const) for (const width of [1280, 390]) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
  await page.goto('http://127.0.0.1:5205/?view=model&model=squeezenet1.1-7-fp32');
  const region = page.getByRole('region', { name: 'Model graph' });
  await region.locator('svg text.edge-label').first().waitFor({ timeout: 60_000 });
  await region.getByRole('list', { name: 'Graph nodes' }).getByRole('button').nth(3).click();
  await page.waitForTimeout(400);
  await region.screenshot({ path: `/tmp/shot-squeeze-${scheme}-${width}.png` });
  await page.goto('http://127.0.0.1:5205/?view=model');
  await page.getByLabel('Open an ONNX model').setInputFiles('/tmp/subgraphs.onnx');
  await region.getByRole('button', { name: 'If · branch' }).click();
  await page.waitForTimeout(300);
  await region.screenshot({ path: `/tmp/shot-sub-main-${scheme}-${width}.png` });
  await region.getByRole('button', { name: 'Open then_branch (2 nodes)' }).click();
  await page.waitForTimeout(400);
  await region.screenshot({ path: `/tmp/shot-sub-then-${scheme}-${width}.png` });
  await page.close();
}
await browser.close();
process.kill(-server.pid!);
