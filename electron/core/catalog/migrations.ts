import type { Migration } from '../db/database';

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
];
