/**
 * The production build's Content-Security-Policy (vite.config.ts sends it from `vite preview` and
 * writes it to dist/_headers). The privacy promise, enforced by the browser: the page, its workers
 * and onnxruntime may contact only the page's own origin and the configured hub (its endpoint and
 * the CDN origins its downloads redirect to: connect-src), so no photo, model or number can be sent
 * anywhere else, and nothing loads from elsewhere. 'wasm-unsafe-eval' lets WebAssembly compile;
 * blob: scripts are TF.js's threaded WASM build, whose thread workers importScripts the runtime from
 * a blob the page itself made (nothing off-origin can be loaded that way); inline styles are
 * Svelte's style: directives and the chart's attributes.
 */
import { hubConnectSources, type HubEndpoint } from './endpoint.js';

export function contentSecurityPolicy(hub: HubEndpoint): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' blob:",
    "worker-src 'self' blob:",
    `connect-src 'self' blob: data: ${hubConnectSources(hub).join(' ')}`,
    "img-src 'self' blob: data:",
    "media-src 'self' blob: mediastream:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
