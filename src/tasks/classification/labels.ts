import { parseSynsetLabels } from './postprocess';

const cache = new Map<string, Promise<string[]>>();

/** Fetches a file from `public/labels/` and parses it, once per file (a failure can be retried). */
export function loadLabelFile(file: string, parse: (text: string) => string[]): Promise<string[]> {
  let labels = cache.get(file);
  if (!labels) {
    labels = fetch(`${import.meta.env.BASE_URL}labels/${file}`).then(async (response) => {
      if (!response.ok) throw new Error(`Could not load the labels (${file}): HTTP ${response.status}. Run \`npm run setup\`.`);
      return parse(await response.text());
    });
    labels.catch(() => cache.delete(file));
    cache.set(file, labels);
  }
  return labels;
}

/** ImageNet class names, one synset line each. */
export const loadLabels = (file: string) => loadLabelFile(file, parseSynsetLabels);
