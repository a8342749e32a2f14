/**
 * Statuses set on the receiver's side, brought back: from a changes feed (durable
 * cursor), or by looking up open dossiers a batch per round, rate-limited by the
 * adapter, from a durable position that wraps around.
 */
import { isOpen, isDossierStatus } from '../../../shared/domain/status';
import type { Db } from '../db/database';
import type { RemoteStatus, StatusPull } from './adapter';
import type { SettingsStore } from './settings-store';
import { fromProvincialDate } from '../../../shared/provincial';
import { vnIso } from '../../../shared/vn-time';
import { heldOpenDossiers, heldStatusLookup, recordRemoteStatuses, type RemoteStatusChange } from './sync-store';

const OPEN_STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((s) => isDossierStatus(s) && isOpen(s));

export interface PulledStatus extends RemoteStatus {
  seq: number;
}

export class StatusPuller {
  constructor(
    private readonly db: Db,
    private readonly pull: StatusPull,
    private readonly store: SettingsStore,
    private readonly batch: number,
  ) {}

  /** One pull: records each new status and answers them in order. */
  async run(): Promise<PulledStatus[]> {
    return this.pull.kind === 'feed' ? this.fromFeed(this.pull.changes) : this.fromLookup(this.pull.lookup);
  }

  private async fromFeed(changes: (since: number) => Promise<{ changes: RemoteStatus[]; next: number }>): Promise<PulledStatus[]> {
    let cursor = Number(this.store.get('changes_cursor') ?? 0) || 0;
    const all: PulledStatus[] = [];
    for (;;) {
      const page = await changes(cursor);
      if (page.changes.length === 0) break;
      const next = page.next;
      const seqs = page.changes.map((_, i) => cursor + i + 1);
      const pulled = page.changes.map((c, i) => ({ ...c, seq: seqs[i] ?? next }));
      this.db.transaction(() => {
        this.record(pulled);
        this.store.set('changes_cursor', String(next));
      })();
      all.push(...pulled);
      cursor = next;
    }
    return all;
  }

  /** The next batch of open dossiers the receiver holds, after the saved position (wrapping once). */
  private openBatch(): string[] {
    const after = this.store.get('lookup_after') ?? '';
    const page = (from: string, limit: number) => heldOpenDossiers(this.db, OPEN_STATUSES, from, limit);
    const first = page(after, this.batch);
    return first.length < this.batch && after !== ''
      ? [...first, ...page('', this.batch - first.length).filter((c) => !first.includes(c))]
      : first;
  }

  private async fromLookup(lookup: (codes: string[]) => Promise<RemoteStatus[]>): Promise<PulledStatus[]> {
    const batch = this.openBatch();
    if (batch.length === 0) return [];
    const seen = await lookup(batch);
    const held = heldStatusLookup(this.db);
    let seq = Date.now();
    const changed = seen
      .filter((s) => {
        const last = held(s.MaHoSo);
        return last !== null && last !== s.TrangThaiHoSo;
      })
      .map((s) => ({ ...s, seq: seq++ }));
    this.db.transaction(() => {
      this.record(changed);
      this.store.set('lookup_after', batch.at(-1) ?? '');
    })();
    return changed;
  }

  private record(changes: PulledStatus[]): void {
    recordRemoteStatuses(this.db, changes.map(storedChange));
  }
}

/**
 * The provincial yyyyMMddHHmmss stops here: stored as Vietnam ISO text. A change with no readable time
 * is not kept for the catch-up (the dossier side ignores it too), but still updates what the receiver
 * holds: the look-up compares against it, and a final status stops the look-ups.
 */
function storedChange(c: PulledStatus): RemoteStatusChange {
  const at = fromProvincialDate(c.ThoiDiem);
  return { maHoSo: c.MaHoSo, trangThai: c.TrangThaiHoSo, at: at ? vnIso(at) : null, seq: c.seq };
}
