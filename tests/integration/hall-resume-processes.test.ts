/**
 * The two hall-link gaps in real processes on loopback: a hub (`serve --tls-port`) and a workstation
 * (`serve --hall-hub`, joined with `join-hall`), driven over their HTTP APIs as the counter's browser does.
 *
 * Repro (before this change): after the hub was SIGKILLed, an officer logged in at the workstation with the
 * cached verifier; when the hub came back, `queue.*` kept answering "đăng xuất rồi đăng nhập lại" for that
 * token. And the workstation's device credential, sent to the hub's plain-HTTP port, was served there.
 */
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { credentialFile, FileCredentialStore } from '../../electron/core/hall-link/hall-credential';
import { REVOKED_MESSAGE } from '../../electron/core/hall-link/pinned-https';
import { AWAITING_HUB } from '../../electron/core/hall-link/workstation-link';
import { PLAIN_HTTP_DEVICE_REFUSED } from '../../electron/core/hub/transport-policy';
import { adminLogin, api, createOfficer, joinWorkstation, startServe, until, type ServeProcess } from '../support/hall-processes';
import { tempDir } from '../support/temp-dir';

const HUB = { http: 4940, tls: 4941 };
const WORKSTATION = 4942;
const HUB_TLS = `https://127.0.0.1:${HUB.tls}`;

const processes: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.kill9()));
});

async function serve(port: number, dataDir: string, extra: string[]): Promise<ServeProcess> {
  const started = await startServe(port, dataDir, extra);
  processes.push(started);
  return started;
}

it(
  'hub SIGKILLed → offline login → hub back → the same token works for the queue; a credential sent over HTTP is revoked',
  { timeout: 120_000 },
  async () => {
    const hubDir = tempDir('motcua-hub-');
    const wsDir = tempDir('motcua-ws-');
    let hub = await serve(HUB.http, hubDir, ['--tls-port', String(HUB.tls)]);
    const admin = await adminLogin(hub.url);
    const password = await createOfficer(hub.url, admin, 'canbo.resume');
    await joinWorkstation(hub.url, HUB_TLS, admin, wsDir, 'Quầy 1');
    const ws = await serve(WORKSTATION, wsDir, ['--hall-hub', HUB_TLS, '--station', '1', '--no-demo']);

    // Yesterday: a login at this workstation with the hub up.
    const online = await until(async () => {
      const answer = await api<{ token: string }>(ws.url, 'auth.login', { username: 'canbo.resume', password });
      return answer.status === 200 ? answer.body.token : null;
    }, 'an online login at the workstation');
    await api(ws.url, 'auth.logout', {}, online);

    // Power cut at the hub; the officer logs in at the workstation against the cached verifier.
    await processes.splice(processes.indexOf(hub), 1)[0]!.kill9();
    const offline = await api<{ token: string }>(ws.url, 'auth.login', { username: 'canbo.resume', password });
    expect(offline.status).toBe(200);
    const token = offline.body.token;
    expect(await api(ws.url, 'queue.state', {}, token)).toMatchObject({ status: 503, body: { error: { message: AWAITING_HUB } } });

    // The hub comes back: the same token reaches the hall queue, no new login.
    hub = await serve(HUB.http, hubDir, ['--tls-port', String(HUB.tls)]);
    const state = await until(
      async () => {
        const answer = await api(ws.url, 'queue.state', {}, token);
        return answer.status === 200 ? answer : null;
      },
      'the queue through the resumed session',
      40_000,
    );
    expect(state.body).toMatchObject({ waitingTotal: expect.any(Number) });
    expect(await api(ws.url, 'queue.callNext', { counterId: 'quay-1' }, token)).toMatchObject({ status: 200 });

    // Someone sends the workstation's credential to the hub's plain port: refused, and revoked as exposed.
    const stored = new FileCredentialStore(credentialFile(wsDir)).load();
    expect(stored).not.toBeNull();
    const plain = await api(hub.url, 'auth.whoami', {}, stored?.credential);
    expect(plain).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: PLAIN_HTTP_DEVICE_REFUSED } } });
    // The workstation learns it at once (its socket is closed) and says to pair again.
    const told = await until(async () => {
      const answer = await api<{ warning: string | null }>(ws.url, 'hall.linkStatus', {}, token);
      return answer.body.warning === REVOKED_MESSAGE ? answer : null;
    }, 'the revocation told at the workstation');
    expect(told.status).toBe(200);
    expect(fs.existsSync(credentialFile(wsDir))).toBe(true);
  },
);
