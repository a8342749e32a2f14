/**
 * A workstation in a hall: dossiers are written here first and replicated to
 * the hub by a second sync engine (hub-adapter.ts over the `repl_*` outbox);
 * the hub's changes come back through a pull with a durable cursor; the
 * dossier calls cover the whole hall while the hub answers and this PC's own
 * dossiers when it does not.
 */
import { z } from 'zod';
import { AppError, DossierSummarySchema, HallChangeSchema, HallCopySchema, type Dossier, type HallCopy } from '../../../shared/contract';
import type { Handlers } from '../contract/router';
import type { Db } from '../db/database';
import type { DossierService } from '../dossier/dossier-service';
import { vnDay, vnIso } from '../dossier/vn-time';
import type { FileStore } from '../files/file-store';
import { SyncEngine, type EngineOptions } from '../sync/engine';
import { outboxCounts } from '../sync/outbox';
import type { LeaseBook } from './code-leases';
import { HubAdapter } from './hub-adapter';
import { replicaTables } from './namespaced-db';
import { ReplicaOutbox } from './replica-outbox';
import type { HubTransport } from './transport';
import {
  attentionItems,
  changesCursor,
  clearStale,
  hasPendingItem,
  markStale,
  pendingBacklog,
  setChangesCursor,
  staleCodes,
  type AttentionRow,
} from './replica-store';

const ChangesSchema = z.object({ changes: z.array(HallChangeSchema), next: z.number().int() });
const CopiesSchema = z.array(HallCopySchema);
const SearchAnswerSchema = z.array(DossierSummarySchema);

export interface WorkstationOptions {
  station: number;
  pullIntervalMs: number;
  /** How long a hall-wide search or fetch may wait for the hub before answering from this PC alone. */
  hubWaitMs: number;
  engine: Partial<EngineOptions>;
}

export const DEFAULT_WORKSTATION_OPTIONS: Omit<WorkstationOptions, 'station'> = {
  pullIntervalMs: 1000,
  hubWaitMs: 2500,
  engine: {
    concurrency: 4,
    chunkSize: 512 * 1024,
    backoffBaseMs: 500,
    backoffMaxMs: 30_000,
    breakerThreshold: 6,
    breakerCooldownMs: 3000,
    idlePollMs: 250,
    pullIntervalMs: 3_600_000,
  },
};

