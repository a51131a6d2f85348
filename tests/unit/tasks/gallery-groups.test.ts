import { describe, expect, it } from 'vitest';
import { GALLERY, galleryGroups, purposeTitle } from '../../../src/tasks/gallery';

describe('gallery groups for model lists', () => {
  it('titles a purpose in plain words', () => {
    expect(purposeTitle('image-classification')).toBe('Image classification');
    expect(purposeTitle('ocr: text detection (DB)')).toBe('OCR: text detection (DB)');
  });
  it('keeps every model once, in catalogue order within its group, groups in order of first appearance', () => {
    const groups = galleryGroups();
    expect(groups.flatMap((g) => g.models).map((m) => m.id).sort()).toEqual(GALLERY.map((m) => m.id).sort());
    expect(groups[0].title).toBe(purposeTitle(GALLERY[0].purpose));
    for (const group of groups) {
      const ids = group.models.map((m) => m.id);
      expect(ids).toEqual(GALLERY.filter((m) => purposeTitle(m.purpose) === group.title).map((m) => m.id));
    }
    expect(new Set(groups.map((g) => g.title)).size).toBe(groups.length);
  });
});

describe('gallery titles', () => {
  it('names every model in words, not by its file id', async () => {
    const { galleryTitle } = await import('../../../src/tasks/gallery');
    for (const model of GALLERY) expect(galleryTitle(model), model.id).not.toBe(model.id);
  });
});
