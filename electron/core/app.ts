import path from 'node:path';
import type { CoreConfig } from './config';
import { createRouter, type Handlers, type Router } from './contract/router';
import { migrate, openDatabase, type Db, type Migration } from './db/database';
import type { HealthSource } from './devices/health';
import { EventBus } from './events';
import { fileHandlers } from './files/file-handlers';
import { FileStore } from './files/file-store';
import { HallService, hallHandlers, hallMigrations } from './hall/hall-service';
import { resourcePath } from './resources';
import { databaseHealth, dataDirHealth, systemHandlers } from './system/system-service';
import { AccountsService, accountsMigrations } from './accounts/accounts-service';
import { auditMigrations } from './audit/audit-log';
import { auditAfterCall } from './audit/audited-methods';
import { PrivacyService, privacyMigrations } from './privacy/privacy-service';
import { Authenticator } from './trust/authenticator';
import { DevicesService, devicesMigrations } from './trust/devices-service';
import { RevocationSignal } from './trust/revocation';
import { securityHandlers } from './trust/security-handlers';

/** Every migration of every module, in the order they were written. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  ...hallMigrations,
  ...auditMigrations,
  ...accountsMigrations,
  ...devicesMigrations,
  ...privacyMigrations,
];

export interface Core {
  readonly config: CoreConfig;
  readonly db: Db;
  readonly files: FileStore;
  readonly bus: EventBus;
  readonly router: Router;
  readonly hall: HallService;
  readonly health: HealthSource[];
  readonly accounts: AccountsService;
  readonly devices: DevicesService;
  /** Credential → caller, for the hub and Electron IPC alike. */
  readonly auth: Authenticator;
  /** Retention purge and citizen export; features register their PersonalDataSource here. */
  readonly privacy: PrivacyService;
  /** Registers cleanup (devices, timers, workers); run in reverse order by close(). */
  onClose(close: () => void | Promise<void>): void;
  close(): Promise<void>;
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'motcua.sqlite');
}

/**
 * The composition root: builds every back-end service from one config. Both
 * the Electron main process and the hub (`npm run serve`) start here.
 */
export function createCore(config: CoreConfig): Core {
  const dbFile = databasePath(config.dataDir);
  const db = openDatabase(dbFile);
  migrate(db, MIGRATIONS);
  const files = new FileStore(path.join(config.dataDir, 'files'));
  const bus = new EventBus();

  const hall = new HallService(db, bus);
  if (config.seedDemo) hall.seedDemo(resourcePath('demo', 'hall.json'));

  const health: HealthSource[] = [databaseHealth(db, dbFile), dataDirHealth(config.dataDir)];

  const revocations = new RevocationSignal();
  const accounts = new AccountsService(db, revocations);
  const devices = new DevicesService(db, bus, revocations);
  const auth = new Authenticator(accounts, devices, revocations);
  const privacy = new PrivacyService(db, files);

  const handlers: Handlers = {
    ...systemHandlers(config, () => health),
    ...hallHandlers(hall),
    ...fileHandlers(files),
    ...securityHandlers({ db, accounts, devices, privacy }),
  };
  const router = createRouter(handlers, { afterCall: auditAfterCall(db) });

  const closers: (() => void | Promise<void>)[] = [];
  return {
    config,
    db,
    files,
    bus,
    router,
    hall,
    health,
    accounts,
    devices,
    auth,
    privacy,
    onClose: (close) => closers.push(close),
    async close() {
      for (const close of closers.reverse()) await close();
      db.close();
    },
  };
}
