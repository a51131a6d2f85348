import { defineConfig } from '@playwright/test';

// E2E_PORT lets several checkouts of the project run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);

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
  // The production build (npm run test:e2e builds it first), served with the COOP/COEP headers.
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
