import type { ReplicationBacklog } from '../../shared/contract';
import type { CoreConfig } from './config';
import { createRouter, type Handlers, type Router } from './contract/router';
import { databasePath, migrate, openDatabase, type Db, type Migration } from './db/database';
import { GroupCommit } from './db/group-commit';
import type { HealthSource } from './devices/health';
import { EventBus } from './events';
import { fileHandlers } from './files/file-handlers';
import { FileStore, fileStoreFor } from './files/file-store';
import { HallService, hallHandlers, hallMigrations } from './hall/hall-service';
import { createHallRole, type HallRoleParts } from './hall-link/hall-role';
import { hallLinkMigrations } from './hall-link/migrations';
import type { CredentialStore } from './hall-link/hall-credential';
import { parsePrinterTarget } from './devices/printer/printer-target';
import { TicketPrinter, printerMigrations } from './devices/printer/ticket-printer';
import { queueMigrations } from './queue/migrations';
import { queueHandlers } from './queue/queue-handlers';
import { QueueService } from './queue/queue-service';
import { CatalogService, catalogHandlers, catalogMigrations } from './catalog/catalog-service';
import { CalendarStore, calendarHealth, calendarMigrations } from './calendar/calendar-store';
import { dossierHandlers, formRenderer } from './dossier/dossier-handlers';
import { dossierMigrations } from './dossier/dossier-schema';
import { DossierService } from './dossier/dossier-service';
import { storedApology } from './dossier/dossier-store';
import { linkTicketOnReceipt } from './dossier/ticket-link';
import { formSetFile, loadFormSet } from './dossier/forms/templates';
import { FormRenderWorker } from './dossier/forms/render-client';
import { OsPrinter } from './dossier/print';
import { printedFormOf } from './dossier/dossier-store';
import { startCodeReaders } from './devices/hid-setup';
import { resourcePath } from './resources';
import { dossierOutboxListener } from './sync/dossier-to-provincial';
import { databaseHealth, dataDirHealth, systemHandlers } from './system/system-service';
import { syncMigrations } from './sync/outbox';
import { defaultSecretBox, type SecretBox } from './db/secret-box';
import { credentialHandlers, ProvincialCredentials } from './sync/provincial-credentials';
import { SyncService, syncHandlers } from './sync/sync-service';
import { followProvincialStatuses } from './sync/remote-status';
import { AccountsService, accountsMigrations } from './accounts/accounts-service';
import { auditMigrations } from './audit/migrations';
import { takeAnchor, useAuditAnchors } from './audit/audit-anchors';
import { defaultAuditKeyStore, useAuditKey, type AuditKeyStore } from './audit/audit-key';
import { withAudit } from './audit/audited-methods';
import { privacyMigrations } from './privacy/migrations';
import { PrivacyService } from './privacy/privacy-service';
import { queueTicketsSource } from './privacy/sources/queue-tickets';
import { dossiersSource } from './privacy/sources/dossiers';
import { Authenticator } from './trust/authenticator';
import { DevicesService, devicesMigrations } from './trust/devices-service';
import { RevocationSignal, watchForeignCommits } from './trust/revocation';
import { securityHandlers } from './trust/security-handlers';
import { withScreenRedaction } from './trust/event-policy';
import { storageAppError, withStorageGuard } from './system/storage-errors';

import { DigitizeService, digitizeMigrations } from './digitize/digitize-service';
import { digitizeHandlers } from './digitize/digitize-handlers';
import { createScanDrivers, digitizeHealth } from './digitize/drivers';
import { DigitizeWorker } from './digitize/worker-client';
import { signingHandlers } from './signing/signing-handlers';
import { replicationMigrations } from './replication/migrations';
import { instantsMigrations } from './db/instants';
import { hallSequences, startReplication, type Replication, type ReplicationConfig } from './replication/setup';
import type { HubTransport } from './replication/transport';
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
  ...hallLinkMigrations,
  ...replicationMigrations,
  ...instantsMigrations,
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
  /** Hub or workstation: at a workstation `hallRole.link.connection` is the hub transport (HubTransport). */
  readonly hallRole: HallRoleParts;
  /** The thread receipts and forms are drawn in; a service start warms it (`warm()`). */
  readonly forms: FormRenderWorker;
  /** Hall replication: the register (hub), the replica engine (workstation), or neither (single PC). */
  readonly replication: Replication;
  /** Registers cleanup (devices, timers, workers); run in reverse order by close(). */
  onClose(close: () => void | Promise<void>): void;
  close(): Promise<void>;
}

export { databasePath };

/**
 * The composition root: builds every back-end service from one config. Both
 * the Electron main process and the hub (`npm run serve`) start here.
 */
