import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../electron/core/app';
import type { Hub } from '../../electron/core/hub/hub-server';
import { loginAs, postJson, testHub } from '../support/core';

let running: { core: Core; hub: Hub } | undefined;
afterEach(async () => {
  await running?.hub.close();
  await running?.core.close();
  running = undefined;
});

function openSocket(url: string, token: string): Promise<{ socket: WebSocket; frames: { event: string; payload: unknown }[] }> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/events?token=${encodeURIComponent(token)}`);
  const frames: { event: string; payload: unknown }[] = [];
  return new Promise((resolve, reject) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { event: string; payload: unknown };
      if (frame.event === 'hello') resolve({ socket, frames });
      else frames.push(frame);
    });
    socket.on('close', (code) => reject(new Error(`closed ${code}`)));
  });
}

async function pairOverHttp(hub: Hub, supervisor: string, role: 'kiosk' | 'display', name: string) {
  const code = await postJson(`${hub.url}/api/devices.createPairingCode`, { role, name }, supervisor);
  expect(code.status).toBe(200);
  const typed = (code.body as { code: string }).code; // "1234 5678", as shown on screen
  expect(typed).toMatch(/^\d{4} \d{4}$/);
  const paired = await postJson(`${hub.url}/api/auth.pair`, { code: typed });
  expect(paired.status).toBe(200);
  return paired.body as { credential: string; me: { id: string; role: string } };
}

describe('LAN trust: pairing and revocation', () => {
  it('pairs a kiosk with a one-time code; the code cannot be used twice', async () => {
    running = await testHub();
    const { hub, core } = running;
    const supervisor = (await loginAs(core, 'supervisor')).token;
    const code = (await postJson(`${hub.url}/api/devices.createPairingCode`, { role: 'kiosk', name: 'Kiosk sảnh A' }, supervisor)).body as {
      code: string;
    };
    const first = await postJson(`${hub.url}/api/auth.pair`, { code: code.code.replace(' ', '-') });
    expect(first.status).toBe(200);
    const { credential, me } = first.body as { credential: string; me: { role: string; name: string } };
    expect(me).toMatchObject({ role: 'kiosk', name: 'Kiosk sảnh A' });
    expect(credential).toMatch(/^mcd_/);
    const again = await postJson(`${hub.url}/api/auth.pair`, { code: code.code });
    expect(again.status).toBe(401);

    expect((await postJson(`${hub.url}/api/hall.config`, {}, credential)).status).toBe(200);
    expect((await postJson(`${hub.url}/api/auth.whoami`, {}, credential)).body).toMatchObject({ kind: 'device', role: 'kiosk' });
    // A kiosk is not staff: it cannot read files nor manage devices.
    expect((await postJson(`${hub.url}/api/files.get`, { sha256: '0'.repeat(64) }, credential)).status).toBe(403);
    expect((await postJson(`${hub.url}/api/devices.list`, {}, credential)).status).toBe(403);
  });

  it('too many wrong codes void every open code', async () => {
    running = await testHub();
    const { hub, core } = running;
    const supervisor = (await loginAs(core, 'supervisor')).token;
    const code = (
      (await postJson(`${hub.url}/api/devices.createPairingCode`, { role: 'display', name: 'TV' }, supervisor)).body as { code: string }
    ).code;
    const wrong = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    let last: { status: number; body: unknown } | undefined;
    for (let i = 0; i < 10; i++) last = await postJson(`${hub.url}/api/auth.pair`, { code: wrong });
    expect(last?.body).toMatchObject({ error: { message: expect.stringContaining('quá nhiều lần') } });
    expect((await postJson(`${hub.url}/api/auth.pair`, { code })).status).toBe(401);
  });

  it('a revoked device is cut off at once: its open WebSocket closes and its calls get 401', async () => {
    running = await testHub();
    const { hub, core } = running;
    const supervisor = (await loginAs(core, 'supervisor')).token;
    const display = await pairOverHttp(hub, supervisor, 'display', 'Màn hình sảnh 1');
    const kiosk = await pairOverHttp(hub, supervisor, 'kiosk', 'Kiosk 1');
    const displaySocket = await openSocket(hub.url, display.credential);
    const kioskSocket = await openSocket(hub.url, kiosk.credential);
    expect(hub.connectedDeviceIds()).toEqual(new Set([display.me.id, kiosk.me.id]));

    const closed = new Promise<{ code: number; at: number }>((resolve) =>
      displaySocket.socket.on('close', (code) => resolve({ code, at: Date.now() })),
    );
    const revokedAt = Date.now();
    const answer = await postJson(`${hub.url}/api/devices.revoke`, { id: display.me.id }, supervisor);
    expect(answer.body).toMatchObject({ revokedAt: expect.any(String) });
    const { code } = await closed;
    expect(code).toBe(4401);
    expect((await postJson(`${hub.url}/api/hall.config`, {}, display.credential)).status).toBe(401);
    // Reconnecting with the revoked credential is refused too.
    await expect(openSocket(hub.url, display.credential)).rejects.toThrow('closed 4401');
    // The other device is untouched.
    expect(kioskSocket.socket.readyState).toBe(WebSocket.OPEN);
    expect((await postJson(`${hub.url}/api/hall.config`, {}, kiosk.credential)).status).toBe(200);
    expect(Date.now() - revokedAt).toBeLessThan(10_000);
    kioskSocket.socket.close();
  });

  it('display boards get only the events they show', async () => {
    running = await testHub();
    const { hub, core } = running;
    const supervisor = (await loginAs(core, 'supervisor')).token;
    const display = await pairOverHttp(hub, supervisor, 'display', 'TV');
    const board = await openSocket(hub.url, display.credential);
    const boss = await openSocket(hub.url, supervisor);
    await postJson(`${hub.url}/api/hall.saveService`, { name: 'Tư pháp', prefix: 'G' }, supervisor);
    await pairOverHttp(hub, supervisor, 'kiosk', 'Kiosk 2'); // emits devices.changed
    await new Promise((r) => setTimeout(r, 200));
    expect(board.frames.map((f) => f.event)).toContain('hall.changed');
    expect(board.frames.map((f) => f.event)).not.toContain('devices.changed');
    expect(boss.frames.map((f) => f.event)).toContain('devices.changed');
    board.socket.close();
    boss.socket.close();
  });

  it('`npm run cli -- pair-device` prints a credential the running hub accepts', async () => {
    running = await testHub();
    const { hub, core } = running;
    const cli = spawnSync('npx', ['tsx', 'electron/core/cli/main.ts', 'pair-device', '--role', 'display', '--data', core.config.dataDir], {
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    const credential = cli.stdout.trim();
    expect(credential).toMatch(/^mcd_[A-Za-z0-9_-]{43}$/);
    expect(cli.stderr).toContain('Đã ghép nối thiết bị');
    const answer = await postJson(`${hub.url}/api/auth.whoami`, {}, credential);
    expect(answer).toMatchObject({ status: 200, body: { kind: 'device', role: 'display' } });
    const bad = spawnSync('npx', ['tsx', 'electron/core/cli/main.ts', 'pair-device', '--role', 'tv', '--data', core.config.dataDir], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--role');
  });
});
