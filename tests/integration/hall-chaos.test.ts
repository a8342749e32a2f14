/**
 * The hub connection through the chaos proxy, one behaviour at a time: a
 * delayed link still answers, a cut answer and a dropped connection fail with
 * a Vietnamese "unreachable" (never a half-read JSON), a stalled link — TCP
 * open, nothing moving — is noticed by the ping and the connection goes
 * offline, and it comes back by itself when the link heals.
 */
import { afterEach, expect, it } from 'vitest';
import { FileCredentialStore, credentialFile } from '../../electron/core/hall-link/hall-credential';
import { HubConnection } from '../../electron/core/hall-link/hub-connection';
import { ensureHubTls } from '../../electron/core/hall-link/hub-tls';
import { startTlsListener } from '../../electron/core/hall-link/hub-tls-listener';
import { joinHall } from '../../electron/core/hall-link/join-hall';
import { HubLinkError, UNREACHABLE_MESSAGE } from '../../electron/core/hall-link/pinned-https';
import { ChaosProxy } from '../support/chaos-proxy';
import { loginAs, postJson, testHub } from '../support/core';
import { until } from '../support/hall-processes';
import { tempDir } from '../support/temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('delay, cut, drop and stall between a workstation and the hub', { timeout: 60_000 }, async () => {
  const { core, hub } = await testHub();
  const tls = await startTlsListener(hub, await ensureHubTls(core.config.dataDir), '127.0.0.1', 0);
  cleanups.push(
    () => core.close(),
    () => hub.close(),
    () => tls.close(),
  );
  const admin = (await loginAs(core, 'admin')).token;
  const code = await postJson(`${hub.url}/api/devices.createPairingCode`, { role: 'counter-device', name: 'Quầy hỗn loạn' }, admin);
  const joined = await joinHall({
    hubUrl: tls.url,
    code: (code.body as { code: string }).code,
    name: 'Quầy hỗn loạn',
    store: new FileCredentialStore(credentialFile(tempDir())),
  });
  const proxy = await ChaosProxy.start({ host: '127.0.0.1', port: tls.port });
  cleanups.push(() => proxy.close());
  const connection = new HubConnection({
    hubUrl: `https://127.0.0.1:${proxy.port}`,
    pin: joined,
    credential: joined.credential,
    pingEveryMs: 300,
    backoff: { initialMs: 100, maxMs: 400 },
    callTimeoutMs: 2_000,
  });
  cleanups.push(() => connection.close());
  const states: boolean[] = [];
  connection.onState((online) => states.push(online));
  connection.start();
  await until(() => connection.online, 'online through the proxy');

  proxy.set('delay', { delayMs: 150 });
  expect(await connection.call('auth.whoami', {})).toMatchObject({ role: 'counter-device' });

  proxy.set('cut', { cutAfterBytes: 40 });
  const cut = await connection.call('auth.whoami', {}).catch((error: unknown) => error);
  expect(cut).toBeInstanceOf(HubLinkError);
  expect((cut as HubLinkError).message).toBe(UNREACHABLE_MESSAGE);
  expect(proxy.stats.cut).toBeGreaterThan(0);

  proxy.set('drop');
  const dropped = await connection.call('auth.whoami', {}).catch((error: unknown) => error);
  expect(dropped).toBeInstanceOf(HubLinkError);
  await until(() => !connection.online, 'offline after the drop');

  proxy.set('pass');
  await until(() => connection.online, 'back online after the drop');

  // Stalled: TCP stays up but nothing moves; the missing pong takes the link down, not a 15-minute TCP timeout.
  const offlineBefore = states.filter((s) => !s).length;
  proxy.set('stall');
  await until(() => states.filter((s) => !s).length > offlineBefore, 'a stalled link noticed', 5_000);
  const stalled = await connection.call('auth.whoami', {}, { timeoutMs: 500 }).catch((error: unknown) => error);
  expect(stalled).toBeInstanceOf(HubLinkError);
  expect((stalled as HubLinkError).failure).toBe('timeout');

  proxy.set('pass');
  proxy.killAll();
  await until(() => connection.online, 'back online after the stall');
  expect(await connection.call('auth.whoami', {})).toMatchObject({ role: 'counter-device' });
});
