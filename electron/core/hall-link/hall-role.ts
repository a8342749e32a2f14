/**
 * The hall role in the composition root: what a hub adds (the workstations'
 * reports, the certificate pin in counter-PC pairing codes) and what a
 * workstation replaces (the link to its hub). app.ts calls this once.
 */
import pkg from '../../../package.json';
import type { HallLinkStatus } from '../../../shared/contract';
import type { AccountsService } from '../accounts/accounts-service';
import type { CoreConfig } from '../config';
import type { Handlers } from '../contract/router';
import type { Db } from '../db/database';
import type { SecretBox } from '../db/secret-box';
import type { HealthSource } from '../devices/health';
import type { EventBus } from '../events';
import type { DevicesService } from '../trust/devices-service';
import { FileCredentialStore, credentialFile, type CredentialStore } from './hall-credential';
import { HallRegistry } from './hall-registry';
import { ResumeGrants } from './session-resume';
import { joinCode, readHubTls } from './hub-tls';
import { WorkstationLink } from './workstation-link';

export interface HallRoleDeps {
  config: CoreConfig;
  db: Db;
  bus: EventBus;
  accounts: AccountsService;
  devices: DevicesService;
  health: () => readonly HealthSource[];
  /** Electron passes the OS key store; web mode keeps a 0600 file in the data directory. */
  credentials?: CredentialStore;
  /** The machine's secret box (db/secret-box.ts): a workstation's pending resume grants are sealed with it. */
  secretBox: SecretBox;
}

export interface HallRoleParts {
  readonly registry: HallRegistry;
  /** Set at a workstation: the hub connection (`link.connection` is the `HubTransport` replication uses). */
  readonly link: WorkstationLink | null;
  handlers: Pick<Handlers, 'hall.linkStatus' | 'hall.report' | 'hall.workstations' | 'hall.grantResume' | 'hall.resumeSession'>;
  /** Replaces local handlers (workstation: the hub's methods; hub: the pairing code carries the certificate pin). */
  overrides(local: Handlers): Partial<Handlers>;
  health: HealthSource[];
  start(): void;
  close(): Promise<void>;
}

export function createHallRole(deps: HallRoleDeps): HallRoleParts {
  const registry = new HallRegistry(deps.db, deps.bus, deps.devices);
  // At the hub: offline sessions of its workstations come back as hub sessions (session-resume.ts).
  const grants = new ResumeGrants(deps.db, deps.accounts);
  const hall = deps.config.hall;
  const link =
    hall.role === 'workstation'
      ? new WorkstationLink({
          db: deps.db,
          bus: deps.bus,
          accounts: deps.accounts,
          store: deps.credentials ?? new FileCredentialStore(credentialFile(deps.config.dataDir)),
          hubUrl: hall.hubUrl,
          station: deps.config.station,
          version: pkg.version,
          reportEveryMs: hall.reportEveryMs,
          health: deps.health,
          secretBox: deps.secretBox,
        })
      : null;
  const hubStatus = (): HallLinkStatus => ({
    role: 'hub',
    hubUrl: null,
    station: deps.config.station,
    joined: true,
    online: true,
    lastContactAt: null,
    clockSkewMs: null,
    warning: null,
  });
  return {
    registry,
    link,
    handlers: {
      'hall.linkStatus': () => link?.status() ?? hubStatus(),
      'hall.report': (input, ctx) => registry.report(input, ctx.caller),
      'hall.workstations': () => registry.list(),
      'hall.grantResume': (input, ctx) => grants.grant(input.session, ctx.caller),
      'hall.resumeSession': (input, ctx) => grants.resume(input.grant, ctx.caller),
    },
    overrides: (local) => (link ? link.overrides(local) : hubOverrides(local, deps.config.dataDir)),
    health: link ? [link.health()] : [],
    start: () => link?.start(),
    close: async () => link?.close(),
  };
}

/** A counter PC's pairing code also carries the hub certificate's pin, so join-hall can refuse a man in the middle. */
function hubOverrides(local: Handlers, dataDir: string): Partial<Handlers> {
  return {
    'devices.createPairingCode': async (input, ctx) => {
      const answer = await local['devices.createPairingCode'](input, ctx);
      const tls = input.role === 'counter-device' ? readHubTls(dataDir) : null;
      return tls ? { ...answer, code: joinCode(answer.code, tls.fingerprint) } : answer;
    },
  };
}
