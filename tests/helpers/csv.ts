/** Reads the exports' CSV back (RFC 4180: quoted fields, doubled quotes; no line breaks inside fields). */

/** The fields of one CSV line. */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = pattern.exec(line); m && m.index < line.length; m = pattern.exec(line)) {
    cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
  }
  return cells;
}

/** One record per row, by column title. */
export function csvRecords(csv: string): Record<string, string>[] {
  const [header, ...rows] = csv.trim().split('\n').map(csvCells);
  return rows.map((cells) => Object.fromEntries(header.map((title, i) => [title, cells[i]])));
}
