import { describe, expect, it } from 'vitest';
import { testCore } from '../../../tests/support/core';
import type { Caller } from './router';

const admin: Caller = { role: 'admin' };

describe('contract router', () => {
  it('answers a valid call', async () => {
    const core = testCore();
    const outcome = await core.router.call('hall.config', {}, { caller: admin });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect((outcome.result as { services: unknown[] }).services).toHaveLength(6);
    await core.close();
  });

  it.each([
    ['wrong type', { name: 42, prefix: 'Q' }, 'name'],
    ['missing field', { prefix: 'Q' }, 'name'],
    ['bad prefix', { name: 'Tư pháp', prefix: 'q1' }, 'Tiền tố là 1–2 chữ cái in hoa'],
    ['not an object', 'hello', ''],
  ])('rejects a malformed call (%s) with a Vietnamese invalid_input', async (_label, input, mentioned) => {
    const core = testCore();
    const outcome = await core.router.call('hall.saveService', input, { caller: admin });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('invalid_input');
      expect(outcome.error.message).toBe('Dữ liệu gửi lên không hợp lệ.');
      expect(outcome.error.details?.join(' ')).toContain(mentioned);
    }
    await core.close();
  });

  it('rejects an unknown method', async () => {
    const core = testCore();
    const outcome = await core.router.call('hall.dropEverything', {}, { caller: admin });
    expect(outcome).toEqual({ ok: false, error: { code: 'unknown_method', message: 'Không có chức năng "hall.dropEverything".' } });
    await core.close();
  });

  it('refuses a role the method does not list', async () => {
    const core = testCore();
    const outcome = await core.router.call('hall.saveService', { name: 'X', prefix: 'X' }, { caller: { role: 'display' } });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('forbidden');
    await core.close();
  });

  it('turns a conflict into a Vietnamese message and an unexpected error into a generic one', async () => {
    const core = testCore();
    const conflict = await core.router.call('hall.saveService', { name: 'Trùng', prefix: 'A' }, { caller: admin });
    expect(conflict).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Tiền tố "A" đã dùng cho lĩnh vực "Hộ tịch".' } });
    core.db.close(); // the next handler throws a raw SQLite error
    const broken = await core.router.call('hall.config', {}, { caller: admin });
    expect(broken).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!broken.ok) expect(broken.error.message).not.toMatch(/database|sqlite/i);
  });
});
