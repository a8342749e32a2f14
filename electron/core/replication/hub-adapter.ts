/**
 * The sync engine's adapter for the hub: the engine drains the replication
 * outbox exactly as it drains the provincial one (order per dossier, keys,
 * backoff, breaker, files first by SHA-256 in resumable chunks); this adapter
 * turns its calls into the hub's `replication.*` methods. What an item
 * carries is in `replica_items`, found by the item's key.
 */
import { z } from 'zod';
import { AppError, PushOutcomeSchema, ReplicaFileStatusSchema, ReplicaItemSchema, type ReplicaItem } from '../../../shared/contract';
import type { ProvincialDossier, ProvincialProgress } from '../../../shared/provincial';
import type { Db } from '../db/database';
import { replicaItemBody } from './replica-store';
import { ProvincialError, type FileDelivery, type StatusPull, type SyncAdapter } from '../sync/adapter';
import type { HubTransport } from './transport';

const FileStatusesSchema = z.array(ReplicaFileStatusSchema);

export interface HubAdapterHooks {
  /** The hub refused an item: the local copy of that dossier must be fetched again. */
  rejected(code: string): void;
  /** Whether the last request reached the hub. */
  reachable(ok: boolean): void;
}

export class HubAdapter implements SyncAdapter {
  readonly name = 'hall-hub';
  onOutcome?: (ok: boolean) => void;
  /** Files go to the hub first, in resumable chunks by SHA-256. */
  readonly files: FileDelivery = {
    kind: 'upload',
    status: async (files) => FileStatusesSchema.parse(await this.call('replication.fileStatus', { files })),
    uploadChunk: async (sha256, size, offset, chunk, chunkSha256) =>
      ReplicaFileStatusSchema.parse(
        await this.call('replication.uploadChunk', { sha256, size, offset, chunkSha256, base64: chunk.toString('base64') }),
      ),
  };
  /** The hub's changes come through the workstation's own pull (full copies, workstation.ts), not the engine's status feed. */
  readonly pull: StatusPull = { kind: 'feed', changes: async (since) => ({ changes: [], next: since }) };

  constructor(
    private readonly db: Db,
    private readonly hub: HubTransport,
    private readonly hooks: HubAdapterHooks,
  ) {}

  close(): void {}

  /** One hub call: a failure to reach it is transient; an error answer from it is transient too, except bad input. */
  private async call(method: string, input: unknown): Promise<unknown> {
    try {
      const result = await this.hub.call(method, input);
      this.outcome(true);
      return result;
    } catch (error) {
      const reachedHub = error instanceof AppError && error.code !== 'unavailable';
      this.outcome(reachedHub);
      if (error instanceof AppError && error.code === 'invalid_input')
        throw new ProvincialError('rejected', `Máy chủ sảnh từ chối dữ liệu: ${error.message}`);
      const message = error instanceof AppError ? error.message : 'Không kết nối được máy chủ sảnh.';
      throw new ProvincialError('transient', message, { missingFile: error instanceof AppError && error.code === 'not_found' });
    }
  }

  private outcome(ok: boolean): void {
    this.onOutcome?.(ok);
    this.hooks.reachable(ok);
  }

  private item(idempotencyKey: string): { key: string; item: ReplicaItem } {
    // The engine sends an update of a dossier the other side already holds with `<key>:u`; our items are one key each.
    const key = idempotencyKey.replace(/:u$/, '');
    const body = replicaItemBody(this.db, key);
    if (body === undefined) throw new ProvincialError('rejected', 'Mục đồng bộ không còn nội dung trên máy này.');
    return { key, item: ReplicaItemSchema.parse(JSON.parse(body)) };
  }

  async pushDossier(
    dossier: ProvincialDossier,
    options: { isUpdating: boolean; idempotencyKey: string },
  ): Promise<'ok' | 'exists' | 'unknown'> {
    const { key, item } = this.item(options.idempotencyKey);
    const answer = PushOutcomeSchema.parse(await this.call('replication.push', { key, item }));
    if (answer.outcome === 'applied') return 'ok';
    if (answer.outcome === 'rejected') {
      this.hooks.rejected(dossier.MaHoSo);
      throw new ProvincialError('rejected', answer.reason ?? 'Máy chủ sảnh không áp dụng thao tác này.');
    }
    throw new ProvincialError('transient', `Máy chủ sảnh chưa có hồ sơ ${dossier.MaHoSo}; sẽ gửi lại.`, { unknownDossier: true });
  }

  /** Replication items are all whole-dossier or change groups; progress steps are the province's. */
  async pushProgress(_progress: ProvincialProgress, _idempotencyKey: string): Promise<'ok' | 'unknown'> {
    return 'ok';
  }
}
