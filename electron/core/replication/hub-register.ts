/**
 * The hall register at the hub: every dossier received at any counter, in the
 * hub's own dossier tables (so its search, forms, provincial outbox and purge
 * work unchanged). Workstations push to it (`replication.push`, files first in
 * chunks) and read its change feed. Once it holds a dossier it is its
 * authority: a group of changes applies all or none, checked against its copy.
 */
import { checkStationClaim, type DeviceRevoked } from './station-binding';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type Dossier, type HallChange, type PushOutcome, type ReplicaItem } from '../../../shared/contract';
import type { Handlers } from '../contract/router';
import type { Db } from '../db/database';
import type { DossierRecordListener, DossierService } from '../dossier/dossier-service';
import type { FileStore } from '../files/file-store';
import type { LeaseLedger } from './code-leases';
import { vnIsoMs } from '../../../shared/vn-time';
import { appendFeed, appliedOutcome, feedAfter, recordApplied } from './hall-register-store';

type HubMethods =
  | 'replication.push'
  | 'replication.fileStatus'
  | 'replication.uploadChunk'
  | 'replication.changes'
  | 'replication.copies'
  | 'replication.get'
  | 'replication.search'
  | 'replication.leases'
  | 'replication.file';

/** Every change to a dossier held here is a row of the feed, in the transaction that made it. */
export const hallFeedListener: DossierRecordListener = (db, change) => {
  appendFeed(db, change.type === 'received' ? change.dossier.code : change.code);
};

/**
 * Files arriving in chunks: the bytes in `<files>/tmp/upload-<sha>`, fsynced
 * per chunk off the main thread; how much has arrived is the partial file's
 * size (no database commit per chunk). A torn last write only means a wrong
 * SHA-256 at the end, and the file is sent again. Moved into the store once
 * the SHA-256 matches. A part found whole (a crash between its last write and
 * that move) is finished when its status is asked: the sender has nothing
 * left to send for it.
 */
export class ChunkReceiver {
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(private readonly files: FileStore) {}

  private partPath(sha256: string): string {
    return path.join(this.files.root, 'tmp', `upload-${sha256}`);
  }

  private async received(sha256: string, size: number): Promise<number> {
    try {
      const { size: have } = await fs.promises.stat(this.partPath(sha256));
      return have <= size ? have : 0;
    } catch {
      return 0;
    }
  }

  async status(sha256: string, size: number): Promise<FileProgress> {
    const now = await this.progress(sha256, size);
    if (now.complete || size === 0 || now.received < size) return now;
    return this.oneAtATime(sha256, async () => {
      const again = await this.progress(sha256, size);
      if (again.complete || again.received < size) return again;
      return this.finish(sha256, size).catch(() => ({ sha256, size, received: 0, complete: false }));
    });
  }

  private async progress(sha256: string, size: number): Promise<FileProgress> {
    if (this.files.has(sha256)) return { sha256, size, received: size, complete: true };
    return { sha256, size, received: await this.received(sha256, size), complete: false };
  }

  chunk(sha256: string, size: number, offset: number, chunkSha256: string, bytes: Buffer): Promise<FileProgress> {
    return this.oneAtATime(sha256, () => this.takeChunk(sha256, size, offset, chunkSha256, bytes));
  }

  /** Work on one file's part is done one at a time: a retried chunk racing its first delivery must not interleave with it. */
  private oneAtATime<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    const previous = this.busy.get(sha256) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.busy.set(sha256, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (this.busy.get(sha256) === next) this.busy.delete(sha256);
      });
    return next;
  }

  private async takeChunk(sha256: string, size: number, offset: number, chunkSha256: string, bytes: Buffer): Promise<FileProgress> {
    const now = await this.progress(sha256, size);
    if (now.complete || offset !== now.received) return now; // a repeated or out-of-order chunk: the sender goes on from `received`
    // A damaged chunk or file is the hub asking for the bytes again (`conflict`, retried), never a refusal of the dossier.
    if (createHash('sha256').update(bytes).digest('hex') !== chunkSha256)
      throw new AppError('conflict', 'Một phần tệp bị hỏng trên đường truyền; sẽ gửi lại.');
    if (offset + bytes.length > size) throw new AppError('invalid_input', 'Phần tệp vượt quá kích thước đã khai.');
    const part = this.partPath(sha256);
    const handle = await fs.promises.open(part, offset === 0 ? 'w' : 'r+');
    try {
      await handle.write(bytes, 0, bytes.length, offset);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const received = offset + bytes.length;
    if (received < size) return { sha256, size, received, complete: false };
    return this.finish(sha256, size);
  }

  /** Into the store first, then the part goes: a crash between the two leaves a file the store already holds. */
  private async finish(sha256: string, size: number): Promise<FileProgress> {
    const part = this.partPath(sha256);
    const data = size === 0 ? Buffer.alloc(0) : await fs.promises.readFile(part);
    if (createHash('sha256').update(data).digest('hex') !== sha256) {
      await fs.promises.rm(part, { force: true });
      throw new AppError('conflict', 'Tệp nhận được không khớp mã băm SHA-256; sẽ gửi lại từ đầu.');
    }
    await this.files.putAsync(data);
    await fs.promises.rm(part, { force: true });
    return { sha256, size, received: size, complete: true };
  }
}

