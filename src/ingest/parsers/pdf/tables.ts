// Simple tables in PDFs: three or more consecutive lines of one column, each split into two or
// more cells by wide gaps, close together vertically. Cells are assigned to the columns of the
// row with the most cells by horizontal overlap. Ruled or spanning layouts are beyond this; such
// lines stay paragraphs, which is still searchable text.
import type { Line } from './layout';

export interface TableRun {
  /** Index of the first and one past the last line of the table in the page's lines. */
  readonly start: number;
  readonly end: number;
  readonly rows: string[][];
}

const MIN_ROWS = 3;

function assignColumns(lines: readonly Line[]): string[][] {
  const widest = lines.reduce((a, b) => (b.cells.length > a.cells.length ? b : a));
  const anchors = widest.cells.map((c) => ({ x0: c.x0, x1: c.x1 }));
  return lines.map((line) => {
    const row = anchors.map(() => '');
    for (const cell of line.cells) {
      let best = 0;
      let bestScore = -Infinity;
      anchors.forEach((a, i) => {
        const overlap = Math.min(a.x1, cell.x1) - Math.max(a.x0, cell.x0);
        const distance = Math.abs((a.x0 + a.x1) / 2 - (cell.x0 + cell.x1) / 2);
        const score = overlap > 0 ? overlap : -distance;
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      });
      row[best] = row[best] ? `${row[best] ?? ''} ${cell.text}` : cell.text;
    }
    return row;
  });
}

/** Finds table runs among a page's ordered lines. */
export function findTables(lines: readonly Line[], body: number): TableRun[] {
  const tables: TableRun[] = [];
  let i = 0;
  while (i < lines.length) {
    let j = i;
    while (j < lines.length) {
      const line = lines[j];
      const prev = lines[j - 1];
      if (!line || line.cells.length < 2) break;
      if (j > i && prev && (line.column !== prev.column || line.y0 - prev.y1 > body * 2.5)) break;
      j++;
    }
    if (j - i >= MIN_ROWS) {
      tables.push({ start: i, end: j, rows: assignColumns(lines.slice(i, j)) });
      i = j;
    } else {
      i = Math.max(i + 1, j);
    }
  }
  return tables;
}
