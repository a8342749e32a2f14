import { describe, expect, it } from 'vitest';
import { testCore } from '../../../tests/support/core';

const DAY = '2026-03-02';

describe('the hub checks the station a workstation claims', () => {
  // Repro (issue #10, left over): the hub trusted `station` in replication.leases and replication.push, so a
  // paired workstation could ask for another counter's numbers (and speak for it) just by sending its number.
  it('refuses a device claiming another station, and a device that changes its number; frees a revoked one', async () => {
    const core = testCore({ replication: { role: 'hub' } });
    try {
      const one = core.devices.pairDirect('counter-device', 'Máy trạm 1', 'system').me;
      const two = core.devices.pairDirect('counter-device', 'Máy trạm 2', 'system').me;
      const leases = (deviceId: string, station: number) =>
        core.router.call(
          'replication.leases',
          { station, agencyCode: core.config.agency.code, requests: [{ day: DAY, size: 10 }] },
          { caller: { role: 'counter-device', deviceId, name: deviceId } },
        );
      expect((await leases(one.id, 1)).ok).toBe(true);
      expect((await leases(two.id, 2)).ok).toBe(true);

      const stolen = await leases(two.id, 1);
      expect(stolen).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(JSON.stringify(stolen)).toContain('máy số 2');
      const push = await core.router.call(
        'replication.push',
        { key: 'k-1', item: { kind: 'change', code: 'X', station: 1, events: [] } },
        { caller: { role: 'counter-device', deviceId: two.id, name: 'two' } },
      );
      expect(push.ok).toBe(false);

      // A new PC paired for station 1 after the old one was revoked takes the number over.
      core.devices.revoke(one.id, 'system');
      const three = core.devices.pairDirect('counter-device', 'Máy trạm 1 mới', 'system').me;
      expect((await leases(three.id, 1)).ok).toBe(true);
      const fresh = core.devices.pairDirect('counter-device', 'Máy trạm lạ', 'system').me;
      expect(await leases(fresh.id, 2)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      await core.close();
    }
  });
});
