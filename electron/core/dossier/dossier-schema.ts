import type { Migration } from '../db/database';

export const dossierMigrations: Migration[] = [
  {
    id: 'dossier/002-dossiers',
    up: (db) =>
      db.exec(`
        -- id (the rowid) grows with every receipt: search orders by it for "newest first" without sorting.
        CREATE TABLE dossiers (
          id INTEGER PRIMARY KEY,
          code TEXT NOT NULL UNIQUE,
          code_tail TEXT NOT NULL,
          procedure_code TEXT NOT NULL,
          procedure_version INTEGER NOT NULL,
          procedure_name TEXT NOT NULL,
          field TEXT NOT NULL,
          applicant TEXT NOT NULL,
          applicant_name TEXT NOT NULL,
          id_number TEXT,
          phone TEXT NOT NULL DEFAULT '',
          status INTEGER NOT NULL,
          received_at TEXT NOT NULL,
          received_day TEXT NOT NULL,
          due_at TEXT NOT NULL,
          received_by TEXT NOT NULL,
          station INTEGER NOT NULL,
          ticket_id TEXT,
          delivery TEXT NOT NULL,
          sets INTEGER NOT NULL,
          fees TEXT NOT NULL,
          notes TEXT NOT NULL,
          result TEXT,
          apology TEXT
        );
        CREATE INDEX dossiers_code_tail ON dossiers(code_tail);
        CREATE INDEX dossiers_id_number ON dossiers(id_number);
        CREATE INDEX dossiers_phone ON dossiers(phone);
        CREATE INDEX dossiers_status_due ON dossiers(status, due_at);
        CREATE INDEX dossiers_received_day ON dossiers(received_day);
        CREATE TABLE dossier_components (
          id INTEGER PRIMARY KEY,
          dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
          code TEXT NOT NULL,
          name TEXT NOT NULL,
          originals INTEGER NOT NULL,
          copies INTEGER NOT NULL,
          sha256 TEXT,
          file_name TEXT,
          digitization INTEGER NOT NULL,
          reused_kind TEXT,
          reused_from TEXT,
          added_at TEXT NOT NULL
        );
        CREATE INDEX dossier_components_dossier ON dossier_components(dossier_id);
        CREATE TABLE dossier_history (
          id INTEGER PRIMARY KEY,
          dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
          from_status INTEGER,
          to_status INTEGER NOT NULL,
          at TEXT NOT NULL,
          by TEXT NOT NULL,
          note TEXT NOT NULL
        );
        CREATE INDEX dossier_history_dossier ON dossier_history(dossier_id);
        CREATE TABLE dossier_forms (
          id INTEGER PRIMARY KEY,
          dossier_id INTEGER REFERENCES dossiers(id),
          form TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE INDEX dossier_forms_dossier ON dossier_forms(dossier_id);
        -- One row per (agency, day, station): the last sequence this workstation issued.
        CREATE TABLE dossier_sequences (
          agency_code TEXT NOT NULL,
          day TEXT NOT NULL,
          station INTEGER NOT NULL,
          last_seq INTEGER NOT NULL,
          PRIMARY KEY (agency_code, day, station)
        );
        -- Folded (diacritics and đ→d removed) applicant and procedure names. Contentless: the text lives
        -- in dossiers; prefix indexes for 1–6 letters keep "nguyen*" as fast as an exact word.
        CREATE VIRTUAL TABLE dossier_fts USING fts5(
          text, content='', contentless_delete=1, tokenize='unicode61', prefix='1 2 3 4 5 6'
        );
      `),
  },
  {
    // Form 01, item 6: a result returned by post needs the address to deliver it to (issue 14).
    id: 'dossier/011-delivery-address',
    up: (db) => db.exec('ALTER TABLE dossiers ADD COLUMN delivery_address TEXT'),
  },
  {
    // dossier.receive takes the draft's id: a resend after a crash or a timeout answers the same dossier.
    id: 'dossier/012-receive-request-id',
    up: (db) =>
      db.exec(`
        ALTER TABLE dossiers ADD COLUMN request_id TEXT;
        CREATE UNIQUE INDEX dossiers_request ON dossiers (request_id) WHERE request_id IS NOT NULL;
        -- Set in the receipt's own transaction, cleared when its PDF is stored: what a restart must still render.
        ALTER TABLE dossiers ADD COLUMN receipt_pending INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX dossiers_receipt_pending ON dossiers (receipt_pending) WHERE receipt_pending = 1;
      `),
  },
];
