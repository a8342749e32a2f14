import type { Migration } from '../db/database';
import { retypeInstantColumns } from '../db/instants';
import { replicaOutboxMigrations } from './namespaced-db';

/** Tables of hall replication: the hub's register side (`hall_*`) and a workstation's side (`replica_*`); every core has both. */
export const replicationMigrations: Migration[] = [
  ...replicaOutboxMigrations,
  {
    id: 'replication/001-hall-and-replica',
    up: (db) =>
      db.exec(`
        -- Hub: one row per change to a dossier of the register; workstations read it after their cursor.
        CREATE TABLE hall_feed (seq INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL);
        CREATE INDEX hall_feed_code ON hall_feed (code, seq);
        -- Hub: every pushed item's key and what came of it, so a repeated delivery gets the same answer.
        CREATE TABLE hall_applied (key TEXT PRIMARY KEY, outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')), reason TEXT, station INTEGER, at INTEGER NOT NULL);
        -- Hub: every block of dossier numbers ever granted, per agency and day.
        CREATE TABLE hall_code_leases (agency_code TEXT NOT NULL, day TEXT NOT NULL, station INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, granted_at INTEGER NOT NULL, PRIMARY KEY (agency_code, day, first));
        -- Workstation: what each replication item carries (the outbox row holds the files to send first).
        CREATE TABLE replica_items (key TEXT PRIMARY KEY, code TEXT NOT NULL, body TEXT NOT NULL, action TEXT NOT NULL);
        -- Workstation: dossiers whose local copy must be fetched again from the hub once nothing of ours is pending.
        CREATE TABLE replica_stale (code TEXT PRIMARY KEY);
        CREATE TABLE replica_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- Workstation: the blocks of numbers the hub granted this PC.
        CREATE TABLE replica_code_leases (agency_code TEXT NOT NULL, day TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (agency_code, day, first));
      `),
  },
  {
    id: 'replication/002-station-bindings',
    up: (db) =>
      db.exec(`
        -- Hub: which paired workstation speaks for which station.
        CREATE TABLE hall_station_bindings (device_id TEXT PRIMARY KEY, station INTEGER NOT NULL UNIQUE, bound_at INTEGER NOT NULL);
      `),
  },
  {
    // Issue 12: instants are stored as Vietnam ISO text (vnIsoMs), not epoch milliseconds.
    id: 'replication/003-vn-instants',
    up: (db) => {
      retypeInstantColumns(db, 'hall_applied', ['at']);
      retypeInstantColumns(db, 'hall_code_leases', ['granted_at']);
      retypeInstantColumns(db, 'hall_station_bindings', ['bound_at']);
    },
  },
];
