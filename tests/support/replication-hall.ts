/**
 * A hall on loopback for the replication tests: a hub core serving HTTP and
 * workstation cores on their own data directories, each reaching the hub
 * through a transport that a test can cut (the workstation "loses the LAN").
 */
import { BIRTH_APPLICANT } from './dossier-fixtures';
import { createCore, type Core } from '../../electron/core/app';
import { defaultConfig, type CoreConfig } from '../../electron/core/config';
import type { Caller } from '../../electron/core/contract/router';
import { startHub, type Hub } from '../../electron/core/hub/hub-server';
import { HttpHubTransport, HubUnreachableError, type HubTransport } from '../../electron/core/replication/transport';
import type { LeasePolicy } from '../../shared/domain/dossier-code';
import { FAST_WORKSTATION } from './replication-options';
import { tempDir } from './temp-dir';

export { FAST_WORKSTATION };

/** The plain HTTP transport with a switch: `offline` makes every call fail as an unreachable hub would. */
export class SwitchableTransport implements HubTransport {
  offline = false;
  constructor(private readonly inner: HubTransport) {}
  call(method: string, input: unknown): Promise<unknown> {
    if (this.offline) return Promise.reject(new HubUnreachableError('test: LAN cut'));
    return this.inner.call(method, input);
  }
}

export interface Workstation {
  core: Core;
  link: SwitchableTransport;
  caller: Caller;
}

export async function startHallHub(overrides: Partial<CoreConfig> = {}): Promise<{ core: Core; hub: Hub }> {
  const core = createCore(
    defaultConfig({ dataDir: tempDir('motcua-hub-'), hub: { host: '127.0.0.1', port: 0 }, replication: { role: 'hub' }, ...overrides }),
  );
  const hub = await startHub(core);
  return { core, hub };
}

export function startWorkstation(hub: { core: Core; hub: Hub }, station: number, leasePolicy?: LeasePolicy): Workstation {
  const token = hub.core.devices.pairDirect('counter-device', `Máy trạm ${station}`, 'system').credential;
  const link = new SwitchableTransport(new HttpHubTransport(hub.hub.url, token, 5000));
  const core = createCore(
    defaultConfig({
      dataDir: tempDir(`motcua-ws${station}-`),
      hub: { host: '127.0.0.1', port: 0 },
      station,
      replication: { role: 'workstation', options: FAST_WORKSTATION, ...(leasePolicy ? { leasePolicy } : {}) },
    }),
    { hubTransport: link },
  );
  return { core, link, caller: { role: 'officer', userId: `can-bo-${station}`, name: `Cán bộ quầy ${station}` } };
}

export async function call<T>(core: Core, caller: Caller, method: string, input: unknown): Promise<T> {
  const outcome = await core.router.call(method, input, { caller });
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message} ${outcome.error.details?.join('; ') ?? ''}`);
  return outcome.result as T;
}

/** Polls until `check` answers true (bounded; fails with `what`). */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** A birth registration received at a workstation with one scanned page. */
export async function receiveWithScan(
  ws: Workstation,
  scan: Buffer,
  name = BIRTH_APPLICANT.fullName,
): Promise<{ code: string; sha256: string }> {
  const { sha256 } = await call<{ sha256: string }>(ws.core, ws.caller, 'files.put', { base64: scan.toString('base64') });
  const procedure = (
    await call<{ code: string; components: { code: string; name: string }[] }[]>(ws.core, ws.caller, 'catalog.search', {
      query: 'khai sinh',
    })
  )[0];
  if (!procedure) throw new Error('seed catalog has no birth registration');
  const dossier = await call<{ code: string }>(ws.core, ws.caller, 'dossier.receive', {
    procedureCode: procedure.code,
    applicant: { ...BIRTH_APPLICANT, fullName: name },
    components: procedure.components.map((k, i) => ({
      code: k.code,
      name: k.name,
      originals: 1,
      copies: 0,
      sha256: i === 0 ? sha256 : null,
      fileName: i === 0 ? 'to-khai.pdf' : null,
    })),
    officer: ws.caller.name,
  });
  return { code: dossier.code, sha256 };
}
