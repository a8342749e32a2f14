/**
 * The sync engine keeps its state in `sync_*` tables. Hall replication runs a
 * second engine (same code: outbox order, keys, backoff, breaker, chunked
 * upload) against its own copy of those tables, `repl_*`, in the same
 * database file, so a dossier change and its replication item still commit in
 * one transaction. This view of the connection renames the tables in every
 * statement the engine prepares; everything else is the same connection.
 */
import type { Db, Migration } from '../db/database';
import { syncMigrations } from '../sync/outbox';

const SYNC_TABLE = /\bsync_/g;

export function replicaSql(sql: string): string {
  return sql.replace(SYNC_TABLE, 'repl_');
}

export function replicaTables(db: Db): Db {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => target.prepare(replicaSql(sql));
      if (prop === 'exec') return (sql: string) => target.exec(replicaSql(sql));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The sync module's own migrations, applied to the `repl_*` copy (new sync migrations follow by themselves). */
export const replicaOutboxMigrations: Migration[] = syncMigrations.map((m) => ({
  id: `replication/outbox-${m.id.replace('/', '-')}`,
  up: (db) => m.up(replicaTables(db)),
}));
