/**
 * The demo printer's table (printer_demo_prints): the pictures of tickets "printed" with no printer
 * configured. The only place with its SQL; rows are parsed once here.
 */
import { z } from 'zod';
import type { Db, Migration } from '../../db/database';
import { parseRows, textColumn } from '../../db/rows';
import { rewriteInstants } from '../../db/instants';

export const printerMigrations: Migration[] = [
  {
    id: 'printer/001-demo-prints',
    up: (db) =>
      db.exec(`
        CREATE TABLE printer_demo_prints (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          ticket_id TEXT NOT NULL,
          number TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          at TEXT NOT NULL
        );
      `),
  },
  {
    // Issue 12: instants are stored as Vietnam ISO text (vnIsoMs); rows written as UTC "…Z" text are rewritten.
    id: 'printer/002-vn-instants',
    up: (db) => {
      rewriteInstants(db, 'printer_demo_prints', ['at']);
    },
  },
];

const DemoPrintRow = z.object({ ticket_id: z.string(), number: z.string(), sha256: z.string(), at: z.string() });
export type DemoPrintRow = z.infer<typeof DemoPrintRow>;

export function insertDemoPrint(db: Db, p: { ticketId: string; number: string; sha256: string; at: string }): void {
  db.prepare('INSERT INTO printer_demo_prints (ticket_id, number, sha256, at) VALUES (?, ?, ?, ?)').run(
    p.ticketId,
    p.number,
    p.sha256,
    p.at,
  );
}

/** The newest demo prints first. */
export function recentDemoPrints(db: Db, limit: number): DemoPrintRow[] {
  return parseRows(
    'printer_demo_prints',
    DemoPrintRow,
    db.prepare('SELECT ticket_id, number, sha256, at FROM printer_demo_prints ORDER BY id DESC LIMIT ?').all(limit),
  );
}

/** Privacy purge: the pictures printed before the cutoff; returns their files so the caller can delete them. */
export function deleteDemoPrintsBefore(db: Db, cutoff: string): { records: number; files: string[] } {
  const files = parseRows(
    'printer_demo_prints',
    textColumn,
    db.prepare('SELECT sha256 FROM printer_demo_prints WHERE at < ?').pluck().all(cutoff),
  );
  const records = db.prepare('DELETE FROM printer_demo_prints WHERE at < ?').run(cutoff).changes;
  return { records, files };
}

export function demoPrintReferencesFile(db: Db, sha256: string): boolean {
  return db.prepare('SELECT 1 FROM printer_demo_prints WHERE sha256 = ?').get(sha256) !== undefined;
}
