/** The audit_log table: the only place with its SQL; rows parsed once where they are read. */
import { z } from 'zod';
import type { Db } from '../db/database';
import { parseRow, parseRows } from '../db/rows';

const AuditRowSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor_role: z.string(),
  actor_id: z.string().nullable(),
  actor_name: z.string().nullable(),
  device_id: z.string().nullable(),
  action: z.string(),
  subject_type: z.string().nullable(),
  subject_id: z.string().nullable(),
  detail: z.string().nullable(),
  prev_hash: z.string(),
  hash: z.string(),
  mac: z.string().nullable().optional(),
});
export type AuditRow = z.infer<typeof AuditRowSchema>;

const LinkSchema = z.object({ seq: z.number().int(), hash: z.string() });

/** The newest row's seq and hash: what the next row chains to. */
export function lastLink(db: Db): { seq: number; hash: string } | undefined {
  return parseRow('audit_log', LinkSchema, db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get());
}

export function insertRow(db: Db, row: AuditRow): void {
  db.prepare(
    `INSERT INTO audit_log (seq, at, actor_role, actor_id, actor_name, device_id, action, subject_type, subject_id, detail, prev_hash, hash, mac)
     VALUES (@seq, @at, @actor_role, @actor_id, @actor_name, @device_id, @action, @subject_type, @subject_id, @detail, @prev_hash, @hash, @mac)`,
  ).run({ ...row, mac: row.mac ?? null });
}

/** The newest rows below `beforeSeq`, newest first. */
export function rowsBefore(db: Db, beforeSeq: number, limit: number): AuditRow[] {
  return parseRows(
    'audit_log',
    AuditRowSchema,
    db.prepare('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(beforeSeq, limit),
  );
}

/** The highest seq so far (0 on an empty trail). */
export function maxSeq(db: Db): number {
  return parseRow('audit_log', z.number().int().nullable(), db.prepare('SELECT MAX(seq) FROM audit_log').pluck().get()) ?? 0;
}

const ActionCountSchema = z.object({ action: z.string(), n: z.number().int() });

/** How many rows of each action were written in [from, to), most frequent first. */
export function actionCountsBetween(db: Db, from: string, to: string): { action: string; n: number }[] {
  return parseRows(
    'audit_log',
    ActionCountSchema,
    db
      .prepare('SELECT action, COUNT(*) AS n FROM audit_log WHERE at >= ? AND at < ? GROUP BY action ORDER BY n DESC, action')
      .all(from, to),
  );
}

/** Every row in chain order, one at a time (constant memory over a long trail). */
export function* allRows(db: Db): Generator<AuditRow> {
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate()) {
    const parsed = parseRow('audit_log', AuditRowSchema, row);
    if (parsed) yield parsed;
  }
}
