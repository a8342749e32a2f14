/**
 * The only place that holds SQL for the accounts and sessions tables; rows are parsed once, here.
 * The service keeps the login rules (lock-out, timing, revocation).
 */
import { z } from 'zod';
import { OfficerRoleSchema, type Account, type OfficerRole } from '../../../shared/contract';
import type { Db, Migration } from '../db/database';
import { integerColumn, parseRow, parseRows } from '../db/rows';
import { rewriteInstants } from '../db/instants';

export const accountsMigrations: Migration[] = [
  {
    id: 'accounts/001-accounts-sessions',
    up: (db) =>
      db.exec(`
        CREATE TABLE accounts (
          id TEXT PRIMARY KEY,
          username TEXT NOT NULL UNIQUE,
          display_name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
          password_hash TEXT NOT NULL,
          must_change_password INTEGER NOT NULL DEFAULT 0,
          active INTEGER NOT NULL DEFAULT 1,
          failed_attempts INTEGER NOT NULL DEFAULT 0,
          locked_until TEXT,
          last_login_at TEXT,
          created_at TEXT NOT NULL
        );
        CREATE TABLE sessions (
          id TEXT PRIMARY KEY,
          token_hash TEXT NOT NULL UNIQUE,
          account_id TEXT NOT NULL REFERENCES accounts(id),
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          ended_at TEXT
        );
      `),
  },
  {
    // Issue 12: instants are stored as Vietnam ISO text (vnIsoMs); rows written as UTC "…Z" text are rewritten.
    id: 'accounts/002-vn-instants',
    up: (db) => {
      rewriteInstants(db, 'accounts', ['locked_until', 'last_login_at', 'created_at']);
      rewriteInstants(db, 'sessions', ['created_at', 'expires_at', 'ended_at']);
    },
  },
];

const AccountRowSchema = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  role: OfficerRoleSchema,
  password_hash: z.string(),
  must_change_password: z.number().int(),
  active: z.number().int(),
  failed_attempts: z.number().int(),
  locked_until: z.string().nullable(),
  last_login_at: z.string().nullable(),
});
export type AccountRow = z.output<typeof AccountRowSchema>;

const SessionCallerRowSchema = z.object({
  session_id: z.string(),
  expires_at: z.string(),
  id: z.string(),
  role: OfficerRoleSchema,
  display_name: z.string(),
  active: z.number().int(),
  must_change_password: z.number().int(),
});

export function toAccount(r: AccountRow): Account {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    active: r.active === 1,
    lockedUntil: r.locked_until,
    failedAttempts: r.failed_attempts,
    lastLoginAt: r.last_login_at,
  };
}

export function countAccounts(db: Db): number {
  return parseRow('accounts', integerColumn, db.prepare('SELECT COUNT(*) FROM accounts').pluck().get()) ?? 0;
}

export function accountById(db: Db, id: string): AccountRow | undefined {
  return parseRow('accounts', AccountRowSchema, db.prepare('SELECT * FROM accounts WHERE id = ?').get(id));
}

export function accountByUsername(db: Db, username: string): AccountRow | undefined {
  return parseRow('accounts', AccountRowSchema, db.prepare('SELECT * FROM accounts WHERE username = ?').get(username));
}

/** Whether another account (not `exceptId`) already has this username. */
export function usernameTaken(db: Db, username: string, exceptId: string): boolean {
  return db.prepare('SELECT 1 FROM accounts WHERE username = ? AND id <> ?').get(username, exceptId) !== undefined;
}

export function allAccounts(db: Db): AccountRow[] {
  return parseRows('accounts', AccountRowSchema, db.prepare('SELECT * FROM accounts ORDER BY username').all());
}

