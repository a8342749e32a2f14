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
import { DigitizeService, digitizeMigrations } from './digitize/digitize-service';
import { digitizeHandlers } from './digitize/digitize-handlers';
import { createScanDrivers, digitizeHealth } from './digitize/drivers';
import { DigitizeWorker } from './digitize/worker-client';
import { signingHandlers } from './signing/signing-handlers';
import { SigningService } from './signing/signing-service';

/** Every migration of every module, in the order they were written. Append only. */
export const MIGRATIONS: readonly Migration[] = [...hallMigrations, ...digitizeMigrations];

export interface Core {
  readonly config: CoreConfig;
  readonly db: Db;
  readonly files: FileStore;
  readonly bus: EventBus;
  readonly router: Router;
  readonly hall: HallService;
  readonly health: HealthSource[];
  readonly digitize: DigitizeService;
  readonly signing: SigningService;
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

  const digitizeWorker = new DigitizeWorker();
  const signing = new SigningService(digitizeWorker, files, config.agency.name, config.devices.tsaUrl);
  const digitize = new DigitizeService(db, files, bus, digitizeWorker, createScanDrivers(config), signing, { scanner: config.devices.scanner });
  health.push(...digitizeHealth(config));

  const handlers: Handlers = {
    ...systemHandlers(config, () => health),
    ...hallHandlers(hall),
    ...fileHandlers(files),
    ...digitizeHandlers(digitize),
    ...signingHandlers(signing, files, bus, { configuredModule: config.devices.pkcs11Module }),
  };
  const router = createRouter(handlers);

  const closers: (() => void | Promise<void>)[] = [];
  closers.push(() => digitizeWorker.close(), () => signing.closeAll());
  if (config.devices.scanner?.startsWith('folder:')) closers.push(((w) => () => w.stop())(digitize.startWatchedFolder(config.devices.scanner.slice(7))));
  return {
    config,
    db,
    files,
    bus,
    router,
    hall,
    health,
    digitize,
    signing,
    onClose: (close) => closers.push(close),
    async close() {
      for (const close of closers.reverse()) await close();
      db.close();
    },
  };
}
