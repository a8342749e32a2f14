import fs from 'node:fs';
import type { Db } from './database';

/**
 * Group commit for the core's connection: a commit no longer waits for the disk on the event loop; the
 * answer to the call that made it does.
 *
 * Found by `npm run bench -- hall`: with synchronous=FULL every commit ran fsync on the hub's only
 * thread (3 ms at p50, 162 ms at worst on this disk under load), so 30 workstations pushing receipts
 * and 5 kiosks issuing tickets queued behind each other's fsyncs and the event loop stalled for up to
 * 1 s. Now the connection runs synchronous=NORMAL (a commit writes the WAL without fsync) and
 * `settle()` fsyncs the WAL file in libuv's thread pool before a call's answer leaves (the router
 * awaits it) and before a ticket is printed. Commits that land while one fsync runs share the next
 * one. What has been answered or printed is on disk, as before: a power cut can only take back work
 * nobody was told was done. Background writers (sync, replication pulls) are flushed by the same
 * fsync or by the periodic one within a second; what they wrote is fetched again if lost.
 */
export class GroupCommit {
  /** `total_changes()` covered by the last completed fsync. */
  private flushed = 0;
  private inflight: Promise<void> | null = null;
  private readonly totalChanges;

  constructor(
    private readonly db: Db,
    private readonly fsyncFile: (file: string) => Promise<void> = fsyncPath,
  ) {
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
    this.flushed = this.changes();
  }

  /** Resolves once every change committed on this connection before the call is on disk. */
  async settle(): Promise<void> {
    for (;;) {
      const target = this.changes();
      if (target <= this.flushed) return;
      // An fsync already running may have started before this change was written: wait, then look again.
      if (!this.inflight) this.inflight = this.flush(target).finally(() => (this.inflight = null));
      await this.inflight;
    }
  }

  /** For close(): the same guarantee, synchronously, when nothing else can run. */
  settleNow(): void {
    if (this.changes() <= this.flushed || !this.db.open) return;
    const wal = `${this.db.name}-wal`;
    // No WAL file: nothing of this connection's is waiting in one (its data directory was removed under it).
    if (!fs.existsSync(wal)) return;
    const fd = fs.openSync(wal, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.flushed = this.changes();
  }

  private changes(): number {
    const value: unknown = this.totalChanges.get();
    return typeof value === 'number' ? value : Number(value);
  }

  private async flush(upTo: number): Promise<void> {
    await this.fsyncFile(`${this.db.name}-wal`);
    this.flushed = Math.max(this.flushed, upTo);
  }
}

/**
 * Opens the file anew each time, so no descriptor outlives SQLite's own (it deletes the WAL when its last
 * connection closes). Read-write: Windows flushes only a handle opened for writing.
 */
async function fsyncPath(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
