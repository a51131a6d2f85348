/** Files under `public/labels/` (class names, alphabets) as text, fetched once per file; a failure can be retried. */
const cache = new Map<string, Promise<string>>();

export function fetchLabelFile(file: string): Promise<string> {
  let text = cache.get(file);
  if (!text) {
    text = fetch(`${import.meta.env.BASE_URL}labels/${file}`).then(async (response) => {
      if (!response.ok) throw new Error(`Could not load the labels (${file}): HTTP ${response.status}. Run \`npm run setup\`.`);
      return response.text();
    });
    text.catch(() => cache.delete(file));
    cache.set(file, text);
  }
  return text;
}
