/**
 * A session opened offline at a workstation (cached verifier, hub down) becomes a hub session when the hub
 * returns, without the officer typing the password again; the hub still checks the account as it is then.
 *
 * Repro (before this change): hub down → offline login → hub up → `queue.*` at the workstation kept
 * answering "Hãy đăng xuất rồi đăng nhập lại" until the officer logged in again. An account disabled (or
 * given another role) at the hub meanwhile had nothing to refuse, since nothing was ever resumed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/app';
import { defaultConfig } from '../../electron/core/config';
import type { Caller } from '../../electron/core/contract/router';
import { FileCredentialStore, credentialFile } from '../../electron/core/hall-link/hall-credential';
import { HubConnection } from '../../electron/core/hall-link/hub-connection';
import { ensureHubTls, type HubTls } from '../../electron/core/hall-link/hub-tls';
import { startTlsListener, type TlsListener } from '../../electron/core/hall-link/hub-tls-listener';
import { joinHall } from '../../electron/core/hall-link/join-hall';
import { RESUME_REFUSED, SealedGrants } from '../../electron/core/hall-link/session-resume';
import { AWAITING_HUB } from '../../electron/core/hall-link/workstation-link';
import type { Hub } from '../../electron/core/hub/hub-server';
import { loginAs, postJson, testHub } from '../support/core';
import { tempDir } from '../support/temp-dir';
import { until } from '../support/hall-processes';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const WINDOW: Caller = { role: 'anonymous', deviceId: 'window:resume-test' };

/** A hall hub whose HTTPS listener (the workstations' way in) can be stopped and started again on its port. */
class HallHub {
  private listener: TlsListener | null = null;
  port = 0;
  constructor(
    readonly core: Core,
    readonly hub: Hub,
    readonly tls: HubTls,
    readonly admin: string,
  ) {}

  static async start(): Promise<HallHub> {
    const { core, hub } = await testHub({}, { hall: { role: 'hub', tlsPort: 0 } });
    const tls = await ensureHubTls(core.config.dataDir);
    const hall = new HallHub(core, hub, tls, (await loginAs(core, 'admin')).token);
    cleanups.push(
      () => core.close(),
      () => hub.close(),
      () => hall.down(),
    );
    await hall.up();
    return hall;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.listener = await startTlsListener(this.hub, this.tls, '127.0.0.1', this.port);
    this.port = this.listener.port;
  }

  async down(): Promise<void> {
    await this.listener?.close();
    this.listener = null;
  }

  async workstation(name: string): Promise<{ core: Core; deviceId: string; credential: string; dataDir: string }> {
    const code = await postJson(`${this.hub.url}/api/devices.createPairingCode`, { role: 'counter-device', name }, this.admin);
    const dataDir = tempDir();
    const joined = await joinHall({
      hubUrl: this.url,
      code: (code.body as { code: string }).code,
      name,
      store: new FileCredentialStore(credentialFile(dataDir)),
    });
    const core = await this.openWorkstation(dataDir);
    await until(() => core.hallRole.link?.connection?.online, 'the workstation online');
    return { core, deviceId: joined.deviceId, credential: joined.credential, dataDir };
  }

  /** The workstation's core on its data directory: at first start, or started again after a restart. */
  async openWorkstation(dataDir: string): Promise<Core> {
    const core = createCore(
      defaultConfig({
        dataDir,
        hub: { host: '127.0.0.1', port: 0 },
        seedDemo: false,
        station: 1,
        hall: { role: 'workstation', hubUrl: this.url, reportEveryMs: 60_000 },
      }),
    );
    cleanups.push(() => core.close());
    return core;
  }
}

async function login(ws: Core, username: string, password: string): Promise<{ token: string; caller: Caller }> {
  const answer = await ws.router.call('auth.login', { username, password }, { caller: WINDOW });
  if (!answer.ok) throw new Error(`login refused: ${answer.error.message}`);
  const token = (answer.result as { token: string }).token;
  return { token, caller: ws.auth.callerFor(token)! };
}

/** Yesterday: a login at this PC with the hub up. Today: the hub is down when the officer logs in. */
async function offlineSession(
  hall: HallHub,
  ws: Core,
  officer: { username: string; password: string },
): Promise<{ token: string; caller: Caller }> {
  const online = await login(ws, officer.username, officer.password);
  await ws.router.call('auth.logout', {}, { caller: online.caller });
  await hall.down();
  await until(() => ws.hallRole.link?.connection?.online === false, 'the workstation offline');
  const offline = await login(ws, officer.username, officer.password);
  expect(await ws.router.call('queue.state', {}, { caller: offline.caller })).toMatchObject({
    ok: false,
    error: { code: 'unavailable', message: AWAITING_HUB },
  });
  return offline;
}

