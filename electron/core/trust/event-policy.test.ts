import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../shared/contract';
import { DEFAULT_AUDIENCE, EVENT_POLICIES, eventFor, withoutKeys } from './event-policy';

const display = { role: 'display' as const, deviceId: 'd1' };
const officer = { role: 'officer' as const, userId: 'u1' };

describe('event policy: public screens get only what they show', () => {
  it('every policy names only known events', () => {
    for (const name of Object.keys(EVENT_POLICIES)) expect(EVENT_NAMES).toContain(name);
  });

  it.each([
    ['hall.changed', 'display', true],
    ['system.notice', 'kiosk', true],
    ['devices.changed', 'display', false],
    ['devices.changed', 'officer', false],
    ['devices.changed', 'supervisor', true],
  ] as const)('%s reaches a %s: %s', (event, role, sent) => {
    expect(eventFor(event, {}, { role }, { displayCitizenNames: false }).send).toBe(sent);
  });

  it('an event nobody listed goes to staff and counter PCs, never to kiosks or displays', () => {
    expect(DEFAULT_AUDIENCE).not.toContain('display');
    expect(DEFAULT_AUDIENCE).not.toContain('kiosk');
    expect(eventFor('hall.changed', {}, { role: 'anonymous' }, { displayCitizenNames: true }).send).toBe(false);
  });

  it('a redactor cuts citizen names for displays unless configured', () => {
    const redact = (payload: unknown, caller: { role: string }, options: { displayCitizenNames: boolean }) =>
      caller.role === 'display' && !options.displayCitizenNames ? withoutKeys(payload, new Set(['citizenName', 'idNumber'])) : payload;
    const payload = { calls: [{ number: 'A-012', counter: 3, citizenName: 'Nguyễn Văn An', idNumber: '001203004567' }] };
    (EVENT_POLICIES as Record<string, unknown>)['hall.changed'] = { audience: ['display', 'officer'], redact };
    try {
      expect(eventFor('hall.changed', payload, display, { displayCitizenNames: false }).payload).toEqual({
        calls: [{ number: 'A-012', counter: 3 }],
      });
      expect(eventFor('hall.changed', payload, display, { displayCitizenNames: true }).payload).toEqual(payload);
      expect(eventFor('hall.changed', payload, officer, { displayCitizenNames: false }).payload).toEqual(payload);
    } finally {
      (EVENT_POLICIES as Record<string, unknown>)['hall.changed'] = {
        audience: ['officer', 'supervisor', 'admin', 'kiosk', 'display', 'counter-device'],
      };
    }
  });
});

describe('queue data on public screens', () => {
  it('a display board gets the queue without citizen names, over the router and over events', async () => {
    const { testCore } = await import('../../../tests/support/core');
    const core = testCore();
    const officer = { role: 'officer' as const, userId: 'o', name: 'Cán bộ' };
    const kiosk = { role: 'kiosk' as const, deviceId: 'k' };
    const issued = await core.router.call(
      'queue.issueTicket',
      { serviceId: core.hall.config().services[0]!.id, citizenName: 'Nguyễn Văn An' },
      { caller: kiosk },
    );
    // Even the kiosk that scanned the ID card gets the ticket back without the name: one rule for every public screen.
    expect(issued).toMatchObject({ ok: true, result: { citizenName: null } });
    const counter = core.hall.config().counters.find((c) => c.serviceIds.includes(core.hall.config().services[0]!.id))!;
    expect(await core.router.call('queue.callNext', { counterId: counter.id }, { caller: officer })).toMatchObject({ ok: true });

    const seenBy = async (caller: { role: 'display' | 'officer' | 'kiosk' }) => {
      const outcome = await core.router.call('queue.state', {}, { caller });
      if (!outcome.ok) throw new Error(outcome.error.message);
      return JSON.stringify(outcome.result);
    };
    expect(await seenBy({ role: 'officer' })).toContain('Nguyễn Văn An');
    expect(await seenBy({ role: 'display' })).not.toContain('Nguyễn Văn An');
    expect(await seenBy({ role: 'kiosk' })).not.toContain('Nguyễn Văn An');

    const state = JSON.parse(await seenBy({ role: 'officer' })) as unknown;
    expect(JSON.stringify(eventFor('queue.changed', state, display, { displayCitizenNames: false }).payload)).not.toContain(
      'Nguyễn Văn An',
    );
    expect(JSON.stringify(eventFor('queue.changed', state, display, { displayCitizenNames: true }).payload)).toContain('Nguyễn Văn An');
    expect(eventFor('queue.called', {}, display, { displayCitizenNames: false }).send).toBe(true);
    expect(eventFor('queue.printerAlert', {}, display, { displayCitizenNames: false }).send).toBe(false);
    expect(eventFor('queue.finished', {}, { role: 'kiosk' }, { displayCitizenNames: false }).send).toBe(true);
    await core.close();
  });
});
