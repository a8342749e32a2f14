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
      (EVENT_POLICIES as Record<string, unknown>)['hall.changed'] = { audience: ['officer', 'supervisor', 'admin', 'kiosk', 'display', 'counter-device'] };
    }
  });
});
