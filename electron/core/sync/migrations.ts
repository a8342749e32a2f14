/** The sync tables' schema, in order. Migrations keep their SQL here, as written when they shipped. */
import { z } from 'zod';
import { fromProvincialDate } from '../../../shared/provincial';
import { vnIso } from '../../../shared/vn-time';
import type { Migration } from '../db/database';
import { retypeInstantColumns } from '../db/instants';
import { parseRows } from '../db/rows';
import { SYNC_EPOCH } from './sync-store';

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
