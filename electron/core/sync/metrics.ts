/** What the supervisor sees of the engine: counts, bytes, throughput, failing items, backlog history. */
import type { Db } from '../db/database';
import type { SyncSettings } from './settings-store';
import { backlogPoints, failingItems, outboxBytes, outboxCounts, sampleBacklog } from './sync-store';
import { vnIsoMs } from '../../../shared/vn-time';

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

const WINDOW_MS = 30_000;
/** A ring of recent sends, fixed in size (bounded memory whatever the rate). */
const RING = 4096;

export class SyncMetrics {
  readonly totals = { bytesSent: 0, filesSent: 0 };
  lastSampleAt = 0;
  lastPullAt: number | null = null;
  lastError: string | null = null;
  private readonly at = new Float64Array(RING);
  private readonly bytes = new Float64Array(RING);
  private readonly items = new Float64Array(RING);
  private next = 0;

  constructor(private readonly db: Db) {}

  record(at: number, bytes: number, items: number): void {
    const i = this.next++ % RING;
    this.at[i] = at;
    this.bytes[i] = bytes;
    this.items[i] = items;
  }

  /** A point of the backlog history (the supervisor's chart), keeping the last 720. */
  sample(): void {
    this.lastSampleAt = Date.now();
    const c = outboxCounts(this.db);
    sampleBacklog(this.db, vnIsoMs(this.lastSampleAt), c);
  }

  snapshot(live: {
    running: boolean;
    settings: SyncSettings;
    withinSchedule: boolean;
    breaker: EngineSnapshot['breaker'];
    inFlight: number;
    inFlightBytes: number;
  }): EngineSnapshot {
    const now = Date.now();
    const counts = outboxCounts(this.db);
    const sums = outboxBytes(this.db);
    let bytes = 0;
    let items = 0;
    for (let i = 0; i < Math.min(this.next, RING); i++) {
      if ((this.at[i] ?? 0) >= now - WINDOW_MS) {
        bytes += this.bytes[i] ?? 0;
        items += this.items[i] ?? 0;
      }
    }
    const failing = failingItems(this.db).map((r) => ({
      id: r.id,
      maHoSo: r.ma_ho_so,
      kind: r.kind,
      state: r.state,
      attempts: r.attempts,
      lastError: r.last_error,
      lastErrorAt: r.last_error_at,
      nextAttemptAt: r.next_attempt_at,
    }));
    const backlog = backlogPoints(this.db, 360);
    return {
      running: live.running,
      settings: live.settings,
      withinSchedule: live.withinSchedule,
      breaker: live.breaker,
      counts: { pending: counts.pending - live.inFlight, inFlight: live.inFlight, done: counts.done, attention: counts.attention },
      items: { total: counts.pending + counts.done + counts.attention, done: counts.done },
      bytes: { total: sums.total, done: Math.min(sums.total, sums.done + live.inFlightBytes) },
      throughputBytesPerSec: bytes / (WINDOW_MS / 1000),
      itemsPerMinute: items * (60_000 / WINDOW_MS),
      failing,
      backlog,
      lastPullAt: this.lastPullAt,
      lastError: this.lastError,
    };
  }
}
