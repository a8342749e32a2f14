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

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}
