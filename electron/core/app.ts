import path from 'node:path';
import type { CoreConfig } from './config';
import { createRouter, type Handlers, type Router } from './contract/router';
import { migrate, openDatabase, type Db, type Migration } from './db/database';
import type { HealthSource } from './devices/health';
import { EventBus } from './events';
import { fileHandlers } from './files/file-handlers';
import { FileStore } from './files/file-store';
import { HallService, hallHandlers, hallMigrations } from './hall/hall-service';
import { parsePrinterTarget } from './devices/printer/printer-target';
import { TicketPrinter, printerMigrations } from './devices/printer/ticket-printer';
import { queueMigrations } from './queue/migrations';
import { queueHandlers } from './queue/queue-handlers';
import { QueueService } from './queue/queue-service';
import { resourcePath } from './resources';
import { databaseHealth, dataDirHealth, systemHandlers } from './system/system-service';
import { AccountsService, accountsMigrations } from './accounts/accounts-service';
import { auditMigrations } from './audit/audit-log';
import { withAudit } from './audit/audited-methods';
import { PrivacyService, privacyMigrations } from './privacy/privacy-service';
import { queueTicketsSource } from './privacy/sources/queue-tickets';
import { Authenticator } from './trust/authenticator';
import { DevicesService, devicesMigrations } from './trust/devices-service';
import { RevocationSignal } from './trust/revocation';
import { securityHandlers } from './trust/security-handlers';
import { withScreenRedaction } from './trust/event-policy';

/** Every migration of every module, in the order they were written. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  ...hallMigrations,
  ...queueMigrations,
  ...printerMigrations,
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
  readonly queue: QueueService;
  readonly printer: TicketPrinter;
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

  const printer = new TicketPrinter(parsePrinterTarget(config.devices.printer), { db, files, bus });
  const queue = new QueueService(db, bus, hall, printer, { agencyName: config.agency.name });
  if (config.seedDemo) queue.seedDemo(resourcePath('demo', 'queue.json'));

  const health: HealthSource[] = [databaseHealth(db, dbFile), dataDirHealth(config.dataDir)];
  health.push(printer.health());

  const revocations = new RevocationSignal();
  const accounts = new AccountsService(db, revocations);
  const devices = new DevicesService(db, bus, revocations);
  const auth = new Authenticator(accounts, devices, revocations);
  const privacy = new PrivacyService(db, files);
  privacy.register(queueTicketsSource);

  const handlers: Handlers = {
    ...systemHandlers(config, () => health),
    ...hallHandlers(hall),
    ...fileHandlers(files),
    ...securityHandlers({ db, accounts, devices, privacy }),
    ...queueHandlers({ queue, printer, db, hall }),
  };
  const router = createRouter(
    withScreenRedaction(withAudit(handlers, db), { displayCitizenNames: config.privacy.displayCitizenNames }),
  );

  const closers: (() => void | Promise<void>)[] = [];
  closers.push(() => printer.close());
  return {
    config,
    db,
    files,
    bus,
    router,
    hall,
    queue,
    printer,
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
