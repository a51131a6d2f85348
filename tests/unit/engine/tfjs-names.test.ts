import { describe, expect, it } from 'vitest';
import { holdsTfjsModel, isTfjsAddress, onnxNameFor, shardUrls, tfjsFilesFrom } from '../../../src/engine/tfjs/names';

describe('TF.js model files and names', () => {
  it('a .json among the files (any case) means a TF.js model; .onnx files alone do not', () => {
    expect(holdsTfjsModel(['movenet.JSON', 'movenet.bin'])).toBe(true);
    expect(holdsTfjsModel(['model.onnx', 'model.onnx.data'])).toBe(false);
    expect(holdsTfjsModel([])).toBe(false);
  });

  it('addresses whose path ends in .json are TF.js models, whatever the query', () => {
    const base = 'http://127.0.0.1:4173/?view=model';
    expect(isTfjsAddress('/tfjs/movenet/model.json', base)).toBe(true);
    expect(isTfjsAddress('https://example.org/m/model.json?v=2#x', base)).toBe(true);
    expect(isTfjsAddress('/models/mnist-8.onnx', base)).toBe(false);
    expect(isTfjsAddress('/models/x.onnx?as=.json', base)).toBe(false);
    expect(isTfjsAddress('http://[bad', base)).toBe(false);
  });

  it('the .onnx is named after the model.json, or after its folder when it is plain model.json', () => {
    expect(onnxNameFor('movenet-lightning.json')).toBe('movenet-lightning.onnx');
    expect(onnxNameFor('/tfjs/movenet/model.json')).toBe('movenet.onnx');
    expect(onnxNameFor('pose\\model.json')).toBe('pose.onnx');
    expect(onnxNameFor('model.json')).toBe('model.onnx');
    expect(onnxNameFor('Model.JSON')).toBe('Model.onnx');
    expect(onnxNameFor('weights/emotion.json')).toBe('emotion.onnx');
  });

  it('shard addresses are resolved beside model.json, once each; a malformed manifest gives none', () => {
    const manifest = [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'] }, { paths: ['sub/x.bin', 'group1-shard1of2.bin'] }];
    expect(shardUrls(manifest, 'https://example.org/m/model.json?v=1')).toEqual([
      { path: 'group1-shard1of2.bin', url: 'https://example.org/m/group1-shard1of2.bin' },
      { path: 'group1-shard2of2.bin', url: 'https://example.org/m/group1-shard2of2.bin' },
      { path: 'sub/x.bin', url: 'https://example.org/m/sub/x.bin' },
    ]);
    expect(shardUrls(undefined, 'https://example.org/model.json')).toEqual([]);
    expect(shardUrls([{ paths: 'a.bin' }, null, { paths: [3, 'b.bin'] }], 'https://example.org/model.json')).toEqual([{ path: 'b.bin', url: 'https://example.org/b.bin' }]);
  });

  it('says where TF.js got the model: files opened from disk, this site, or another host', () => {
    const page = 'http://127.0.0.1:4173/?view=compare';
    expect(tfjsFilesFrom({ kind: 'files' }, page)).toBe('reading model.json and the weight files you opened, from your disk (no download)');
    expect(tfjsFilesFrom({ kind: 'url', url: '/tfjs-models/movenet-lightning.json' }, page)).toBe('fetching model.json and the weight files from this site');
    expect(tfjsFilesFrom({ kind: 'url', url: 'http://127.0.0.1:4173/tfjs/m/model.json' }, page)).toBe('fetching model.json and the weight files from this site');
    expect(tfjsFilesFrom({ kind: 'url', url: 'https://models.example.org/m/model.json' }, page)).toBe('fetching model.json and the weight files from models.example.org');
  });
});
