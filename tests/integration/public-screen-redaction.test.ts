import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, contract, events, type EventName, type MethodName } from '../../shared/contract';
import type { Caller } from '../../electron/core/contract/router';
import { EVENT_POLICIES, eventFor } from '../../electron/core/trust/event-policy';
import { personalPaths } from '../../electron/core/trust/personal-redaction';
import { testCore } from '../support/core';

const NAME = 'Nguyễn Thị Bí Mật';
/** Every method a kiosk or display may call, read from the contract itself. */
const publicScreenMethods = (): MethodName[] => METHOD_NAMES.filter((m) => contract[m].roles.some((r) => r === 'kiosk' || r === 'display'));
const DOSSIER = '000.00.12.H56-261201-9999';
const officer: Caller = { role: 'officer', userId: 'o1', name: 'Cán bộ' };

/** Keys that carry a citizen's data wherever they appear in the contract; each must carry a personal mark. */
const PERSONAL_KEYS = /(^|\.)(citizenName|fullName|idNumber|oldIdNumber|taxCode|phone|email|address|birthDate|dossierCode)$/;

function unmarkedPersonalKeys(schema: Parameters<typeof personalPaths>[0]): string[] {
  const marked = new Set(personalPaths(schema).map((p) => p.path));
  const keys: string[] = [];
  const walk = (s: unknown, path: string, depth: number) => {
    if (depth > 12 || typeof s !== 'object' || s === null) return;
    const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    const shape = def.shape as Record<string, unknown> | undefined;
    if (shape)
      for (const [k, v] of Object.entries(shape)) {
        const p = `${path}.${k}`;
        if (PERSONAL_KEYS.test(p) && !marked.has(p)) keys.push(p);
        walk(v, p, depth + 1);
      }
    for (const key of ['element', 'innerType', 'valueType', 'in'] as const)
      if (def[key]) walk(def[key], key === 'element' ? `${path}[]` : key === 'valueType' ? `${path}{}` : path, depth + 1);
    if (Array.isArray(def.options)) def.options.forEach((o, i) => walk(o, `${path}|${i}`, depth + 1));
  };
  walk(schema, '$', 0);
  return keys;
}

