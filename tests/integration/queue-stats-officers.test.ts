import { describe, expect, it } from 'vitest';
import { loginAs, testCore } from '../support/core';

describe('queue statistics name officers', () => {
  it('per officer by the account’s display name, not its id', async () => {
    const core = testCore();
    const { token } = await loginAs(core, 'officer');
    const officer = core.auth.callerFor(token);
    if (!officer) throw new Error('no caller');
    const kiosk = { caller: { role: 'kiosk' as const } };
    await core.router.call('queue.issueTicket', { serviceId: 'ho-tich' }, kiosk);
    await core.router.call('queue.callNext', { counterId: 'quay-1' }, { caller: officer });
    await core.router.call('queue.startService', { counterId: 'quay-1' }, { caller: officer });
    await core.router.call('queue.finish', { counterId: 'quay-1' }, { caller: officer });

    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
    const stats = await core.router.call('queue.stats', { from: today, to: today }, { caller: { role: 'supervisor' } });
    if (!stats.ok) throw new Error(stats.error.message);
    const perOfficer = (stats.result as { perOfficer: { label: string; served: number }[] }).perOfficer;
    expect(perOfficer).toEqual([expect.objectContaining({ label: 'Test officer', served: 1 })]);
    await core.close();
  });
});
