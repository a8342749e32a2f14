/**
 * Dossier codes for a hall of many workstations (issue #10): with fixed
 * station blocks only stations 0–9 exist, so an 11th counter PC could not be
 * configured at all. Here ten workstations with station numbers up to 60
 * issue codes over several days from leases, four of them cut off from the
 * hub after their first lease; afterwards every code is legal and unique, and
 * the hub holds every dossier once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, parseDossierCode } from '../../shared/domain/dossier-code';
import { vnDay, vnIso } from '../../electron/core/dossier/vn-time';
import { BIRTH_APPLICANT } from '../support/dossier-fixtures';
import { startHallHub, startWorkstation, until, type Workstation } from '../support/replication-hall';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const POLICY = { blockSize: 6, reserveDays: 3, reserveSize: 10, lowWater: 3 };
const STATIONS = [1, 2, 7, 11, 19, 25, 33, 42, 51, 60];
const CUT_OFF = new Set([7, 25, 42, 60]);

function receiveOn(ws: Workstation, day: string): string {
  const procedure = ws.core.catalog.search('khai sinh')[0]!;
  return ws.core.dossiers.receiveRecord({
    procedureCode: procedure.code,
    applicant: { ...BIRTH_APPLICANT, kind: 'citizen', sex: 'Nam' },
    components: procedure.components.map((k) => ({
      code: k.code,
      name: k.name,
      originals: 1,
      copies: 0,
      sha256: null,
      fileName: null,
      reusedFrom: null,
    })),
    officer: ws.caller.name!,
    receivedAt: `${day}T09:00:00+07:00`,
  }).code;
}

describe('dossier code leases', () => {
  it('ten workstations, four of them offline for days, never issue the same code', async () => {
    const hub = await startHallHub({ replication: { role: 'hub', leasePolicy: POLICY } });
    cleanups.push(async () => {
      await hub.hub.close();
      await hub.core.close();
    });
    const today = vnDay(vnIso(new Date()));
    const days = [today, addDays(today, 1), addDays(today, 2)];
    const workstations = STATIONS.map((s) => {
      const ws = startWorkstation(hub, s, POLICY);
      cleanups.push(() => ws.core.close());
      return ws;
    });
    // Each PC got its first leases (today and the reserve days) while the LAN was up.
    for (const ws of workstations)
      await until(`leases of ${ws.caller.name}`, () => days.every((d) => ws.core.replication.workstation!.leases.remaining(d) > 0));
    for (const ws of workstations) if (CUT_OFF.has(ws.core.config.station)) ws.link.offline = true;

    const codes: string[] = [];
    // Offline PCs live on their reserve: 10 a future day, 6 today; online ones top up as they go.
    for (const day of days) {
      for (let round = 0; round < 12; round++) {
        for (const ws of workstations) {
          const offline = CUT_OFF.has(ws.core.config.station);
          // A future day stands for a day spent offline: its reserve is what a PC has then.
          const budget = day !== today ? POLICY.reserveSize : offline ? POLICY.blockSize : 12;
          if (round >= budget) continue;
          // What the counter's receive call does first: top up today's numbers when nearly gone (a no-op offline).
          if (day === today) await ws.core.replication.workstation!.ensureNumbers();
          codes.push(receiveOn(ws, day));
        }
      }
    }
    const offlinePc = workstations.find((w) => CUT_OFF.has(w.core.config.station))!;
    expect(() => receiveOn(offlinePc, today)).toThrow(/hết số hồ sơ được cấp/);

    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(parseDossierCode(code)).toMatchObject({ agencyCode: hub.core.config.agency.code });

    for (const ws of workstations) ws.link.offline = false;
    await until(
      'the hub holds every dossier',
      () => (hub.core.db.prepare('SELECT COUNT(*) FROM dossiers').pluck().get() as number) === codes.length,
      60_000,
    );
    expect(hub.core.db.prepare(`SELECT COUNT(*) FROM hall_applied WHERE outcome = 'rejected'`).pluck().get()).toBe(0);
  }, 90_000);
});
