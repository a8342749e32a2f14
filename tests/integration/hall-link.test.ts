/**
 * Hub ↔ workstation link, in one process: pairing pins the hub's certificate
 * (a different certificate is refused before anything is sent), queue calls at
 * a workstation are answered by the hub and its queue events reach the
 * workstation, logins are the hub's with a cached verifier for hub outages,
 * and the supervisor's hall page gets each workstation's report.
 *
 * Before this work a workstation could not exist: every core was its own hall
 * (no `--hall-hub`, no join-hall, no HTTPS), so each of these failed.
 */
import fs from 'node:fs';
import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract';
import { createCore, type Core } from '../../electron/core/app';
import { defaultConfig } from '../../electron/core/config';
import type { Caller } from '../../electron/core/contract/router';
import { runChecks } from '../../electron/core/devices/health';
import { NEVER_SEEN_OFFLINE } from '../../electron/core/hall-link/cached-login';
import { hallForDoctor } from '../../electron/core/hall-link/hall-config';
import { FileCredentialStore, credentialFile } from '../../electron/core/hall-link/hall-credential';
import { HubConnection } from '../../electron/core/hall-link/hub-connection';
import { ensureHubTls, makeSelfSigned } from '../../electron/core/hall-link/hub-tls';
import { startTlsListener, type TlsListener } from '../../electron/core/hall-link/hub-tls-listener';
import { JOIN_PIN_MISMATCH, joinHall } from '../../electron/core/hall-link/join-hall';
import { HubLinkError, REVOKED_MESSAGE } from '../../electron/core/hall-link/pinned-https';
import { clockMessage } from '../../electron/core/hall-link/workstation-link';
import type { Hub } from '../../electron/core/hub/hub-server';
import { loginAs, postJson, testHub } from '../support/core';
import { tempDir } from '../support/temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hallHub(): Promise<{ core: Core; hub: Hub; tls: TlsListener; admin: string }> {
  const { core, hub } = await testHub();
  const certificate = await ensureHubTls(core.config.dataDir);
  const tls = await startTlsListener(hub, certificate, '127.0.0.1', 0);
  cleanups.push(
    () => core.close(),
    () => hub.close(),
    () => tls.close(),
  );
  const admin = (await loginAs(core, 'admin')).token;
  return { core, hub, tls, admin };
}

async function workstationCode(hub: Hub, admin: string, name = 'Máy trạm quầy 1'): Promise<string> {
  const answer = await postJson(`${hub.url}/api/devices.createPairingCode`, { role: 'counter-device', name }, admin);
  expect(answer.status).toBe(200);
  return (answer.body as { code: string }).code;
}

