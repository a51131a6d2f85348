/**
 * Which hub the app talks to. `HUB_ENDPOINT` (an origin, optionally with a path prefix) replaces
 * https://huggingface.co and `HUB_CDN_ORIGINS` (comma-separated origins, `https://*.hf.co` style
 * wildcards allowed) replaces the hosts its downloads redirect to, in the app and in the CSP. The
 * production build bakes them in through Vite's `define` (vite.config.ts); Node reads process.env.
 */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';
/** Where huggingface.co's `resolve` answers redirect to (its CDN hosts: us.aws.cdn.hf.co, cas-bridge.xethub.hf.co...). */
export const DEFAULT_HUB_CDN_ORIGINS = ['https://*.hf.co'];

export interface HubEndpoint {
  /** No trailing slash: `https://huggingface.co`, `http://127.0.0.1:5301/mirror`. */
  endpoint: string;
  /** The origins its file downloads may redirect to. */
  cdnOrigins: string[];
}

declare const __HUB_ENDPOINT__: string | undefined;
declare const __HUB_CDN_ORIGINS__: string | undefined;

/** An endpoint as configured (`HUB_ENDPOINT` / `HUB_CDN_ORIGINS` text), defaults where empty. */
export function hubEndpointFrom(endpoint?: string | null, cdnOrigins?: string | null): HubEndpoint {
  const base = (endpoint ?? '').trim().replace(/\/+$/, '');
  if (base && !/^https?:\/\/[^/]+/i.test(base)) throw new Error(`HUB_ENDPOINT "${endpoint}" is not an http(s) address such as https://huggingface.co.`);
  const cdn = (cdnOrigins ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return { endpoint: base || DEFAULT_HUB_ENDPOINT, cdnOrigins: cdn.length ? cdn : base ? [] : DEFAULT_HUB_CDN_ORIGINS };
}

const env = (name: string): string | undefined => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

/** The hub of this build (page, worker) or of this process (Node: HUB_ENDPOINT, HUB_CDN_ORIGINS). */
export function hubEndpoint(): HubEndpoint {
  const built = typeof __HUB_ENDPOINT__ === 'string' ? __HUB_ENDPOINT__ : env('HUB_ENDPOINT');
  const builtCdn = typeof __HUB_CDN_ORIGINS__ === 'string' ? __HUB_CDN_ORIGINS__ : env('HUB_CDN_ORIGINS');
  return hubEndpointFrom(built, builtCdn);
}

/** The CSP sources (connect-src) a hub needs: its own origin and its CDN origins, nothing else. */
export function hubConnectSources(hub: HubEndpoint): string[] {
  return [...new Set([new URL(hub.endpoint).origin, ...hub.cdnOrigins])];
}

/** The origin of the hub, for messages: `huggingface.co`. */
export const hubHost = (hub: HubEndpoint) => new URL(hub.endpoint).host;

/** `<endpoint>/<repo>/resolve/<revision>/<path>`: a file's download address (a 302 to the CDN on the real hub). */
export const resolveUrl = (hub: HubEndpoint, repo: string, revision: string, path: string) =>
  `${hub.endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;

/** `<endpoint>/api/models/<repo>/tree/<revision>?recursive=true`: the repository's files. */
export const treeUrl = (hub: HubEndpoint, repo: string, revision: string) =>
  `${hub.endpoint}/api/models/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`;
