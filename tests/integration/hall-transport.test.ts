/**
 * A workstation's device credential (role counter-device) travels only over the hub's pinned HTTPS.
 *
 * Repro (before this change): a hub serving workstations over HTTPS still answered a counter-device
 * credential sent to its plain-HTTP port (`auth.whoami` → 200, `hall.report` stored, `/events` opened),
 * so the credential crossed the LAN in clear text and kept working. Now the plain port refuses it in
 * Vietnamese, and since it has crossed the LAN unencrypted it is treated as exposed: revoked at once
 * and written in the audit trail. Kiosks and display boards stay on plain HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ensureHubTls } from '../../electron/core/hall-link/hub-tls';
import { startTlsListener } from '../../electron/core/hall-link/hub-tls-listener';
import { HubConnection } from '../../electron/core/hall-link/hub-connection';
import { PLAIN_HTTP_DEVICE_REFUSED } from '../../electron/core/hub/transport-policy';
import { postJson, testHub } from '../support/core';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A hub as `npm run serve` makes it: HTTP for browsers, HTTPS for workstations. */
async function hallHub() {
  const { core, hub } = await testHub({}, { hall: { role: 'hub', tlsPort: 0 } });
  const certificate = await ensureHubTls(core.config.dataDir);
  const tls = await startTlsListener(hub, certificate, '127.0.0.1', 0);
  cleanups.push(
    () => core.close(),
    () => hub.close(),
    () => tls.close(),
  );
  return { core, hub, tls, certificate };
}

/** Opens /events and answers how the socket ended: its close code, or 'open' when the hub let it in. */
function eventSocket(url: string, token: string): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/events?token=${token}`);
    const timer = setTimeout(() => reject(new Error('no answer on /events')), 5_000);
    socket.once('message', () => {
      clearTimeout(timer);
      socket.close();
      resolve('open');
    });
    socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    socket.once('error', () => undefined);
  });
}

describe('hall transport: counter-device credentials only over HTTPS', () => {
  it('a counter-device credential on the plain HTTP port is refused, revoked and audited (repro: it was served)', async () => {
    const { core, hub, tls, certificate } = await hallHub();
    const workstation = core.devices.pairDirect('counter-device', 'Quầy 7', 'system');
    // Over the pinned HTTPS it works.
    const pinned = new HubConnection({ hubUrl: tls.url, pin: certificate, credential: workstation.credential });
    cleanups.push(() => pinned.close());
    expect(await pinned.call('auth.whoami', {})).toMatchObject({ role: 'counter-device' });

    // Sent to the plain port: refused in Vietnamese.
    const plain = await postJson(`${hub.url}/api/auth.whoami`, {}, workstation.credential);
    expect(plain.status).toBe(403);
    expect(plain.body).toMatchObject({ error: { code: 'forbidden', message: PLAIN_HTTP_DEVICE_REFUSED } });

    // It crossed the LAN unencrypted: revoked, so the copy someone may have read is worth nothing...
    expect(core.devices.list().find((d) => d.name === 'Quầy 7')?.revokedAt).toEqual(expect.any(String));
    const after = await pinned.call('auth.whoami', {}).catch((error: unknown) => error);
    expect(after).toMatchObject({ code: 'unauthorized' });
    // ...and the supervisor can read why in the audit trail.
    const audit = core.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'device.revoke' AND subject_id = ?")
      .pluck()
      .all(workstation.me.id);
    expect(JSON.stringify(audit)).toContain('plain-http');
  });

  it('the event socket refuses a counter-device credential on the plain port too', async () => {
    const { core, hub, tls, certificate } = await hallHub();
    const workstation = core.devices.pairDirect('counter-device', 'Quầy 8', 'system');
    expect(await eventSocket(hub.url, workstation.credential)).toBe(4401);
    expect(core.devices.list().find((d) => d.name === 'Quầy 8')?.revokedAt).toEqual(expect.any(String));
    // Revoked: the pinned HTTPS path no longer takes it either.
    const pinned = new HubConnection({ hubUrl: tls.url, pin: certificate, credential: workstation.credential });
    cleanups.push(() => pinned.close());
    expect(await pinned.call('auth.whoami', {}).catch((error: unknown) => error)).toMatchObject({ code: 'unauthorized' });
  });

  it('parallel plain-HTTP requests with one credential: every one refused, the device revoked once', async () => {
    const { core, hub } = await hallHub();
    const workstation = core.devices.pairDirect('counter-device', 'Quầy 9', 'system');
    const answers = await Promise.all(Array.from({ length: 12 }, () => postJson(`${hub.url}/api/auth.whoami`, {}, workstation.credential)));
    // The first one revokes; the rest no longer name a valid credential at all.
    expect(answers.every((a) => a.status === 403 || a.status === 401)).toBe(true);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(0);
    const revocations = core.db
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'device.revoke' AND subject_id = ?")
      .pluck()
      .get(workstation.me.id);
    expect(revocations).toBe(1);
  });

  it('kiosks and display boards stay on plain HTTP', async () => {
    const { core, hub } = await hallHub();
    const kiosk = core.devices.pairDirect('kiosk', 'Kiosk sảnh', 'system');
    const board = core.devices.pairDirect('display', 'Màn hình sảnh', 'system');
    expect(await postJson(`${hub.url}/api/auth.whoami`, {}, kiosk.credential)).toMatchObject({ status: 200, body: { role: 'kiosk' } });
    expect(await eventSocket(hub.url, board.credential)).toBe('open');
    expect(core.devices.list().filter((d) => d.revokedAt)).toHaveLength(0);
  });
});
