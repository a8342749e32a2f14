import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppError, type Account, type Me, type MethodParsedInput, type OfficerRole } from '../../../shared/contract';
import { record } from '../audit/audit-log';
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import type { RevocationSignal } from '../trust/revocation';
import * as store from './accounts-store';
import { toAccount, type AccountRow } from './accounts-store';
import { dummyHash, hashPassword, oneTimePassword, verifyPassword } from './password';
import { vnIsoMs } from '../../../shared/vn-time';

export { accountsMigrations } from './accounts-store';

export interface LockoutPolicy {
  /** Wrong passwords in a row that lock the account. */
  maxFailures: number;
  lockMinutes: number;
  /** A session lasts one working day; the counter screen also locks itself when idle (UI). */
  sessionHours: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15, sessionHours: 12 };

/**
 * Per source (LAN address or window): wrong logins across all accounts before
 * that source must wait. Stops password spraying over many usernames, and a
 * stranger keeping the hub's CPU busy with scrypt.
 */
const SOURCE_MAX_FAILURES = 20;
const SOURCE_WINDOW_MS = 10 * 60_000;

/** One answer for a wrong password, an unknown name and a locked account: it must not tell which names exist. */
export const WRONG_LOGIN =
  'Sai tên đăng nhập hoặc mật khẩu. Sau 5 lần sai liên tiếp, tài khoản tạm khoá 15 phút (giám sát mở khoá được ngay).';
export const SESSION_PREFIX = 'mcs_';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Officer accounts: password login (scrypt), lock-out after repeated failures, sessions. */
export class AccountsService {
  private readonly failuresBySource = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly db: Db,
    private readonly revocations: RevocationSignal,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  count(): number {
    return store.countAccounts(this.db);
  }

  /**
   * First start: when there is no account at all, creates `admin`. With no
   * password given, a one-time password is generated and returned for the
   * console (it is stored nowhere else, only its hash) and must be changed at
   * first login. Returns null when accounts exist already.
   */
  async bootstrapAdmin(password?: string): Promise<{ username: string; password: string; generated: boolean } | null> {
    if (this.count() > 0) return null;
    const generated = !password;
    const secret = password ?? oneTimePassword();
    const hash = await hashPassword(secret);
    const created = this.db.transaction(() => {
      if (this.count() > 0) return false;
      this.insert({ username: 'admin', displayName: 'Quản trị viên', role: 'admin' }, hash, generated);
      record(this.db, { actor: 'system', action: 'account.bootstrap', subjectType: 'account', subjectId: 'admin' });
      return true;
    })();
    return created ? { username: 'admin', password: secret, generated } : null;
  }

  private insert(input: { username: string; displayName: string; role: OfficerRole }, hash: string, mustChange: boolean): string {
    const id = randomUUID();
    store.insertAccount(this.db, { id, ...input, passwordHash: hash, mustChange, createdAt: vnIsoMs(this.clock()) });
    return id;
  }

  private row(id: string): AccountRow {
    const row = store.accountById(this.db, id);
    if (!row) throw new AppError('not_found', 'Không có tài khoản này.');
    return row;
  }

