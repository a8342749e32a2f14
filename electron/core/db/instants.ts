/**
 * Issue 12: instants are stored one way, as Vietnam ISO 8601 text (shared/vn-time.ts: `vnIso`, or
 * `vnIsoMs` where the order within a second matters). Older rows held UTC text (`toISOString()`, "…Z")
 * or epoch milliseconds; each module's migration rewrites its columns with this helper.
 */
import { z } from 'zod';
import { vnIsoMs } from '../../../shared/vn-time';
import type { Db, Migration } from './database';
import { parseRows } from './rows';

const StoredInstant = z.union([z.string(), z.number(), z.null()]);

/** The stored form of an old value: UTC text or epoch ms become vnIsoMs; a value already in +07:00 stays. */
export function storedInstant(value: string | number): string {
  if (typeof value === 'string' && value.endsWith('+07:00')) return value;
  return vnIsoMs(value);
}

/**
 * Rewrites the instant columns of every row of a table. Column and table names come from the
 * migration's own code, never from input.
 */
export function rewriteInstants(db: Db, table: string, columns: readonly string[]): void {
  const Row = z.object({ rid: z.number() }).extend(Object.fromEntries(columns.map((c) => [c, StoredInstant])));
  const rows = parseRows(table, Row, db.prepare(`SELECT rowid AS rid, ${columns.join(', ')} FROM ${table}`).all());
  const update = db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE rowid = ?`);
  for (const row of rows) {
    const values = columns.map((c) => {
      const v = StoredInstant.parse(row[c]);
      return v === null ? null : storedInstant(v);
    });
    update.run(...values, row.rid);
  }
}

/**
 * Epoch-millisecond columns declared INTEGER: their values are rewritten, then the table is rebuilt
 * from `create` (the same columns in the same order, the instants declared TEXT) so the schema says
 * what the rows hold.
 */
export function retypeInstantColumns(db: Db, table: string, columns: readonly string[], create: string): void {
  rewriteInstants(db, table, columns);
  db.exec(`ALTER TABLE ${table} RENAME TO ${table}_before_vn_instants`);
  db.exec(create);
  db.exec(`INSERT INTO ${table} SELECT * FROM ${table}_before_vn_instants`);
  db.exec(`DROP TABLE ${table}_before_vn_instants`);
}

/** The migration record itself: `applied_at` was UTC text before issue 12. */
export const instantsMigrations: Migration[] = [{ id: 'db/001-vn-instants', up: (db) => rewriteInstants(db, 'schema_migrations', ['applied_at']) }];