/** What the composition root may be handed instead of building it. */
export interface CoreDeps {
  /** Electron: the hall credential in the OS key store (web mode: a file readable only by its owner). */
  hallCredentials?: CredentialStore;
  /** Replication's way to the hub; by default the hall link's pinned connection at a workstation. */
  hubTransport?: HubTransport;
  /** Several cores in one process (tests, the hall bench) may share one form worker; the owner closes it. */
  formWorker?: FormRenderWorker;
  /** Where the audit chain's key lives; Electron passes one over safeStorage. Default: <data>/audit.key. */
  auditKeyStore?: AuditKeyStore;
  /** Seals the provincial link's password: the OS key store in Electron; a 0600 key file when absent. */
  secretBox?: SecretBox;
}

export function createCore(config: CoreConfig, deps: CoreDeps = {}): Core {
  const dbFile = databasePath(config.dataDir);
  const db = openDatabase(dbFile, { groupCommit: true });
  const groupCommit = new GroupCommit(db);
  const durable = () =>
    groupCommit.settle().catch((error: unknown) => {
      throw storageAppError(error) ?? error;
    });
  migrate(db, MIGRATIONS);
  // The audit chain's key lives outside the database (a 0600 file in web mode; the OS key store in Electron).
  useAuditKey(db, deps.auditKeyStore ?? defaultAuditKeyStore(config.dataDir));
  useAuditAnchors(db, config.dataDir);
  const files = fileStoreFor(config.dataDir);
  const bus = new EventBus();

  const hall = new HallService(db, bus);
  if (config.seedDemo) hall.seedDemo(resourcePath('demo', 'hall.json'));
  const catalog = new CatalogService(db, bus);
  if (config.seedDemo) catalog.seed(resourcePath('catalog', 'seed.json'));
  const calendar = new CalendarStore(db);
  const formSet = loadFormSet(formSetFile(config.formSet));
  // Receipts and forms are drawn off the main thread: the hub's queue and replication never wait for a PDF.
  const formWorker = deps.formWorker ?? new FormRenderWorker();
  const drawForm = formWorker.render.bind(formWorker);
  const revocations = new RevocationSignal();
  const accounts = new AccountsService(db, revocations);
  const devices = new DevicesService(db, bus, revocations);
  // Hub or workstation of a hall: the link (pairing, TLS, the hub's queue and accounts) comes first,
  // since replication reaches the hub through it.
  const secretBox = deps.secretBox ?? defaultSecretBox(config.dataDir);
  const hallRole = createHallRole({
    config,
    db,
    bus,
    accounts,
    devices,
    health: () => health,
    credentials: deps.hallCredentials,
    secretBox,
  });
  const replicationConfig = replicationFor(config);
  const numbers = hallSequences(replicationConfig, db, config.agency.code, config.station);
  const dossiers = new DossierService(
    db,
    catalog,
    calendar,
    files,
    {
      agency: config.agency,
      station: config.station,
      sequences: numbers.sequences,
      renderForm: formRenderer(formSet, config.agency, config.place, catalog, (code) => storedApology(db, code), drawForm),
    },
    bus,
  );

  const printer = new TicketPrinter(parsePrinterTarget(config.devices.printer), { db, files, bus });
  const queue = new QueueService(db, bus, hall, printer, { agencyName: config.agency.name, durable });
  if (config.seedDemo) queue.seedDemo(resourcePath('demo', 'queue.json'));
  dossiers.addListener(linkTicketOnReceipt(queue));

  const health: HealthSource[] = [databaseHealth(db, dbFile), dataDirHealth(config.dataDir)];
  health.push(printer.health());
  // Start-up flags win; else the account saved from the sync panel (its password sealed outside the database).
  const credentials = new ProvincialCredentials(db, secretBox);
  const provincial = config.provincial ?? credentials.provincialConfig();
  const sync = new SyncService(db, files, bus, config.dataDir, config.agency.code, provincial, {
    auditAnchor: (where) => takeAnchor(db, where),
  });
  health.push(sync.health());
  // A hall's workstations never sync to the province: their dossiers reach it once, from the hub's register.
  if (replicationConfig.role !== 'workstation')
    dossiers.addListener(dossierOutboxListener((code) => dossiers.get(code), config.agency, files));
  const replication = startReplication({
    config: replicationConfig,
    db,
    files,
    dossiers,
    station: config.station,
    numbers,
    transport: deps.hubTransport ?? hallRole.link?.connection ?? undefined,
    deviceRevoked: (id) => devices.isRevoked(id),
  });
  const replica = replication.workstation;
  if (replica && hallRole.link) hallRole.link.setBacklogSource(() => backlogOf(replica.status()));
  followProvincialStatuses(sync, dossiers);

  const auth = new Authenticator(accounts, devices, revocations);
  const privacy = new PrivacyService(db, files);
  privacy.register(queueTicketsSource);
  privacy.register(dossiersSource);
  const digitizeWorker = new DigitizeWorker();
  const signing = new SigningService(digitizeWorker, files, config.agency.name, config.devices.tsaUrl);
  const digitize = new DigitizeService(db, files, bus, digitizeWorker, createScanDrivers(config), signing, {
    scanner: config.devices.scanner,
  });
  health.push(...digitizeHealth(config));
  health.push(...hallRole.health);

  const handlers: Handlers = {
    ...systemHandlers(config, () => health),
    ...hallHandlers(hall),
    ...fileHandlers(files),
    ...securityHandlers({ db, accounts, devices, privacy }),
    ...queueHandlers({ queue, printer, db, hall, officerName: (id) => accounts.displayName(id) }),
    ...catalogHandlers(catalog),
    ...hallWide(
      replication,
      dossierHandlers({
        dossiers,
        calendar,
        files,
        printer: new OsPrinter({ printer: config.formPrinter }),
        formSet,
        agency: config.agency,
        place: config.place,
        draw: drawForm,
        formOfFile: (sha256) => printedFormOf(db, sha256),
        ticketNumber: (id) => queue.ticket(id)?.number ?? null,
      }),
    ),
    ...replication.handlers,
    ...syncHandlers(sync),
    ...credentialHandlers(credentials, () => ({ ...sync.linkInEffect(), caFile: config.provincial?.caFile })),
    ...digitizeHandlers(digitize),
    ...signingHandlers(signing, files, bus, { configuredModule: config.devices.pkcs11Module }),
    ...hallRole.handlers,
  };
  Object.assign(handlers, hallRole.overrides({ ...handlers }));
  const router = createRouter(
    withScreenRedaction(withStorageGuard(withAudit(handlers, db), bus), { displayCitizenNames: config.privacy.displayCitizenNames }),
    { settle: durable },
  );
  // What background work (sync, replication pulls, timers) commits is on disk within a second too.
  let closing: Promise<void> | null = null;
  const settleTimer = setInterval(() => void durable().catch(() => undefined), 1000);
  settleTimer.unref();

  const closers: (() => void | Promise<void>)[] = [];
  closers.push(() => printer.close());
  // A device revoked or a session ended by the CLI (another process) reaches the hub's open sockets too.
  closers.push(watchForeignCommits(db, () => revocations.fire()));
  health.push(calendarHealth(calendar), catalog.health());
  // Serial and HID-POS QR/barcode readers, one source of reads bound to the screen they serve (issue #15).
  const codeReaders = startCodeReaders(config, bus);
  health.push(...codeReaders.health);
  closers.push(() => codeReaders.close());
  // Receipts a crash or a full disk left unrendered are made now, in the background.
  void dossiers.renderMissingReceipts().catch((error: unknown) => console.error('[dossier] missing receipts not rendered', error));
  if (provincial?.autoStart) sync.start();
  closers.push(() => sync.close());
  // At a workstation the queue is the hub's: the local one stays silent.
  if (config.hall.role === 'hub') closers.push(queue.startClock());
  hallRole.start();
  closers.push(() => hallRole.close());
  closers.push(() => replication.close());
  closers.push(printer.watch());
  closers.push(
    () => digitizeWorker.close(),
    () => signing.closeAll(),
    () => (deps.formWorker ? undefined : formWorker.close()),
  );
  if (config.devices.scanner?.startsWith('folder:'))
    closers.push(
      (
        (w) => () =>
          w.stop()
      )(digitize.startWatchedFolder(config.devices.scanner.slice(7))),
    );
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
    hallRole,
    forms: formWorker,
    replication,
    onClose: (close) => closers.push(close),
    // Once, however often it is called: a restart path and a test's cleanup may both close the same core.
    close() {
      closing ??= (async () => {
        for (const close of closers.reverse()) await close();
        clearInterval(settleTimer);
        try {
          groupCommit.settleNow();
        } catch (error) {
          console.error('[db] the last commits could not be flushed to disk', error);
        }
        db.close();
      })();
      return closing;
    },
  };
}

/**
 * Replication follows the hall role: a hub holds the hall register (a single-desk commune is a hub
 * with no workstations), a workstation replicates to its hub. Tests may set `config.replication`.
 */
function replicationFor(config: CoreConfig): ReplicationConfig {
  if (config.replication) return config.replication;
  return config.hall.role === 'workstation' ? { role: 'workstation' } : { role: 'hub' };
}

function backlogOf(status: { pending: number; bytesPending: number; oldestPendingAt: number | null }): ReplicationBacklog {
  return {
    items: status.pending,
    bytes: status.bytesPending,
    oldestAt: status.oldestPendingAt === null ? null : new Date(status.oldestPendingAt).toISOString(),
  };
}

/** At a workstation the dossier calls cover the whole hall (replication/workstation.ts); elsewhere they are as built. */
function hallWide<H extends ReturnType<typeof dossierHandlers>>(replication: Replication, local: H): H {
  return replication.workstation ? { ...local, ...replication.workstation.wrap(local) } : local;
}
