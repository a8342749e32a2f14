import type { Migration } from '../db/database';
import { rewriteInstants } from '../db/instants';

export const queueMigrations: Migration[] = [
  {
    id: 'queue/001-tickets-events',
    up: (db) =>
      db.exec(`
        CREATE TABLE queue_settings (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          json TEXT NOT NULL
        );
        -- The last number handed out per service and business day. Bumped in the
        -- same transaction that stores the ticket: a number is never issued twice
        -- and never lost, even across a crash.
        CREATE TABLE queue_sequences (
          service_id TEXT NOT NULL,
          day TEXT NOT NULL,
          last_seq INTEGER NOT NULL,
          PRIMARY KEY (service_id, day)
        );
        CREATE TABLE queue_tickets (
          id TEXT PRIMARY KEY,
          day TEXT NOT NULL,
          service_id TEXT NOT NULL,
          issued_service_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          number TEXT NOT NULL,
          priority_group TEXT,
          status TEXT NOT NULL,
          counter_id TEXT,
          target_counter_id TEXT,
          sort_key INTEGER NOT NULL,
          issued_at TEXT NOT NULL,
          called_at TEXT,
          first_called_at TEXT,
          started_at TEXT,
          ended_at TEXT,
          citizen_name TEXT,
          dossier_code TEXT,
          rating INTEGER,
          UNIQUE (day, issued_service_id, seq),
          UNIQUE (day, number)
        );
        CREATE INDEX queue_tickets_day_status ON queue_tickets (day, status);
        CREATE INDEX queue_tickets_counter ON queue_tickets (day, counter_id, status);
        -- Every ticket event with its counter and officer: the statistics' source.
        CREATE TABLE queue_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          ticket_id TEXT NOT NULL,
          type TEXT NOT NULL,
          at TEXT NOT NULL,
          day TEXT NOT NULL,
          service_id TEXT NOT NULL,
          counter_id TEXT,
          officer_id TEXT,
          detail TEXT
        );
        CREATE INDEX queue_events_day ON queue_events (day, type);
        CREATE INDEX queue_events_ticket ON queue_events (ticket_id);
      `),
  },
  {
    // A kiosk that lost the answer retries with the same request id and gets the same ticket.
    id: 'queue/002-request-id',
    up: (db) =>
      db.exec(`
        ALTER TABLE queue_tickets ADD COLUMN request_id TEXT;
        CREATE UNIQUE INDEX queue_tickets_request ON queue_tickets (request_id) WHERE request_id IS NOT NULL;
      `),
  },
  {
    // Issue 12: instants are Vietnam ISO text with milliseconds (vnIsoMs), no longer UTC "…Z". The
    // milliseconds stay because calls are ordered by called_at and two calls can fall in one second.
    id: 'queue/003-vn-instants',
    up: (db) => {
      rewriteInstants(db, 'queue_tickets', ['issued_at', 'called_at', 'first_called_at', 'started_at', 'ended_at']);
      rewriteInstants(db, 'queue_events', ['at']);
    },
  },
];
