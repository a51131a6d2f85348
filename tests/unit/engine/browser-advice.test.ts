import { describe, expect, it } from 'vitest';
import { ADVICE, browserAdvice, browserFamily, type AdviceTopic, type BrowserFamily } from '../../../src/engine/backends/browser-advice';

// Real user-agent strings, as each browser sends them.
const UA = {
  firefoxEsrLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:141.0) Gecko/20100101 Firefox/141.0',
  firefoxAndroid: 'Mozilla/5.0 (Android 14; Mobile; rv:141.0) Gecko/141.0 Firefox/141.0',
  chromiumLinux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36',
  edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36 Edg/143.0.0.0',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  chromeIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/143.0.0.0 Mobile/15E148 Safari/604.1',
  firefoxIpad: 'Mozilla/5.0 (iPad; CPU OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/141.0 Mobile/15E148 Safari/605.1.15',
  nodeTests: 'Node.js/20',
};

const TOPICS = Object.keys(ADVICE) as AdviceTopic[];

describe('browserFamily', () => {
  it.each([
    ['firefoxEsrLinux', 'firefox'],
    ['firefoxWindows', 'firefox'],
    ['firefoxAndroid', 'firefox'],
    ['chromiumLinux', 'chromium'],
    ['edgeWindows', 'chromium'],
    ['safariMac', 'safari'],
    ['safariIphone', 'safari'],
    // Every iOS browser is WebKit underneath: Safari's settings apply.
    ['chromeIphone', 'safari'],
    ['firefoxIpad', 'safari'],
    ['nodeTests', 'other'],
  ] as [keyof typeof UA, BrowserFamily][])('%s is %s', (name, family) => {
    expect(browserFamily(UA[name])).toBe(family);
  });

  it('an empty user agent (no navigator) is "other"', () => {
    expect(browserFamily('')).toBe('other');
  });
});

describe('browserAdvice', () => {
  it.each(TOPICS)('%s: Firefox is pointed at its own pages, never at chrome:// or a Chromium flag', (topic) => {
    const advice = browserAdvice(topic, UA.firefoxEsrLinux);
    expect(advice).toMatch(/about:(config|support)/);
    expect(advice).not.toMatch(/chrome:\/\/|--enable-unsafe-webgpu|Chromium/);
  });

  it.each(TOPICS)('%s: Safari is pointed at its Settings, never at about: or chrome:// pages', (topic) => {
    const advice = browserAdvice(topic, UA.safariMac);
    expect(advice).toContain('Settings');
    expect(advice).not.toMatch(/chrome:\/\/|about:|--enable/);
  });

  it('Chromium keeps its own advice: chrome://gpu and the Linux flag', () => {
    expect(browserAdvice('webgpu-no-adapter', UA.chromiumLinux)).toBe('Check chrome://gpu; in Chromium on Linux, start it with --enable-unsafe-webgpu.');
    expect(browserAdvice('webgpu-missing', UA.edgeWindows)).toContain('--enable-unsafe-webgpu');
    expect(browserAdvice('webgl2-missing', UA.chromiumLinux)).toBe('Check chrome://gpu.');
  });

  it('Firefox without navigator.gpu is told the preference that turns WebGPU on', () => {
    expect(browserAdvice('webgpu-missing', UA.firefoxEsrLinux)).toContain('dom.webgpu.enabled');
    expect(browserAdvice('webgpu-no-adapter', UA.firefoxEsrLinux)).toContain('gfx.webgpu.ignore-blocklist');
    expect(browserAdvice('webgl2-missing', UA.firefoxEsrLinux)).toContain('webgl.disabled');
  });

  it('an unknown browser gets no browser-specific page or flag', () => {
    for (const topic of TOPICS) expect(browserAdvice(topic, UA.nodeTests)).not.toMatch(/chrome:\/\/|about:|--enable|Settings >/);
  });

  it('each piece of advice is a sentence: it ends with a full stop', () => {
    for (const topic of TOPICS) for (const advice of Object.values(ADVICE[topic])) expect(advice).toMatch(/\.$/);
  });
});