  /**
   * Found by the attack run: the lock was checked before the awaited scrypt and failures counted after it,
   * so 40 parallel guesses all reached scrypt. Now every attempt is counted before the password is checked,
   * in-flight attempts included (per account or unknown name, and per source), in the same synchronous step
   * as the check: N parallel guesses cost at most the limit in scrypt time. Refused, locked, unknown and wrong
   * all answer the same message after about the same time, so the answer does not tell which names exist.
   */
  async login(username: string, password: string, from: Caller): Promise<{ token: string; expiresAt: string; me: Me }> {
    const now = this.clock();
    const source = from.deviceId ?? 'unknown';
    if (this.sourceAttempts(source, now) >= SOURCE_MAX_FAILURES) {
      throw new AppError('unavailable', 'Quá nhiều lần đăng nhập sai từ máy này. Vui lòng đợi 10 phút rồi thử lại.');
    }
    const account = store.accountByUsername(this.db, username);
    const known = account && account.active === 1 ? account : undefined;
    const key = known ? `account:${known.id}` : `name:${username}`;
    const lockedUntil = known?.locked_until ?? null;
    const locked = lockedUntil !== null && lockedUntil > vnIsoMs(now);
    // Once a lock has run out, the failures behind it no longer count (the next wrong one locks again).
    const failures = lockedUntil !== null && !locked ? 0 : (known?.failed_attempts ?? 0);
    if (locked || failures + (this.inFlight.get(key) ?? 0) >= this.policy.maxFailures) {
      record(this.db, {
        actor: from,
        action: 'auth.login.refused',
        subjectType: 'account',
        subjectId: known?.id ?? username,
        detail: { reason: 'locked' },
      });
      await this.lookLikeScrypt();
      throw new AppError('unauthorized', WRONG_LOGIN);
    }
    const release = this.reserve(key, source);
    let matches: boolean;
    try {
      matches = await this.timedVerify(password, known?.password_hash ?? (await dummyHash()));
    } finally {
      release();
    }
    if (!known || !matches) {
      this.countSourceFailure(source, now);
      if (known) this.countFailure(known, from, now);
      else
        record(this.db, {
          actor: from,
          action: 'auth.login.failed',
          subjectType: 'account',
          subjectId: username,
          detail: { reason: 'unknown' },
        });
      throw new AppError('unauthorized', WRONG_LOGIN);
    }
    return this.openSession(known, from, now, 'auth.login');
  }

  private openSession(known: AccountRow, from: Caller, now: Date, action: string): { token: string; expiresAt: string; me: Me } {
    const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
    const sessionId = randomUUID();
    const expiresAt = vnIsoMs(now.getTime() + this.policy.sessionHours * 3_600_000);
    this.db.transaction(() => {
      store.recordLogin(this.db, known.id, vnIsoMs(now));
      store.insertSession(this.db, { id: sessionId, tokenHash: tokenHash(token), accountId: known.id, createdAt: vnIsoMs(now), expiresAt });
      record(this.db, {
        actor: { ...from, role: known.role, userId: known.id, name: known.display_name, sessionId },
        action,
        subjectType: 'account',
        subjectId: known.id,
      });
    })();
    return { token, expiresAt, me: this.me(known) };
  }

  /** Changes with the password (a change, a reset): what a grant made under one password is checked against. */
  passwordDigest(accountId: string): string {
    return createHash('sha256').update(this.row(accountId).password_hash, 'utf8').digest('hex');
  }

  /**
   * A session without a password, for a hall workstation that proves an earlier password login there (a resume
   * grant, `hall-link/session-resume.ts`). The account is checked as it is now, so whatever the hub changed while
   * the workstation was cut off wins: disabled, locked, another role or another password → refused, with the reason.
   */
  resumeSession(
    accountId: string,
    expected: { role: OfficerRole; passwordDigest: string },
    from: Caller,
  ):
    | { ok: true; login: { token: string; expiresAt: string; me: Me } }
    | { ok: false; reason: 'gone' | 'disabled' | 'locked' | 'role' | 'password' } {
    const now = this.clock();
    const account = store.accountById(this.db, accountId);
    const reason = !account
      ? 'gone'
      : account.active !== 1
        ? 'disabled'
        : account.locked_until !== null && account.locked_until > vnIsoMs(now)
          ? 'locked'
          : account.role !== expected.role
            ? 'role'
            : this.passwordDigest(accountId) !== expected.passwordDigest
              ? 'password'
              : null;
    if (!account || reason) {
      record(this.db, { actor: from, action: 'auth.resume.refused', subjectType: 'account', subjectId: accountId, detail: { reason } });
      return { ok: false, reason: reason ?? 'gone' };
    }
    return { ok: true, login: this.openSession(account, from, now, 'auth.resume') };
  }

