/**
 * What a user can do when a GPU backend is missing, in the words of the browser they are using:
 * chrome://gpu means nothing in Firefox, about:config nothing in Safari. Pure: the browser is read
 * from a user-agent string.
 */

export type BrowserFamily = 'chromium' | 'firefox' | 'safari' | 'other';

/** The situations detect.ts gives advice for. */
export type AdviceTopic = 'webgpu-missing' | 'webgpu-no-adapter' | 'webgl2-missing';

/**
 * The engine behind a user-agent string. Every browser on iPhone and iPad is Safari's WebKit
 * underneath (CriOS and FxiOS included), so its settings are Safari's.
 */
export function browserFamily(userAgent: string): BrowserFamily {
  if (/iPhone|iPad|iPod/.test(userAgent)) return 'safari';
  if (/Firefox\/\d/.test(userAgent)) return 'firefox';
  if (/(Chrome|Chromium|Edg|OPR)\/\d/.test(userAgent)) return 'chromium';
  if (/AppleWebKit\/.*Version\/\d.*Safari\//.test(userAgent)) return 'safari';
  return 'other';
}

const SAFARI_FLAGS =
  'in Safari’s Settings > Advanced, tick “Show features for web developers”, then Settings > Feature Flags lists WebGPU (on iPhone or iPad: Settings > Apps > Safari > Advanced > Feature Flags)';

export const ADVICE: Record<AdviceTopic, Record<BrowserFamily, string>> = {
  'webgpu-missing': {
    chromium: 'Use Chrome or Edge 113 or later; in Chromium on Linux, start it with --enable-unsafe-webgpu.',
    firefox:
      'Firefox turns WebGPU on by itself only on some systems (Windows from Firefox 141); elsewhere open about:config, set dom.webgpu.enabled to true and reload this page, or use Chrome or Edge.',
    safari: `Safari offers WebGPU from Safari 26; on an earlier version, ${SAFARI_FLAGS}: tick it and reload this page.`,
    other: 'Use Chrome or Edge 113+, Safari 26+, or Firefox 141+ on Windows.',
  },
  'webgpu-no-adapter': {
    chromium: 'Check chrome://gpu; in Chromium on Linux, start it with --enable-unsafe-webgpu.',
    firefox:
      'Open about:support and look for WebGPU under Graphics; if it says your GPU or driver is blocked, set gfx.webgpu.ignore-blocklist to true in about:config and reload this page.',
    safari: `Check that WebGPU is ticked (${SAFARI_FLAGS}), then reload this page.`,
    other: 'Check the browser’s GPU settings and that its graphics driver is up to date.',
  },
  'webgl2-missing': {
    chromium: 'Check chrome://gpu.',
    firefox:
      'Open about:support and look for WebGL 2 under Graphics; in about:config, webgl.disabled must be false (webgl.force-enabled set to true overrides a blocked driver).',
    safari: 'Safari has WebGL 2 from version 15: update macOS or iOS, and check WebGL 2.0 is not turned off under Settings > Feature Flags.',
    other: 'Check the browser’s GPU settings and that its graphics driver is up to date.',
  },
};

/** What to do about `topic`, for the browser behind `userAgent`. */
export function browserAdvice(topic: AdviceTopic, userAgent: string): string {
  return ADVICE[topic][browserFamily(userAgent)];
}

/** What to do about `topic` in the browser this code runs in. */
export function adviceHere(topic: AdviceTopic): string {
  return browserAdvice(topic, globalThis.navigator?.userAgent ?? '');
}
