/** Display formatting shared by components. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const formatMs = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

export const formatPercent = (p: number) => `${(p * 100).toFixed(p >= 0.1 ? 1 : 2)}%`;
