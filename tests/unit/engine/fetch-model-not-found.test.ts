/** A file missing on a single-page host comes back as the app's own page (status 200): said as "not found". */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fetchModel, isAppPage } from '../../../src/engine/model/fetch-model';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const indexHtml = readFileSync(resolve(ROOT, 'index.html'), 'utf8');
const serve = (html: string) => vi.stubGlobal('fetch', async () => new Response(html, { status: 200, headers: { 'Content-Type': 'text/html' } }));

afterEach(() => vi.unstubAllGlobals());

describe('fetchModel on an HTML answer', () => {
  it('recognises the app page as the build serves it (index.html)', () => {
    expect(isAppPage(indexHtml)).toBe(true);
    expect(isAppPage('<!doctype html><title>Some other site</title><div id="root"></div>')).toBe(false);
  });

  it("a model address answered with the app's own page: no file there, and what to do", async () => {
    serve(indexHtml);
    await expect(fetchModel('http://127.0.0.1:4173/models/nope.onnx', { name: 'nope.onnx', fromUser: true })).rejects.toThrow(
      "There is no file at http://127.0.0.1:4173/models/nope.onnx: the server answered with this app's own start page, as it does for any address it does not have. Check the folder and the file name.",
    );
    await expect(fetchModel('http://127.0.0.1:4173/models/mnist-8.onnx', { name: 'mnist-8.onnx' })).rejects.toThrow('The model file is missing on the server: run `npm run setup`.');
  });

  it("another site's page, or the site's root, is still a web page, not a model", async () => {
    serve('<!doctype html><title>Downloads</title><a href="model.onnx">model</a>');
    await expect(fetchModel('http://127.0.0.1:4173/models/nope.onnx', { name: 'nope.onnx', fromUser: true })).rejects.toThrow('The server returned a web page, not a model');
    serve(indexHtml);
    await expect(fetchModel('http://127.0.0.1:4173/', { name: 'model.onnx', fromUser: true })).rejects.toThrow('The server returned a web page, not a model, for http://127.0.0.1:4173/');
  });
});
