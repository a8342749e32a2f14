/**
 * The sync outbox: every change the provincial system must learn is one row,
 * self-contained (the full DVCQG payload), with its idempotency key. Callers
 * write it INSIDE their own write transaction, so a change and its outbox row
 * commit together or not at all.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ProvincialDossierSchema,
  ProvincialProgressSchema,
  filesOf,
  fromProvincialDate,
  type ProvincialDossierInput,
  type ProvincialProgress,
} from '../../../shared/provincial';
import type { Db, Migration } from '../db/database';
import { instantMs, retypeInstantColumns } from '../db/instants';
import { vnIso, vnIsoMs } from '../../../shared/vn-time';
import { parseRows } from '../db/rows';

/** "Due at once": the next attempt of an item that may go now (was 0 when the columns held epoch ms). */
export const SYNC_EPOCH = vnIsoMs(0);

export const syncMigrations: Migration[] = [
  {
    id: 'sync/001-outbox',
    up: (db) =>
      db.exec(`
        CREATE TABLE sync_outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          ma_ho_so TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('dossier', 'progress')),
          payload TEXT NOT NULL,
          idempotency_key TEXT NOT NULL UNIQUE,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'attention')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          last_error_at INTEGER,
          files_total INTEGER NOT NULL DEFAULT 0,
          bytes_total INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          done_at INTEGER,
          done_via TEXT
        );
        CREATE INDEX sync_outbox_state ON sync_outbox (state, ma_ho_so, id);
        CREATE TABLE sync_remote_files (sha256 TEXT PRIMARY KEY, confirmed_at INTEGER NOT NULL);
        CREATE TABLE sync_remote_dossiers (ma_ho_so TEXT PRIMARY KEY, confirmed_at INTEGER NOT NULL);
        CREATE TABLE sync_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE sync_backlog (at INTEGER PRIMARY KEY, pending INTEGER NOT NULL, attention INTEGER NOT NULL, done INTEGER NOT NULL);
        CREATE TABLE sync_remote_status (ma_ho_so TEXT PRIMARY KEY, trang_thai INTEGER NOT NULL, at TEXT NOT NULL, seq INTEGER NOT NULL);
      `),
  },
  {
    // The engine walks pending items in outbox order and stops after a few.
    id: 'sync/002-outbox-order-index',
    up: (db) => db.exec('CREATE INDEX sync_outbox_pending_order ON sync_outbox (state, id)'),
  },
  {
    // The dvcqg profile: the status the receiver holds (look-ups of open dossiers), the file
    // listener's download log, and the procedure codes mapped to the portal's catalog.
    id: 'sync/003-dvcqg',
    up: (db) =>
      db.exec(`
        ALTER TABLE sync_remote_dossiers ADD COLUMN trang_thai INTEGER;
        CREATE TABLE sync_file_downloads (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, sha256 TEXT NOT NULL, remote TEXT NOT NULL,
          outcome TEXT NOT NULL, bytes INTEGER NOT NULL);
        CREATE INDEX sync_file_downloads_sha ON sync_file_downloads (sha256);
        CREATE TABLE sync_procedure_map (local_code TEXT PRIMARY KEY, portal_code TEXT NOT NULL, name TEXT NOT NULL, field_code TEXT NOT NULL,
          field_name TEXT NOT NULL, results TEXT NOT NULL, fetched_at INTEGER NOT NULL, edited INTEGER NOT NULL);
      `),
  },
  {
    // Issue 12: instants are stored as Vietnam ISO text (vnIsoMs), not epoch milliseconds. The engine still
    // counts in milliseconds in memory; the columns are read back through `instantMs`.
    id: 'sync/004-vn-instants',
    up: (db) => {
      retypeInstantColumns(db, 'sync_outbox', ['next_attempt_at', 'last_error_at', 'created_at', 'done_at'], {
        next_attempt_at: SYNC_EPOCH,
      });
      retypeInstantColumns(db, 'sync_remote_files', ['confirmed_at']);
      retypeInstantColumns(db, 'sync_remote_dossiers', ['confirmed_at']);
      retypeInstantColumns(db, 'sync_backlog', ['at']);
      retypeInstantColumns(db, 'sync_file_downloads', ['at']);
      retypeInstantColumns(db, 'sync_procedure_map', ['fetched_at']);
    },
  },
  {
    // Issue 12: the provincial statuses kept the province's yyyyMMddHHmmss; it now converts at the edge.
    id: 'sync/005-remote-status-vn-instants',
    up: (db) => {
      const Row = z.object({ ma_ho_so: z.string(), at: z.string() });
      const update = db.prepare('UPDATE sync_remote_status SET at = ? WHERE ma_ho_so = ?');
      const drop = db.prepare('DELETE FROM sync_remote_status WHERE ma_ho_so = ?');
      for (const row of parseRows('sync_remote_status', Row, db.prepare('SELECT ma_ho_so, at FROM sync_remote_status').all())) {
        const at = row.at.endsWith('+07:00') ? row.at : fromProvincialDate(row.at);
        if (at === null) drop.run(row.ma_ho_so);
        else update.run(typeof at === 'string' ? at : vnIso(at), row.ma_ho_so);
      }
    },
  },
];

