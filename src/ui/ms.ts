/** Milliseconds as the tables show them: a decimal under 10, whole and thousands-separated above ("2,856"). */
export const msText = (ms: number) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US'));
