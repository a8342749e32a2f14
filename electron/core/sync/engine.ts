/**
 * The sync engine: drains the outbox to a receiver through one `SyncAdapter`
 * (adapter.ts). This file is the scheduler; its parts live beside it:
 * settings-store (persisted settings), runner-lock (one process per data dir),
 * scheduling (window, backoff, breaker, throttle), file-upload (the chunk pipeline),
 * status-pull (statuses coming back), metrics (what the supervisor sees).
 *
 * - Items of one dossier go in outbox order; independent dossiers in parallel
 *   (at most `concurrency` at a time).
 * - Every request carries the item's idempotency key, so at-least-once delivery
 *   (retries, crashes, duplicated requests) never makes a second dossier.
 * - Files first: uploaded by SHA-256 (upload adapters), or fetched by the receiver
 *   from our file listener by the signed URL in the payload (fetch adapters).
 * - A transient failure backs off with full jitter; many failed requests in a
 *   row open the circuit breaker; a rejection ("will never succeed as sent")
 *   moves the item to "needs attention" and the queue goes on behind it.
 * - Completions are committed in small batches: a crash before the commit only
 *   means the item is sent again with the same key, which the receiver answers
 *   from its idempotency store.
 */
import { ProvincialDossierSchema, ProvincialProgressSchema, filesOf, toProvincialDate } from '../../../shared/provincial';
import { AppError } from '../../../shared/contract';
import type { Db } from '../db/database';
import type { FileStore } from '../files/file-store';
import { ProvincialError, type RemoteStatus, type SyncAdapter } from './adapter';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from './engine-options';
import { UploadPipeline } from './file-upload';
import { SyncMetrics, type EngineSnapshot } from './metrics';
import { engineStatements, outboxCounts, retryFailed, type EngineStatements, type OutboxRow } from './sync-store';
import { vnEpochMs, vnIsoMs } from '../../../shared/vn-time';
import { RunnerLock } from './runner-lock';
import { CircuitBreaker, Throttle, backoffDelay, withinSchedule, type SyncSchedule } from './scheduling';
import { SettingsStore, type SyncSettings } from './settings-store';
import { StatusPuller } from './status-pull';

export { DEFAULT_ENGINE_OPTIONS, backoffDelay, CircuitBreaker, withinSchedule, toProvincialDate };
export type { EngineOptions, EngineSnapshot, SyncSchedule, SyncSettings };
export type { FailingItem } from './metrics';

export interface RunSummary {
  done: number;
  attention: number;
  pending: number;
  bytesSent: number;
  filesSent: number;
  seconds: number;
  remoteStatusChanges: number;
}

interface Completion {
  id: number;
  maHoSo: string;
  /** Files the receiver now holds (upload adapters; the file listener records fetches itself). */
  files: string[];
  /** The status the receiver now holds for this dossier. */
  status: number;
  dossier: boolean;
}