/** How many rows of `action` the hub's audit trail holds about this officer. */
function auditedAtHub(hall: HallHub, action: string, username: string): number {
  const account = hall.core.accounts.byUsername(username);
  return Number(
    hall.core.db.prepare('SELECT count(*) FROM audit_log WHERE action = ? AND subject_id = ?').pluck().get(action, account?.id),
  );
}

function hubSessionRows(ws: Core): number {
  return Number(ws.db.prepare('SELECT count(*) FROM hall_hub_sessions').pluck().get());
}

describe('hall: an offline session is resumed at the hub when it returns', () => {
  it('hub down → offline login → hub up → queue calls work without a new login', { timeout: 60_000 }, async () => {
    const hall = await HallHub.start();
    const ws = await hall.workstation('Quầy 1');
    const officer = await loginAs(hall.core, 'officer');
    const offline = await offlineSession(hall, ws.core, officer);
    const before = hubSessionRows(ws.core);

    await hall.up();
    // The workstation resumes by itself once the link is back, before anyone calls.
    await until(() => hubSessionRows(ws.core) > before, 'the offline session bound to a hub session');
    const called = await ws.core.router.call('queue.callNext', { counterId: 'quay-1' }, { caller: offline.caller });
    expect(called).toMatchObject({ ok: true });
    expect(await ws.core.router.call('queue.state', {}, { caller: offline.caller })).toMatchObject({ ok: true });
    // The hub opened that session for this officer and wrote it down as a resume, not a password login.
    expect(auditedAtHub(hall, 'auth.resume', officer.username)).toBe(1);
  });

  it(
    "repro: a workstation restarted before the hub returned lost the offline session's grant; the officer had to log in again",
    { timeout: 60_000 },
    async () => {
      const hall = await HallHub.start();
      const ws = await hall.workstation('Quầy 7');
      const officer = await loginAs(hall.core, 'officer');
      const offline = await offlineSession(hall, ws.core, officer);
      // The counter PC restarts (power cut, update) while the hub is still away.
      await ws.core.close();
      const restarted = await hall.openWorkstation(ws.dataDir);
      const caller = restarted.auth.callerFor(offline.token);
      expect(caller).not.toBeNull();
      // What waits on the disk opens nothing by itself: the grant is sealed.
      const grant = await new SealedGrants(restarted.db).open(caller!.userId!, officer.password);
      expect(grant).toMatch(/^mcr_/);
      expect(JSON.stringify(restarted.db.prepare('SELECT * FROM hall_pending_resumes').all())).not.toContain(grant);
      expect(await restarted.router.call('queue.state', {}, { caller: caller! })).toMatchObject({
        ok: false,
        error: { code: 'unavailable', message: AWAITING_HUB },
      });

      await hall.up();
      const answer = await until(async () => {
        const state = await restarted.router.call('queue.state', {}, { caller: caller! });
        return state.ok ? state : null;
      }, 'the restarted workstation resuming the session');
      expect(answer).toMatchObject({ ok: true });
      expect(restarted.db.prepare('SELECT count(*) FROM hall_pending_resumes').pluck().get()).toBe(0);
      expect(auditedAtHub(hall, 'auth.resume', officer.username)).toBe(1);
    },
  );

  it('parallel queue calls right after the hub returns share one resume', { timeout: 60_000 }, async () => {
    const hall = await HallHub.start();
    const ws = await hall.workstation('Quầy 2');
    const officer = await loginAs(hall.core, 'officer');
    const offline = await offlineSession(hall, ws.core, officer);
    await hall.up();
    await until(() => ws.core.hallRole.link?.connection?.online, 'back online');
    const answers = await Promise.all(Array.from({ length: 8 }, () => ws.core.router.call('queue.state', {}, { caller: offline.caller })));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(auditedAtHub(hall, 'auth.resume', officer.username)).toBe(1);
  });

  it(
    'an account disabled at the hub while the workstation was cut off is refused, in Vietnamese, and ends here',
    { timeout: 60_000 },
    async () => {
      const hall = await HallHub.start();
      const ws = await hall.workstation('Quầy 3');
      const officer = await loginAs(hall.core, 'officer');
      // Whether the reconnect or this queue call meets the hub's refusal first, the officer's call shows it.
      const offline = await offlineSession(hall, ws.core, officer);
      const account = hall.core.accounts.byUsername(officer.username)!;
      await hall.core.accounts.save(
        { id: account.id, username: account.username, displayName: account.displayName, role: account.role, active: false },
        { role: 'admin', name: 'test' },
      );
      await hall.up();
      const refused = await until(async () => {
        const answer = await ws.core.router.call('queue.state', {}, { caller: offline.caller });
        return !answer.ok && answer.error.message !== AWAITING_HUB ? answer : null;
      }, 'the hub’s answer to the resume');
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: RESUME_REFUSED.disabled } });
      // Nothing of this officer goes on at the workstation: the session is over, the cached verifier too.
      expect(ws.core.auth.callerFor(offline.token)).toBeNull();
      // Logging in again here tells why, where the hub alone would only say "wrong password".
      const again = await ws.core.router.call('auth.login', { username: officer.username, password: officer.password }, { caller: WINDOW });
      expect(again).toMatchObject({ ok: false, error: { code: 'unauthorized', message: RESUME_REFUSED.disabled } });
      // And with the hub gone again, the cached verifier no longer lets them in.
      await hall.down();
      await until(() => ws.core.hallRole.link?.connection?.online === false, 'offline again');
      const cached = await ws.core.router.call(
        'auth.login',
        { username: officer.username, password: officer.password },
        { caller: WINDOW },
      );
      expect(cached).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    },
  );

  it('a role changed at the hub meanwhile is refused too', { timeout: 60_000 }, async () => {
    const hall = await HallHub.start();
    const ws = await hall.workstation('Quầy 4');
    const officer = await loginAs(hall.core, 'officer');
    const offline = await offlineSession(hall, ws.core, officer);
    const account = hall.core.accounts.byUsername(officer.username)!;
    await hall.core.accounts.save(
      { id: account.id, username: account.username, displayName: account.displayName, role: 'supervisor', active: true },
      { role: 'admin', name: 'test' },
    );
    await hall.up();
    // Here the reconnect itself meets the refusal, before any call.
    await until(() => auditedAtHub(hall, 'auth.resume.refused', officer.username), 'the refusal at the hub');
    // The hub's answer leaves after its commit is on disk (group commit): the audit row can be seen first.
    await until(() => ws.core.auth.callerFor(offline.token) === null, 'the workstation ending the session');
    const refused = await ws.core.router.call('queue.state', {}, { caller: offline.caller });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: RESUME_REFUSED.role } });
    // A fresh login with the hub up gets the new role.
    const fresh = await login(ws.core, officer.username, officer.password);
    expect(fresh.caller.role).toBe('supervisor');
  });

  it('the grant at rest opens only with the password, and only for the workstation it was made for', { timeout: 60_000 }, async () => {
    const hall = await HallHub.start();
    const ws = await hall.workstation('Quầy 5');
    const other = await hall.workstation('Quầy 6');
    const officer = await loginAs(hall.core, 'officer');
    await login(ws.core, officer.username, officer.password);
    const accountId = hall.core.accounts.byUsername(officer.username)!.id;
    const sealed = new SealedGrants(ws.core.db);
    expect(await sealed.open(accountId, 'not-the-password')).toBeNull();
    const grant = await sealed.open(accountId, officer.password);
    expect(grant).toMatch(/^mcr_/);
    // Nothing on the disk holds it in clear.
    expect(JSON.stringify(ws.core.db.prepare('SELECT * FROM hall_sealed_grants').all())).not.toContain(grant);
    // Copied to another workstation, it is worth nothing.
    const elsewhere = new HubConnection({ hubUrl: hall.url, pin: hall.tls, credential: other.credential });
    cleanups.push(() => elsewhere.close());
    const stolen = await elsewhere.call('hall.resumeSession', { grant }).catch((error: unknown) => error);
    expect(stolen).toMatchObject({ code: 'unauthorized', message: RESUME_REFUSED.unknown });
    // Its own workstation may trade it.
    const own = new HubConnection({ hubUrl: hall.url, pin: hall.tls, credential: ws.credential });
    cleanups.push(() => own.close());
    expect(await own.call('hall.resumeSession', { grant })).toMatchObject({ me: { id: accountId, role: 'officer' } });
  });
});
