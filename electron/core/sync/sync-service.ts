import { randomUUID } from 'node:crypto';
import { AppError, type DoctorCheck, type MethodParsedInput, type SyncStatus } from '../../../shared/contract';
import { BundleAckSchema, filesOf, ProvincialDossierSchema, toProvincialDate, type BundleManifest } from '../../../shared/provincial';
import type { Handlers } from '../contract/router';
import type { Db } from '../db/database';
import type { HealthSource } from '../devices/health';
import type { EventBus } from '../events';
import type { FileStore } from '../files/file-store';
import type { ProvincialConfig, ProvincialProfile, PublicFileConfig, RemoteStatus, SyncAdapter } from './adapter';
import { encodeBundle, installationKey } from './bundle-format';
import { DvcqgAdapter } from './dvcqg-adapter';
import { SyncEngine, type EngineOptions, type EngineSnapshot } from './engine';
import { DEFAULT_ENGINE_OPTIONS } from './engine-options';
import { FileUrlSigner, PublicFileServer, fileUrlKey } from './file-server';
import { TthcHttpAdapter } from './motcua-adapter';
import { ProcedureMap } from './procedure-map';
import { SettingsStore } from './settings-store';
import { ackStatements, downloadCounts, outboxBytes, outboxCounts, remoteStatusRows, unsentItems } from './sync-store';
import { vnIsoMs } from '../../../shared/vn-time';

export const DEFAULT_PUBLIC_FILES: PublicFileConfig = { host: '0.0.0.0', port: 8091, ttlSeconds: 72 * 3600 };

/**
 * Sync as the rest of the app sees it: the engine (when a provincial endpoint
 * is configured), the supervisor's controls, the offline bundle, the events.
 */
/** Hands the audit chain's head out to `where` (audit-anchors.ts takeAnchor; injected: sync does not read the audit trail). */
export type AuditAnchorTaker = (where: string) => { seq: number; hash: string } | null;

