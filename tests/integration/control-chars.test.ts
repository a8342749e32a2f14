import { describe, expect, it } from 'vitest';
import { cleanText } from '../../shared/contract';
import { testCore } from '../support/core';

const admin = { role: 'admin' as const, name: 'Quản trị' };

describe('control characters in names and free text', () => {
  it('cleanText strips ANSI escapes, bidi overrides and C0/C1 controls; keeps Vietnamese, tabs and lines', () => {
    expect(cleanText('Nguyễn\u001b[31m Văn\u001b[0m An')).toBe('Nguyễn Văn An');
    expect(cleanText('\u202eAn Văn Nguyễn\u202c')).toBe('An Văn Nguyễn');
    expect(cleanText('a\u0007b\u0085c\u2067d\u2069')).toBe('abcd');
    expect(cleanText('Dòng 1\nDòng 2\tcột')).toBe('Dòng 1\nDòng 2\tcột');
  });

  // Repro (issue 11): names kept NUL, bidi overrides and ANSI escapes.
  it('the router stores names cleaned and refuses NUL', async () => {
    const core = testCore();
    try {
      const saved = await core.router.call('hall.saveService', { name: '\u202eTư pháp\u001b[2J\u0007', prefix: 'G' }, { caller: admin });
      expect(saved).toMatchObject({ ok: true, result: { name: 'Tư pháp' } });
      const nul = await core.router.call('hall.saveService', { name: 'Tư\u0000pháp', prefix: 'H' }, { caller: admin });
      expect(nul).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('NUL') } });
      const service = core.hall.config().services[0]!;
      const ticket = await core.router.call(
        'queue.issueTicket',
        { serviceId: service.id, citizenName: 'Lê\u001b]0;pwned\u0007 Thị Hoa' },
        { caller: admin },
      );
      expect(ticket).toMatchObject({ ok: true, result: { citizenName: 'Lê Thị Hoa' } });
    } finally {
      await core.close();
    }
  });
});
