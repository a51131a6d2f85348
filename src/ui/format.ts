/** Display formatting shared by components. */
/** Null: a size not known in advance (a model converted at setup). */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'converted from TF.js at setup';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Milliseconds: one decimal below 10, whole above, with thousands separators (10,461). */
export const formatMs = (ms: number) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US'));

export const formatPercent = (p: number) => `${(p * 100).toFixed(p >= 0.1 ? 1 : 2)}%`;
