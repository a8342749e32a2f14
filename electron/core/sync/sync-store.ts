/**
 * The sync tables (sync_outbox, sync_remote_files, sync_remote_dossiers, sync_remote_status,
 * sync_backlog, sync_file_downloads, sync_procedure_map): the only place with their SQL, apart from
 * the migrations and `settings-store.ts` (sync_settings). Every row read is parsed once here.
 *
 * Functions take the connection they are given, never a module-level one: they join the caller's
 * transaction, and hall replication hands in its renaming view (`repl_*` for `sync_*`). The engine's
 * and the upload pipeline's hot paths get their statements from factories (`engineStatements`,
 * `uploadStatements`), compiled once per connection: a prepare per call cost more than the query.
 */
import { z } from 'zod';
import type { Db } from '../db/database';
import { instantMs } from '../db/instants';
import { integerColumn, jsonColumn, parseRow, parseRows, textColumn } from '../db/rows';
import { vnIsoMs } from '../../../shared/vn-time';

/** "Due at once": the next attempt of an item that may go now (was 0 when the columns held epoch ms). */
export const SYNC_EPOCH = vnIsoMs(0);

export type OutboxState = 'pending' | 'done' | 'attention';

/** A `sync_outbox` row, parsed once where it is read. */
export const OutboxRowSchema = z.object({
  id: z.number().int(),
  ma_ho_so: z.string(),
  kind: z.enum(['dossier', 'progress']),
  payload: z.string(),
  idempotency_key: z.string(),
  state: z.enum(['pending', 'done', 'attention']),
  attempts: z.number().int(),
  next_attempt_at: instantMs,
  last_error: z.string().nullable(),
  last_error_at: instantMs.nullable(),
  files_total: z.number().int(),
  bytes_total: z.number(),
  created_at: instantMs,
  done_at: instantMs.nullable(),
  done_via: z.string().nullable(),
});
export type OutboxRow = z.infer<typeof OutboxRowSchema>;

const outboxRows = (rows: unknown[]) => parseRows('sync_outbox', OutboxRowSchema, rows);
const nullableText = z.string().nullable();
const nullableInteger = z.number().int().nullable();

// -------------------------------------------------------------------- outbox

interface OutboxItemBase {
  maHoSo: string;
  /** The validated payload, as JSON text. */
  payload: string;
  idempotencyKey: string;
  createdAt: string;
}
export type NewOutboxItem =
  (OutboxItemBase & { kind: 'dossier'; files: { count: number; bytes: number } }) | (OutboxItemBase & { kind: 'progress' });

/** Adds one item; returns its row id. Runs in the caller's transaction. */
export function insertOutboxItem(db: Db, item: NewOutboxItem): number {
  const info =
    item.kind === 'dossier'
      ? db
          .prepare(
            `INSERT INTO sync_outbox (ma_ho_so, kind, payload, idempotency_key, files_total, bytes_total, created_at)
             VALUES (?, 'dossier', ?, ?, ?, ?, ?)`,
          )
          .run(item.maHoSo, item.payload, item.idempotencyKey, item.files.count, item.files.bytes, item.createdAt)
      : db
          .prepare(`INSERT INTO sync_outbox (ma_ho_so, kind, payload, idempotency_key, created_at) VALUES (?, 'progress', ?, ?, ?)`)
          .run(item.maHoSo, item.payload, item.idempotencyKey, item.createdAt);
  return Number(info.lastInsertRowid);
}

const CountRowSchema = z.object({ state: z.enum(['pending', 'done', 'attention']), n: z.number().int() });

