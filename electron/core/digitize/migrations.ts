import type { Migration } from '../db/database';
import { rewriteInstants } from '../db/instants';

export const digitizeMigrations: Migration[] = [
  {
    id: 'digitize/001-batches-profiles',
    up: (db) =>
      db.exec(`
        CREATE TABLE digitize_batches (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          created_at TEXT NOT NULL,
          pages_json TEXT NOT NULL DEFAULT '[]',
          output_json TEXT
        );
        CREATE TABLE digitize_profiles (
          counter_id TEXT PRIMARY KEY,
          profile_json TEXT NOT NULL
        );
      `),
  },
  {
    // Issue 12: instants are stored as Vietnam ISO text (vnIsoMs); rows written as UTC "…Z" text are rewritten.
    id: 'digitize/002-vn-instants',
    up: (db) => {
      rewriteInstants(db, 'digitize_batches', ['created_at']);
    },
  },
];