export class SyncService {
  readonly engine: SyncEngine | null;
  private lastEmit = 0;
  private emitTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly bus: EventBus,
    private readonly dataDir: string,
    private readonly madonvi: string,
    readonly provincial: ProvincialConfig | undefined,
    options: { adapter?: SyncAdapter; engine?: Partial<EngineOptions>; auditAnchor?: AuditAnchorTaker } = {},
  ) {
    this.auditAnchor = options.auditAnchor ?? (() => null);
    const engineOptions = { ...provincial?.engine, ...options.engine };
    this.store = new SettingsStore(db);
    this.procedures = new ProcedureMap(db);
    const link = this.linkConfig();
    this.fileServer =
      provincial && link.profile === 'dvcqg' && !options.adapter
        ? new PublicFileServer(db, files, new FileUrlSigner(fileUrlKey(dataDir), this.publicFiles().ttlSeconds), this.publicFiles())
        : null;
    const adapter = options.adapter ?? (provincial ? this.makeAdapter({ ...provincial, ...link }, engineOptions) : null);
    this.engine = adapter ? new SyncEngine(db, files, adapter, engineOptions) : null;
    this.adapter = adapter;
    this.engine?.onChange(() => this.progressChanged());
    this.engine?.onRemoteStatus((c) =>
      this.bus.emit('sync.remoteStatus', { MaHoSo: c.MaHoSo, TrangThaiHoSo: c.TrangThaiHoSo, ThoiDiem: c.ThoiDiem }),
    );
  }
  private readonly adapter: SyncAdapter | null;
  private readonly auditAnchor: AuditAnchorTaker;
  private readonly store: SettingsStore;
  readonly procedures: ProcedureMap;
  /** dvcqg: the listener the portal fetches attachments from (apart from the staff API). */
  readonly fileServer: PublicFileServer | null;

  private makeAdapter(config: ProvincialConfig, engine: Partial<EngineOptions>): SyncAdapter {
    const sockets = (engine.concurrency ?? DEFAULT_ENGINE_OPTIONS.concurrency) + 2;
    if (config.profile === 'motcua' || !this.fileServer) return new TthcHttpAdapter(config, this.madonvi, sockets);
    return new DvcqgAdapter(config, this.madonvi, sockets, {
      files: this.fileServer,
      procedures: this.procedures,
      lookupPerSecond: engine.lookupPerSecond ?? DEFAULT_ENGINE_OPTIONS.lookupPerSecond,
    });
  }

  private publicFiles(): PublicFileConfig {
    const configured = { ...DEFAULT_PUBLIC_FILES, ...this.provincial?.publicFiles };
    const url = this.store.link().publicFileUrl ?? configured.url;
    return { ...configured, ...(url ? { url } : {}) };
  }

  /** The dialect in effect, for a connection check before the link is configured. */
  linkInEffect(): { authPath: string; dstcode: string } {
    const { authPath, dstcode } = this.linkConfig();
    return { authPath, dstcode };
  }

  /** The link in effect: the supervisor's settings over the configuration. */
  private linkConfig(): { profile: ProvincialProfile; authPath: string; servicePath: string; dstcode: string } {
    const set = this.store.link();
    return {
      profile: set.profile ?? this.provincial?.profile ?? 'dvcqg',
      authPath: set.authPath ?? this.provincial?.authPath ?? '/auth',
      servicePath: set.servicePath ?? this.provincial?.servicePath ?? '/service',
      dstcode: set.dstcode ?? this.provincial?.dstcode ?? '',
    };
  }

  /** For the dossier module: status changes made on the provincial side. */
  onRemoteStatus(listener: (change: RemoteStatus) => void): () => void {
    return this.engine?.onRemoteStatus(listener) ?? (() => undefined);
  }

  /** The latest provincial status of every dossier it changed (for the dossier module to catch up at start). */
  remoteStatuses(): { MaHoSo: string; TrangThaiHoSo: number; ThoiDiem: string; seq: number }[] {
    return (
      remoteStatusRows(this.db)
        // Stored as Vietnam ISO text; handed on in the province's own terms, like a live change.
        .map((r) => ({ MaHoSo: r.ma_ho_so, TrangThaiHoSo: r.trang_thai, ThoiDiem: toProvincialDate(new Date(r.at)), seq: r.seq }))
    );
  }

  start(): void {
    this.engine?.start();
  }

  async close(): Promise<void> {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    await this.engine?.stop();
    this.adapter?.close();
    await this.fileServer?.close();
  }

  private progressChanged(): void {
    const wait = 1000 - (Date.now() - this.lastEmit);
    if (wait <= 0) {
      this.lastEmit = Date.now();
      this.bus.emit('sync.progress', this.status());
    } else {
      this.emitTimer ??= setTimeout(() => {
        this.emitTimer = null;
        this.lastEmit = Date.now();
        this.bus.emit('sync.progress', this.status());
      }, wait);
    }
  }

  status(): SyncStatus {
    const snap: EngineSnapshot = this.engine?.snapshot() ?? this.offlineSnapshot();
    return {
      configured: this.engine !== null,
      endpoint: this.provincial?.url ?? null,
      ...snap,
      link: { ...this.linkConfig(), publicFileUrl: this.publicFiles().url ?? null },
      downloads: this.downloads(),
    };
  }

  private downloads(): { delivered: number; attempts: number; refused: number } {
    return downloadCounts(this.db);
  }

  /** The procedure codes mapped to the portal's catalog. */
  procedureList() {
    return this.procedures.list().map((e) => ({ ...e.mapping, edited: e.edited, fetchedAt: e.fetchedAt }));
  }

  setProcedure(input: MethodParsedInput<'sync.setProcedure'>) {
    const { remove, ...mapping } = input;
    if (remove) this.procedures.remove(mapping.localCode);
    else this.procedures.put(mapping, true);
    return this.procedureList();
  }

  private offlineSnapshot(): EngineSnapshot {
    const c = outboxCounts(this.db);
    const sums = outboxBytes(this.db);
    return {
      running: false,
      settings: { paused: false, bandwidthBytesPerSec: 0, schedule: null },
      withinSchedule: true,
      breaker: 'closed',
      counts: { pending: c.pending, inFlight: 0, done: c.done, attention: c.attention },
      items: { total: c.pending + c.done + c.attention, done: c.done },
      bytes: sums,
      throughputBytesPerSec: 0,
      itemsPerMinute: 0,
      failing: [],
      backlog: [],
      lastPullAt: null,
      lastError: null,
    };
  }

  private requireEngine(): SyncEngine {
    if (!this.engine) throw new AppError('unavailable', 'Chưa cấu hình địa chỉ hệ thống TTHC tỉnh (--provincial-url).');
    return this.engine;
  }

  pause(): SyncStatus {
    this.requireEngine().configure({ paused: true });
    return this.status();
  }
  resume(): SyncStatus {
    this.requireEngine().configure({ paused: false });
    return this.status();
  }
  retry(ids?: number[]): number {
    return this.requireEngine().retry(ids);
  }
  configure(input: {
    bandwidthBytesPerSec?: number;
    schedule?: { from: string; to: string } | null;
    link?: {
      profile?: ProvincialProfile | null;
      authPath?: string | null;
      servicePath?: string | null;
      dstcode?: string | null;
      publicFileUrl?: string | null;
    };
  }): SyncStatus {
    const { link, ...settings } = input;
    // The adapter reads paths, dstcode and the file base when it is made: they apply at the next start.
    if (link) this.store.setLink(link);
    this.requireEngine().configure(settings);
    return this.status();
  }

  /** Everything not yet acknowledged, with its files, in one signed file. */
  exportBundle(): { fileName: string; bytes: Buffer; items: number; files: number } {
    const rows = unsentItems(this.db);
    if (rows.length === 0) throw new AppError('not_found', 'Không có mục nào chờ đồng bộ để xuất gói.');
    const fileList = new Map<string, number>();
    for (const r of rows) {
      if (r.kind !== 'dossier') continue;
      for (const f of filesOf(ProvincialDossierSchema.parse(JSON.parse(r.payload)))) fileList.set(f.sha256, f.size);
    }
    const missing = [...fileList.keys()].filter((sha) => !this.files.has(sha));
    if (missing.length)
      throw new AppError('not_found', `Thiếu ${missing.length} tệp đính kèm trong kho tệp, không xuất được gói.`, missing);
    const key = installationKey(this.dataDir);
    const now = new Date();
    const bundleId = randomUUID();
    const anchor = this.auditAnchor(`gói ngoại tuyến ${bundleId}`);
    const manifest: BundleManifest = {
      format: 'motcua-sync-bundle/1',
      bundleId,
      madonvi: this.madonvi,
      createdAt: toProvincialDate(now),
      publicKey: key.publicKeyBase64,
      items: rows.map((r) => ({
        idempotencyKey: r.idempotency_key,
        kind: r.kind,
        MaHoSo: r.ma_ho_so,
        payload: JSON.parse(r.payload) as unknown,
      })),
      files: [...fileList].map(([sha256, size]) => ({ sha256, size })),
      ...(anchor ? { auditAnchor: { seq: anchor.seq, hash: anchor.hash } } : {}),
    };
    const bytes = encodeBundle(
      manifest,
      key,
      manifest.files.map((f) => this.files.get(f.sha256)),
    );
    return { fileName: `dongbo-${this.madonvi}-${manifest.createdAt}.mcbundle`, bytes, items: rows.length, files: manifest.files.length };
  }

  /** Applies the province's acknowledgement: acknowledged items are done; importing it again changes nothing. */
  importAck(bytes: Buffer): { acknowledged: number; already: number; rejected: number } {
    let ack;
    try {
      ack = BundleAckSchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch {
      throw new AppError('invalid_input', 'Tệp xác nhận không đúng định dạng của hệ thống tỉnh.');
    }
    const result = { acknowledged: 0, already: 0, rejected: 0 };
    const now = vnIsoMs(Date.now());
    this.db.transaction(() => {
      const sql = ackStatements(this.db);
      for (const a of ack.acknowledged) {
        const row = sql.itemByKey(a.idempotencyKey);
        if (row === undefined) continue;
        if (row.state === 'done') {
          result.already += 1;
        } else if (a.error_code === 0) {
          sql.markDone(row.id, now);
          if (row.kind === 'dossier') sql.dossierConfirmed(row.ma_ho_so, now);
          result.acknowledged += 1;
        } else if (row.state !== 'attention') {
          sql.markRejected(row.id, `Hệ thống tỉnh từ chối (gói ngoại tuyến): ${a.message}`, now);
          result.rejected += 1;
        } else {
          result.already += 1;
        }
      }
      for (const f of ack.files) if (f.stored) sql.fileConfirmed(f.sha256, now);
    })();
    this.progressChanged();
    return result;
  }

  health(): HealthSource {
    return {
      id: 'sync',
      check: (): DoctorCheck => {
        const s = this.status();
        if (!s.configured) {
          return {
            id: 'sync',
            name: 'Đồng bộ hệ thống tỉnh',
            status: 'warn',
            detail: `Chưa cấu hình địa chỉ hệ thống tỉnh; ${s.counts.pending} mục đang chờ.`,
          };
        }
        const detail = `${s.counts.pending + s.counts.inFlight} mục chờ, ${s.counts.attention} mục cần xử lý, ${s.counts.done} đã gửi (${s.endpoint ?? ''}).`;
        if (s.breaker === 'open')
          return { id: 'sync', name: 'Đồng bộ hệ thống tỉnh', status: 'error', detail: `Không kết nối được hệ thống tỉnh. ${detail}` };
        return { id: 'sync', name: 'Đồng bộ hệ thống tỉnh', status: s.counts.attention > 0 ? 'warn' : 'ok', detail };
      },
    };
  }
}

export function syncHandlers(
  sync: SyncService,
): Pick<
  Handlers,
  | 'sync.status'
  | 'sync.pause'
  | 'sync.resume'
  | 'sync.retry'
  | 'sync.configure'
  | 'sync.exportBundle'
  | 'sync.importAck'
  | 'sync.procedures'
  | 'sync.setProcedure'
> {
  return {
    'sync.status': () => sync.status(),
    'sync.pause': () => sync.pause(),
    'sync.resume': () => sync.resume(),
    'sync.retry': (input) => ({ retried: sync.retry(input.ids) }),
    'sync.configure': (input) => sync.configure(input),
    'sync.exportBundle': () => {
      const b = sync.exportBundle();
      return { fileName: b.fileName, base64: b.bytes.toString('base64'), items: b.items, files: b.files, bytes: b.bytes.length };
    },
    'sync.importAck': (input) => sync.importAck(Buffer.from(input.base64, 'base64')),
    'sync.procedures': () => sync.procedureList(),
    'sync.setProcedure': (input) => sync.setProcedure(input),
  };
}