describe('nothing personal reaches a public screen', () => {
  it('every field of a public answer or event named like personal data carries a personal mark', () => {
    const reachable = [
      ...publicScreenMethods().map((m) => [m, contract[m].output] as const),
      ...(Object.keys(events) as EventName[])
        .filter((e) => EVENT_POLICIES[e]?.audience.some((r) => r === 'kiosk' || r === 'display'))
        .map((e) => [e, events[e]] as const),
    ];
    expect(reachable.length).toBeGreaterThan(5);
    const unmarked = reachable.flatMap(([name, schema]) => unmarkedPersonalKeys(schema).map((p) => `${name} ${p}`));
    expect(unmarked).toEqual([]);
  });

  // Repro (issue 11): queue.rate, open to kiosks and displays, answered citizenName and dossierCode of a finished
  // ticket; redaction went by key name only. Walks every method a public screen can call and every event it gets.
  it('walks every method and event a kiosk or display reaches with a named citizen in the hall', async () => {
    const core = testCore();
    try {
      const seen: { event: EventName; payload: unknown }[] = [];
      core.bus.subscribe((event, payload) => seen.push({ event, payload }));
      const service = core.hall.config().services[0]!;
      const counter = core.hall.config().counters.find((c) => c.serviceIds.includes(service.id))!;
      /** A ticket served to the end for a named citizen, its dossier linked: what queue.rate answers about. */
      const finishedTicket = async (): Promise<string> => {
        const issued = await core.router.call('queue.issueTicket', { serviceId: service.id, citizenName: NAME }, { caller: officer });
        expect(issued).toMatchObject({ ok: true, result: { citizenName: NAME } });
        const id = (issued as { result: { id: string } }).result.id;
        for (const step of ['queue.callNext', 'queue.startService'] as const) {
          expect(await core.router.call(step, { counterId: counter.id }, { caller: officer })).toMatchObject({ ok: true });
        }
        expect(await core.router.call('queue.linkDossier', { ticketId: id, dossierCode: DOSSIER }, { caller: officer })).toMatchObject({
          ok: true,
        });
        expect(await core.router.call('queue.finish', { counterId: counter.id }, { caller: officer })).toMatchObject({ ok: true });
        return id;
      };
      const rated = { kiosk: await finishedTicket(), display: await finishedTicket() };
      // A named citizen stays current at the counter, so queue.state has a name in it for staff.
      await core.router.call('queue.issueTicket', { serviceId: service.id, citizenName: NAME }, { caller: officer });
      await core.router.call('queue.callNext', { counterId: counter.id }, { caller: officer });
      const staffState = await core.router.call('queue.state', {}, { caller: officer });
      expect(JSON.stringify(staffState)).toContain(NAME);

      const inputs = (caller: Caller): Partial<Record<MethodName, unknown>> => ({
        'queue.rate': { ticketId: caller.role === 'kiosk' ? rated.kiosk : rated.display, rating: 3 },
        'queue.issueTicket': { serviceId: service.id, citizenName: NAME },
      });
      const kiosk = core.auth.callerFor(core.devices.pairDirect('kiosk', 'Kiosk sảnh', 'system').credential)!;
      const display = core.auth.callerFor(core.devices.pairDirect('display', 'Màn hình sảnh', 'system').credential)!;
      const walked: string[] = [];
      for (const method of publicScreenMethods()) {
        for (const caller of [kiosk, display]) {
          if (!contract[method].roles.includes(caller.role as never)) continue;
          const outcome = await core.router.call(method, inputs(caller)[method] ?? {}, { caller });
          const text = JSON.stringify(outcome);
          expect(text, `${method} for ${caller.role}`).not.toContain(NAME);
          expect(text, `${method} for ${caller.role}`).not.toContain(DOSSIER);
          if (outcome.ok) walked.push(`${method}/${caller.role}`);
        }
      }
      // Every method a public screen may call answered (none hid behind an error), the leaking one included.
      const expected = publicScreenMethods().flatMap((m) =>
        ['kiosk', 'display'].filter((r) => contract[m].roles.includes(r as never)).map((r) => `${m}/${r}`),
      );
      expect(walked.sort()).toEqual(expected.sort());
      expect(walked).toContain('queue.rate/kiosk');

      expect(seen.some((s) => JSON.stringify(s.payload).includes(NAME))).toBe(true);
      let delivered = 0;
      for (const { event, payload } of seen) {
        for (const caller of [kiosk, display]) {
          const visible = eventFor(event, payload, caller, { displayCitizenNames: false });
          if (!visible.send) continue;
          delivered++;
          expect(JSON.stringify(visible.payload), `${event} for ${caller.role}`).not.toContain(NAME);
          expect(JSON.stringify(visible.payload), `${event} for ${caller.role}`).not.toContain(DOSSIER);
        }
      }
      expect(delivered).toBeGreaterThan(0);
      // A hall that allows names on its board shows the name there, never the dossier code, and never on a kiosk.
      const allowed = seen
        .filter((s) => s.event === 'queue.changed')
        .map((s) => JSON.stringify(eventFor(s.event, s.payload, display, { displayCitizenNames: true }).payload));
      expect(allowed.some((t) => t.includes(NAME))).toBe(true);
      expect(allowed.some((t) => t.includes(DOSSIER))).toBe(false);
    } finally {
      await core.close();
    }
  });

  // Repro (issue 11): a kiosk replaying an earlier requestId got that ticket back, name included, whatever serviceId it sent.
  it('a requestId replay answers only the same caller and the same service', async () => {
    const core = testCore();
    try {
      const [first, second] = core.hall.config().services;
      const staffA: Caller = { role: 'officer', userId: 'a', name: 'A', deviceId: 'ip:10.0.0.1' };
      const staffB: Caller = { role: 'officer', userId: 'b', name: 'B', deviceId: 'ip:10.0.0.2' };
      const original = await core.router.call(
        'queue.issueTicket',
        { serviceId: first!.id, citizenName: NAME, requestId: 'yeu-cau-0001' },
        { caller: staffA },
      );
      expect(original).toMatchObject({ ok: true, result: { citizenName: NAME } });
      const id = (original as { result: { id: string } }).result.id;
      const retry = await core.router.call('queue.issueTicket', { serviceId: first!.id, requestId: 'yeu-cau-0001' }, { caller: staffA });
      expect(retry).toMatchObject({ ok: true, result: { id } });
      const stranger = await core.router.call(
        'queue.issueTicket',
        { serviceId: second!.id, requestId: 'yeu-cau-0001' },
        { caller: staffB },
      );
      expect(stranger.ok && (stranger.result as { id: string }).id).not.toBe(id);
      expect(JSON.stringify(stranger)).not.toContain(NAME);
      const otherService = await core.router.call(
        'queue.issueTicket',
        { serviceId: second!.id, requestId: 'yeu-cau-0001' },
        { caller: staffA },
      );
      expect(otherService).toMatchObject({ ok: false, error: { code: 'conflict' } });
    } finally {
      await core.close();
    }
  });
});
