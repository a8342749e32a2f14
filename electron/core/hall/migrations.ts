import type { Migration } from '../db/database';

export const hallMigrations: Migration[] = [
  {
    id: 'hall/001-services-counters',
    up: (db) =>
      db.exec(`
        CREATE TABLE services (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          prefix TEXT NOT NULL UNIQUE,
          active INTEGER NOT NULL DEFAULT 1,
          sort_order INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE counters (
          id TEXT PRIMARY KEY,
          number INTEGER NOT NULL UNIQUE,
          name TEXT NOT NULL,
          active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE counter_services (
          counter_id TEXT NOT NULL REFERENCES counters(id) ON DELETE CASCADE,
          service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
          PRIMARY KEY (counter_id, service_id)
        );
      `),
  },
];
