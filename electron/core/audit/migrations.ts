import type { Migration } from '../db/database';

/** The audit trail's table; triggers refuse UPDATE and DELETE from the application (audit-log.ts says why). */
export const auditMigrations: Migration[] = [
  {
    id: 'audit/001-log',
    up: (db) =>
      db.exec(`
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          actor_role TEXT NOT NULL,
          actor_id TEXT,
          actor_name TEXT,
          device_id TEXT,
          action TEXT NOT NULL,
          subject_type TEXT,
          subject_id TEXT,
          detail TEXT,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      `),
  },
  {
    // HMAC of each row's hash with a key kept outside the database (audit-key.ts).
    id: 'audit/002-keyed-mac',
    up: (db) => db.exec('ALTER TABLE audit_log ADD COLUMN mac TEXT'),
  },
];
