/**
 * Issue 12: instants are stored one way, as Vietnam ISO 8601 text (shared/vn-time.ts: `vnIso`, or
 * `vnIsoMs` where the order within a second matters). Older rows held UTC text (`toISOString()`, "…Z")
 * or epoch milliseconds; each module's migration rewrites its columns with this helper.
 */
import { z } from 'zod';
import { vnEpochMs, vnIsoMs } from '../../../shared/vn-time';
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
 * Epoch-millisecond columns declared INTEGER become TEXT holding vnIsoMs: the table is rebuilt from its
 * own schema with those columns retyped (and their defaults given), the rows copied with the instants
 * rewritten, and its indexes made again. Works for an `at INTEGER PRIMARY KEY` too, which as a rowid
 * alias could not hold text in place. Every table name is written into the SQL text (never bound), so
 * replication's renaming view of the connection (`repl_*` for `sync_*`) applies to this too.
 */
export function retypeInstantColumns(
  db: Db,
  table: string,
  columns: readonly string[],
  defaults: Readonly<Record<string, string>> = {},
): void {
  const schema = parseRows(
    'sqlite_master',
    z.object({ type: z.string(), sql: z.string().nullable() }),
    db.prepare(`SELECT type, sql FROM sqlite_master WHERE tbl_name = '${table}'`).all(),
  );
  const create = schema.find((s) => s.type === 'table')?.sql;
  if (!create) throw new Error(`no table ${table}`);
  // A table already retyped (a migration run again on a copied database) only has its values rewritten.
  if (columns.every((c) => new RegExp(`\\b${c} TEXT`).test(create))) return rewriteInstants(db, table, columns);
  const retyped = columns.reduce((sql, c) => {
    const typed = new RegExp(`\\b${c} INTEGER( NOT NULL)?( DEFAULT 0)?`);
    if (!typed.test(sql)) throw new Error(`${table}.${c} is neither INTEGER nor TEXT`);
    return sql.replace(
      typed,
      (_m, notNull: string | undefined) => `${c} TEXT${notNull ?? ''}${defaults[c] ? ` DEFAULT '${defaults[c]}'` : ''}`,
    );
  }, create);
  const indexes = schema.filter((s) => s.type === 'index' && s.sql !== null).map((s) => s.sql ?? '');
  const old = `${table}_before_vn_instants`;
  db.exec(`ALTER TABLE ${table} RENAME TO ${old}`);
  db.exec(retyped);
  const rows = parseRows(old, z.record(z.string(), z.unknown()), db.prepare(`SELECT * FROM ${old}`).all());
  for (const row of rows) {
    const names = Object.keys(row);
    const values = names.map((n) => {
      const v = row[n];
      return columns.includes(n) && (typeof v === 'number' || typeof v === 'string') ? storedInstant(v) : v;
    });
    db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...values);
  }
  db.exec(`DROP TABLE ${old}`);
  for (const sql of indexes) db.exec(sql);
}

/** An instant column read back as epoch milliseconds, for code that does arithmetic on time (schedules, metrics). */
export const instantMs = z.string().transform((v) => vnEpochMs(v));

/** The migration record itself: `applied_at` was UTC text before issue 12. */
export const instantsMigrations: Migration[] = [
  { id: 'db/001-vn-instants', up: (db) => rewriteInstants(db, 'schema_migrations', ['applied_at']) },
];
