/**
 * What a user typed as a model's address: an absolute http(s) URL, or a path on this site. Anything
 * else is refused here, before a request: resolved as a relative path, "not a url" would fetch the
 * app's own page and be reported as "an HTML document" instead of as a typing mistake.
 */
export type ModelAddress = { ok: true; url: string; name: string } | { ok: false; message: string };

const EXAMPLE = 'give an http(s) address of an .onnx file (https://example.org/model.onnx) or a path on this site (/models/model.onnx)';

export function parseModelAddress(typed: string, base: string): ModelAddress {
  const text = typed.trim();
  if (!text) return { ok: false, message: `No address was given: ${EXAMPLE}.` };
  const hasScheme = /^[a-z][a-z\d+.-]*:/i.test(text);
  const isSitePath = /^\.{0,2}\//.test(text);
  if (/\s/.test(text) || (!hasScheme && !isSitePath)) return { ok: false, message: `"${text}" is not a web address: ${EXAMPLE}.` };
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return { ok: false, message: `"${text}" is not a web address: ${EXAMPLE}.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `"${text}" is not a web address this page can fetch (${url.protocol} is not http or https): ${EXAMPLE}.` };
  }
  return { ok: true, url: url.href, name: modelNameOf(url) };
}

/** The name a model from `url` goes by: its file name, or the address itself when it has none. */
export function modelNameOf(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // a malformed escape: keep the raw segment
  }
  return name || `${url.host}${url.pathname}`;
}
