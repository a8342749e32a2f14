import type { Migration } from '../db/database';
import { rewriteInstants } from '../db/instants';

export const catalogMigrations: Migration[] = [
  {
    id: 'catalog/001-procedures',
    up: (db) =>
      db.exec(`
        CREATE TABLE procedures (
          code TEXT PRIMARY KEY,
          current_version INTEGER NOT NULL,
          active INTEGER NOT NULL DEFAULT 1
        );
        -- Every version ever imported: a dossier keeps the version it was received under.
        CREATE TABLE procedure_versions (
          code TEXT NOT NULL REFERENCES procedures(code),
          version INTEGER NOT NULL,
          data TEXT NOT NULL,
          imported_at TEXT NOT NULL,
          PRIMARY KEY (code, version)
        );
      `),
  },
  {
    // Issue 12: instants are stored as Vietnam ISO text (vnIsoMs); rows written as UTC "…Z" text are rewritten.
    id: 'catalog/002-vn-instants',
    up: (db) => {
      rewriteInstants(db, 'procedure_versions', ['imported_at']);
    },
  },
];