type WrappedMethods =
  | 'dossier.get'
  | 'dossier.search'
  | 'dossier.receive'
  | 'dossier.addComponent'
  | 'dossier.transition'
  | 'dossier.apologize'
  | 'dossier.returnResult'
  | 'dossier.form';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new AppError('unavailable', 'Máy chủ sảnh không trả lời kịp.')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class WorkstationReplication {
  readonly engine: SyncEngine;
  readonly outbox: ReplicaOutbox;
  private readonly outboxDb: Db;
  private hubReachable: boolean | null = null;
  private lastPullAt: number | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly dossiers: DossierService,
    private readonly hub: HubTransport,
    readonly leases: LeaseBook,
    private readonly options: WorkstationOptions,
  ) {
    this.outboxDb = replicaTables(db);
    const adapter = new HubAdapter(db, hub, {
      rejected: (code) => this.markStale(code),
      reachable: (ok) => {
        this.hubReachable = ok;
      },
    });
    this.engine = new SyncEngine(this.outboxDb, files, adapter, options.engine);
    this.outbox = new ReplicaOutbox(db, files, options.station, () => this.engine.kick());
    dossiers.addRecordListener(this.outbox.listener);
    this.engine.onChange(() => this.scheduleRefresh());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.engine.start();
    this.loop = this.pullLoop();
  }

  async close(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.engine.stop();
    await Promise.allSettled([...this.fetches, this.refreshing]);
  }

  private readonly fetches = new Set<Promise<void>>();

  /** Work that may fail quietly (it is retried on the next pull) but must finish before the data directory closes. */
  private background(work: Promise<void>): void {
    const tracked = work.catch(() => undefined).finally(() => this.fetches.delete(tracked));
    this.fetches.add(tracked);
  }

  private async pullLoop(): Promise<void> {
    while (this.running) {
      await this.pullOnce().catch(() => undefined);
      await this.leases.refill(this.hub).catch(() => undefined);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pullIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private cursor(): number {
    return changesCursor(this.db);
  }

  private hasPending(code: string): boolean {
    return hasPendingItem(this.outboxDb, code);
  }

  private markStale(code: string): void {
    markStale(this.db, code);
    this.scheduleRefresh();
  }

  /**
   * Takes the hub's copy of each dossier this PC holds that changed there. A
   * dossier with our own changes still on their way is left alone (marked
   * stale) until they have been answered: the hub then has the last word.
   */
  async pullOnce(): Promise<number> {
    let applied = 0;
    for (let page = 0; page < 100; page++) {
      const since = this.cursor();
      const { changes, next } = ChangesSchema.parse(await this.hub.call('replication.changes', { since, limit: 1000 }));
      this.hubReachable = true;
      const held = changes.map((c) => c.code).filter((code) => this.dossiers.holds(code));
      const copies: HallCopy[] = [];
      for (let i = 0; i < held.length; i += 100) {
        copies.push(...CopiesSchema.parse(await this.hub.call('replication.copies', { codes: held.slice(i, i + 100) })));
      }
      this.db.transaction(() => {
        for (const c of copies) {
          if (this.hasPending(c.dossier.code)) markStale(this.db, c.dossier.code);
          else {
            this.dossiers.storeReplica(c.dossier, c.apology, 'replace');
            applied += 1;
          }
        }
        setChangesCursor(this.db, next);
      })();
      for (const c of copies) this.background(this.fetchMissingFiles(c.dossier));
      if (next === since || changes.length === 0) break;
    }
    this.lastPullAt = Date.now();
    await this.refreshStale();
    return applied;
  }

  private scheduleRefresh(): void {
    if (this.refreshing) return;
    this.refreshing = sleep(50)
      .then(() => this.refreshStale())
      .catch(() => undefined)
      .finally(() => {
        this.refreshing = null;
      });
  }

  private async refreshStale(): Promise<void> {
    const codes = staleCodes(this.db);
    for (const code of codes) {
      if (this.hasPending(code)) continue;
      const copy = HallCopySchema.nullable().parse(await this.hub.call('replication.get', { code }));
      this.db.transaction(() => {
        if (copy && !this.hasPending(code)) this.dossiers.storeReplica(copy.dossier, copy.apology, 'replace');
        clearStale(this.db, code);
      })();
    }
  }

  /** Result documents scanned at another counter: fetched so this PC can show and print them. */
  private async fetchMissingFiles(d: Dossier): Promise<void> {
    const wanted = [
      ...d.components.map((c) => c.sha256),
      ...(d.result?.documents ?? []).map((r) => r.sha256),
      ...d.forms.map((f) => f.sha256),
    ];
    for (const sha256 of wanted) {
      if (!sha256 || this.files.has(sha256)) continue;
      const parts: Buffer[] = [];
      let offset = 0;
      for (let i = 0; i < 1000; i++) {
        const { size, base64 } = z
          .object({ size: z.number(), base64: z.string() })
          .parse(await this.hub.call('replication.file', { sha256, offset, length: 1024 * 1024 }));
        const chunk = Buffer.from(base64, 'base64');
        parts.push(chunk);
        offset += chunk.length;
        if (offset >= size || chunk.length === 0) break;
      }
      const stored = await this.files.putAsync(Buffer.concat(parts));
      if (stored.sha256 !== sha256) this.files.remove(stored.sha256);
    }
  }

  /** A copy of a hall dossier this PC does not hold yet, taken from the hub (no replication item: the hub has it). */
  private async ensureLocal(code: string): Promise<void> {
    if (this.dossiers.holds(code)) return;
    let copy: HallCopy | null;
    try {
      copy = HallCopySchema.nullable().parse(await withTimeout(this.hub.call('replication.get', { code }), this.options.hubWaitMs));
      this.hubReachable = true;
    } catch (error) {
      if (error instanceof AppError && error.code !== 'unavailable') throw error;
      this.hubReachable = false;
      throw new AppError('unavailable', `Không kết nối được máy chủ sảnh, và hồ sơ ${code} không có trên máy này.`);
    }
    if (!copy) throw new AppError('not_found', `Không tìm thấy hồ sơ ${code} trong sổ của cả sảnh.`);
    this.dossiers.storeReplica(copy.dossier, copy.apology, 'replace');
    this.background(this.fetchMissingFiles(copy.dossier));
  }

  /** The dossier calls of this PC, made to cover the whole hall. */
  wrap(local: Pick<Handlers, WrappedMethods>): Pick<Handlers, WrappedMethods> {
    const onCode = <M extends Exclude<WrappedMethods, 'dossier.search' | 'dossier.receive' | 'dossier.form'>>(method: M): Handlers[M] =>
      (async (input, ctx) => {
        await this.ensureLocal(input.code);
        return local[method](input as never, ctx);
      }) as Handlers[M];
    return {
      'dossier.get': onCode('dossier.get'),
      'dossier.addComponent': onCode('dossier.addComponent'),
      'dossier.transition': onCode('dossier.transition'),
      'dossier.apologize': onCode('dossier.apologize'),
      'dossier.returnResult': onCode('dossier.returnResult'),
      'dossier.form': async (input, ctx) => {
        if (input.code) await this.ensureLocal(input.code);
        return local['dossier.form'](input, ctx);
      },
      'dossier.receive': async (input, ctx) => {
        await this.ensureNumbers();
        return local['dossier.receive'](input, ctx);
      },
      'dossier.search': async (input, ctx) => {
        const started = performance.now();
        try {
          const items = SearchAnswerSchema.parse(await withTimeout(this.hub.call('replication.search', input), this.options.hubWaitMs));
          this.hubReachable = true;
          return { items, tookMs: Math.round((performance.now() - started) * 100) / 100, scope: 'hall' as const };
        } catch {
          this.hubReachable = false;
          const answer = await local['dossier.search'](input, ctx);
          return { ...answer, scope: 'local' as const };
        }
      },
    };
  }

  /**
   * Before a receipt: numbers are normally leased days ahead by the pull loop;
   * when today's are nearly gone, ask once, briefly (a receipt never waits long for the LAN).
   */
  async ensureNumbers(): Promise<void> {
    if (this.leases.remaining(vnDay(vnIso(new Date()))) >= 2) return;
    await withTimeout(this.leases.refill(this.hub), this.options.hubWaitMs).catch(() => undefined);
  }

  /** The "cần xử lý" list: what this PC did that the hub refused, with its reason. */
  attention(): AttentionRow[] {
    return attentionItems(this.outboxDb);
  }

  status(): {
    role: 'workstation';
    hubReachable: boolean | null;
    pending: number;
    attention: number;
    bytesPending: number;
    oldestPendingAt: number | null;
    lastPullAt: number | null;
  } {
    const counts = outboxCounts(this.outboxDb);
    const pending = pendingBacklog(this.outboxDb);
    return {
      role: 'workstation',
      hubReachable: this.hubReachable,
      pending: counts.pending,
      attention: counts.attention,
      bytesPending: pending.bytes,
      oldestPendingAt: pending.oldest,
      lastPullAt: this.lastPullAt,
    };
  }
}
