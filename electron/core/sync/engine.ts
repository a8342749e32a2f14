/**
 * The sync engine: drains the outbox to the provincial system.
 *
 * - Items of one dossier go in outbox order; independent dossiers in parallel
 *   (at most `concurrency` at a time).
 * - Every request carries the item's idempotency key, so at-least-once delivery
 *   (retries, crashes, duplicated requests) never makes a second dossier.
 * - Files first, by SHA-256: ask what the province has, then send only the
 *   missing chunks (resumable after any break).
 * - A transient failure backs off with full jitter; many failed requests in a
 *   row open the circuit breaker; a rejection ("will never succeed as sent")
 *   moves the item to "needs attention" and the queue goes on behind it.
 * - Completions are committed in small batches: a crash before the commit only
 *   means the item is sent again with the same key, which the province answers
 *   from its idempotency store.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import {
  ProvincialDossierSchema,
  ProvincialProgressSchema,
  filesOf,
  toProvincialDate,
  type FileStatus,
  type StatusChange,
} from '../../../shared/provincial';
import { AppError } from '../../../shared/contract';
import type { Db } from '../db/database';
import type { FileStore } from '../files/file-store';
import { ProvincialError, type ProvincialAdapter } from './adapter';
import { outboxCounts, type OutboxRow } from './outbox';

export interface SyncSchedule {
  /** `HH:mm`, Vietnam time; a window may wrap midnight (17:30–07:00). */
  from: string;
  to: string;
}

export interface EngineOptions {
  concurrency: number;
  chunkSize: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Consecutive failed requests that open the breaker. */
  breakerThreshold: number;
  breakerCooldownMs: number;
  /** Attempts after which an item the province keeps refusing as unknown is given up (needs attention). */
  maxUnknownAttempts: number;
  pullIntervalMs: number;
  idlePollMs: number;
  sampleIntervalMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  concurrency: 4,
  chunkSize: 1024 * 1024,
  backoffBaseMs: 1000,
  backoffMaxMs: 5 * 60_000,
  breakerThreshold: 8,
  breakerCooldownMs: 10_000,
  maxUnknownAttempts: 8,
  pullIntervalMs: 30_000,
  idlePollMs: 1000,
  sampleIntervalMs: 10_000,
};

export interface SyncSettings {
  paused: boolean;
  bandwidthBytesPerSec: number;
  schedule: SyncSchedule | null;
}

export interface FailingItem {
  id: number;
  maHoSo: string;
  kind: 'dossier' | 'progress';
  state: 'pending' | 'attention';
  attempts: number;
  lastError: string;
  lastErrorAt: number | null;
  nextAttemptAt: number;
}

export interface EngineSnapshot {
  running: boolean;
  settings: SyncSettings;
  withinSchedule: boolean;
  breaker: 'closed' | 'open' | 'half-open';
  counts: { pending: number; inFlight: number; done: number; attention: number };
  items: { total: number; done: number };
  bytes: { total: number; done: number };
  throughputBytesPerSec: number;
  itemsPerMinute: number;
  failing: FailingItem[];
  backlog: { at: number; pending: number; attention: number }[];
  lastPullAt: number | null;
  lastError: string | null;
}

export interface RunSummary {
  done: number;
  attention: number;
  pending: number;
  bytesSent: number;
  filesSent: number;
  seconds: number;
  remoteStatusChanges: number;
}

/** Minutes since midnight, Vietnam time. */
function vnMinutes(now: number): number {
  const d = new Date(now + 7 * 3600_000);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}
const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
export function withinSchedule(schedule: SyncSchedule | null, now: number): boolean {
  if (!schedule) return true;
  const t = vnMinutes(now);
  const from = toMinutes(schedule.from);
  const to = toMinutes(schedule.to);
  return from <= to ? t >= from && t < to : t >= from || t < to;
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^attempt)]. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.max(baseMs / 4, Math.floor(random() * ceiling));
}

/** Circuit breaker over request outcomes. */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private opens = 0;
  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
  ) {}
  record(ok: boolean, now = Date.now()): void {
    if (ok) {
      this.failures = 0;
      this.opens = 0;
      this.openUntil = 0;
      return;
    }
    this.failures += 1;
    if (this.failures >= this.threshold) {
      this.opens += 1;
      this.openUntil = now + Math.min(this.cooldownMs * 2 ** (this.opens - 1), this.cooldownMs * 16);
      this.failures = this.threshold - 1; // half-open: one more failure re-opens at once
    }
  }
  state(now = Date.now()): 'closed' | 'open' | 'half-open' {
    if (this.openUntil === 0) return 'closed';
    return now < this.openUntil ? 'open' : 'half-open';
  }
  /** When requests may flow again (0 when they may now). */
  blockedUntil(now = Date.now()): number {
    return now < this.openUntil ? this.openUntil : 0;
  }
}