export type OutboxItemInput =
  | { kind: 'dossier'; payload: ProvincialDossierInput; idempotencyKey?: string }
  | { kind: 'progress'; payload: ProvincialProgress; idempotencyKey?: string };

export type OutboxState = 'pending' | 'done' | 'attention';

/** A `sync_outbox` row, parsed once where it is read. */
export const OutboxRowSchema = z.object({
  id: z.number().int(),
  ma_ho_so: z.string(),
  kind: z.enum(['dossier', 'progress']),
  payload: z.string(),
  idempotency_key: z.string(),
  state: z.enum(['pending', 'done', 'attention']),
  attempts: z.number().int(),
  next_attempt_at: instantMs,
  last_error: z.string().nullable(),
  last_error_at: instantMs.nullable(),
  files_total: z.number().int(),
  bytes_total: z.number(),
  created_at: instantMs,
  done_at: instantMs.nullable(),
  done_via: z.string().nullable(),
});
export type OutboxRow = z.infer<typeof OutboxRowSchema>;

/**
 * Adds one item to the outbox. Call it inside the caller's write transaction
 * (better-sqlite3 transactions nest as savepoints). The payload is validated
 * here: a malformed payload throws, so the caller's change rolls back with it
 * rather than leaving an item that could never be sent. Returns the row id.
 */
export function enqueueOutbox(db: Db, item: OutboxItemInput): number {
  const key = item.idempotencyKey ?? randomUUID();
  if (item.kind === 'dossier') {
    const payload = ProvincialDossierSchema.parse(item.payload);
    const files = filesOf(payload);
    return Number(
      db
        .prepare(
          `INSERT INTO sync_outbox (ma_ho_so, kind, payload, idempotency_key, files_total, bytes_total, created_at)
           VALUES (?, 'dossier', ?, ?, ?, ?, ?)`,
        )
        .run(
          payload.MaHoSo,
          JSON.stringify(payload),
          key,
          files.length,
          files.reduce((s, f) => s + f.size, 0),
          vnIsoMs(Date.now()),
        ).lastInsertRowid,
    );
  }
  const payload = ProvincialProgressSchema.parse(item.payload);
  return Number(
    db
      .prepare(`INSERT INTO sync_outbox (ma_ho_so, kind, payload, idempotency_key, created_at) VALUES (?, 'progress', ?, ?, ?)`)
      .run(payload.MaHoSo, JSON.stringify(payload), key, vnIsoMs(Date.now())).lastInsertRowid,
  );
}

/**
 * What the dossier module reports from inside its transactions (the seam).
 * The dossier module builds the DVCQG payload (field mapping in
 * shared/provincial.ts) and, for status changes, the progress step.
 */
export interface DossierSyncChange {
  /** The dossier as the province must now know it (full payload: later pushes supersede earlier ones). */
  dossier: ProvincialDossierInput;
  /** The progress step to report (CapNhatTienDoHoSoMC), for status changes. */
  progress?: ProvincialProgress;
}

/** Turns one dossier change into its outbox items (a full upsert, then the progress step if any). */
export function outboxItemsFor(change: DossierSyncChange): OutboxItemInput[] {
  const items: OutboxItemInput[] = [{ kind: 'dossier', payload: change.dossier }];
  if (change.progress) items.push({ kind: 'progress', payload: change.progress });
  return items;
}

/** The change listener to register with the dossier service: `(db, change) => void`, called inside its transaction. */
export function syncDossierListener(db: Db, change: DossierSyncChange): void {
  for (const item of outboxItemsFor(change)) enqueueOutbox(db, item);
}

const CountRowSchema = z.object({ state: z.enum(['pending', 'done', 'attention']), n: z.number().int() });

export function outboxCounts(db: Db): Record<OutboxState, number> {
  const counts: Record<OutboxState, number> = { pending: 0, done: 0, attention: 0 };
  for (const raw of db.prepare('SELECT state, COUNT(*) AS n FROM sync_outbox GROUP BY state').all()) {
    const r = CountRowSchema.parse(raw);
    counts[r.state] = r.n;
  }
  return counts;
}
