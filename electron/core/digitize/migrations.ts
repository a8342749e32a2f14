import type { Migration } from '../db/database';

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
];