/** Token bucket shared by every upload (bytes per second; 0 = no limit). */
class Throttle {
  private available = 0;
  private last = Date.now();
  constructor(public rate: number) {}
  async take(bytes: number): Promise<void> {
    while (this.rate > 0) {
      const now = Date.now();
      this.available = Math.min(this.rate, this.available + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      if (this.available >= Math.min(bytes, this.rate)) {
        this.available -= bytes;
        return;
      }
      await sleep(Math.max(5, ((Math.min(bytes, this.rate) - this.available) / this.rate) * 1000));
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class SyncEngine {
  readonly options: EngineOptions;
  readonly breaker: CircuitBreaker;
  private readonly throttle: Throttle;
  private readonly statusCache = new Map<string, FileStatus>();
  private readonly inFlight = new Map<number, { maHoSo: string; bytesSent: number }>();
  private readonly busyDossiers = new Set<string>();
  private completions: { id: number; maHoSo: string; files: string[]; dossier: string | null }[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly sent: { at: number; bytes: number; items: number }[] = [];
  private lastPullAt: number | null = null;
  private lastSampleAt = 0;
  private lastError: string | null = null;
  private lastClaimAt = 0;
  private readonly remoteListeners = new Set<(change: StatusChange) => void>();
  private readonly changeListeners = new Set<() => void>();
  private totals = { bytesSent: 0, filesSent: 0 };

  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly adapter: ProvincialAdapter,
    options: Partial<EngineOptions> = {},
  ) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
    this.breaker = new CircuitBreaker(this.options.breakerThreshold, this.options.breakerCooldownMs);
    adapter.onOutcome = (ok) => this.breaker.record(ok);
    this.throttle = new Throttle(this.settings().bandwidthBytesPerSec);
  }

  // ---- settings (persisted) ----
  settings(): SyncSettings {
    const get = (key: string) => this.db.prepare('SELECT value FROM sync_settings WHERE key = ?').pluck().get(key) as string | undefined;
    return {
      paused: get('paused') === '1',
      bandwidthBytesPerSec: Number(get('bandwidth') ?? 0) || 0,
      schedule: get('schedule') ? (JSON.parse(get('schedule')!) as SyncSchedule) : null,
    };
  }
  private setSetting(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM sync_settings WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO sync_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
  configure(change: Partial<SyncSettings>): SyncSettings {
    if (change.paused !== undefined) this.setSetting('paused', change.paused ? '1' : '0');
    if (change.bandwidthBytesPerSec !== undefined) {
      this.setSetting('bandwidth', String(Math.max(0, Math.floor(change.bandwidthBytesPerSec))));
      this.throttle.rate = Math.max(0, Math.floor(change.bandwidthBytesPerSec));
    }
    if (change.schedule !== undefined) this.setSetting('schedule', change.schedule ? JSON.stringify(change.schedule) : null);
    this.kick();
    this.changed();
    return this.settings();
  }

  /** Puts items back in the queue now (all failing ones when no ids are given). */
  retry(ids?: number[]): number {
    const sql = `UPDATE sync_outbox SET state = 'pending', next_attempt_at = 0 WHERE state IN ('pending', 'attention') AND (last_error IS NOT NULL)`;
    const changed = ids?.length
      ? this.db.transaction(() => ids.reduce((n, id) => n + this.db.prepare(`${sql} AND id = ?`).run(id).changes, 0))()
      : this.db.prepare(sql).run().changes;
    this.kick();
    this.changed();
    return changed;
  }

  onRemoteStatus(listener: (change: StatusChange) => void): () => void {
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
      if (now - this.lastSampleAt >= this.options.sampleIntervalMs) this.sample();
      await this.waitForWork(this.options.idlePollMs);
    }
    while (this.inFlight.size > 0) await this.waitForWork(50);
    this.flush();
    this.releaseRunner();
  }

  /**
   * One process syncs a data directory at a time (two would stay correct thanks to
   * the keys, but could send an update where one create would do). The claim is a
   * row with pid, host and a heartbeat; a dead pid or a stale heartbeat frees it.
   * Returns the pid of the other runner, or null when this process holds the claim.
   */
  claimRunner(): number | null {
    const now = Date.now();
    if (now - this.lastClaimAt < 5000 && this.lastClaimAt > 0) return null;
    const other = this.db.transaction((): number | null => {
      const raw = this.db.prepare(`SELECT value FROM sync_settings WHERE key = 'runner'`).pluck().get() as string | undefined;
      const held = raw ? (JSON.parse(raw) as { pid: number; host: string; at: number }) : null;
      if (held && held.pid !== process.pid && now - held.at < 30_000) {
        if (held.host !== os.hostname() || processAlive(held.pid)) return held.pid;
      }
      this.setSetting('runner', JSON.stringify({ pid: process.pid, host: os.hostname(), at: now }));
      return null;
    }).immediate();
    if (other === null) this.lastClaimAt = now;
    return other;
  }

  private releaseRunner(): void {
    if (this.lastClaimAt === 0) return;
    this.lastClaimAt = 0;
    const raw = this.db.prepare(`SELECT value FROM sync_settings WHERE key = 'runner'`).pluck().get() as string | undefined;
    if (raw && (JSON.parse(raw) as { pid: number }).pid === process.pid) this.setSetting('runner', null);
  }

  /** Runs until nothing is pending (items needing attention stay); ignores pause and schedule. */
  async runOnce(options: { maxMs?: number; onProgress?: (s: RunSummary) => void } = {}): Promise<RunSummary> {
    const other = this.claimRunner();
    if (other !== null) throw new AppError('conflict', `Đồng bộ đang chạy ở tiến trình khác (pid ${other}) trên cùng dữ liệu này.`);
    const started = Date.now();
    const before = { ...this.totals };
    const doneBefore = outboxCounts(this.db).done;
    let lastReport = 0;
    let changes = 0;
    try {
      changes += await this.pullStatus().catch(() => 0);
    } catch {
      /* pulled again at the end */
    }
    for (;;) {
      this.claimRunner();
      this.fill();
      if (this.inFlight.size === 0) {
        this.flush();
        const next = this.db.prepare(`SELECT MIN(next_attempt_at) FROM sync_outbox WHERE state = 'pending'`).pluck().get() as number | null;
        if (next === null) break;
        if (options.maxMs && Date.now() - started > options.maxMs) break;
        const blocked = this.breaker.blockedUntil();
        await this.waitForWork(Math.max(10, Math.min(1000, Math.max(next, blocked) - Date.now())));
      } else {
        await this.waitForWork(200);
        if (options.maxMs && Date.now() - started > options.maxMs) {
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
    this.sample();
    if (!this.running) this.releaseRunner();
    return this.summary(started, before, doneBefore, changes);
  }

  private summary(started: number, before: { bytesSent: number; filesSent: number }, doneBefore: number, changes: number): RunSummary {
    const counts = outboxCounts(this.db);
    return {
      done: counts.done - doneBefore,
      attention: counts.attention,
      pending: counts.pending,
      bytesSent: this.totals.bytesSent - before.bytesSent,
      filesSent: this.totals.filesSent - before.filesSent,
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
    const rows = this.db
      .prepare(
        `SELECT o.id, o.ma_ho_so FROM sync_outbox o INDEXED BY sync_outbox_pending_order
         WHERE o.state = 'pending' AND o.next_attempt_at <= ?
           AND NOT EXISTS (SELECT 1 FROM sync_outbox p WHERE p.state = 'pending' AND p.ma_ho_so = o.ma_ho_so AND p.id < o.id)
         ORDER BY o.id LIMIT ?`,
      )
      .all(Date.now(), slots + this.busyDossiers.size) as { id: number; ma_ho_so: string }[];
    const full = this.db.prepare('SELECT * FROM sync_outbox WHERE id = ?');
    let started = 0;
    for (const candidate of rows) {
      if (started >= slots) break;
      if (this.busyDossiers.has(candidate.ma_ho_so) || this.inFlight.has(candidate.id)) continue;
      const row = full.get(candidate.id) as OutboxRow;
      started += 1;
      this.busyDossiers.add(row.ma_ho_so);
      this.inFlight.set(row.id, { maHoSo: row.ma_ho_so, bytesSent: 0 });
      void this.process(row).finally(() => {
        this.kick();
      });
    }
  }

  private async process(row: OutboxRow): Promise<void> {
    try {
      const result = row.kind === 'dossier' ? await this.sendDossier(row) : await this.sendProgress(row);
      // The slot is free now; the dossier stays busy until its completion is committed.
      this.inFlight.delete(row.id);
      this.completions.push({ id: row.id, maHoSo: row.ma_ho_so, files: result.files, dossier: result.dossier });
      this.lastError = null;
      this.scheduleFlush();
    } catch (error) {
      this.fail(row, error);
      this.release(row);
    }
  }

  private release(row: OutboxRow): void {
    this.inFlight.delete(row.id);
    this.busyDossiers.delete(row.ma_ho_so);
  }

  private fail(row: OutboxRow, error: unknown): void {
    const pe =
      error instanceof ProvincialError
        ? error
        : new ProvincialError('transient', `Lỗi không mong đợi khi đồng bộ: ${(error as Error).message ?? String(error)}`);
    const attempts = row.attempts + 1;
    const giveUp = pe.kind === 'rejected' || (pe.extra.unknownDossier === true && attempts >= this.options.maxUnknownAttempts);
    this.lastError = pe.message;
    if (pe.extra.missingFile) this.forgetFiles(row);
    if (giveUp) {
      this.db
        .prepare(`UPDATE sync_outbox SET state = 'attention', attempts = ?, last_error = ?, last_error_at = ? WHERE id = ?`)
        .run(attempts, pe.message, Date.now(), row.id);
    } else {
      const delay = Math.max(pe.extra.retryAfterMs ?? 0, backoffDelay(attempts - 1, this.options.backoffBaseMs, this.options.backoffMaxMs));
      this.db
        .prepare(`UPDATE sync_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, last_error_at = ? WHERE id = ?`)
        .run(attempts, Date.now() + delay, pe.message, Date.now(), row.id);
    }
    if (Date.now() - this.lastSampleAt >= 1000) this.sample();
    this.changed();
  }

  private forgetFiles(row: OutboxRow): void {
    if (row.kind !== 'dossier') return;
    const dossier = ProvincialDossierSchema.parse(JSON.parse(row.payload));
    const del = this.db.prepare('DELETE FROM sync_remote_files WHERE sha256 = ?');
    for (const f of filesOf(dossier)) del.run(f.sha256);
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
    this.db.transaction(() => {
      const done = this.db.prepare(`UPDATE sync_outbox SET state = 'done', done_at = ?, done_via = 'online', last_error = NULL WHERE id = ? AND state = 'pending'`);
      const file = this.db.prepare('INSERT OR IGNORE INTO sync_remote_files (sha256, confirmed_at) VALUES (?, ?)');
      const dossier = this.db.prepare('INSERT OR IGNORE INTO sync_remote_dossiers (ma_ho_so, confirmed_at) VALUES (?, ?)');
      for (const c of batch) {
        done.run(now, c.id);
        for (const f of c.files) file.run(f, now);
        if (c.dossier) dossier.run(c.dossier, now);
      }
    })();
    for (const c of batch) this.busyDossiers.delete(c.maHoSo);
    this.sent.push({ at: now, bytes: 0, items: batch.length });
    if (now - this.lastSampleAt >= 1000) this.sample();
    this.changed();
    this.kick();
  }

  private async sendDossier(row: OutboxRow): Promise<{ files: string[]; dossier: string }> {
    const dossier = ProvincialDossierSchema.parse(JSON.parse(row.payload));
    const wanted = filesOf(dossier);
    const known = this.db.prepare('SELECT 1 FROM sync_remote_files WHERE sha256 = ?');
    const unknown = wanted.filter((f) => !known.get(f.sha256));
    if (unknown.length > 0) {
      for (const f of unknown) {
        if (!this.files.has(f.sha256)) {
          throw new ProvincialError('rejected', `Không tìm thấy tệp đính kèm "${f.name}" trong kho tệp của máy này.`);
        }
      }
      const statuses = await this.statusesFor(row, unknown);
      for (const status of statuses) {
        if (!status.complete) await this.uploadFile(row, status.sha256, status.size, status.received);
      }
    }
    const remoteKnown = !!this.db.prepare('SELECT 1 FROM sync_remote_dossiers WHERE ma_ho_so = ?').get(dossier.MaHoSo);
    const key = row.idempotency_key;
    let result = await this.adapter.pushDossier(dossier, { isUpdating: remoteKnown, idempotencyKey: remoteKnown ? `${key}:u` : key });
    // "Đã tồn tại": the province holds this MaHoSo already, so this change goes as an update.
    if (result === 'exists') result = await this.adapter.pushDossier(dossier, { isUpdating: true, idempotencyKey: `${key}:u` });
    else if (result === 'unknown') result = await this.adapter.pushDossier(dossier, { isUpdating: false, idempotencyKey: key });
    if (result !== 'ok') throw new ProvincialError('transient', `Hệ thống tỉnh chưa ghi nhận hồ sơ ${dossier.MaHoSo}, sẽ thử lại.`);
    return { files: wanted.map((f) => f.sha256), dossier: dossier.MaHoSo };
  }

  /**
   * What the province has of these files. One status request also covers the files
   * of the next pending dossiers (look-ahead), so most dossiers need no request of
   * their own. A stale answer is harmless: the province answers a chunk it already
   * has, or a file it already holds, without storing it again.
   */
  private async statusesFor(row: OutboxRow, files: { sha256: string; size: number }[]): Promise<FileStatus[]> {
    const missing = files.filter((f) => !this.statusCache.has(f.sha256));
    if (missing.length > 0) {
      const ask = new Map(missing.map((f) => [f.sha256, { sha256: f.sha256, size: f.size }]));
      const known = this.db.prepare('SELECT 1 FROM sync_remote_files WHERE sha256 = ?');
      const ahead = this.db
        .prepare(`SELECT payload FROM sync_outbox INDEXED BY sync_outbox_pending_order WHERE state = 'pending' AND id > ? AND kind = 'dossier' ORDER BY id LIMIT 24`)
        .pluck()
        .all(row.id) as string[];
      for (const payload of ahead) {
        const d = JSON.parse(payload) as { TaiLieuNop?: { TepDinhKemId: string; KichThuocTep: number; IsDeleted?: boolean }[] };
        for (const t of d.TaiLieuNop ?? []) {
          if (ask.size >= 200) break;
          if (t.IsDeleted || ask.has(t.TepDinhKemId) || this.statusCache.has(t.TepDinhKemId) || known.get(t.TepDinhKemId)) continue;
          ask.set(t.TepDinhKemId, { sha256: t.TepDinhKemId, size: t.KichThuocTep });
        }
      }
      if (this.statusCache.size > 5000) this.statusCache.clear();
      for (const status of await this.adapter.fileStatus([...ask.values()])) this.statusCache.set(status.sha256, status);
    }
    return files.map((f) => {
      const status = this.statusCache.get(f.sha256);
      this.statusCache.delete(f.sha256);
      return status ?? { sha256: f.sha256, size: f.size, received: 0, complete: false };
    });
  }

  private async sendProgress(row: OutboxRow): Promise<{ files: string[]; dossier: null }> {
    const progress = ProvincialProgressSchema.parse(JSON.parse(row.payload));
    const result = await this.adapter.pushProgress(progress, row.idempotency_key);
    if (result === 'unknown') {
      throw new ProvincialError('transient', `Hồ sơ ${progress.MaHoSo} chưa có trên hệ thống tỉnh nên chưa cập nhật được tiến độ.`, { unknownDossier: true });
    }
    return { files: [], dossier: null };
  }

  /** Sends a file from `offset` in chunks read from the FileStore (never the whole file in memory). */
  private async uploadFile(row: OutboxRow, sha256: string, size: number, offset: number): Promise<void> {
    const handle = await fs.open(this.files.pathOf(sha256), 'r');
    try {
      let position = offset;
      if (size === 0) {
        await this.adapter.uploadChunk(sha256, 0, 0, Buffer.alloc(0), createHash('sha256').update(Buffer.alloc(0)).digest('hex'));
      }
      while (position < size) {
        const length = Math.min(this.options.chunkSize, size - position);
        const chunk = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(chunk, 0, length, position);
        if (bytesRead !== length) throw new ProvincialError('rejected', `Tệp ${sha256.slice(0, 12)}… trong kho tệp bị thiếu dữ liệu.`);
        await this.throttle.take(length);
        const status = await this.adapter.uploadChunk(sha256, size, position, chunk, createHash('sha256').update(chunk).digest('hex'));
        const sentNow = status.received - position;
        position = status.received;
        if (sentNow > 0) this.countBytes(row.id, sentNow);
        if (status.complete) break;
      }
      this.totals.filesSent += 1;
    } finally {
      await handle.close();
    }
  }

  private countBytes(id: number, bytes: number): void {
    const item = this.inFlight.get(id);
    if (item) item.bytesSent += bytes;
    this.totals.bytesSent += bytes;
    this.sent.push({ at: Date.now(), bytes, items: 0 });
    if (this.sent.length > 5000) this.sent.splice(0, this.sent.length - 2000);
  }

  // ---- pull-back ----
  /** Asks the province for status changes made on its side; reports each to the listeners. Returns how many. */
  async pullStatus(): Promise<number> {
    const cursorRaw = this.db.prepare(`SELECT value FROM sync_settings WHERE key = 'changes_cursor'`).pluck().get() as string | undefined;
    let cursor = Number(cursorRaw ?? 0) || 0;
    let total = 0;
    for (;;) {
      const { changes, next } = await this.adapter.statusChanges(cursor);
      if (changes.length === 0) break;
      this.db.transaction(() => {
        const upsert = this.db.prepare(
          `INSERT INTO sync_remote_status (ma_ho_so, trang_thai, at, seq) VALUES (?, ?, ?, ?)
           ON CONFLICT(ma_ho_so) DO UPDATE SET trang_thai = excluded.trang_thai, at = excluded.at, seq = excluded.seq`,
        );
        for (const c of changes) upsert.run(c.MaHoSo, c.TrangThaiHoSo, c.ThoiDiem, c.seq);
        this.setSetting('changes_cursor', String(next));
      })();
      for (const c of changes) for (const l of this.remoteListeners) l(c);
      total += changes.length;
      cursor = next;
    }
    this.lastPullAt = Date.now();
    return total;
  }

  // ---- what the supervisor sees ----
  private sample(): void {
    this.lastSampleAt = Date.now();
    const c = outboxCounts(this.db);
    this.db.prepare('INSERT OR REPLACE INTO sync_backlog (at, pending, attention, done) VALUES (?, ?, ?, ?)').run(this.lastSampleAt, c.pending, c.attention, c.done);
    this.db.prepare('DELETE FROM sync_backlog WHERE at < (SELECT MIN(at) FROM (SELECT at FROM sync_backlog ORDER BY at DESC LIMIT 720))').run();
  }

  snapshot(): EngineSnapshot {
    const now = Date.now();
    const counts = outboxCounts(this.db);
    const sums = this.db
      .prepare(`SELECT COALESCE(SUM(bytes_total), 0) AS total, COALESCE(SUM(CASE WHEN state = 'done' THEN bytes_total END), 0) AS done FROM sync_outbox`)
      .get() as { total: number; done: number };
    const inFlightBytes = [...this.inFlight.values()].reduce((s, i) => s + i.bytesSent, 0);
    const windowMs = 30_000;
    const recent = this.sent.filter((s) => s.at >= now - windowMs);
    const failing = (
      this.db
        .prepare(
          `SELECT id, ma_ho_so, kind, state, attempts, last_error, last_error_at, next_attempt_at FROM sync_outbox
           WHERE state = 'attention' OR (state = 'pending' AND last_error IS NOT NULL) ORDER BY state = 'attention' DESC, id LIMIT 100`,
        )
        .all() as { id: number; ma_ho_so: string; kind: 'dossier' | 'progress'; state: 'pending' | 'attention'; attempts: number; last_error: string; last_error_at: number | null; next_attempt_at: number }[]
    ).map((r) => ({
      id: r.id,
      maHoSo: r.ma_ho_so,
      kind: r.kind,
      state: r.state,
      attempts: r.attempts,
      lastError: r.last_error,
      lastErrorAt: r.last_error_at,
      nextAttemptAt: r.next_attempt_at,
    }));
    const settings = this.settings();
    const backlog = (this.db.prepare('SELECT at, pending, attention FROM sync_backlog ORDER BY at DESC LIMIT 360').all() as {
      at: number; pending: number; attention: number;
    }[]).reverse();
    return {
      running: this.running,
      settings,
      withinSchedule: withinSchedule(settings.schedule, now),
      breaker: this.breaker.state(now),
      counts: { pending: counts.pending - this.inFlight.size, inFlight: this.inFlight.size, done: counts.done, attention: counts.attention },
      items: { total: counts.pending + counts.done + counts.attention, done: counts.done },
      bytes: { total: sums.total, done: Math.min(sums.total, sums.done + inFlightBytes) },
      throughputBytesPerSec: recent.reduce((s, r) => s + r.bytes, 0) / (windowMs / 1000),
      itemsPerMinute: recent.reduce((s, r) => s + r.items, 0) * (60_000 / windowMs),
      failing,
      backlog,
      lastPullAt: this.lastPullAt,
      lastError: this.lastError,
    };
  }
}

export { toProvincialDate };
