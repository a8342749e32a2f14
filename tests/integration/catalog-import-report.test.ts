import { describe, expect, it } from 'vitest';
import { testCore } from '../support/core';

const admin = { role: 'admin' as const, name: 'Quản trị' };

// Issue #13 repro: importing a 0-byte catalog file answered only "Dữ liệu gửi lên không hợp lệ.".
describe('catalog import report', () => {
  it('a 0-byte file gets its own report line, in every format', async () => {
    const core = testCore();
    try {
      for (const format of ['json', 'csv', 'xlsx'] as const) {
        const answer = await core.router.call('catalog.import', { format, base64: '' }, { caller: admin });
        expect(answer).toMatchObject({
          ok: true,
          result: { created: 0, errors: [{ row: 0, message: expect.stringContaining('Tệp rỗng') }] },
        });
      }
    } finally {
      await core.close();
    }
  });

  it('a file with the wrong columns is reported on its header row', async () => {
    const core = testCore();
    try {
      const csv = 'ma_thu_tuc,ten_thu_tuc\n1.000001,\n';
      const answer = await core.router.call(
        'catalog.import',
        { format: 'csv', base64: Buffer.from(csv).toString('base64') },
        { caller: admin },
      );
      expect(answer).toMatchObject({ ok: true, result: { created: 0 } });
      expect(answer).toMatchObject({ ok: true, result: { errors: [{ row: 1, message: expect.stringContaining('Thiếu cột') }] } });
    } finally {
      await core.close();
    }
  });
});