export function insertAccount(
  db: Db,
  a: { id: string; username: string; displayName: string; role: OfficerRole; passwordHash: string; mustChange: boolean; createdAt: string },
): void {
  db.prepare(
    `INSERT INTO accounts (id, username, display_name, role, password_hash, must_change_password, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(a.id, a.username, a.displayName, a.role, a.passwordHash, a.mustChange ? 1 : 0, a.createdAt);
}

export function updateAccount(db: Db, id: string, a: { username: string; displayName: string; role: OfficerRole; active: boolean }): void {
  db.prepare('UPDATE accounts SET username = ?, display_name = ?, role = ?, active = ? WHERE id = ?').run(
    a.username,
    a.displayName,
    a.role,
    a.active ? 1 : 0,
    id,
  );
}

/** A successful login: the failures forgotten and the time kept. */
export function recordLogin(db: Db, id: string, at: string): void {
  db.prepare('UPDATE accounts SET failed_attempts = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(at, id);
}

/** One more wrong password; answers the count after it. */
export function addFailedAttempt(db: Db, id: string): number {
  const row = db
    .prepare('UPDATE accounts SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts')
    .pluck()
    .get(id);
  return parseRow('accounts', integerColumn, row) ?? 0;
}

export function lockAccount(db: Db, id: string, until: string): void {
  db.prepare('UPDATE accounts SET locked_until = ? WHERE id = ?').run(until, id);
}

export function unlockAccount(db: Db, id: string): void {
  db.prepare('UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(id);
}

export function setPassword(db: Db, id: string, passwordHash: string, mustChange: boolean): void {
  if (mustChange) {
    db.prepare(
      'UPDATE accounts SET password_hash = ?, must_change_password = 1, failed_attempts = 0, locked_until = NULL WHERE id = ?',
    ).run(passwordHash, id);
  } else {
    db.prepare('UPDATE accounts SET password_hash = ?, must_change_password = 0 WHERE id = ?').run(passwordHash, id);
  }
}

export function insertSession(db: Db, s: { id: string; tokenHash: string; accountId: string; createdAt: string; expiresAt: string }): void {
  db.prepare('INSERT INTO sessions (id, token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
    s.id,
    s.tokenHash,
    s.accountId,
    s.createdAt,
    s.expiresAt,
  );
}

/** The open session whose `column` is `value`, with its account, or undefined. */
function openSessionWhere(db: Db, column: 'token_hash' | 'id', value: string): z.output<typeof SessionCallerRowSchema> | undefined {
  const row = db
    .prepare(
      `SELECT s.id AS session_id, s.expires_at, a.id, a.role, a.display_name, a.active, a.must_change_password
       FROM sessions s JOIN accounts a ON a.id = s.account_id
       WHERE s.${column} = ? AND s.ended_at IS NULL`,
    )
    .get(value);
  return parseRow('sessions', SessionCallerRowSchema, row);
}

export function openSessionByToken(db: Db, tokenHash: string): z.output<typeof SessionCallerRowSchema> | undefined {
  return openSessionWhere(db, 'token_hash', tokenHash);
}

export function openSessionById(db: Db, sessionId: string): z.output<typeof SessionCallerRowSchema> | undefined {
  return openSessionWhere(db, 'id', sessionId);
}

export function endSession(db: Db, sessionId: string, at: string): void {
  db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(at, sessionId);
}

/** Ends every open session of an account but `keepSessionId` (none: all of them). */
export function endSessionsOf(db: Db, accountId: string, at: string, keepSessionId?: string): void {
  if (keepSessionId === undefined)
    db.prepare('UPDATE sessions SET ended_at = ? WHERE account_id = ? AND ended_at IS NULL').run(at, accountId);
  else
    db.prepare('UPDATE sessions SET ended_at = ? WHERE account_id = ? AND id <> ? AND ended_at IS NULL').run(at, accountId, keepSessionId);
}

// The cached verifiers of hall officers at a workstation (hall-link/cached-login.ts): the hub's accounts, with this PC's own hash.

export interface CachedAccount {
  id: string;
  username: string;
  name: string;
  role: OfficerRole;
  passwordHash: string;
  mustChangePassword: boolean;
  at: string;
}

/** A same-named local account other than `keepId` steps aside: renamed out of the way and disabled. */
export function renameOtherAccountNamed(db: Db, username: string, keepId: string): void {
  db.prepare("UPDATE accounts SET username = username || '~' || substr(id, 1, 8), active = 0 WHERE username = ? AND id <> ?").run(
    username,
    keepId,
  );
}

/** The hall's account as the hub knows it, with this PC's own hash of the password, active. */
export function upsertCachedAccount(db: Db, a: CachedAccount): void {
  db.prepare(
    `INSERT INTO accounts (id, username, display_name, role, password_hash, must_change_password, active, created_at)
     VALUES (@id, @username, @name, @role, @hash, @must, 1, @now)
     ON CONFLICT(id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name, role = excluded.role,
       password_hash = excluded.password_hash, must_change_password = excluded.must_change_password, active = 1,
       failed_attempts = 0, locked_until = NULL`,
  ).run({
    id: a.id,
    username: a.username,
    name: a.name,
    role: a.role,
    hash: a.passwordHash,
    must: a.mustChangePassword ? 1 : 0,
    now: a.at,
  });
}

export function deactivateAccount(db: Db, accountId: string): void {
  db.prepare('UPDATE accounts SET active = 0 WHERE id = ?').run(accountId);
}

export function activeAccountNamed(db: Db, username: string): boolean {
  return db.prepare('SELECT 1 FROM accounts WHERE username = ? AND active = 1').get(username) !== undefined;
}
