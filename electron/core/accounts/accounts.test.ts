import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import { testCore } from '../../../tests/support/core';
import { migrate, openDatabase } from '../db/database';
import { tempDir } from '../../../tests/support/temp-dir';
import { verifyAudit } from '../audit/audit-log';
import { auditMigrations } from '../audit/migrations';
import type { Caller } from '../contract/router';
import { RevocationSignal } from '../trust/revocation';
import { AccountsService, WRONG_LOGIN, accountsMigrations } from './accounts-service';
import { hashPassword, oneTimePassword, verifyPassword } from './password';

const admin: Caller = { role: 'admin', name: 'Test admin', userId: 'x' };
const anonymous: Caller = { role: 'anonymous' };

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function service(clock: { now: Date }) {
  const db = openDatabase(`${tempDir()}/a.sqlite`);
  migrate(db, [...auditMigrations, ...accountsMigrations]);
  const revocations = new RevocationSignal();
  let fired = 0;
  revocations.subscribe(() => fired++);
  const accounts = new AccountsService(db, revocations, { maxFailures: 5, lockMinutes: 15, sessionHours: 12 }, () => clock.now);
  return { db, accounts, fired: () => fired };
}

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('mật khẩu đúng');
    const b = await hashPassword('mật khẩu đúng');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('mật khẩu đúng', a)).toBe(true);
    expect(await verifyPassword('mật khẩu sai', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99999999$8$1$AAAA$AAAA')).toBe(false);
  });

  it('one-time passwords avoid look-alike characters', () => {
    for (let i = 0; i < 50; i++) expect(oneTimePassword()).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
  });
});