export class SyncEngine {
  readonly options: EngineOptions;
  readonly breaker: CircuitBreaker;
  readonly store: SettingsStore;
  private readonly lock: RunnerLock;
  private readonly throttle: Throttle;
  private readonly uploads: UploadPipeline | null;
  private readonly puller: StatusPuller;
  private readonly metrics: SyncMetrics;
  private readonly inFlight = new Map<number, { maHoSo: string; bytesSent: number }>();
  private readonly busyDossiers = new Set<string>();
  /** Per item, how often the receiver refused it as unknown or as missing a file (this process). */
  private readonly refusals = new Map<number, number>();
  private completions: Completion[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly remoteListeners = new Set<(change: RemoteStatus) => void>();
  /** The hot path's statements, compiled once (a prepare per call cost more than the query). */
  private readonly sql: EngineStatements;
  private readonly changeListeners = new Set<() => void>();

  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    readonly adapter: SyncAdapter,
    options: Partial<EngineOptions> = {},
  ) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
    this.breaker = new CircuitBreaker(this.options.breakerThreshold, this.options.breakerCooldownMs);
    adapter.onOutcome = (ok) => this.breaker.record(ok);
    this.store = new SettingsStore(db);
    this.lock = new RunnerLock(db, this.store);
    this.throttle = new Throttle(this.store.settings().bandwidthBytesPerSec);
    this.metrics = new SyncMetrics(db);
    this.uploads =
      adapter.files.kind === 'upload'
        ? new UploadPipeline(db, files, adapter.files, this.throttle, this.options.chunkSize, this.options.concurrency, (id, n) =>
            this.countBytes(id, n),
          )
        : null;
    this.puller = new StatusPuller(db, adapter.pull, this.store, this.options.lookupBatch);
    this.sql = engineStatements(db);
  }

  // ---- settings (persisted) ----
  settings(): SyncSettings {
    return this.store.settings();
  }
  configure(change: Partial<SyncSettings>): SyncSettings {
    this.store.configure(change);
    if (change.bandwidthBytesPerSec !== undefined) this.throttle.rate = Math.max(0, Math.floor(change.bandwidthBytesPerSec));
    this.kick();
    this.changed();
    return this.settings();
  }

  /** Puts items back in the queue now (all failing ones when no ids are given). */
  retry(ids?: number[]): number {
    const changed = retryFailed(this.db, ids);
    this.kick();
    this.changed();
    return changed;
  }

  onRemoteStatus(listener: (change: RemoteStatus) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }
  /** Called (throttled by the caller) whenever counts may have changed. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }
  private changed(): void {
    for (const l of this.changeListeners) l();
  }

  kick(): void {
    this.wake?.();
  }

  // ---- background runner ----
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.backgroundLoop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
    this.loop = null;
    this.flush();
  }

  private async backgroundLoop(): Promise<void> {
    let nextPull = 0;
    while (this.running) {
      const now = Date.now();
      const s = this.settings();
      // Another process (e.g. `sync --once`) syncing this data directory: wait for it.
      const allowed = !s.paused && withinSchedule(s.schedule, now) && this.claimRunner() === null;
      if (allowed) this.fill();
      if (allowed && now >= nextPull) {
        nextPull = now + this.options.pullIntervalMs;
        void this.pullStatus().catch(() => undefined);
      }
      if (now - this.metrics.lastSampleAt >= this.options.sampleIntervalMs) this.metrics.sample();
      await this.waitForWork(this.options.idlePollMs);
    }
    while (this.inFlight.size > 0) await this.waitForWork(50);
    this.flush();
    this.lock.release();
  }

  /** The pid of another process syncing this data directory, or null when this one holds the claim. */
  claimRunner(): number | null {
    return this.lock.claim();
  }

  /** Runs until nothing is pending (items needing attention stay); ignores pause and schedule. */
  async runOnce(options: { maxMs?: number; onProgress?: (s: RunSummary) => void } = {}): Promise<RunSummary> {
    const other = this.claimRunner();
    if (other !== null) throw new AppError('conflict', `Đồng bộ đang chạy ở tiến trình khác (pid ${other}) trên cùng dữ liệu này.`);
    const started = Date.now();
    const before = { ...this.metrics.totals, filesHeld: this.filesHeld() };
    const doneBefore = outboxCounts(this.db).done;
    const expired = () => options.maxMs !== undefined && Date.now() - started > options.maxMs;
    let lastReport = 0;
    let changes = await this.pullStatus().catch(() => 0);
    for (;;) {
      this.claimRunner();
      this.fill();
      if (this.inFlight.size === 0) {
        this.flush();
        const nextText = this.sql.nextAttemptAt();
        if (nextText === null || expired()) break;
        const next = vnEpochMs(nextText);
        const blocked = this.breaker.blockedUntil();
        await this.waitForWork(Math.max(10, Math.min(1000, Math.max(next, blocked) - Date.now())));
      } else {
        await this.waitForWork(200);
        if (expired()) {
          while (this.inFlight.size > 0) await this.waitForWork(50);
          break;
        }
      }
      if (options.onProgress && Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        options.onProgress(this.summary(started, before, doneBefore, changes));
      }
    }
    this.flush();
    changes += await this.pullStatus().catch(() => 0);
    this.metrics.sample();
    if (!this.running) this.lock.release();
    return this.summary(started, before, doneBefore, changes);
  }

  /** Files the receiver holds whole (fetch adapters: what our file listener delivered). */
  private filesHeld(): number {
    return this.sql.filesHeld();
  }

  private summary(
    started: number,
    before: { bytesSent: number; filesSent: number; filesHeld: number },
    doneBefore: number,
    changes: number,
  ): RunSummary {
    const counts = outboxCounts(this.db);
    const filesSent = this.uploads ? this.metrics.totals.filesSent - before.filesSent : this.filesHeld() - before.filesHeld;
    return {
      done: counts.done - doneBefore,
      attention: counts.attention,
      pending: counts.pending,
      bytesSent: this.metrics.totals.bytesSent - before.bytesSent,
      filesSent,
      seconds: (Date.now() - started) / 1000,
      remoteStatusChanges: changes,
    };
  }

  private waitForWork(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  /** Starts eligible items while there is room: the first pending item of each dossier not already busy. */
  private fill(): void {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0 || this.breaker.state() === 'open') return;
    const slots = this.breaker.state() === 'half-open' ? Math.min(free, 1 - Math.min(1, this.inFlight.size)) : free;
    if (slots <= 0) return;
    const candidates = this.sql.eligible(vnIsoMs(Date.now()), slots + this.busyDossiers.size);
    let started = 0;
    for (const candidate of candidates) {
      if (started >= slots) break;
      // Dossiers whose item went and awaits its commit are still pending in the table: skipped unread.
      if (this.inFlight.has(candidate.id) || this.busyDossiers.has(candidate.ma_ho_so)) continue;
      const row = this.sql.item(candidate.id);
      if (!row) continue;
      started += 1;
      this.busyDossiers.add(row.ma_ho_so);
      this.inFlight.set(row.id, { maHoSo: row.ma_ho_so, bytesSent: 0 });
      void this.process(row).finally(() => this.kick());
    }
  }

  private async process(row: OutboxRow): Promise<void> {
    try {
      const result = row.kind === 'dossier' ? await this.sendDossier(row) : await this.sendProgress(row);
      // The slot is free now; the dossier stays busy until its completion is committed.
      this.inFlight.delete(row.id);
      this.refusals.delete(row.id);
      this.completions.push(result);
      this.metrics.lastError = null;
      this.scheduleFlush();
    } catch (error) {
      this.fail(row, error);
      this.inFlight.delete(row.id);
      this.busyDossiers.delete(row.ma_ho_so);
    }
  }

  private fail(row: OutboxRow, error: unknown): void {
    const pe =
      error instanceof ProvincialError
        ? error
        : new ProvincialError('transient', `Lỗi không mong đợi khi đồng bộ: ${error instanceof Error ? error.message : String(error)}`);
    const attempts = row.attempts + 1;
    const giveUp = pe.kind === 'rejected' || this.refusedTooOften(row.id, pe);
    this.metrics.lastError = pe.message;
    if (pe.extra.missingFile) this.forgetFiles(row);
    if (giveUp) {
      this.refusals.delete(row.id);
      this.sql.markAttention(row.id, attempts, pe.message, vnIsoMs(Date.now()));
    } else {
      const delay = Math.max(pe.extra.retryAfterMs ?? 0, backoffDelay(attempts - 1, this.options.backoffBaseMs, this.options.backoffMaxMs));
      this.sql.retryLater(row.id, attempts, vnIsoMs(Date.now() + delay), pe.message, vnIsoMs(Date.now()));
    }
    if (Date.now() - this.metrics.lastSampleAt >= 1000) this.metrics.sample();
    this.changed();
  }

  /**
   * Unknown dossier or missing file: each retry first re-sends what the receiver lacks, so a refusal
   * that outlives several re-sends will not heal by itself, and a person must be told. Counted apart
   * from `attempts`, which also counts the times the receiver could not be reached at all.
   */
  private refusedTooOften(id: number, error: ProvincialError): boolean {
    if (error.extra.unknownDossier !== true && error.extra.missingFile !== true) return false;
    const refusals = (this.refusals.get(id) ?? 0) + 1;
    this.refusals.set(id, refusals);
    return refusals >= this.options.maxUnknownAttempts;
  }

  private forgetFiles(row: OutboxRow): void {
    if (row.kind !== 'dossier') return;
    const dossier = ProvincialDossierSchema.parse(JSON.parse(row.payload));
    this.sql.forgetFiles(filesOf(dossier).map((f) => f.sha256));
  }

  private scheduleFlush(): void {
    if (this.completions.length >= 256) {
      this.flush();
      return;
    }
    // One commit (one fsync) for many items: cheaper for the disk the province's
    // link competes with; a crash before it only means re-sending with the same keys.
    this.flushTimer ??= setTimeout(() => this.flush(), 200);
  }

  /** Commits finished items in one transaction, then lets their dossiers go on. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.completions.length === 0) return;
    const batch = this.completions.splice(0);
    const now = Date.now();
    const at = vnIsoMs(now);
    const { markDone, fileDelivered, dossierHeld, statusHeld } = this.sql;
    this.db.transaction(() => {
      for (const c of batch) {
        markDone(c.id, at);
        for (const f of c.files) fileDelivered(f, at);
        if (c.dossier) dossierHeld(c.maHoSo, at, c.status);
        else statusHeld(c.maHoSo, c.status);
      }
    })();
    for (const c of batch) this.busyDossiers.delete(c.maHoSo);
    this.metrics.record(now, 0, batch.length);
    if (now - this.metrics.lastSampleAt >= 1000) this.metrics.sample();
    this.changed();
    this.kick();
  }

  private async sendDossier(row: OutboxRow): Promise<Completion> {
    const dossier = ProvincialDossierSchema.parse(JSON.parse(row.payload));
    const wanted = filesOf(dossier);
    const unknown = wanted.filter((f) => !this.sql.fileKnown(f.sha256));
    for (const f of unknown) {
      if (!this.files.has(f.sha256))
        throw new ProvincialError('rejected', `Không tìm thấy tệp đính kèm "${f.name}" trong kho tệp của máy này.`);
    }
    if (this.uploads && unknown.length > 0) {
      // Not `+= await`: parallel dossiers would each add to the total read before their await.
      const sent = await this.uploads.send(row.id, unknown);
      this.metrics.totals.filesSent += sent;
    }
    const remoteKnown = this.sql.dossierKnown(dossier.MaHoSo);
    const key = row.idempotency_key;
    let result = await this.adapter.pushDossier(dossier, { isUpdating: remoteKnown, idempotencyKey: remoteKnown ? `${key}:u` : key });
    // "Đã tồn tại": the receiver holds this MaHoSo already, so this change goes as an update.
    if (result === 'exists') result = await this.adapter.pushDossier(dossier, { isUpdating: true, idempotencyKey: `${key}:u` });
    else if (result === 'unknown') result = await this.adapter.pushDossier(dossier, { isUpdating: false, idempotencyKey: key });
    if (result !== 'ok') throw new ProvincialError('transient', `Hệ thống tỉnh chưa ghi nhận hồ sơ ${dossier.MaHoSo}, sẽ thử lại.`);
    const files = this.uploads ? wanted.map((f) => f.sha256) : [];
    return { id: row.id, maHoSo: dossier.MaHoSo, files, status: dossier.TrangThaiHoSo, dossier: true };
  }

  private async sendProgress(row: OutboxRow): Promise<Completion> {
    const progress = ProvincialProgressSchema.parse(JSON.parse(row.payload));
    const result = await this.adapter.pushProgress(progress, row.idempotency_key);
    if (result === 'unknown') {
      throw new ProvincialError('transient', `Hồ sơ ${progress.MaHoSo} chưa có trên hệ thống tỉnh nên chưa cập nhật được tiến độ.`, {
        unknownDossier: true,
      });
    }
    return { id: row.id, maHoSo: progress.MaHoSo, files: [], status: progress.TrangThai, dossier: false };
  }

  private countBytes(id: number, bytes: number): void {
    const item = this.inFlight.get(id);
    if (item) item.bytesSent += bytes;
    this.metrics.totals.bytesSent += bytes;
    this.metrics.record(Date.now(), bytes, 0);
  }

  // ---- pull-back ----
  /** Asks the receiver for statuses set on its side; reports each new one to the listeners. Returns how many. */
  async pullStatus(): Promise<number> {
    const changes = await this.puller.run();
    for (const c of changes) for (const l of this.remoteListeners) l(c);
    this.metrics.lastPullAt = Date.now();
    return changes.length;
  }

  snapshot(): EngineSnapshot {
    const inFlightBytes = [...this.inFlight.values()].reduce((s, i) => s + i.bytesSent, 0);
    const settings = this.settings();
    return this.metrics.snapshot({
      running: this.running,
      settings,
      withinSchedule: withinSchedule(settings.schedule, Date.now()),
      breaker: this.breaker.state(),
      inFlight: this.inFlight.size,
      inFlightBytes,
    });
  }
}
