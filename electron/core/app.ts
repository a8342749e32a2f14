import path from 'node:path';
import { AppError } from '../../shared/contract';
import { fromProvincialDate } from '../../shared/provincial';
import type { CoreConfig } from './config';
import { createRouter, type Handlers, type Router } from './contract/router';
import { databasePath, migrate, openDatabase, type Db, type Migration } from './db/database';
import type { HealthSource } from './devices/health';
import { EventBus } from './events';
import { fileHandlers } from './files/file-handlers';
import { FileStore, fileStoreFor } from './files/file-store';
import { HallService, hallHandlers, hallMigrations } from './hall/hall-service';
import { parsePrinterTarget } from './devices/printer/printer-target';
import { TicketPrinter, printerMigrations } from './devices/printer/ticket-printer';
import { queueMigrations } from './queue/migrations';
import { queueHandlers } from './queue/queue-handlers';
import { QueueService } from './queue/queue-service';
import { CatalogService, catalogHandlers, catalogMigrations } from './catalog/catalog-service';
import { CalendarStore, calendarHealth, calendarMigrations } from './dossier/calendar-store';
import { dossierHandlers, formRenderer } from './dossier/dossier-handlers';
import { dossierMigrations } from './dossier/dossier-schema';
import { DossierService, type DossierChangeListener } from './dossier/dossier-service';
import { loadFormSet } from './dossier/forms/templates';
import { OsPrinter } from './dossier/print';
import { SerialQrScanner, parseSerialTarget } from './dossier/qr-scanner';
import { resourcePath } from './resources';
import { dossierOutboxListener } from './sync/dossier-to-provincial';
import { databaseHealth, dataDirHealth, systemHandlers } from './system/system-service';
import { syncMigrations } from './sync/outbox';
import { SyncService, syncHandlers } from './sync/sync-service';
import { AccountsService, accountsMigrations } from './accounts/accounts-service';
import { auditMigrations } from './audit/audit-log';
import { useAuditAnchors } from './audit/audit-anchors';
import { defaultAuditKeyStore, useAuditKey, type AuditKeyStore } from './audit/audit-key';
import { withAudit } from './audit/audited-methods';
import { PrivacyService, privacyMigrations } from './privacy/privacy-service';
import { queueTicketsSource } from './privacy/sources/queue-tickets';
import { dossiersSource } from './privacy/sources/dossiers';
import { Authenticator } from './trust/authenticator';
import { DevicesService, devicesMigrations } from './trust/devices-service';
import { RevocationSignal, watchForeignCommits } from './trust/revocation';
import { securityHandlers } from './trust/security-handlers';
import { withScreenRedaction } from './trust/event-policy';
import { withStorageGuard } from './system/storage-errors';

import { DigitizeService, digitizeMigrations } from './digitize/digitize-service';
import { digitizeHandlers } from './digitize/digitize-handlers';
import { createScanDrivers, digitizeHealth } from './digitize/drivers';
import { DigitizeWorker } from './digitize/worker-client';
import { signingHandlers } from './signing/signing-handlers';
import { SigningService } from './signing/signing-service';

/** Every migration of every module, in the order they were written. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  ...hallMigrations,
  ...queueMigrations,
  ...printerMigrations,
  ...catalogMigrations,
  ...calendarMigrations,
  ...dossierMigrations,
  ...syncMigrations,
  ...digitizeMigrations,
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
  readonly catalog: CatalogService;
  readonly calendar: CalendarStore;
  readonly dossiers: DossierService;
  readonly sync: SyncService;
  readonly health: HealthSource[];
  readonly accounts: AccountsService;
  readonly devices: DevicesService;
  /** Credential → caller, for the hub and Electron IPC alike. */
  readonly auth: Authenticator;
  /** Retention purge and citizen export; features register their PersonalDataSource here. */
  readonly privacy: PrivacyService;
  readonly digitize: DigitizeService;
  readonly signing: SigningService;
  /** Registers cleanup (devices, timers, workers); run in reverse order by close(). */
  onClose(close: () => void | Promise<void>): void;
  close(): Promise<void>;
}

export { databasePath };

/**
 * The composition root: builds every back-end service from one config. Both
 * the Electron main process and the hub (`npm run serve`) start here.
 */
export interface CoreOptions {
  /** Where the audit chain's key lives; Electron passes one over safeStorage. Default: <data>/audit.key. */
  auditKeyStore?: AuditKeyStore;
}