describe('accounts', () => {
  it('first start creates one admin whose one-time password must be changed; never twice', async () => {
    const { accounts } = service({ now: new Date() });
    const first = await accounts.bootstrapAdmin();
    expect(first).toMatchObject({ username: 'admin', generated: true });
    expect(await accounts.bootstrapAdmin()).toBeNull();
    const login = await accounts.login('admin', first!.password, anonymous);
    expect(login.me).toMatchObject({ kind: 'officer', role: 'admin', mustChangePassword: true });
    expect(login.token).toMatch(/^mcs_/);
  });

  it('wrong passwords lock the account: even the right password is then refused until unlocked', async () => {
    const clock = { now: new Date('2026-11-23T08:00:00Z') };
    const { accounts, db } = service(clock);
    const { account, oneTimePassword: password } = await accounts.save(
      { username: 'lan', displayName: 'Trần Lan', role: 'officer' },
      admin,
    );
    for (let i = 1; i <= 4; i++) {
      expect((await refusal(accounts.login('lan', 'sai-mat-khau', anonymous))).message).toBe(WRONG_LOGIN);
    }
    const fifth = await refusal(accounts.login('lan', 'sai-mat-khau', anonymous));
    expect(fifth.code).toBe('unauthorized');
    expect(fifth.message).toBe(WRONG_LOGIN);
    const locked = await refusal(accounts.login('lan', password!, anonymous));
    expect(locked.message).toBe(WRONG_LOGIN);
    expect(accounts.list().find((a) => a.id === account.id)?.lockedUntil).not.toBeNull();

    accounts.unlock(account.id, admin);
    const ok = await accounts.login('lan', password!, anonymous);
    expect(ok.me.name).toBe('Trần Lan');
    // Every failure, the lock and the unlock are in the audit trail, and the chain holds.
    const actions = db.prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all();
    expect(actions.filter((a) => a === 'auth.login.failed')).toHaveLength(5);
    expect(actions).toContain('account.locked');
    expect(actions).toContain('auth.login.refused');
    expect(actions).toContain('account.unlock');
    expect(verifyAudit(db).ok).toBe(true);
  });

  it('a lock ends by itself after the lock period', async () => {
    const clock = { now: new Date('2026-11-23T08:00:00Z') };
    const { accounts } = service(clock);
    const { oneTimePassword: password } = await accounts.save({ username: 'minh', displayName: 'Lê Minh', role: 'officer' }, admin);
    for (let i = 0; i < 5; i++) await refusal(accounts.login('minh', 'wrong', anonymous));
    clock.now = new Date('2026-11-23T08:14:00Z');
    await refusal(accounts.login('minh', password!, anonymous));
    clock.now = new Date('2026-11-23T08:16:00Z');
    expect((await accounts.login('minh', password!, anonymous)).me.role).toBe('officer');
  });

  it('an unknown user gets the same answer as a wrong password', async () => {
    const { accounts } = service({ now: new Date() });
    expect((await refusal(accounts.login('nobody', 'x', anonymous))).message).toBe(WRONG_LOGIN);
  });

  it('sessions end on logout, on expiry, when the account is disabled, and other sessions end on a password change', async () => {
    const clock = { now: new Date('2026-11-23T08:00:00Z') };
    const { accounts, fired } = service(clock);
    const { account, oneTimePassword: password } = await accounts.save(
      { username: 'hoa', displayName: 'Ngô Hoa', role: 'supervisor' },
      admin,
    );
    const a = await accounts.login('hoa', password!, anonymous);
    const b = await accounts.login('hoa', password!, anonymous);
    const callerA = accounts.callerForToken(a.token)!;
    expect(callerA).toMatchObject({ role: 'supervisor', userId: account.id });
    expect(accounts.callerForToken(`${a.token}x`)).toBeNull();

    await accounts.changePassword(callerA, password!, 'mật khẩu mới dài');
    expect(accounts.callerForToken(a.token)).not.toBeNull();
    expect(accounts.callerForToken(b.token)).toBeNull();
    expect(fired()).toBeGreaterThan(0);

    accounts.logout(callerA);
    expect(accounts.callerForToken(a.token)).toBeNull();

    const c = await accounts.login('hoa', 'mật khẩu mới dài', anonymous);
    clock.now = new Date('2026-11-23T20:01:00Z');
    expect(accounts.callerForToken(c.token)).toBeNull();

    clock.now = new Date('2026-11-23T21:00:00Z');
    const d = await accounts.login('hoa', 'mật khẩu mới dài', anonymous);
    await accounts.save({ id: account.id, username: 'hoa', displayName: 'Ngô Hoa', role: 'supervisor', active: false }, admin);
    expect(accounts.callerForToken(d.token)).toBeNull();
    expect((await refusal(accounts.login('hoa', 'mật khẩu mới dài', anonymous))).message).toBe(WRONG_LOGIN);
  });

  it('works through the core: login is public, whoami needs the token', async () => {
    const core = testCore();
    const first = await core.accounts.bootstrapAdmin('mat-khau-quan-tri');
    expect(first?.generated).toBe(false);
    const login = await core.router.call('auth.login', { username: 'ADMIN ', password: 'mat-khau-quan-tri' }, { caller: anonymous });
    expect(login).toMatchObject({ ok: true, result: { me: { role: 'admin', mustChangePassword: false } } });
    expect(await core.router.call('auth.whoami', {}, { caller: anonymous })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await core.close();
  });
});

describe('one-time passwords', () => {
  it('a session opened with a one-time password may only change it (enforced by the back end)', async () => {
    const core = testCore();
    const { oneTimePassword: password } = await core.accounts.save({ username: 'tam', displayName: 'Võ Tâm', role: 'supervisor' }, admin);
    const { token } = await core.accounts.login('tam', password!, anonymous);
    const caller = core.auth.callerFor(token)!;
    expect(await core.router.call('devices.list', {}, { caller })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Bạn đang dùng mật khẩu một lần: hãy đặt mật khẩu mới trước.' },
    });
    expect(await core.router.call('auth.whoami', {}, { caller })).toMatchObject({ ok: true, result: { mustChangePassword: true } });
    expect(
      await core.router.call('auth.changePassword', { currentPassword: password, newPassword: 'mật khẩu riêng của Tâm' }, { caller }),
    ).toMatchObject({ ok: true });
    expect(await core.router.call('devices.list', {}, { caller: core.auth.callerFor(token)! })).toMatchObject({ ok: true });
    await core.close();
  });
});

