import { describe, expect, it } from 'vitest';
import type { EventFrame } from '../../shared/contract';
import { WindowEvents, type WindowLike } from './window-events';

function fakeWindow(id: number): WindowLike & { frames: EventFrame[] } {
  const frames: EventFrame[] = [];
  return { frames, webContents: { id, send: (_channel, frame) => frames.push(frame) } };
}

describe('events to Electron windows', () => {
  it('a window on the login screen gets nothing; an officer’s window gets what officers see', () => {
    const events = new WindowEvents({ displayCitizenNames: false });
    const login = fakeWindow(1);
    const officer = fakeWindow(2);
    const supervisor = fakeWindow(3);
    events.remember(2, { role: 'officer', userId: 'o' });
    events.remember(3, { role: 'supervisor', userId: 's' });
    const state = { day: '2026-11-23', counters: [{ current: { citizenName: 'Nguyễn Văn An' } }] };
    events.send([login, officer, supervisor], 'hall.changed', { services: [], counters: [] });
    events.send([login, officer, supervisor], 'devices.changed', { devices: [] });
    events.send([login, officer, supervisor], 'queue.changed', state);
    expect(login.frames).toEqual([]);
    expect(officer.frames.map((f) => f.event)).toEqual(['hall.changed', 'queue.changed']);
    expect(JSON.stringify(officer.frames[1])).toContain('Nguyễn Văn An');
    expect(supervisor.frames.map((f) => f.event)).toEqual(['hall.changed', 'devices.changed', 'queue.changed']);

    events.forget(2);
    events.send([officer], 'hall.changed', { services: [], counters: [] });
    expect(officer.frames).toHaveLength(2);
  });
});
