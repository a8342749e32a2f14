import { describe, expect, it } from 'vitest';
import { testCore } from '../../../tests/support/core';
import type { Caller } from '../contract/router';
import { assertStrongPassword, judgePassword } from './password-policy';

describe('password policy', () => {
  // Repro (issue 13): an admin could set 1234567890, the only rule was ten characters.
  it.each([
    '1234567890',
    'password123',
    'qwertyuiop',
    'aaaaaaaaaa',
    'matkhau123',
    'motcua2026',
    'nguyenvanan',
    'hanoi12345',
    'Matkhau@123',
  ])('refuses the guessable %s with a Vietnamese reason', (weak) => {
    const verdict = judgePassword(weak);
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toMatch(/dễ bị đoán|dễ đoán/);
  });

  it('refuses a password built from the officer’s own name', () => {
    const verdict = judgePassword('tranthilan2026', ['tranthilan', 'Trần Thị Lan']);
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toContain('tên');
  });

  it.each(['ngựa-vằn-ăn-bánh-chưng', 'correct horse battery staple', 'k7#Vq9!zR2@m'])('accepts the strong %s', (strong) => {
    expect(judgePassword(strong).ok).toBe(true);
  });

  it('throws an invalid_input AppError naming the field', () => {
    expect(() => assertStrongPassword('1234567890')).toThrow(
      expect.objectContaining({ code: 'invalid_input', details: ['newPassword: weak password'] }),
    );
  });
});

describe('auth.changePassword enforces the policy in the back end', () => {
  // Repro (issue 13): "An admin can set 1234567890 as a password" — the call answered ok.
  it('refuses 1234567890 and a password made of the officer’s name, accepts a long phrase', async () => {
    const core = testCore();
    const admin: Caller = { role: 'admin', name: 'Test admin', userId: 'x' };
    const { oneTimePassword: first } = await core.accounts.save({ username: 'tam', displayName: 'Võ Thanh Tâm', role: 'admin' }, admin);
    const { token } = await core.accounts.login('tam', first!, { role: 'anonymous' });
    const caller = core.auth.callerFor(token)!;
    const weak = await core.router.call('auth.changePassword', { currentPassword: first, newPassword: '1234567890' }, { caller });
    expect(weak).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('dễ bị đoán') } });
    const own = await core.router.call('auth.changePassword', { currentPassword: first, newPassword: 'vothanhtam2026' }, { caller });
    expect(own).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const good = await core.router.call(
      'auth.changePassword',
      { currentPassword: first, newPassword: 'gió mùa về trên đồi chè xanh' },
      { caller },
    );
    expect(good).toMatchObject({ ok: true });
  });
});
