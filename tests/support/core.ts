import type { OfficerRole } from '../../shared/contract';
import { createCore, type Core } from '../../electron/core/app';
import { defaultConfig, type CoreConfig } from '../../electron/core/config';
import { startHub, type Hub, type HubOptions } from '../../electron/core/hub/hub-server';
import { tempDir } from './temp-dir';

/** A core on a temporary data directory, with the demo hall. */
export function testCore(overrides: Partial<CoreConfig> = {}): Core {
  return createCore(defaultConfig({ dataDir: tempDir(), hub: { host: '127.0.0.1', port: 0 }, ...overrides }));
}

/** A core plus its hub on a random loopback port. */
export async function testHub(options: HubOptions = {}, overrides: Partial<CoreConfig> = {}): Promise<{ core: Core; hub: Hub }> {
  const core = testCore(overrides);
  const hub = await startHub(core, options);
  return { core, hub };
}

export async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

let accountSerial = 0;

/** Creates an officer account with the given role and logs it in; answers the session token and the password. */
export async function loginAs(core: Core, role: OfficerRole = 'admin'): Promise<{ token: string; password: string; username: string }> {
  const username = `${role}${++accountSerial}`;
  const { oneTimePassword } = await core.accounts.save(
    { username, displayName: `Test ${role}`, role },
    { role: 'admin', name: 'test set-up' },
  );
  if (!oneTimePassword) throw new Error('no one-time password');
  const first = await core.accounts.login(username, oneTimePassword, { role: 'anonymous' });
  // A new account must replace its one-time password before anything else; tests start after that step.
  const password = `${oneTimePassword}-own`;
  await core.accounts.changePassword(core.auth.callerFor(first.token)!, oneTimePassword, password);
  return { token: first.token, password, username };
}