  /** Attempts being checked right now, by account (or unknown name) and by source. */
  private readonly inFlight = new Map<string, number>();
  /** Recent scrypt time, so a refusal without scrypt takes as long as one with it. */
  private scryptMs = 100;

  private reserve(key: string, source: string): () => void {
    const bump = (k: string, by: number) => {
      const next = (this.inFlight.get(k) ?? 0) + by;
      if (next > 0) this.inFlight.set(k, next);
      else this.inFlight.delete(k);
    };
    bump(key, 1);
    bump(`source:${source}`, 1);
    return () => {
      bump(key, -1);
      bump(`source:${source}`, -1);
    };
  }

  private sourceAttempts(source: string, now: Date): number {
    const recent = this.failuresBySource.get(source);
    const failures = recent && now.getTime() - recent.since < SOURCE_WINDOW_MS ? recent.count : 0;
    return failures + (this.inFlight.get(`source:${source}`) ?? 0);
  }

  private countSourceFailure(source: string, now: Date): void {
    const entry = this.failuresBySource.get(source);
    if (!entry || now.getTime() - entry.since >= SOURCE_WINDOW_MS) this.failuresBySource.set(source, { count: 1, since: now.getTime() });
    else entry.count++;
  }

  private async timedVerify(password: string, hash: string): Promise<boolean> {
    const started = performance.now();
    const ok = await verifyPassword(password, hash);
    this.scryptMs = this.scryptMs * 0.8 + (performance.now() - started) * 0.2;
    return ok;
  }