export function createCore(config: CoreConfig, options: CoreOptions = {}): Core {
  const dbFile = databasePath(config.dataDir);
  const db = openDatabase(dbFile);
  migrate(db, MIGRATIONS);
  // The audit chain's key lives outside the database (a 0600 file in web mode; the OS key store in Electron).
  useAuditKey(db, options.auditKeyStore ?? defaultAuditKeyStore(config.dataDir));
  useAuditAnchors(db, config.dataDir);
  const files = fileStoreFor(config.dataDir);
  const bus = new EventBus();

  const hall = new HallService(db, bus);
  if (config.seedDemo) hall.seedDemo(resourcePath('demo', 'hall.json'));
  const catalog = new CatalogService(db, bus);
  if (config.seedDemo) catalog.seed(resourcePath('catalog', 'seed.json'));
  const calendar = new CalendarStore(db);
  const formSet = loadFormSet();
  const dossierRef: { current?: DossierService } = {};
  const dossiers = new DossierService(
    db,
    catalog,
    calendar,
    files,
    {
      agency: config.agency,
      station: config.station,
      renderForm: formRenderer(formSet, config.agency, config.place, catalog, (code) => dossierRef.current?.apology(code) ?? null),
    },
    bus,
  );
  dossierRef.current = dossiers;

  const printer = new TicketPrinter(parsePrinterTarget(config.devices.printer), { db, files, bus });
  const queue = new QueueService(db, bus, hall, printer, { agencyName: config.agency.name });
  if (config.seedDemo) queue.seedDemo(resourcePath('demo', 'queue.json'));
  dossiers.addListener(linkTicketOnReceipt(queue));

  const health: HealthSource[] = [databaseHealth(db, dbFile), dataDirHealth(config.dataDir)];
  health.push(printer.health());
  const sync = new SyncService(db, files, bus, config.dataDir, config.agency.code, config.provincial);
  health.push(sync.health());
  dossiers.addListener(dossierOutboxListener((code) => dossiers.get(code), config.agency, files));
  // Statuses changed by the province's back office come back into the local dossier.
  const applyRemote = (change: { MaHoSo: string; TrangThaiHoSo: number; ThoiDiem: string }) => {
    const at = fromProvincialDate(change.ThoiDiem);
    if (at) dossiers.applyRemoteStatus(change.MaHoSo, change.TrangThaiHoSo, at);
  };
  sync.onRemoteStatus(applyRemote);
  // Changes pulled while nothing listened (a crash, the CLI) are caught up at start; stale ones are ignored.
  for (const change of sync.remoteStatuses()) applyRemote(change);

  const revocations = new RevocationSignal();
  const accounts = new AccountsService(db, revocations);
  const devices = new DevicesService(db, bus, revocations);
  const auth = new Authenticator(accounts, devices, revocations);
  const privacy = new PrivacyService(db, files);
  privacy.register(queueTicketsSource);
  privacy.register(dossiersSource);
  const digitizeWorker = new DigitizeWorker();
  const signing = new SigningService(digitizeWorker, files, config.agency.name, config.devices.tsaUrl);
  const digitize = new DigitizeService(db, files, bus, digitizeWorker, createScanDrivers(config), signing, { scanner: config.devices.scanner });
  health.push(...digitizeHealth(config));

  const handlers: Handlers = {
    ...systemHandlers(config, () => health),
    ...hallHandlers(hall),
    ...fileHandlers(files),
    ...securityHandlers({ db, accounts, devices, privacy }),
    ...queueHandlers({ queue, printer, db, hall, officerName: (id) => accounts.displayName(id) }),
    ...catalogHandlers(catalog),
    ...dossierHandlers({
      dossiers,
      calendar,
      files,
      printer: new OsPrinter({ printer: config.formPrinter }),
      formSet,
      agency: config.agency,
      place: config.place,
    }),
    ...syncHandlers(sync),
    ...digitizeHandlers(digitize),
    ...signingHandlers(signing, files, bus, { configuredModule: config.devices.pkcs11Module }),
  };
  const router = createRouter(
    withScreenRedaction(withStorageGuard(withAudit(handlers, db), bus), { displayCitizenNames: config.privacy.displayCitizenNames }),
  );

  const closers: (() => void | Promise<void>)[] = [];
  closers.push(() => printer.close());
  // A device revoked or a session ended by the CLI (another process) reaches the hub's open sockets too.
  closers.push(watchForeignCommits(db, () => revocations.fire()));
  health.push(calendarHealth(calendar), catalog.health());
  const qrTarget = config.devices.qrScanner ? parseSerialTarget(config.devices.qrScanner) : null;
  if (config.devices.qrScanner && !qrTarget) throw new Error(`--qr-scanner must be serial:PATH[?baud=N], got ${config.devices.qrScanner}`);
  const qrScanner = qrTarget ? new SerialQrScanner(qrTarget, (result, source) => bus.emit('dossier.qrScanned', { source, result })) : null;
  if (qrScanner) {
    health.push(qrScanner.health());
    void qrScanner.start();
    closers.push(() => qrScanner.close());
  }
  // Receipts a crash or a full disk left unrendered are made now, in the background.
  void dossiers.renderMissingReceipts().catch((error: unknown) => console.error('[dossier] missing receipts not rendered', error));
  if (config.provincial?.autoStart) sync.start();
  closers.push(() => sync.close());
  closers.push(queue.startClock());
  closers.push(printer.watch());
  closers.push(() => digitizeWorker.close(), () => signing.closeAll());
  if (config.devices.scanner?.startsWith('folder:')) closers.push(((w) => () => w.stop())(digitize.startWatchedFolder(config.devices.scanner.slice(7))));
  return {
    config,
    db,
    files,
    bus,
    router,
    hall,
    queue,
    printer,
    catalog,
    calendar,
    dossiers,
    sync,
    health,
    accounts,
    devices,
    auth,
    privacy,
    digitize,
    signing,
    onClose: (close) => closers.push(close),
    async close() {
      for (const close of closers.reverse()) await close();
      db.close();
    },
  };
}

/**
 * A dossier received for a hall ticket is linked to it in the queue's records
 * (statistics, the ticket's history). A ticket the queue no longer knows must
 * not stop the reception: the dossier keeps the ticket id either way.
 */
function linkTicketOnReceipt(queue: QueueService): DossierChangeListener {
  return (_db, change) => {
    if (change.type !== 'received' || !change.dossier.ticketId) return;
    try {
      queue.linkDossier(change.dossier.ticketId, change.dossier.code, { role: 'officer', userId: change.dossier.receivedBy });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    }
  };
}