interface FileProgress {
  sha256: string;
  size: number;
  received: number;
  complete: boolean;
}

function filesOf(d: Dossier): string[] {
  return [
    ...d.components.map((c) => c.sha256),
    ...(d.result?.documents ?? []).map((r) => r.sha256),
    ...d.forms.map((f) => f.sha256),
  ].filter((s): s is string => s !== null);
}

function eventFiles(item: ReplicaItem): string[] {
  if (item.kind === 'receive') return filesOf(item.dossier);
  return item.events
    .flatMap((e) =>
      e.type === 'component'
        ? [e.component.sha256]
        : e.type === 'result'
          ? e.result.documents.map((r) => r.sha256)
          : e.type === 'form'
            ? [e.form.sha256]
            : [],
    )
    .filter((s): s is string => s !== null);
}

export class HallRegister {
  readonly uploads: ChunkReceiver;

  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly dossiers: DossierService,
    readonly ledger: LeaseLedger,
    private readonly deviceRevoked: DeviceRevoked,
  ) {
    this.uploads = new ChunkReceiver(files);
  }

  /** Applies one pushed item once: a repeated key gets the first answer, whatever happened since. */
  push(key: string, item: ReplicaItem): PushOutcome {
    const seen = appliedOutcome(this.db, key);
    if (seen) return seen.reason ? { outcome: seen.outcome, reason: seen.reason } : { outcome: seen.outcome };
    const missing = eventFiles(item).filter((sha) => !this.files.has(sha));
    if (missing.length > 0) throw new AppError('not_found', `Máy chủ sảnh chưa nhận đủ ${missing.length} tệp của hồ sơ; sẽ gửi lại.`);
    const code = item.kind === 'receive' ? item.dossier.code : item.code;
    if (item.kind === 'change' && !this.dossiers.holds(code)) return { outcome: 'unknown' };
    try {
      this.db.transaction(() => {
        if (item.kind === 'receive') this.dossiers.storeReplica(item.dossier, item.apology, 'new');
        else this.dossiers.applyReplicaEvents(item.code, item.events);
        recordApplied(this.db, key, 'applied', null, item.station, vnIsoMs(Date.now()));
      })();
      return { outcome: 'applied' };
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      recordApplied(this.db, key, 'rejected', error.message, item.station, vnIsoMs(Date.now()));
      return { outcome: 'rejected', reason: error.message };
    }
  }

  /** Codes of the dossiers changed after `since`, each once (its latest change), oldest first. */
  changes(since: number, limit: number): { changes: HallChange[]; next: number } {
    const rows = feedAfter(this.db, since, limit);
    return { changes: rows.map((r) => ({ seq: r.seq, code: r.code })), next: rows.at(-1)?.seq ?? since };
  }

  handlers(): Pick<Handlers, HubMethods> {
    return {
      'replication.push': ({ key, item }, ctx) => {
        checkStationClaim(this.db, ctx.caller, item.station, this.deviceRevoked);
        return this.push(key, item);
      },
      'replication.fileStatus': ({ files }) => Promise.all(files.map((f) => this.uploads.status(f.sha256, f.size))),
      'replication.uploadChunk': ({ sha256, size, offset, chunkSha256, base64 }) =>
        this.uploads.chunk(sha256, size, offset, chunkSha256, Buffer.from(base64, 'base64')),
      'replication.changes': ({ since, limit }) => this.changes(since, limit),
      'replication.copies': ({ codes }) =>
        codes
          .filter((code) => this.dossiers.holds(code))
          .map((code) => ({ dossier: this.dossiers.get(code), apology: this.dossiers.apology(code) })),
      'replication.get': ({ code }) =>
        this.dossiers.holds(code) ? { dossier: this.dossiers.get(code), apology: this.dossiers.apology(code) } : null,
      'replication.search': (input) => this.dossiers.search(input),
      'replication.leases': ({ station, agencyCode, requests }, ctx) => {
        checkStationClaim(this.db, ctx.caller, station, this.deviceRevoked);
        return this.ledger.grant(agencyCode, station, requests);
      },
      'replication.file': async ({ sha256, offset, length }) => {
        if (!this.files.has(sha256)) throw new AppError('not_found', 'Máy chủ sảnh không có tệp này.');
        const handle = await fs.promises.open(this.files.pathOf(sha256), 'r');
        try {
          const { size } = await handle.stat();
          const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
          await handle.read(buffer, 0, buffer.length, offset);
          return { size, base64: buffer.toString('base64') };
        } finally {
          await handle.close();
        }
      },
    };
  }
}