  /** Waits about one scrypt without spending its CPU. */
  private lookLikeScrypt(): Promise<void> {
    const ms = this.scryptMs * (0.9 + Math.random() * 0.2);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** One more wrong password for a known account, and the lock when it reaches the limit; one transaction. */
  private countFailure(account: AccountRow, from: Caller, now: Date): void {
    this.db.transaction(() => {
      const failures = store.addFailedAttempt(this.db, account.id);
      record(this.db, { actor: from, action: 'auth.login.failed', subjectType: 'account', subjectId: account.id, detail: { failures } });
      if (failures < this.policy.maxFailures) return;
      const until = vnIsoMs(now.getTime() + this.policy.lockMinutes * 60_000);
      store.lockAccount(this.db, account.id, until);
      record(this.db, {
        actor: 'system',
        action: 'account.locked',
        subjectType: 'account',
        subjectId: account.id,
        detail: { until, failures },
      });
    })();
  }

  me(account: AccountRow): Me {
    return {
      kind: 'officer',
      id: account.id,
      role: account.role,
      name: account.display_name,
      mustChangePassword: account.must_change_password === 1,
    };
  }

  /** The name people know an officer by (statistics, lists); the id itself for an account that is gone. */
  displayName(accountId: string): string {
    return store.accountById(this.db, accountId)?.display_name ?? accountId;
  }

  meFor(accountId: string): Me {
    return this.me(this.row(accountId));
  }

  /** The caller behind a session token, or null (unknown, ended, expired, account disabled). */
  callerForToken(token: string): Caller | null {
    if (!token.startsWith(SESSION_PREFIX)) return null;
    return this.callerOf(store.openSessionByToken(this.db, tokenHash(token)));
  }

  /** The same, by session id: for work that outlives the request that carried the token (a resume after a restart). */
  callerForSession(sessionId: string): Caller | null {
    return this.callerOf(store.openSessionById(this.db, sessionId));
  }

  private callerOf(row: ReturnType<typeof store.openSessionById>): Caller | null {
    if (!row || row.active !== 1 || row.expires_at <= vnIsoMs(this.clock())) return null;
    return {
      role: row.role,
      userId: row.id,
      name: row.display_name,
      sessionId: row.session_id,
      ...(row.must_change_password === 1 ? { mustChangePassword: true } : {}),
    };
  }

  logout(caller: Caller): void {
    const sessionId = caller.sessionId;
    if (!sessionId) return;
    this.db.transaction(() => {
      store.endSession(this.db, sessionId, vnIsoMs(this.clock()));
      record(this.db, { actor: caller, action: 'auth.logout', subjectType: 'account', subjectId: caller.userId });
    })();
    this.revocations.fire();
  }

  async changePassword(caller: Caller, current: string, next: string): Promise<void> {
    if (!caller.userId) throw new AppError('forbidden', 'Chỉ cán bộ đã đăng nhập mới đổi được mật khẩu.');
    const account = this.row(caller.userId);
    if (!(await verifyPassword(current, account.password_hash))) throw new AppError('invalid_input', 'Mật khẩu hiện tại không đúng.');
    if (current === next) throw new AppError('invalid_input', 'Mật khẩu mới phải khác mật khẩu hiện tại.');
    const hash = await hashPassword(next);
    this.db.transaction(() => {
      store.setPassword(this.db, account.id, hash, false);
      // Every other session of this officer ends: a stolen token dies with the old password.
      store.endSessionsOf(this.db, account.id, vnIsoMs(this.clock()), caller.sessionId ?? '');
      record(this.db, { actor: caller, action: 'account.changePassword', subjectType: 'account', subjectId: account.id });
    })();
    this.revocations.fire();
  }

  list(): Account[] {
    return store.allAccounts(this.db).map(toAccount);
  }

  async save(input: MethodParsedInput<'accounts.save'>, caller: Caller): Promise<{ account: Account; oneTimePassword: string | null }> {
    if (store.usernameTaken(this.db, input.username, input.id ?? ''))
      throw new AppError('conflict', `Tên đăng nhập "${input.username}" đã có.`);
    if (input.id) {
      const existing = this.row(input.id);
      if (existing.id === caller.userId && (input.role !== 'admin' || input.active === false)) {
        throw new AppError('conflict', 'Không thể tự hạ quyền hoặc tự khoá tài khoản quản trị đang dùng.');
      }
      this.db.transaction(() => {
        store.updateAccount(this.db, existing.id, {
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          active: input.active !== false,
        });
        if (input.active === false) {
          store.endSessionsOf(this.db, existing.id, vnIsoMs(this.clock()));
        }
        record(this.db, {
          actor: caller,
          action: 'account.update',
          subjectType: 'account',
          subjectId: existing.id,
          detail: { username: input.username, role: input.role, active: input.active !== false },
        });
      })();
      this.revocations.fire();
      return { account: toAccount(this.row(existing.id)), oneTimePassword: null };
    }
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    const id = this.db.transaction(() => {
      const newId = this.insert(input, hash, true);
      record(this.db, {
        actor: caller,
        action: 'account.create',
        subjectType: 'account',
        subjectId: newId,
        detail: { username: input.username, role: input.role },
      });
      return newId;
    })();
    return { account: toAccount(this.row(id)), oneTimePassword: password };
  }

  async resetPassword(id: string, caller: Caller | 'system'): Promise<string> {
    const account = this.row(id);
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    this.db.transaction(() => {
      store.setPassword(this.db, account.id, hash, true);
      store.endSessionsOf(this.db, account.id, vnIsoMs(this.clock()));
      record(this.db, { actor: caller, action: 'account.resetPassword', subjectType: 'account', subjectId: account.id });
    })();
    this.revocations.fire();
    return password;
  }

  unlock(id: string, caller: Caller): Account {
    const account = this.row(id);
    this.db.transaction(() => {
      store.unlockAccount(this.db, account.id);
      record(this.db, { actor: caller, action: 'account.unlock', subjectType: 'account', subjectId: account.id });
    })();
    return toAccount(this.row(id));
  }

  byUsername(username: string): Account | null {
    const row = store.accountByUsername(this.db, username);
    return row ? toAccount(row) : null;
  }
}