export function outboxCounts(db: Db): Record<OutboxState, number> {
  const counts: Record<OutboxState, number> = { pending: 0, done: 0, attention: 0 };
  const rows = parseRows('sync_outbox', CountRowSchema, db.prepare('SELECT state, COUNT(*) AS n FROM sync_outbox GROUP BY state').all());
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

const SumsSchema = z.object({ total: z.number(), done: z.number() });

/** The attachment bytes of every item, and of the items done. */
export function outboxBytes(db: Db): { total: number; done: number } {
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(bytes_total), 0) AS total, COALESCE(SUM(CASE WHEN state = 'done' THEN bytes_total END), 0) AS done FROM sync_outbox`,
    )
    .get();
  return parseRow('sync_outbox', SumsSchema, row) ?? { total: 0, done: 0 };
}

/** How many dossiers have items queued (done or not). */
export function queuedDossierCount(db: Db): number {
  return parseRow('sync_outbox', integerColumn, db.prepare('SELECT COUNT(DISTINCT ma_ho_so) FROM sync_outbox').pluck().get()) ?? 0;
}

/** Everything not yet acknowledged, in outbox order (the offline bundle). */
export function unsentItems(db: Db): OutboxRow[] {
  return outboxRows(db.prepare(`SELECT * FROM sync_outbox WHERE state <> 'done' ORDER BY id`).all());
}

const FailingRowSchema = z.object({
  id: z.number(),
  ma_ho_so: z.string(),
  kind: z.enum(['dossier', 'progress']),
  state: z.enum(['pending', 'attention']),
  attempts: z.number(),
  last_error: z.string(),
  last_error_at: instantMs.nullable(),
  next_attempt_at: instantMs,
});
export type FailingRow = z.output<typeof FailingRowSchema>;

/** Items needing attention, then pending ones that failed at least once; the first 100. */
export function failingItems(db: Db): FailingRow[] {
  const rows = db
    .prepare(
      `SELECT id, ma_ho_so, kind, state, attempts, last_error, last_error_at, next_attempt_at FROM sync_outbox
       WHERE state = 'attention' OR (state = 'pending' AND last_error IS NOT NULL) ORDER BY state = 'attention' DESC, id LIMIT 100`,
    )
    .all();
  return parseRows('sync_outbox', FailingRowSchema, rows);
}

/** Puts failed items back in the queue now (all of them when no ids are given); returns how many. */
export function retryFailed(db: Db, ids?: readonly number[]): number {
  const sql = `UPDATE sync_outbox SET state = 'pending', next_attempt_at = ? WHERE state IN ('pending', 'attention') AND (last_error IS NOT NULL)`;
  if (!ids?.length) return db.prepare(sql).run(SYNC_EPOCH).changes;
  const one = db.prepare(`${sql} AND id = ?`);
  return db.transaction(() => ids.reduce((n, id) => n + one.run(SYNC_EPOCH, id).changes, 0))();
}

// ------------------------------------------------- the engine's hot statements

const EligibleSchema = z.object({ id: z.number().int(), ma_ho_so: z.string() });

/** The engine's statements, compiled once for its connection. */
export function engineStatements(db: Db) {
  const eligible = db.prepare(
    `SELECT o.id, o.ma_ho_so FROM sync_outbox o INDEXED BY sync_outbox_pending_order
       WHERE o.state = 'pending' AND o.next_attempt_at <= ?
         AND NOT EXISTS (SELECT 1 FROM sync_outbox p WHERE p.state = 'pending' AND p.ma_ho_so = o.ma_ho_so AND p.id < o.id)
       ORDER BY o.id LIMIT ?`,
  );
  const row = db.prepare('SELECT * FROM sync_outbox WHERE id = ?');
  const nextAttempt = db.prepare(`SELECT MIN(next_attempt_at) FROM sync_outbox WHERE state = 'pending'`).pluck();
  const fileKnown = db.prepare('SELECT 1 FROM sync_remote_files WHERE sha256 = ?');
  const dossierKnown = db.prepare('SELECT 1 FROM sync_remote_dossiers WHERE ma_ho_so = ?');
  const done = db.prepare(
    `UPDATE sync_outbox SET state = 'done', done_at = ?, done_via = 'online', last_error = NULL WHERE id = ? AND state = 'pending'`,
  );
  const fileDelivered = db.prepare('INSERT OR IGNORE INTO sync_remote_files (sha256, confirmed_at) VALUES (?, ?)');
  const dossierHeld = db.prepare(
    `INSERT INTO sync_remote_dossiers (ma_ho_so, confirmed_at, trang_thai) VALUES (?, ?, ?) ON CONFLICT(ma_ho_so) DO UPDATE SET trang_thai = excluded.trang_thai`,
  );
  const statusHeld = db.prepare('UPDATE sync_remote_dossiers SET trang_thai = ? WHERE ma_ho_so = ?');
  const attention = db.prepare(`UPDATE sync_outbox SET state = 'attention', attempts = ?, last_error = ?, last_error_at = ? WHERE id = ?`);
  const later = db.prepare(`UPDATE sync_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, last_error_at = ? WHERE id = ?`);
  const forget = db.prepare('DELETE FROM sync_remote_files WHERE sha256 = ?');
  const filesHeld = db.prepare('SELECT COUNT(*) FROM sync_remote_files').pluck();
  return {
    /**
     * The first pending item of each dossier, due by `now`, in outbox order: id and dossier only,
     * so the engine skips the dossiers it is busy with before reading a whole row.
     */
    eligible: (now: string, limit: number): { id: number; ma_ho_so: string }[] =>
      parseRows('sync_outbox', EligibleSchema, eligible.all(now, limit)),
    item: (id: number): OutboxRow | undefined => parseRow('sync_outbox', OutboxRowSchema, row.get(id)),
    /** The earliest next attempt of a pending item, or null when none is pending. */
    nextAttemptAt: (): string | null => parseRow('sync_outbox', nullableText, nextAttempt.get()) ?? null,
    fileKnown: (sha256: string): boolean => fileKnown.get(sha256) !== undefined,
    dossierKnown: (maHoSo: string): boolean => dossierKnown.get(maHoSo) !== undefined,
    markDone: (id: number, at: string): void => {
      done.run(at, id);
    },
    fileDelivered: (sha256: string, at: string): void => {
      fileDelivered.run(sha256, at);
    },
    dossierHeld: (maHoSo: string, at: string, trangThai: number): void => {
      dossierHeld.run(maHoSo, at, trangThai);
    },
    statusHeld: (maHoSo: string, trangThai: number): void => {
      statusHeld.run(trangThai, maHoSo);
    },
    /** A rejection: the item waits for a person. */
    markAttention: (id: number, attempts: number, error: string, at: string): void => {
      attention.run(attempts, error, at, id);
    },
    /** A transient failure: the item goes again at `nextAttemptAt`. */
    retryLater: (id: number, attempts: number, nextAttemptAt: string, error: string, at: string): void => {
      later.run(attempts, nextAttemptAt, error, at, id);
    },
    /** The receiver lost these files: they are sent again. */
    forgetFiles: (sha256s: readonly string[]): void => {
      for (const sha of sha256s) forget.run(sha);
    },
    /** Files the receiver holds whole. */
    filesHeld: (): number => parseRow('sync_remote_files', integerColumn, filesHeld.get()) ?? 0,
  };
}
export type EngineStatements = ReturnType<typeof engineStatements>;

/** The upload pipeline's statements, compiled once for its connection. */
export function uploadStatements(db: Db) {
  const known = db.prepare('SELECT 1 FROM sync_remote_files WHERE sha256 = ?');
  const ahead = db
    .prepare(
      `SELECT payload FROM sync_outbox INDEXED BY sync_outbox_pending_order WHERE state = 'pending' AND id > ? AND kind = 'dossier' ORDER BY id LIMIT 24`,
    )
    .pluck();
  return {
    fileKnown: (sha256: string): boolean => known.get(sha256) !== undefined,
    /** Payloads of the next pending dossier items after `id` (the status look-ahead). */
    pendingPayloadsAfter: (id: number): string[] => parseRows('sync_outbox', textColumn, ahead.all(id)),
  };
}
export type UploadStatements = ReturnType<typeof uploadStatements>;

// ------------------------------------------------------- offline bundle ack

const AckedRowSchema = z.object({ id: z.number().int(), state: z.string(), kind: z.string(), ma_ho_so: z.string() });
export type AckedRow = z.output<typeof AckedRowSchema>;

/** The statements applying one acknowledgement file, compiled once for its loop. */
export function ackStatements(db: Db) {
  const find = db.prepare('SELECT id, state, kind, ma_ho_so FROM sync_outbox WHERE idempotency_key = ?');
  const done = db.prepare(`UPDATE sync_outbox SET state = 'done', done_at = ?, done_via = 'bundle', last_error = NULL WHERE id = ?`);
  const dossier = db.prepare('INSERT OR IGNORE INTO sync_remote_dossiers (ma_ho_so, confirmed_at) VALUES (?, ?)');
  const rejected = db.prepare(`UPDATE sync_outbox SET state = 'attention', last_error = ?, last_error_at = ? WHERE id = ?`);
  const file = db.prepare('INSERT OR IGNORE INTO sync_remote_files (sha256, confirmed_at) VALUES (?, ?)');
  return {
    itemByKey: (idempotencyKey: string): AckedRow | undefined => parseRow('sync_outbox', AckedRowSchema, find.get(idempotencyKey)),
    markDone: (id: number, at: string): void => {
      done.run(at, id);
    },
    dossierConfirmed: (maHoSo: string, at: string): void => {
      dossier.run(maHoSo, at);
    },
    markRejected: (id: number, error: string, at: string): void => {
      rejected.run(error, at, id);
    },
    fileConfirmed: (sha256: string, at: string): void => {
      file.run(sha256, at);
    },
  };
}

// ----------------------------------------------------- statuses coming back

/** Open dossiers the receiver holds with one of `statuses`, after `after` in code order. */
export function heldOpenDossiers(db: Db, statuses: readonly number[], after: string, limit: number): string[] {
  const marks = statuses.map(() => '?').join(', ');
  const rows = db
    .prepare(`SELECT ma_ho_so FROM sync_remote_dossiers WHERE trang_thai IN (${marks}) AND ma_ho_so > ? ORDER BY ma_ho_so LIMIT ?`)
    .pluck()
    .all(...statuses, after, limit);
  return parseRows('sync_remote_dossiers', textColumn, rows);
}

/** A look-up of the status the receiver holds for a dossier (null: none known), compiled once. */
export function heldStatusLookup(db: Db): (maHoSo: string) => number | null {
  const known = db.prepare('SELECT trang_thai FROM sync_remote_dossiers WHERE ma_ho_so = ?').pluck();
  return (maHoSo) => parseRow('sync_remote_dossiers', nullableInteger, known.get(maHoSo)) ?? null;
}

export interface RemoteStatusChange {
  maHoSo: string;
  trangThai: number;
  /** Vietnam ISO text; null when the receiver sent no readable time (not kept for the catch-up). */
  at: string | null;
  seq: number;
}

/** Records statuses set on the receiver's side: the catch-up list, and what the receiver now holds. */
export function recordRemoteStatuses(db: Db, changes: readonly RemoteStatusChange[]): void {
  const status = db.prepare(
    `INSERT INTO sync_remote_status (ma_ho_so, trang_thai, at, seq) VALUES (?, ?, ?, ?)
     ON CONFLICT(ma_ho_so) DO UPDATE SET trang_thai = excluded.trang_thai, at = excluded.at, seq = excluded.seq`,
  );
  const held = db.prepare('UPDATE sync_remote_dossiers SET trang_thai = ? WHERE ma_ho_so = ?');
  for (const c of changes) {
    if (c.at !== null) status.run(c.maHoSo, c.trangThai, c.at, c.seq);
    held.run(c.trangThai, c.maHoSo);
  }
}

const RemoteStatusRowSchema = z.object({ ma_ho_so: z.string(), trang_thai: z.number().int(), at: z.string(), seq: z.number() });
export type RemoteStatusRow = z.output<typeof RemoteStatusRowSchema>;

/** The latest provincial status of every dossier it changed, in the order they came. */
export function remoteStatusRows(db: Db): RemoteStatusRow[] {
  const rows = db.prepare('SELECT ma_ho_so, trang_thai, at, seq FROM sync_remote_status ORDER BY seq').all();
  return parseRows('sync_remote_status', RemoteStatusRowSchema, rows);
}

// -------------------------------------------------------------------- backlog

const BacklogRowSchema = z.object({ at: instantMs, pending: z.number(), attention: z.number() });
export type BacklogPoint = z.output<typeof BacklogRowSchema>;

/** A point of the backlog history, keeping the last 720. */
export function sampleBacklog(db: Db, at: string, counts: Record<OutboxState, number>): void {
  db.prepare('INSERT OR REPLACE INTO sync_backlog (at, pending, attention, done) VALUES (?, ?, ?, ?)').run(
    at,
    counts.pending,
    counts.attention,
    counts.done,
  );
  db.prepare('DELETE FROM sync_backlog WHERE at < (SELECT MIN(at) FROM (SELECT at FROM sync_backlog ORDER BY at DESC LIMIT 720))').run();
}

/** The newest `limit` points, oldest first. */
export function backlogPoints(db: Db, limit: number): BacklogPoint[] {
  const rows = db.prepare('SELECT at, pending, attention FROM sync_backlog ORDER BY at DESC LIMIT ?').all(limit);
  return parseRows('sync_backlog', BacklogRowSchema, rows).reverse();
}

// ------------------------------------------------------ file listener (dvcqg)

/** The file listener's log, compiled once: each download, and the files the portal now holds. */
export function downloadStatements(db: Db) {
  const insert = db.prepare('INSERT INTO sync_file_downloads (at, sha256, remote, outcome, bytes) VALUES (?, ?, ?, ?, ?)');
  const delivered = db.prepare('INSERT OR IGNORE INTO sync_remote_files (sha256, confirmed_at) VALUES (?, ?)');
  return {
    logDownload: (at: string, sha256: string, remote: string, outcome: string, bytes: number): void => {
      insert.run(at, sha256, remote, outcome, bytes);
    },
    fileDelivered: (sha256: string, at: string): void => {
      delivered.run(sha256, at);
    },
  };
}

const DownloadCountsSchema = z.object({ delivered: z.number(), attempts: z.number(), refused: z.number() });

export function downloadCounts(db: Db): { delivered: number; attempts: number; refused: number } {
  const row = db
    .prepare(
      `SELECT COUNT(DISTINCT CASE WHEN outcome = 'ok' THEN sha256 END) AS delivered, COUNT(*) AS attempts,
           COALESCE(SUM(outcome IN ('expired', 'bad-signature', 'not-found', 'method')), 0) AS refused FROM sync_file_downloads`,
    )
    .get();
  return parseRow('sync_file_downloads', DownloadCountsSchema, row) ?? { delivered: 0, attempts: 0, refused: 0 };
}

// ------------------------------------------------------------ procedure map

/** Result codes as stored; an unreadable list reads as none (it is refreshed from the catalog). */
const ResultsSchema = jsonColumn(z.array(z.object({ code: z.string(), name: z.string() }))).catch([]);

const ProcedureRowSchema = z.object({
  local_code: z.string(),
  portal_code: z.string(),
  name: z.string(),
  field_code: z.string(),
  field_name: z.string(),
  results: ResultsSchema,
  fetched_at: instantMs,
  edited: z.number(),
});
export type ProcedureRow = z.output<typeof ProcedureRowSchema>;

export interface ProcedureRowInput {
  localCode: string;
  portalCode: string;
  name: string;
  fieldCode: string;
  fieldName: string;
  results: { code: string; name: string }[];
  fetchedAt: string;
  edited: boolean;
}

export function procedureRow(db: Db, localCode: string): ProcedureRow | undefined {
  return parseRow(
    'sync_procedure_map',
    ProcedureRowSchema,
    db.prepare('SELECT * FROM sync_procedure_map WHERE local_code = ?').get(localCode),
  );
}

export function procedureRows(db: Db): ProcedureRow[] {
  return parseRows('sync_procedure_map', ProcedureRowSchema, db.prepare('SELECT * FROM sync_procedure_map ORDER BY local_code').all());
}

export function putProcedureRow(db: Db, row: ProcedureRowInput): void {
  db.prepare(
    `INSERT INTO sync_procedure_map (local_code, portal_code, name, field_code, field_name, results, fetched_at, edited)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(local_code) DO UPDATE SET portal_code = excluded.portal_code, name = excluded.name, field_code = excluded.field_code,
       field_name = excluded.field_name, results = excluded.results, fetched_at = excluded.fetched_at, edited = excluded.edited`,
  ).run(
    row.localCode,
    row.portalCode,
    row.name,
    row.fieldCode,
    row.fieldName,
    JSON.stringify(row.results),
    row.fetchedAt,
    row.edited ? 1 : 0,
  );
}

/** True when there was a row to delete. */
export function deleteProcedureRow(db: Db, localCode: string): boolean {
  return db.prepare('DELETE FROM sync_procedure_map WHERE local_code = ?').run(localCode).changes > 0;
}

// ----------------------------------------------------------------- set-up

/** The sync tables exist (a data directory the app has opened once). */
export function syncTablesExist(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_outbox'`).get() !== undefined;
}
