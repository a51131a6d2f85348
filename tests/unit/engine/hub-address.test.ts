import { describe, expect, it } from 'vitest';
import { parseHubAddress } from '../../../src/engine/hub/hub-address';
import { hubEndpointFrom } from '../../../src/engine/hub/endpoint';
import { HubError } from '../../../src/engine/hub/hub-error';

const hf = hubEndpointFrom(null, null);
const mirror = hubEndpointFrom('http://127.0.0.1:5301/mirror/', 'http://127.0.0.1:6301');

const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    return { problem: (error as HubError).problem, kind: (error as HubError).kind, message: (error as HubError).message };
  }
  throw new Error('did not throw');
};

describe('parseHubAddress', () => {
  it('reads an id, with main as the default revision', () => {
    expect(parseHubAddress('  Xenova/all-MiniLM-L6-v2 ', hf)).toEqual({ repo: 'Xenova/all-MiniLM-L6-v2', revision: 'main', path: null });
    expect(parseHubAddress('Xenova/all-MiniLM-L6-v2', hf, 'v1.0')).toEqual({ repo: 'Xenova/all-MiniLM-L6-v2', revision: 'v1.0', path: null });
    expect(parseHubAddress('gpt2', hf).repo).toBe('gpt2');
  });

  it('reads the addresses of a model page, a tree, a blob and a resolve', () => {
    expect(parseHubAddress('https://huggingface.co/onnx-community/bert-tiny', hf)).toEqual({ repo: 'onnx-community/bert-tiny', revision: 'main', path: null });
    expect(parseHubAddress('https://huggingface.co/onnx-community/bert-tiny/tree/refs%2Fpr%2F3/onnx', hf)).toEqual({ repo: 'onnx-community/bert-tiny', revision: 'refs/pr/3', path: 'onnx' });
    expect(parseHubAddress('https://huggingface.co/Xenova/x/blob/abc123/onnx/model_q4.onnx', hf)).toEqual({ repo: 'Xenova/x', revision: 'abc123', path: 'onnx/model_q4.onnx' });
    expect(parseHubAddress('hf.co/Xenova/x/resolve/main/onnx/model.onnx?download=true', hf)).toEqual({ repo: 'Xenova/x', revision: 'main', path: 'onnx/model.onnx' });
  });

  it('reads addresses on a configured mirror, under its path prefix', () => {
    expect(parseHubAddress('http://127.0.0.1:5301/mirror/fixtures/tiny-minilm/tree/main', mirror)).toEqual({ repo: 'fixtures/tiny-minilm', revision: 'main', path: null });
    expect(problem(() => parseHubAddress('https://huggingface.co/Xenova/x', mirror)).message).toContain('not on 127.0.0.1:5301');
  });

  it('names what is wrong with what was typed', () => {
    expect(problem(() => parseHubAddress('', hf))).toMatchObject({ problem: 'bad-address', kind: 'bad-input' });
    expect(problem(() => parseHubAddress('two words', hf)).message).toContain('holds a space');
    expect(problem(() => parseHubAddress('a/b/c', hf)).message).toContain('not a model id');
    expect(problem(() => parseHubAddress('../etc/passwd', hf)).message).toContain('not a model id');
    expect(problem(() => parseHubAddress('https://example.org/a/b', hf)).message).toContain('not on huggingface.co');
    expect(problem(() => parseHubAddress('https://huggingface.co/api/models/a/b', hf)).message).toContain("hub's API");
    expect(problem(() => parseHubAddress('https://huggingface.co/a/b/tree/v2', hf, 'main')).message).toContain('revision "v2" and the revision field "main"');
    expect(problem(() => parseHubAddress('https://huggingface.co/a/b/tree/', hf)).message).toContain('names no revision');
  });
});

describe('hub errors', () => {
  it('name each HTTP answer by what it means for a listing and for a file', async () => {
    const { hubHttpError } = await import('../../../src/engine/hub/hub-error');
    const of = (status: number, file: string | null) => {
      const error = hubHttpError(status, 'a/b', 'main', file, 'huggingface.co');
      return [error.problem, error.kind];
    };
    // The real hub answers 401 for a repository that does not exist.
    expect([401, 403, 404].map((s) => of(s, null))).toEqual(Array(3).fill(['repo-not-found', 'bad-input']));
    expect(of(404, 'onnx/model.onnx')).toEqual(['file-not-found', 'download']);
    expect(of(401, 'onnx/model.onnx')).toEqual(['refused', 'download']);
    expect(of(403, 'config.json')).toEqual(['refused', 'download']);
    expect(of(503, 'onnx/model.onnx')).toEqual(['server', 'download']);
    expect(hubHttpError(403, 'a/b', 'main', 'onnx/model.onnx', 'huggingface.co').message).toMatch(/refused onnx\/model\.onnx of a\/b \(HTTP 403\): the model is gated or private.*open them from disk/);
  });
});
