import type { Migration } from '../db/database';

export const privacyMigrations: Migration[] = [
  {
    id: 'privacy/001-settings',
    up: (db) => db.exec(`CREATE TABLE privacy_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`),
  },
];
