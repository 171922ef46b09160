// Markdown tables for the search bench: query figures per ef with ratios to hnswlib-node at the
// same ef, build/size/load figures per engine, and the headline "p50 at recall@10 ≥ 0.95".

export interface QueryRow {
  engine: string;
  n: number;
  ef: number | undefined;
  recall: number;
  p50: number;
  p95: number;
}

export interface BuildRow {
  engine: string;
  n: number;
  buildMs: number;
  bytes: number;
  loadMs: number;
}

export const ANCHOR = 'hnswlib-node';
const TARGET = 0.95;

const ms = (x: number): string => (x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(0));
const ratio = (a: number, b: number | undefined): string => (b && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

export function queryTable(rows: QueryRow[]): string {
  const anchor = (ef: number | undefined, n: number): QueryRow | undefined =>
    rows.find((r) => r.engine === ANCHOR && r.ef === ef && r.n === n);
  const lines = [
    '| engine | n | ef | recall@10 | p50 ms | p95 ms | p50 ÷ hnswlib |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const a = anchor(r.ef, r.n);
    lines.push(
      `| ${r.engine} | ${r.n} | ${r.ef ?? '–'} | ${r.recall.toFixed(3)} | ${ms(r.p50)} | ${ms(r.p95)} | ${a ? ratio(r.p50, a.p50) : '–'} |`,
    );
  }
  return lines.join('\n');
}

export function buildTable(rows: BuildRow[]): string {
  const anchor = rows.find((r) => r.engine === ANCHOR);
  const lines = [
    '| engine | n | build s | build ÷ hnswlib | index MB | load ms |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const sameN = anchor?.n === r.n;
    lines.push(
      `| ${r.engine} | ${r.n} | ${(r.buildMs / 1000).toFixed(1)} | ${sameN ? ratio(r.buildMs, anchor.buildMs) : '–'} | ${(r.bytes / 1e6).toFixed(1)} | ${ms(r.loadMs)} |`,
    );
  }
  return lines.join('\n');
}

/** Lowest-ef row of an engine that reaches the recall target. */
function atTarget(rows: QueryRow[], engine: string): QueryRow | undefined {
  return rows
    .filter((r) => r.engine === engine && r.recall >= TARGET)
    .sort((a, b) => (a.ef ?? 0) - (b.ef ?? 0))[0];
}

export function headline(rows: QueryRow[], engines: string[]): string {
  const anchor = atTarget(rows, ANCHOR);
  const parts = engines
    .filter((e) => e !== ANCHOR)
    .map((engine) => {
      const hit = atTarget(rows, engine);
      if (!hit) return `${engine}: recall@10 ≥ ${TARGET} not reached at the ef values tried`;
      return `${engine}: ef ${hit.ef ?? '–'}, p50 ${ms(hit.p50)} ms (${ratio(hit.p50, anchor?.p50)} of hnswlib)`;
    });
  const head = anchor
    ? `hnswlib-node: ef ${anchor.ef ?? '–'}, p50 ${ms(anchor.p50)} ms`
    : `hnswlib-node: recall@10 ≥ ${TARGET} not reached`;
  return `At recall@10 ≥ ${TARGET} (lowest ef that reaches it): ${[head, ...parts].join('; ')}.`;
}