/** An HTTPS server with another certificate, counting the requests that reach it (there must be none). */
async function impostor(): Promise<{ url: string; requests: () => number }> {
  const other = await makeSelfSigned('Mot Cua hub');
  let requests = 0;
  const server = https.createServer({ key: other.keyPem, cert: other.certPem }, (_req, res) => {
    requests++;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `https://127.0.0.1:${port}`, requests: () => requests };
}

function workstationCore(dataDir: string, hubUrl: string, station = 1): Core {
  const core = createCore(
    defaultConfig({
      dataDir,
      hub: { host: '127.0.0.1', port: 0 },
      seedDemo: false,
      station,
      hall: { role: 'workstation', hubUrl, reportEveryMs: 300 },
    }),
  );
  cleanups.push(() => core.close());
  return core;
}

async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) {
      if (process.env.HALL_TEST_TRACE) console.log(`${what}: ${Date.now() - started} ms`);
      return value;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const WINDOW: Caller = { role: 'anonymous', deviceId: 'window:test' };

describe('hall link: pairing a workstation', () => {
  it('join-hall stores a 0600 credential; the code carries the certificate pin and a different certificate is refused', async () => {
    const { hub, tls, admin } = await hallHub();
    const code = await workstationCode(hub, admin);
    expect(code).toMatch(/^\d{4} \d{4} · [0-9A-Z]{4} [0-9A-Z]{4} [0-9A-Z]{4} [0-9A-Z]{4}$/);
    const dataDir = tempDir();
    const store = new FileCredentialStore(credentialFile(dataDir));

    // A machine on the LAN answering with its own certificate gets nothing, not even the pairing code.
    const fake = await impostor();
    await expect(joinHall({ hubUrl: fake.url, code, name: 'Quầy 1', store })).rejects.toThrow(JOIN_PIN_MISMATCH);
    expect(fake.requests()).toBe(0);
    expect(fs.existsSync(credentialFile(dataDir))).toBe(false);

    const joined = await joinHall({ hubUrl: tls.url, code, name: 'Quầy 1', store });
    expect(fs.statSync(credentialFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(store.load()?.deviceId).toBe(joined.deviceId);

    // After pairing, the pinned connection refuses any other certificate at the hub's address.
    const pinned = new HubConnection({ hubUrl: fake.url, pin: joined, credential: joined.credential });
    cleanups.push(() => pinned.close());
    const refused = await pinned.call('system.info', {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HubLinkError);
    expect((refused as HubLinkError).failure).toBe('pin');
    expect(fake.requests()).toBe(0);
    // And the real hub answers the same connection settings.
    const real = new HubConnection({ hubUrl: tls.url, pin: joined, credential: joined.credential });
    cleanups.push(() => real.close());
    expect(await real.call('auth.whoami', {})).toMatchObject({ kind: 'device', role: 'counter-device', name: 'Quầy 1' });
  });

  it('a credential file others can read is refused', async () => {
    const { hub, tls, admin } = await hallHub();
    const dataDir = tempDir();
    const store = new FileCredentialStore(credentialFile(dataDir));
    await joinHall({ hubUrl: tls.url, code: await workstationCode(hub, admin), name: 'Quầy 2', store });
    fs.chmodSync(credentialFile(dataDir), 0o644);
    expect(() => store.load()).toThrow(/chmod 600/);
  });
});

describe('hall link: a workstation works through its hub', () => {
  it(
    'queue calls go to the hub, its events reach the workstation, logins are the hub’s with a cached verifier',
    { timeout: 90_000 },
    async () => {
      const { core: hubCore, hub, tls, admin } = await hallHub();
      const dataDir = tempDir();
      await joinHall({
        hubUrl: tls.url,
        code: await workstationCode(hub, admin),
        name: 'Quầy 1',
        store: new FileCredentialStore(credentialFile(dataDir)),
      });
      const officer = await loginAs(hubCore, 'officer');
      const stranger = await loginAs(hubCore, 'officer');
      const ws = workstationCore(dataDir, tls.url, 3);
      const seen: EventName[] = [];
      ws.bus.subscribe((event) => seen.push(event));
      await until(() => ws.hallRole.link?.connection?.online, 'the workstation online');
      // On (re)connecting, the windows get the hub's queue at once, without waiting for its next change.
      await until(() => seen.includes('queue.changed'), 'the hub queue on connect');
      const changesBefore = seen.filter((e) => e === 'queue.changed').length;

      const login = await ws.router.call('auth.login', { username: officer.username, password: officer.password }, { caller: WINDOW });
      expect(login.ok).toBe(true);
      const token = login.ok ? (login.result as { token: string }).token : '';
      const caller = ws.auth.callerFor(token);
      expect(caller?.role).toBe('officer');

      // A kiosk at the hub issues a ticket; the officer at the workstation calls it through the hub.
      const kiosk = hubCore.devices.pairDirect('kiosk', 'Kiosk', 'system');
      const issued = await hubCore.router.call(
        'queue.issueTicket',
        { serviceId: 'ho-tich', requestId: 'req-hall-0001' },
        {
          caller: hubCore.auth.callerFor(kiosk.credential)!,
        },
      );
      expect(issued.ok).toBe(true);
      await until(() => seen.filter((e) => e === 'queue.changed').length > changesBefore, 'queue.changed relayed to the workstation');
      const called = await ws.router.call('queue.callNext', { counterId: 'quay-1' }, { caller: caller! });
      expect(called).toMatchObject({ ok: true, result: { number: 'A001', counterId: 'quay-1' } });
      // The hub holds the call (the workstation has no local queue of its own).
      const state = await hubCore.router.call('queue.state', {}, { caller: hubCore.auth.callerFor(admin)! });
      expect(JSON.stringify(state)).toContain('A001');
      await until(() => seen.includes('queue.called'), 'queue.called relayed');

      // The supervisor's hall page lists the workstation with its report.
      const listed = await until(async () => {
        const list = await hubCore.router.call('hall.workstations', {}, { caller: hubCore.auth.callerFor(admin)! });
        const rows = list.ok ? (list.result as { station: number | null; online: boolean; health: unknown[] }[]) : [];
        return rows.find((r) => r.station === 3 && r.online && r.health.length > 0);
      }, 'the workstation report');
      expect(listed).toMatchObject({ station: 3, online: true, version: expect.any(String), backlog: { items: 0 } });

      // The hub goes away: the officer seen here logs in with the cached verifier, a stranger cannot.
      await tls.close();
      await hub.close();
      await until(() => ws.hallRole.link?.connection?.online === false, 'the workstation offline');
      const offline = await ws.router.call('auth.login', { username: officer.username, password: officer.password }, { caller: WINDOW });
      expect(offline.ok).toBe(true);
      const wrong = await ws.router.call('auth.login', { username: officer.username, password: 'not-the-password' }, { caller: WINDOW });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      const never = await ws.router.call('auth.login', { username: stranger.username, password: stranger.password }, { caller: WINDOW });
      expect(never).toMatchObject({ ok: false, error: { code: 'unauthorized', message: NEVER_SEEN_OFFLINE } });
      // The queue is the hub's: offline, the workstation says so rather than inventing a local one.
      const offlineToken = offline.ok ? (offline.result as { token: string }).token : '';
      const queue = await ws.router.call('queue.state', {}, { caller: ws.auth.callerFor(offlineToken)! });
      expect(queue).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      const status = await ws.router.call('hall.linkStatus', {}, { caller: ws.auth.callerFor(offlineToken)! });
      expect(status).toMatchObject({
        ok: true,
        result: { role: 'workstation', online: false, warning: expect.stringContaining('Mất kết nối') },
      });
    },
  );

  it('roles of hub actions are checked by the hub: an officer cannot save a hall counter through a workstation', async () => {
    const { core: hubCore, hub, tls, admin } = await hallHub();
    const dataDir = tempDir();
    await joinHall({
      hubUrl: tls.url,
      code: await workstationCode(hub, admin),
      name: 'Quầy 4',
      store: new FileCredentialStore(credentialFile(dataDir)),
    });
    const officer = await loginAs(hubCore, 'officer');
    const ws = workstationCore(dataDir, tls.url);
    await until(() => ws.hallRole.link?.connection?.online, 'online');
    const login = await ws.router.call('auth.login', { username: officer.username, password: officer.password }, { caller: WINDOW });
    const token = login.ok ? (login.result as { token: string }).token : '';
    // Even a workstation whose local cache claimed "supervisor" gets no further: the hub session reaches the hub.
    const local = ws.auth.callerFor(token)!;
    const answer = await ws.router.call('queue.callNext', { counterId: 'quay-1' }, { caller: local });
    expect(answer.ok).toBe(true);
    const saved = await ws.router.call(
      'hall.saveCounter',
      { number: 9, name: 'Quầy 9', serviceIds: [] },
      { caller: { ...local, role: 'supervisor' } },
    );
    expect(saved).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(hubCore.hall.config().counters.some((c) => c.number === 9)).toBe(false);

    // The supervisor revokes the workstation: its socket is closed and it says so instead of retrying for ever.
    const device = hubCore.devices.list().find((d) => d.name === 'Quầy 4');
    hubCore.devices.revoke(device?.id ?? '', 'system');
    await until(() => ws.hallRole.link?.status().warning === REVOKED_MESSAGE, 'the revocation told at the workstation');
    expect(ws.hallRole.link?.connection?.online).toBe(false);
  });
});

describe('hall link: clocks', () => {
  it('measures the hub’s clock against this PC’s and the hub flags a workstation more than 2 minutes off', async () => {
    const { core: hubCore, hub, tls, admin } = await hallHub();
    const dataDir = tempDir();
    const joined = await joinHall({
      hubUrl: tls.url,
      code: await workstationCode(hub, admin),
      name: 'Quầy 5',
      store: new FileCredentialStore(credentialFile(dataDir)),
    });
    const fiveMinutesSlow = new HubConnection({
      hubUrl: tls.url,
      pin: joined,
      credential: joined.credential,
      now: () => Date.now() - 5 * 60_000,
    });
    cleanups.push(() => fiveMinutesSlow.close());
    const skew = await fiveMinutesSlow.measureClock();
    expect(skew).toBeGreaterThan(4.9 * 60_000);
    expect(skew).toBeLessThan(5.1 * 60_000);
    await fiveMinutesSlow.call('hall.report', {
      station: 5,
      version: '0.1.0',
      sentAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      clockSkewMs: skew,
      backlog: { items: 2, bytes: 2048, oldestAt: new Date().toISOString() },
      health: [],
    });
    const list = await hubCore.router.call('hall.workstations', {}, { caller: hubCore.auth.callerFor(admin)! });
    expect(list).toMatchObject({ ok: true, result: [{ station: 5, clockWarning: true, backlog: { items: 2, bytes: 2048 } }] });
    // The counter screen and doctor say it in Vietnamese.
    expect(clockMessage(skew ?? 0)).toMatch(/^Đồng hồ máy này chậm 5 phút so với máy chủ sảnh/);
    // doctor on a data directory that holds a pairing checks the link and the clock.
    const doctorCore = createCore(
      defaultConfig({ dataDir, seedDemo: false, hub: { host: '127.0.0.1', port: 0 }, hall: hallForDoctor(dataDir) }),
    );
    cleanups.push(() => doctorCore.close());
    const link = (await runChecks(doctorCore.health)).find((c) => c.id === 'hall-link');
    expect(link).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^Đã kết nối https:\/\/127\.0\.0\.1:\d+; đồng hồ lệch -?\d+ giây\.$/),
    });
  });
});
