import { parseSynsetLabels } from './postprocess';

const cache = new Map<string, Promise<string[]>>();

/** Fetches and parses a labels file from `public/labels/`, once per file. */
export function loadLabels(file: string): Promise<string[]> {
  let labels = cache.get(file);
  if (!labels) {
    labels = fetch(`${import.meta.env.BASE_URL}labels/${file}`).then(async (response) => {
      if (!response.ok) throw new Error(`Could not load the class names (${file}): HTTP ${response.status}. Run \`npm run setup\`.`);
      return parseSynsetLabels(await response.text());
    });
    labels.catch(() => cache.delete(file));
    cache.set(file, labels);
  }
  return labels;
}
