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
        for (const c of pulled) this.record(c);
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
    const marks = OPEN_STATUSES.map(() => '?').join(', ');
    const page = (from: string, limit: number) =>
      this.db
        .prepare(`SELECT ma_ho_so FROM sync_remote_dossiers WHERE trang_thai IN (${marks}) AND ma_ho_so > ? ORDER BY ma_ho_so LIMIT ?`)
        .pluck()
        .all(...OPEN_STATUSES, from, limit)
        .filter((v): v is string => typeof v === 'string');
    const first = page(after, this.batch);
    return first.length < this.batch && after !== ''
      ? [...first, ...page('', this.batch - first.length).filter((c) => !first.includes(c))]
      : first;
  }

  private async fromLookup(lookup: (codes: string[]) => Promise<RemoteStatus[]>): Promise<PulledStatus[]> {
    const batch = this.openBatch();
    if (batch.length === 0) return [];
    const seen = await lookup(batch);
    const known = this.db.prepare('SELECT trang_thai FROM sync_remote_dossiers WHERE ma_ho_so = ?').pluck();
    let seq = Date.now();
    const changed = seen
      .filter((s) => {
        const last: unknown = known.get(s.MaHoSo);
        return typeof last === 'number' && last !== s.TrangThaiHoSo;
      })
      .map((s) => ({ ...s, seq: seq++ }));
    this.db.transaction(() => {
      for (const c of changed) this.record(c);
      this.store.set('lookup_after', batch.at(-1) ?? '');
    })();
    return changed;
  }

  private record(c: PulledStatus): void {
    // The provincial yyyyMMddHHmmss stops here: stored as Vietnam ISO text. A change with no readable
    // time is not kept for the catch-up (the dossier side ignores it too).
    const at = fromProvincialDate(c.ThoiDiem);
    if (at) {
      this.db
        .prepare(
          `INSERT INTO sync_remote_status (ma_ho_so, trang_thai, at, seq) VALUES (?, ?, ?, ?)
           ON CONFLICT(ma_ho_so) DO UPDATE SET trang_thai = excluded.trang_thai, at = excluded.at, seq = excluded.seq`,
        )
        .run(c.MaHoSo, c.TrangThaiHoSo, vnIso(at), c.seq);
    }
    // What the receiver holds now: the look-up compares against it, and a final status stops the look-ups.
    this.db.prepare('UPDATE sync_remote_dossiers SET trang_thai = ? WHERE ma_ho_so = ?').run(c.TrangThaiHoSo, c.MaHoSo);
  }
}
