// Row counts per table, for the Diagnostics page.
import type { ThinkBankDb } from '../database';

export async function countRows(db: ThinkBankDb): Promise<{ table: string; rows: number }[]> {
  return db.transaction('r', db.tables, () =>
    Promise.all(db.tables.map(async (table) => ({ table: table.name, rows: await table.count() }))),
  );
}
