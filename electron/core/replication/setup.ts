/**
 * Hall replication as the composition root sees it. A core is one of three:
 * `single` (no hall: as before, fixed station blocks, the province synced from
 * here), `hub` (the hall register, the lease ledger, the province synced from
 * here) or `workstation` (dossiers written here first, replicated to the hub;
 * never synced to the province itself).
 */
import { AppError } from '../../../shared/contract';
import { DEFAULT_LEASE_POLICY, isValidStation, stationBlock, type LeasePolicy } from '../../../shared/domain/dossier-code';
import type { Handlers } from '../contract/router';
import type { Db } from '../db/database';
import type { DossierService, SequenceSource } from '../dossier/dossier-service';
import type { FileStore } from '../files/file-store';
import { LeaseBook, LeaseLedger } from './code-leases';
import { HallRegister, hallFeedListener } from './hub-register';
import { HttpHubTransport, type HubTransport } from './transport';
import type { DeviceRevoked } from './station-binding';
import { DEFAULT_WORKSTATION_OPTIONS, WorkstationReplication, type WorkstationOptions } from './workstation';

export type ReplicationConfig =
  | { role: 'hub'; leasePolicy?: LeasePolicy }
  | {
      role: 'workstation';
      /** The hub's address and this PC's `counter-device` credential (used when no transport is given). */
      hubUrl?: string;
      token?: string;
      leasePolicy?: LeasePolicy;
      options?: Partial<Omit<WorkstationOptions, 'station'>>;
      /** Off for tests and tools that drive replication by hand. */
      autoStart?: boolean;
    };

export type ReplicationRole = 'single' | 'hub' | 'workstation';

type ReplicationMethods = Extract<keyof Handlers, `replication.${string}`>;
type HubMethods = Exclude<ReplicationMethods, 'replication.attention' | 'replication.status'>;

/** The number source the dossier service is built with (before replication itself, which needs the service). */
export function hallSequences(
  config: ReplicationConfig | undefined,
  db: Db,
  agencyCode: string,
  station: number,
): { sequences?: SequenceSource; ledger?: LeaseLedger; book?: LeaseBook } {
  if (config?.role === 'hub') {
    const policy = config.leasePolicy ?? DEFAULT_LEASE_POLICY;
    // A hub numbers its own desk from its fixed station block, as before the hall (so independent PCs of one
    // agency on stations 0–9 still never collide); workstations' leases start above that block.
    if (isValidStation(station)) return { ledger: new LeaseLedger(db, policy, stationBlock(station)) };
    const ledger = new LeaseLedger(db, policy);
    return { sequences: ledger.selfSource(station), ledger };
  }
  if (config?.role === 'workstation') {
    const book = new LeaseBook(db, agencyCode, station, config.leasePolicy ?? DEFAULT_LEASE_POLICY);
    return { sequences: book, book };
  }
  return {};
}

export interface Replication {
  role: ReplicationRole;
  register: HallRegister | null;
  workstation: WorkstationReplication | null;
  handlers: Pick<Handlers, ReplicationMethods>;
  close(): Promise<void>;
}

const notHub = (): never => {
  throw new AppError('unavailable', 'Máy này không phải máy chủ sảnh.');
};

export function startReplication(args: {
  config: ReplicationConfig | undefined;
  db: Db;
  files: FileStore;
  dossiers: DossierService;
  station: number;
  numbers: ReturnType<typeof hallSequences>;
  transport?: HubTransport;
  /** The hub frees a revoked device's station for another PC. */
  deviceRevoked: DeviceRevoked;
}): Replication {
  const { config, db, files, dossiers, station, numbers } = args;
  const hubOnly = Object.fromEntries(
    (
      [
        'replication.push',
        'replication.fileStatus',
        'replication.uploadChunk',
        'replication.changes',
        'replication.copies',
        'replication.get',
        'replication.search',
        'replication.leases',
        'replication.file',
      ] as const
    ).map((m) => [m, notHub]),
  ) as unknown as Pick<Handlers, HubMethods>;
  if (config?.role === 'workstation') {
    const transport = args.transport ?? (config.hubUrl && config.token ? new HttpHubTransport(config.hubUrl, config.token) : null);
    if (!transport || !numbers.book) throw new Error('a workstation needs the hub address and its credential (or a HubTransport)');
    const ws = new WorkstationReplication(db, files, dossiers, transport, numbers.book, {
      ...DEFAULT_WORKSTATION_OPTIONS,
      ...config.options,
      engine: { ...DEFAULT_WORKSTATION_OPTIONS.engine, ...config.options?.engine },
      station,
    });
    if (config.autoStart !== false) ws.start();
    return {
      role: 'workstation',
      register: null,
      workstation: ws,
      handlers: { ...hubOnly, 'replication.attention': () => ws.attention(), 'replication.status': () => ws.status() },
      close: () => ws.close(),
    };
  }
  const idle = { hubReachable: null, pending: 0, attention: 0, bytesPending: 0, oldestPendingAt: null, lastPullAt: null };
  if (config?.role === 'hub' && numbers.ledger) {
    dossiers.addRecordListener(hallFeedListener);
    const register = new HallRegister(db, files, dossiers, numbers.ledger, args.deviceRevoked);
    return {
      role: 'hub',
      register,
      workstation: null,
      handlers: { ...register.handlers(), 'replication.attention': () => [], 'replication.status': () => ({ role: 'hub', ...idle }) },
      close: async () => undefined,
    };
  }
  return {
    role: 'single',
    register: null,
    workstation: null,
    handlers: { ...hubOnly, 'replication.attention': () => [], 'replication.status': () => ({ role: 'single', ...idle }) },
    close: async () => undefined,
  };
}
