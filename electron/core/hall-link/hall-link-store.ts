/**
 * The only place that holds SQL for the hall link's tables (hall_workstations, hall_hub_sessions,
 * hall_resume_grants, hall_sealed_grants, hall_pending_resumes); the cached verifiers in a
 * workstation's accounts table are the accounts store's. Rows are parsed once, here; the services keep the
 * rules. Functions take the connection so they run inside whatever transaction the caller opened.
 */
import { z } from 'zod';
import { OfficerRoleSchema, type OfficerRole } from '../../../shared/contract';
import type { Db } from '../db/database';
import { parseRow, parseRows, textColumn } from '../db/rows';

// hall_workstations (at the hub)

const WorkstationRowSchema = z.object({
  device_id: z.string(),
  station: z.number().int(),
  version: z.string(),
  clock_skew_ms: z.number().nullable(),
  backlog_json: z.string(),
  health_json: z.string(),
  reported_at: z.string(),
});
export type WorkstationRow = z.infer<typeof WorkstationRowSchema>;

/** A workstation's latest report replaces the one before. */
export function upsertWorkstationReport(db: Db, row: WorkstationRow): void {
  db.prepare(
    `INSERT INTO hall_workstations (device_id, station, version, clock_skew_ms, backlog_json, health_json, reported_at)
     VALUES (@device_id, @station, @version, @clock_skew_ms, @backlog_json, @health_json, @reported_at)
     ON CONFLICT(device_id) DO UPDATE SET station = excluded.station, version = excluded.version,
       clock_skew_ms = excluded.clock_skew_ms, backlog_json = excluded.backlog_json,
       health_json = excluded.health_json, reported_at = excluded.reported_at`,
  ).run(row);
}

export function workstationReports(db: Db): WorkstationRow[] {
  return parseRows('hall_workstations', WorkstationRowSchema, db.prepare('SELECT * FROM hall_workstations').all());
}

// hall_hub_sessions (at a workstation)

export function putHubSession(db: Db, sessionId: string, hubToken: string, expiresAt: string): void {
  db.prepare('INSERT OR REPLACE INTO hall_hub_sessions (session_id, hub_token, expires_at) VALUES (?, ?, ?)').run(
    sessionId,
    hubToken,
    expiresAt,
  );
}

/** The hub token behind a local session, unless it ran out before `now`. */
export function hubTokenOf(db: Db, sessionId: string, now: string): string | undefined {
  const row = db.prepare('SELECT hub_token FROM hall_hub_sessions WHERE session_id = ? AND expires_at > ?').pluck().get(sessionId, now);
  return parseRow('hall_hub_sessions', textColumn, row);
}

export function deleteHubSession(db: Db, sessionId: string): void {
  db.prepare('DELETE FROM hall_hub_sessions WHERE session_id = ?').run(sessionId);
}

// hall_resume_grants (at the hub)

const GrantRowSchema = z.object({
  account_id: z.string(),
  device_id: z.string(),
  role: OfficerRoleSchema,
  password_digest: z.string(),
  expires_at: z.string(),
});
export type ResumeGrantRow = z.infer<typeof GrantRowSchema>;

export interface NewResumeGrant {
  hash: string;
  account: string;
  device: string;
  role: OfficerRole;
  digest: string;
  now: string;
  expiresAt: string;
}

export function deleteResumeGrantsOf(db: Db, accountId: string, deviceId: string): void {
  db.prepare('DELETE FROM hall_resume_grants WHERE account_id = ? AND device_id = ?').run(accountId, deviceId);
}

export function insertResumeGrant(db: Db, grant: NewResumeGrant): void {
  db.prepare(
    `INSERT INTO hall_resume_grants (grant_hash, account_id, device_id, role, password_digest, issued_at, expires_at)
     VALUES (@hash, @account, @device, @role, @digest, @now, @expiresAt)`,
  ).run(grant);
}

export function resumeGrantByHash(db: Db, grantHash: string): ResumeGrantRow | undefined {
  const found = db
    .prepare('SELECT account_id, device_id, role, password_digest, expires_at FROM hall_resume_grants WHERE grant_hash = ?')
    .get(grantHash);
  return parseRow('hall_resume_grants', GrantRowSchema, found);
}

export function deleteResumeGrant(db: Db, grantHash: string): void {
  db.prepare('DELETE FROM hall_resume_grants WHERE grant_hash = ?').run(grantHash);
}

// hall_sealed_grants (at a workstation)

const SealedRowSchema = z.object({ salt: z.string(), iv: z.string(), tag: z.string(), sealed: z.string(), expires_at: z.string() });
export type SealedGrantRow = z.infer<typeof SealedRowSchema>;

export function putSealedGrant(db: Db, accountId: string, row: SealedGrantRow): void {
  db.prepare('INSERT OR REPLACE INTO hall_sealed_grants (account_id, salt, iv, tag, sealed, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    accountId,
    row.salt,
    row.iv,
    row.tag,
    row.sealed,
    row.expires_at,
  );
}

export function sealedGrantOf(db: Db, accountId: string): SealedGrantRow | undefined {
  const found = db.prepare('SELECT salt, iv, tag, sealed, expires_at FROM hall_sealed_grants WHERE account_id = ?').get(accountId);
  return parseRow('hall_sealed_grants', SealedRowSchema, found);
}

export function deleteSealedGrant(db: Db, accountId: string): void {
  db.prepare('DELETE FROM hall_sealed_grants WHERE account_id = ?').run(accountId);
}

// hall_pending_resumes (at a workstation)

const PendingRowSchema = z.object({ username: z.string(), sealed_grant: z.string() });
export type PendingResumeRow = z.infer<typeof PendingRowSchema>;

export function putPendingResume(db: Db, sessionId: string, row: PendingResumeRow): void {
  db.prepare('INSERT OR REPLACE INTO hall_pending_resumes (session_id, username, sealed_grant) VALUES (?, ?, ?)').run(
    sessionId,
    row.username,
    row.sealed_grant,
  );
}

export function pendingResumeOf(db: Db, sessionId: string): PendingResumeRow | undefined {
  const found = db.prepare('SELECT username, sealed_grant FROM hall_pending_resumes WHERE session_id = ?').get(sessionId);
  return parseRow('hall_pending_resumes', PendingRowSchema, found);
}

export function hasPendingResume(db: Db, sessionId: string): boolean {
  return db.prepare('SELECT 1 FROM hall_pending_resumes WHERE session_id = ?').get(sessionId) !== undefined;
}

export function pendingResumeSessions(db: Db): string[] {
  return parseRows('hall_pending_resumes', textColumn, db.prepare('SELECT session_id FROM hall_pending_resumes').pluck().all());
}

export function deletePendingResume(db: Db, sessionId: string): void {
  db.prepare('DELETE FROM hall_pending_resumes WHERE session_id = ?').run(sessionId);
}