describe('password spraying', () => {
  it('one source that keeps failing over many usernames must wait; other sources are not affected', async () => {
    const clock = { now: new Date('2026-11-23T08:00:00Z') };
    const { accounts } = service(clock);
    const { oneTimePassword: password } = await accounts.save({ username: 'an', displayName: 'An', role: 'officer' }, admin);
    const attacker: Caller = { role: 'anonymous', deviceId: 'ip:10.0.0.66' };
    for (let i = 0; i < 20; i++) await refusal(accounts.login(`user${i}`, 'đoán', attacker));
    const blocked = await refusal(accounts.login('an', password!, attacker));
    expect(blocked).toMatchObject({ code: 'unavailable', message: expect.stringContaining('Vui lòng đợi 10 phút') });
    expect((await accounts.login('an', password!, { role: 'anonymous', deviceId: 'ip:10.0.0.7' })).me.name).toBe('An');
    clock.now = new Date('2026-11-23T08:11:00Z');
    expect((await accounts.login('an', password!, attacker)).me.name).toBe('An');
  });
});

describe('login limits under parallel attackers', () => {
  const countAudit = (db: ReturnType<typeof service>['db'], action: string) =>
    db.prepare('SELECT COUNT(*) FROM audit_log WHERE action = ?').pluck().get(action) as number;

  // Repro (issue 11): 40 parallel logins, the right password last, got a token and reset the failure count to 0:
  // the lock was checked before the awaited scrypt and failures were counted after it.
  it('40 parallel guesses at one account: at most 5 reach scrypt, the right password among the rest is refused', async () => {
    const { accounts, db } = service({ now: new Date('2026-11-23T08:00:00Z') });
    const { account, oneTimePassword: password } = await accounts.save(
      { username: 'lan', displayName: 'Trần Lan', role: 'officer' },
      admin,
    );
    const from = (i: number): Caller => ({ role: 'anonymous', deviceId: `ip:10.0.0.${i}` });
    const guesses = Array.from({ length: 40 }, (_, i) => accounts.login('lan', i === 39 ? password! : `sai-${i}`, from(i)));
    const outcomes = await Promise.allSettled(guesses);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(0);
    expect(countAudit(db, 'auth.login.failed')).toBe(5);
    const row = accounts.list().find((a) => a.id === account.id);
    expect(row?.failedAttempts).toBe(5);
    expect(row?.lockedUntil).not.toBeNull();
  }, 60_000);

  // Repro (issue 11): 100 parallel wrong guesses from one source were all checked by scrypt (41 s of CPU).
  it('40 parallel guesses over ten accounts from one source: at most 20 reach scrypt', async () => {
    const { accounts, db } = service({ now: new Date('2026-11-23T08:00:00Z') });
    for (let i = 0; i < 10; i++) await accounts.save({ username: `nguoi${i}`, displayName: `Người ${i}`, role: 'officer' }, admin);
    const source: Caller = { role: 'anonymous', deviceId: 'ip:10.0.0.66' };
    // Four guesses per account stay under the per-account limit: only the per-source limit can stop them.
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => accounts.login(`nguoi${i % 10}`, 'sai', source)));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(countAudit(db, 'auth.login.failed')).toBe(20);
    const later = await refusal(accounts.login('nguoi-khac', 'sai', source));
    expect(later.code).toBe('unavailable');
  }, 60_000);

  // Repro (issue 11): a locked account answered another message in 12 ms instead of ~500 ms, telling names apart.
  it('a locked account, a wrong password and an unknown name answer alike, after about the same time', async () => {
    const { accounts } = service({ now: new Date('2026-11-23T08:00:00Z') });
    const { oneTimePassword: password } = await accounts.save({ username: 'lan', displayName: 'Trần Lan', role: 'officer' }, admin);
    await accounts.save({ username: 'minh', displayName: 'Lê Minh', role: 'officer' }, admin);
    for (let i = 0; i < 5; i++) await refusal(accounts.login('lan', 'sai', { role: 'anonymous', deviceId: `ip:a${i}` }));
    const timed = async (name: string, pw: string) => {
      const started = performance.now();
      const error = await refusal(accounts.login(name, pw, { role: 'anonymous', deviceId: `ip:${name}` }));
      return { message: error.message, ms: performance.now() - started };
    };
    const locked = await timed('lan', password!);
    const wrong = await timed('minh', 'sai');
    const unknown = await timed('khong-co', 'sai');
    expect(new Set([locked.message, wrong.message, unknown.message])).toEqual(new Set([WRONG_LOGIN]));
    // Loose on purpose (shared CPUs): the old answer for a locked account was ~40 times faster.
    expect(locked.ms).toBeGreaterThan(wrong.ms * 0.3);
  }, 60_000);
});
