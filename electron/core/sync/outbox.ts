/**
 * The sync outbox: every change the provincial system must learn is one row,
 * self-contained (the full DVCQG payload), with its idempotency key. Callers
 * write it INSIDE their own write transaction, so a change and its outbox row
 * commit together or not at all.
 */
import { randomUUID } from 'node:crypto';
import {
  ProvincialDossierSchema,
  ProvincialProgressSchema,
  filesOf,
  type ProvincialDossierInput,
  type ProvincialProgress,
} from '../../../shared/provincial';
import type { Db } from '../db/database';
import { vnIsoMs } from '../../../shared/vn-time';
import { insertOutboxItem } from './sync-store';

// The outbox's rows and counts live in the store; these names stay here for the modules that import them
// from the outbox (replication, the app's migration list, benches and tests).
export { OutboxRowSchema, SYNC_EPOCH, outboxCounts, type OutboxRow, type OutboxState } from './sync-store';
export { syncMigrations } from './migrations';

export type OutboxItemInput =
  | { kind: 'dossier'; payload: ProvincialDossierInput; idempotencyKey?: string }
  | { kind: 'progress'; payload: ProvincialProgress; idempotencyKey?: string };

/**
 * Adds one item to the outbox. Call it inside the caller's write transaction
 * (better-sqlite3 transactions nest as savepoints). The payload is validated
 * here: a malformed payload throws, so the caller's change rolls back with it
 * rather than leaving an item that could never be sent. Returns the row id.
 */
export function enqueueOutbox(db: Db, item: OutboxItemInput): number {
  const idempotencyKey = item.idempotencyKey ?? randomUUID();
  const createdAt = vnIsoMs(Date.now());
  if (item.kind === 'dossier') {
    const payload = ProvincialDossierSchema.parse(item.payload);
    const files = filesOf(payload);
    const sizes = { count: files.length, bytes: files.reduce((s, f) => s + f.size, 0) };
    return insertOutboxItem(db, {
      kind: 'dossier',
      maHoSo: payload.MaHoSo,
      payload: JSON.stringify(payload),
      idempotencyKey,
      createdAt,
      files: sizes,
    });
  }
  const payload = ProvincialProgressSchema.parse(item.payload);
  return insertOutboxItem(db, { kind: 'progress', maHoSo: payload.MaHoSo, payload: JSON.stringify(payload), idempotencyKey, createdAt });
}

/**
 * What the dossier module reports from inside its transactions (the seam).
 * The dossier module builds the DVCQG payload (field mapping in
 * shared/provincial.ts) and, for status changes, the progress step.
 */
export interface DossierSyncChange {
  /** The dossier as the province must now know it (full payload: later pushes supersede earlier ones). */
  dossier: ProvincialDossierInput;
  /** The progress step to report (CapNhatTienDoHoSoMC), for status changes. */
  progress?: ProvincialProgress;
}

/** Turns one dossier change into its outbox items (a full upsert, then the progress step if any). */
export function outboxItemsFor(change: DossierSyncChange): OutboxItemInput[] {
  const items: OutboxItemInput[] = [{ kind: 'dossier', payload: change.dossier }];
  if (change.progress) items.push({ kind: 'progress', payload: change.progress });
  return items;
}

/** The change listener to register with the dossier service: `(db, change) => void`, called inside its transaction. */
export function syncDossierListener(db: Db, change: DossierSyncChange): void {
  for (const item of outboxItemsFor(change)) enqueueOutbox(db, item);
}
