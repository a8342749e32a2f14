import type { Migration } from '../db/database';
import { rewriteInstants } from '../db/instants';

/** Tables of the hall link: the hub's view of its workstations, hub sessions behind local ones, and session resume grants. */
export const hallLinkMigrations: Migration[] = [
  {
    id: 'hall/002-workstations-link',
    up: (db) =>
      db.exec(`
        -- At the hub: each workstation's latest report.
        CREATE TABLE hall_workstations (
          device_id TEXT PRIMARY KEY,
          station INTEGER NOT NULL,
          version TEXT NOT NULL,
          clock_skew_ms INTEGER,
          backlog_json TEXT NOT NULL,
          health_json TEXT NOT NULL,
          reported_at TEXT NOT NULL
        );
        -- At a workstation: the hub session behind each local officer session (hub actions are checked by the hub).
        CREATE TABLE hall_hub_sessions (
          session_id TEXT PRIMARY KEY,
          hub_token TEXT NOT NULL,
          expires_at TEXT NOT NULL
        );
      `),
  },
  {
    id: 'hall/003-session-resume',
    up: (db) =>
      db.exec(`
        -- At the hub: grants a workstation may trade for a session of that officer (only their hash).
        CREATE TABLE hall_resume_grants (
          grant_hash TEXT PRIMARY KEY,
          account_id TEXT NOT NULL,
          device_id TEXT NOT NULL,
          role TEXT NOT NULL,
          password_digest TEXT NOT NULL,
          issued_at TEXT NOT NULL,
          expires_at TEXT NOT NULL
        );
        CREATE INDEX hall_resume_grants_pair ON hall_resume_grants (account_id, device_id);
        -- At a workstation: each officer's grant, sealed under a key from their password.
        CREATE TABLE hall_sealed_grants (
          account_id TEXT PRIMARY KEY,
          salt TEXT NOT NULL,
          iv TEXT NOT NULL,
          tag TEXT NOT NULL,
          sealed TEXT NOT NULL,
          expires_at TEXT NOT NULL
        );
      `),
  },
  {
    id: 'hall/004-pending-resumes',
    up: (db) =>
      db.exec(`
        -- At a workstation: offline sessions waiting for the hub, each with the grant its login opened,
        -- sealed by the machine's secret box, so a restart before the hub returns does not lose it.
        CREATE TABLE hall_pending_resumes (
          session_id TEXT PRIMARY KEY,
          username TEXT NOT NULL,
          sealed_grant TEXT NOT NULL
        );
      `),
  },
  {
    // Issue 12: instants are stored as Vietnam ISO text (vnIsoMs); rows written as UTC "…Z" text are rewritten.
    id: 'hall-link/001-vn-instants',
    up: (db) => {
      rewriteInstants(db, 'hall_workstations', ['reported_at']);
      rewriteInstants(db, 'hall_hub_sessions', ['expires_at']);
    },
  },
];
