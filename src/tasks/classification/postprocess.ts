/** Classifier outputs → top-k classes. */

export { softmax, topClasses, topK, type ClassScore, type ScoreKind } from '../../engine/tensor/top-classes';

/** Parses a synset file ("n01440764 tench, Tinca tinca" per line) into labels by line index. */
export function parseSynsetLabels(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.replace(/^n\d{8}\s+/, '').trim());
}

/** The first, most common name of a synset label ("malamute, malemute, Alaskan malamute" → "malamute"). */
export function shortLabel(label: string): string {
  return label.split(',')[0].trim();
}
