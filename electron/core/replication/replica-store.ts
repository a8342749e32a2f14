/**
 * A workstation's side of hall replication: the only place that holds SQL for its tables
 * (replica_items, replica_stale, replica_settings, replica_code_leases), and for what replication
 * reads of its own outbox. Rows are parsed once, here; the outbox, the pull loop and the lease book
 * keep the rules. Functions take the connection so they run inside whatever transaction the caller
 * opened. The outbox statements name the sync engine's `sync_outbox`: they take the `replicaTables`
 * view of the connection (namespaced-db.ts), which runs them against replication's `repl_outbox`.
 */
import { z } from 'zod';
import type { SequenceBlock } from '../../../shared/domain/dossier-code';
import type { Db } from '../db/database';
import { instantMs } from '../db/instants';
import { parseRow, parseRows, textColumn } from '../db/rows';

// replica_items: what each replication item carries

export function insertReplicaItem(db: Db, key: string, code: string, body: string, action: string): void {
  db.prepare('INSERT INTO replica_items (key, code, body, action) VALUES (?, ?, ?, ?)').run(key, code, body, action);
}

export function updateReplicaItem(db: Db, key: string, body: string, action: string): void {
  db.prepare('UPDATE replica_items SET body = ?, action = ? WHERE key = ?').run(body, action, key);
}

/** The item's body (JSON text), or undefined when this PC no longer holds it. */
export function replicaItemBody(db: Db, key: string): string | undefined {
  return parseRow('replica_items', textColumn, db.prepare('SELECT body FROM replica_items WHERE key = ?').pluck().get(key));
}

// replica_stale: dossiers to fetch again from the hub once nothing of ours is pending

export function markStale(db: Db, code: string): void {
  db.prepare('INSERT OR IGNORE INTO replica_stale (code) VALUES (?)').run(code);
}

export function staleCodes(db: Db): string[] {
  return parseRows('replica_stale', textColumn, db.prepare('SELECT code FROM replica_stale').pluck().all());
}

export function clearStale(db: Db, code: string): void {
  db.prepare('DELETE FROM replica_stale WHERE code = ?').run(code);
}

// replica_settings: the hub's change feed cursor

/** Where the last pull of the hub's change feed stopped; 0 before the first (or for a value that is not a number). */
export function changesCursor(db: Db): number {
  const value = parseRow(
    'replica_settings',
    textColumn,
    db.prepare(`SELECT value FROM replica_settings WHERE key = 'changes_cursor'`).pluck().get(),
  );
  return Number(value ?? 0) || 0;
}

export function setChangesCursor(db: Db, next: number): void {
  db.prepare(
    `INSERT INTO replica_settings (key, value) VALUES ('changes_cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
  ).run(String(next));
}

// replica_code_leases: the blocks of numbers the hub granted this PC

const BlockRowSchema = z.object({ first: z.number().int(), last: z.number().int() });

export function leasedBlocks(db: Db, agencyCode: string, day: string): SequenceBlock[] {
  return parseRows(
    'replica_code_leases',
    BlockRowSchema,
    db.prepare('SELECT first, last FROM replica_code_leases WHERE agency_code = ? AND day = ?').all(agencyCode, day),
  );
}

/** A block granted again (a repeated answer of the hub) is kept once. */
export function insertLeasedBlock(db: Db, agencyCode: string, day: string, block: SequenceBlock): void {
  db.prepare('INSERT OR IGNORE INTO replica_code_leases (agency_code, day, first, last) VALUES (?, ?, ?, ?)').run(
    agencyCode,
    day,
    block.first,
    block.last,
  );
}

// The replication outbox (`outbox` is the replicaTables view of the connection)

/** Whether this PC still has a change of the dossier on its way to the hub. */
export function hasPendingItem(outbox: Db, code: string): boolean {
  return outbox.prepare(`SELECT 1 FROM sync_outbox WHERE ma_ho_so = ? AND state = 'pending' LIMIT 1`).get(code) !== undefined;
}

/** A grown change group: its manifest and the file figures the engine reads. */
export function updateOutboxManifest(outbox: Db, key: string, payload: string, filesTotal: number, bytesTotal: number): void {
  outbox
    .prepare('UPDATE sync_outbox SET payload = ?, files_total = ?, bytes_total = ? WHERE idempotency_key = ?')
    .run(payload, filesTotal, bytesTotal, key);
}

const AttentionRowSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  action: z.string(),
  reason: z.string(),
  at: instantMs.nullable(),
});
export type AttentionRow = z.infer<typeof AttentionRowSchema>;

/** What the hub refused, newest first, with the officer's words for what it was. */
export function attentionItems(outbox: Db): AttentionRow[] {
  const rows = outbox
    .prepare(
      `SELECT o.id, o.ma_ho_so AS code, COALESCE(i.action, '') AS action, COALESCE(o.last_error, '') AS reason, o.last_error_at AS at
       FROM sync_outbox o LEFT JOIN replica_items i ON i.key = o.idempotency_key WHERE o.state = 'attention' ORDER BY o.id DESC LIMIT 200`,
    )
    .all();
  return parseRows('sync_outbox', AttentionRowSchema, rows);
}

const PendingRowSchema = z.object({ bytes: z.number(), oldest: instantMs.nullable() });

/** Bytes still to send and when the oldest pending item was made. */
export function pendingBacklog(outbox: Db): z.infer<typeof PendingRowSchema> {
  return (
    parseRow(
      'sync_outbox',
      PendingRowSchema,
      outbox
        .prepare(`SELECT COALESCE(SUM(bytes_total), 0) AS bytes, MIN(created_at) AS oldest FROM sync_outbox WHERE state = 'pending'`)
        .get(),
    ) ?? { bytes: 0, oldest: null }
  );
}
