/**
 * Issue #15: a reader's reads go to the screen it serves. Repro: the hub
 * broadcast a serial scanner's read as `dossier.qrScanned` to every open
 * counter page of the hall. Real hub, real WebSockets: two officers' pages and
 * a kiosk; Electron windows through WindowEvents.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/contract';
import type { Core } from '../../electron/core/app';
import type { Hub } from '../../electron/core/hub/hub-server';
import { WindowEvents } from '../../electron/ipc/window-events';
import { loginAs, testHub } from '../support/core';

let running: { core: Core; hub: Hub } | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await running?.hub.close();
  await running?.core.close();
  running = undefined;
});

/** A socket that records the events it receives; resolves once the hub has registered it. */
async function listen(hub: Hub, token: string): Promise<string[]> {
  const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/events?token=${token}`);
  sockets.push(socket);
  const seen: string[] = [];
  socket.on('message', (data) => seen.push(String(JSON.parse(String(data)).event)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return seen;
}

const read = (screen: EventPayload<'dossier.qrScanned'>['screen']): EventPayload<'dossier.qrScanned'> => ({
  source: '/dev/hidraw3',
  result: { ok: false, error: 'Lần quét không đọc trọn: hãy quét lại.' },
  screen,
});

/** Emits the read, then a marker every socket gets: a socket that saw the marker but not the read was skipped. */
async function emitAndSettle(core: Core, lists: string[][], payload: EventPayload<'dossier.qrScanned'>): Promise<void> {
  core.bus.emit('dossier.qrScanned', payload);
  core.bus.emit('system.notice', { level: 'ok', message: 'marker' });
  for (let i = 0; i < 200 && !lists.every((l) => l.includes('system.notice')); i++) await new Promise((r) => setTimeout(r, 10));
  expect(lists.every((l) => l.includes('system.notice'))).toBe(true);
}

describe('code reads reach the screen their reader serves', () => {
  it('a read for one device (a kiosk) reaches that kiosk only, not every counter of the hall', async () => {
    running = await testHub();
    const { core, hub } = running;
    const officerA = await loginAs(core, 'officer');
    const officerB = await loginAs(core, 'officer');
    const kiosk = core.devices.pairDirect('kiosk', 'Kiosk sảnh', 'system');
    const otherKiosk = core.devices.pairDirect('kiosk', 'Kiosk 2', 'system');
    const lists = await Promise.all([officerA.token, officerB.token, kiosk.credential, otherKiosk.credential].map((t) => listen(hub, t)));
    await new Promise((r) => setTimeout(r, 50));

    await emitAndSettle(core, lists, read({ kind: 'device', deviceId: kiosk.me.id }));
    const [a, b, k, k2] = lists;
    expect(k).toContain('dossier.qrScanned');
    expect(a).not.toContain('dossier.qrScanned');
    expect(b).not.toContain('dossier.qrScanned');
    expect(k2).not.toContain('dossier.qrScanned');
  });

  it('a read of a reader on this PC (`local`) goes to its Electron windows, never out to the LAN', async () => {
    running = await testHub();
    const { core, hub } = running;
    const officer = await loginAs(core, 'officer');
    const lists = [await listen(hub, officer.token)];
    await new Promise((r) => setTimeout(r, 50));
    await emitAndSettle(core, lists, read({ kind: 'local' }));
    expect(lists[0]).not.toContain('dossier.qrScanned');

    const windowEvents = new WindowEvents({ displayCitizenNames: false });
    const sent: string[] = [];
    const window = { webContents: { id: 1, send: (_channel: string, frame: { event: string }) => void sent.push(frame.event) } };
    windowEvents.remember(1, { role: 'officer', userId: 'u1' });
    windowEvents.send([window], 'dossier.qrScanned', read({ kind: 'local' }));
    expect(sent).toEqual(['dossier.qrScanned']);
  });

  it('`staff` (web mode’s old behaviour, chosen explicitly) reaches staff pages and no kiosk', async () => {
    running = await testHub();
    const { core, hub } = running;
    const officer = await loginAs(core, 'officer');
    const kiosk = core.devices.pairDirect('kiosk', 'Kiosk', 'system');
    const lists = await Promise.all([officer.token, kiosk.credential].map((t) => listen(hub, t)));
    await new Promise((r) => setTimeout(r, 50));
    await emitAndSettle(core, lists, read({ kind: 'staff' }));
    expect(lists[0]).toContain('dossier.qrScanned');
    expect(lists[1]).not.toContain('dossier.qrScanned');
  });
});
