/**
 * What a user types to name a hub model: an id (`Xenova/all-MiniLM-L6-v2`) or the address of its
 * page or of one of its files (`https://huggingface.co/<id>[/tree|blob|resolve/<rev>/<path>]`), and
 * an optional revision (a branch, tag or commit; `main` when none is given).
 */
import { HubError } from './hub-error';
import type { HubEndpoint } from './endpoint';

export interface HubAddress {
  /** `owner/name` (or a legacy single name such as `gpt2`). */
  repo: string;
  revision: string;
  /** The file the address pointed at (`onnx/model_q4.onnx`), or null for the repository. */
  path: string | null;
}

export const DEFAULT_REVISION = 'main';

const EXAMPLE = 'type a model id such as Xenova/all-MiniLM-L6-v2, or paste the address of its page on the hub';
const NAME = /^[A-Za-z0-9](?:[\w.-]{0,94}[A-Za-z0-9_])?$/;
const isName = (s: string) => NAME.test(s) && !s.includes('..') && !s.includes('--');

/** The hosts that mean the configured hub: its own, and hf.co for huggingface.co. */
function hubHosts(hub: HubEndpoint): string[] {
  const host = new URL(hub.endpoint).host;
  return host === 'huggingface.co' ? [host, 'www.huggingface.co', 'hf.co'] : [host];
}

export function parseHubAddress(typed: string, hub: HubEndpoint, revisionTyped = ''): HubAddress {
  const text = typed.trim();
  const bad = (why: string) => new HubError('bad-address', `${why}: ${EXAMPLE}.`);
  if (!text) throw bad('No model was given');
  if (/\s/.test(text)) throw bad(`"${text}" is not a model id (it holds a space)`);
  let segments: string[];
  const looksLikeUrl = /^[a-z][a-z\d+.-]*:\/\//i.test(text) || /^(www\.)?(huggingface\.co|hf\.co)\//i.test(text);
  if (looksLikeUrl) {
    let url: URL;
    try {
      url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    } catch {
      throw bad(`"${text}" is not a web address`);
    }
    const hosts = hubHosts(hub);
    if (!hosts.includes(url.host)) throw bad(`"${text}" is not on ${hosts[0]}, the hub this app opens models from`);
    let path = url.pathname;
    const prefix = new URL(hub.endpoint).pathname.replace(/\/+$/, '');
    if (prefix && path.startsWith(`${prefix}/`)) path = path.slice(prefix.length);
    segments = path.split('/').filter(Boolean).map(decodeSegment);
    if (segments[0] === 'models' || segments[0] === 'api') throw bad(`"${text}" is an address of the hub's API, not of a model`);
  } else {
    segments = text.replace(/^\/+|\/+$/g, '').split('/');
  }
  // owner/name[/(tree|blob|resolve)/<rev>[/<path>]]; a single name is a legacy id (gpt2).
  const kindAt = segments.findIndex((s, i) => i >= 1 && i <= 2 && (s === 'tree' || s === 'blob' || s === 'resolve'));
  const idParts = kindAt === -1 ? segments : segments.slice(0, kindAt);
  if (idParts.length === 0 || idParts.length > 2 || !idParts.every(isName)) {
    throw bad(`"${text}" is not a model id (owner/name, letters, digits, "-", "_" and ".")`);
  }
  let revision = revisionTyped.trim();
  let path: string | null = null;
  if (kindAt !== -1) {
    const fromAddress = segments[kindAt + 1];
    if (!fromAddress) throw bad(`"${text}" names no revision after /${segments[kindAt]}/`);
    if (revision && revision !== fromAddress) {
      throw new HubError('bad-address', `The address names revision "${fromAddress}" and the revision field "${revision}": clear one of them.`);
    }
    revision = fromAddress;
    path = segments.slice(kindAt + 2).join('/') || null;
  }
  if (revision && (/\s/.test(revision) || revision.includes('..'))) throw new HubError('bad-address', `"${revision}" is not a revision: give a branch (main), a tag or a commit hash.`);
  return { repo: idParts.join('/'), revision: revision || DEFAULT_REVISION, path };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
