/**
 * Every page for every user: axe-core finds no serious or critical violations (light and dark),
 * the keyboard reaches and operates everything with a visible focus ring, dark mode follows the
 * system, and motion stops when the user asks for reduced motion.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect, waitForModel } from './fixtures';
import type { Page } from '@playwright/test';

const PAGES = [
  { name: 'classify', path: '/', ready: (page: Page) => waitForModel(page) },
  { name: 'model', path: '/?view=model&model=mnist-8', ready: (page: Page) => expect(page.getByRole('region', { name: 'Model details' })).toBeVisible({ timeout: 30_000 }) },
  { name: 'compare', path: '/?view=compare', ready: (page: Page) => expect(page.getByRole('region', { name: 'Model to benchmark' })).toContainText('parameters', { timeout: 30_000 }) },
  { name: 'gallery', path: '/?view=gallery', ready: (page: Page) => expect(page.getByLabel('Drawing area for a digit')).toBeVisible() },
];

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  for (const target of PAGES) {
    test(`axe: no serious or critical violations on ${target.name} (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(target.path);
      await target.ready(page);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}

test('axe: results on screen (classification, benchmark, detections) have no serious violations', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await waitForModel(page);
  await page.getByRole('button', { name: 'Eagle' }).click();
  await expect(page.getByRole('list', { name: 'Top-5 predictions' })).toContainText('bald eagle');
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/?view=compare&model=mnist-8&backends=wasm&threads=1&warmup=1&runs=3&autorun=1');
  await expect(page.getByRole('table', { name: 'Output summary' })).toBeVisible({ timeout: 60_000 });
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/?view=gallery');
  const faces = page.getByRole('region', { name: 'Face detection' });
  await faces.getByRole('button', { name: 'messi5.jpg' }).click();
  await expect(faces.getByRole('list', { name: 'Detections' })).toContainText('face');
  expect(await seriousViolations(page)).toEqual([]);
});

test('keyboard only: tab to a sample, press Enter, and read the result; focus is visible', async ({ page }) => {
  await page.goto('/');
  await waitForModel(page);
  const eagle = await page.getByRole('button', { name: 'Eagle' }).elementHandle();
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await eagle!.evaluate((el) => el === document.activeElement);
  }
  expect(reached).toBe(true);
  const ring = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { outline: style.outlineStyle, width: parseFloat(style.outlineWidth), shadow: style.boxShadow };
  });
  expect(ring.outline !== 'none' && ring.width >= 2 || ring.shadow !== 'none').toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Top-5 predictions' })).toContainText('bald eagle');
});

test('keyboard only: switch pages with the tab bar', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await nav.getByRole('button', { name: /Gallery/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Drawing area for a digit')).toBeVisible();
  await expect(nav.getByRole('button', { name: /Gallery/ })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('button', { name: /Compare/ }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('region', { name: 'Model to benchmark' })).toBeVisible({ timeout: 30_000 });
  await nav.getByRole('button', { name: 'Model', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Open an ONNX model')).toBeVisible();
});

test('dark mode follows the system setting', async ({ page }) => {
  const background = async () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const luminance = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  expect(luminance(await background())).toBeGreaterThan(200);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(luminance(await background())).toBeLessThan(60);
});

test('reduced motion: no animations or transitions run', async ({ page }) => {
  const moving = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('*')]
        .map((el) => getComputedStyle(el))
        .filter((s) => parseFloat(s.transitionDuration) > 0.01 || (s.animationName !== 'none' && parseFloat(s.animationDuration) > 0.01)).length,
    );
  await page.goto('/');
  await waitForModel(page);
  await page.getByRole('button', { name: 'Eagle' }).click();
  await expect(page.getByRole('list', { name: 'Top-5 predictions' })).toContainText('bald eagle');
  expect(await moving()).toBeGreaterThan(0); // the probability bars animate by default
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await moving()).toBe(0);
});
