import { defineConfig } from '@playwright/test';
import { hubEnvFor, hubPortsFor } from './scripts/hub-server.mjs';

// E2E_PORT lets several checkouts of the project run their suites side by side; the local test hub
// and its CDN take ports derived from it (E2E_PORT + 1000 and + 2000).
const PORT = Number(process.env.E2E_PORT ?? 4173);
const HUB = hubPortsFor(PORT);
const HUB_ENV = hubEnvFor(PORT);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    // The production build registers an offline service worker; outside the offline test it would
    // answer requests from its cache, past the routes some tests set on the page.
    serviceWorkers: 'block',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download does not work on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--enable-unsafe-webgpu',
        '--disable-quic',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        // performance.memory in exact bytes, not coarse buckets (the long-session tests compare readings).
        '--enable-precise-memory-info',
        '--js-flags=--expose-gc',
      ],
    },
  },
  webServer: [
    // The local Hugging Face hub (tests/hub-fixtures) and its CDN, a second origin its downloads redirect to.
    {
      command: 'node scripts/hub-server.mjs',
      env: { HUB_PORT: String(HUB.hub), HUB_CDN_PORT: String(HUB.cdn), HUB_PAGE_SIZE: '4' },
      url: `${HUB_ENV.HUB_ENDPOINT}/api/models/fixtures/tiny-minilm`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    // The production build (npm run test:e2e builds it first with scripts/e2e-build.mjs, pointed at
    // that hub), served with the COOP/COEP headers and a CSP that allows the same hub.
    {
      command: `npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
      env: HUB_ENV,
      url: `http://127.0.0.1:${PORT}`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
