/**
 * The seam between the sync engine and a receiver. The engine drains the outbox
 * (order per dossier, idempotency keys, backoff, breaker, crash safety) and drives
 * ONE interface, `SyncAdapter`:
 *
 * - `pushDossier` / `pushProgress`: deliver one outbox item (the full payload);
 * - `files`: how the files a dossier names reach the receiver, one of
 *     `upload` — the engine sends the missing chunks by SHA-256 first (resumable);
 *     `fetch`  — the receiver fetches each file by a signed URL carried in the payload;
 *               a whole fetch, logged by our file server, is the delivery;
 * - `pull`: how statuses set on the receiver's side come back, one of
 *     `feed`   — a changes feed read from a durable cursor;
 *     `lookup` — the engine names its open dossiers a batch at a time, rate-limited.
 *
 * Implementations: `MotcuaAdapter` (our chunked upload + changes feed), `DvcqgAdapter`
 * (the national portal as production clients speak to it). A hall hub adapter for
 * workstation → hub replication implements the same interface.
 */
import type { FileStatus, ProvincialDossier, ProvincialProgress } from '../../../shared/provincial';
import type { EngineOptions } from './engine-options';

export type ProvincialProfile = 'dvcqg' | 'motcua';

export interface PublicFileConfig {
  /** The base of the URLs the portal fetches (as the portal reaches it); default: the listener's own address. */
  url?: string;
  /** Where the file listener binds (separate from the staff API). */
  host: string;
  port: number;
  /** Seconds a file URL stays valid. */
  ttlSeconds: number;
  tls?: { cert: string; key: string };
}

export interface ProvincialConfig {
  url: string;
  username: string;
  password: string;
  /** PEM file of the CA that signed the provincial server's certificate (added to the system CAs). */
  caFile?: string;
  /** Start the background runner with the app (the CLI runs it by hand). */
  autoStart: boolean;
  /** `dvcqg` (default): the national portal's dialect; `motcua`: our chunked upload and changes feed. */
  profile?: ProvincialProfile;
  authPath?: string;
  servicePath?: string;
  /** Sent as the `dstcode` header on every request (dvcqg). */
  dstcode?: string;
  /** The file listener the portal fetches attachments from (dvcqg). */
  publicFiles?: Partial<PublicFileConfig>;
  /** Engine tuning (concurrency, chunk size, backoff…); defaults in engine-options.ts. */
  engine?: Partial<EngineOptions>;
}

/**
 * Why a call failed. `transient`: retry later (network, 429, 5xx, timeouts);
 * `rejected`: the province will never accept it as sent (goes to "needs attention").
 * `message` is plain Vietnamese for the supervisor.
 */
export class ProvincialError extends Error {
  constructor(
    readonly kind: 'transient' | 'rejected',
    message: string,
    readonly extra: {
      status?: number;
      code?: number;
      retryAfterMs?: number;
      unknownDossier?: boolean;
      missingFile?: boolean;
      session?: boolean;
    } = {},
  ) {
    super(message);
  }
}

/** A status the receiver holds for a dossier (seen in its feed or looked up). */
export interface RemoteStatus {
  MaHoSo: string;
  TrangThaiHoSo: number;
  /** `yyyyMMddHHmmss`, Vietnam time. */
  ThoiDiem: string;
}

export type FileDelivery =
  | {
      kind: 'upload';
      /** What the receiver already has of each file (asked before sending). */
      status(files: { sha256: string; size: number }[]): Promise<FileStatus[]>;
      uploadChunk(sha256: string, size: number, offset: number, chunk: Buffer, chunkSha256: string): Promise<FileStatus>;
    }
  | { kind: 'fetch' };

export type StatusPull =
  | { kind: 'feed'; changes(since: number): Promise<{ changes: RemoteStatus[]; next: number }> }
  | { kind: 'lookup'; lookup(maHoSo: string[]): Promise<RemoteStatus[]> };

export interface SyncAdapter {
  readonly name: string;
  readonly files: FileDelivery;
  readonly pull: StatusPull;
  /** `exists`: a create of a MaHoSo the receiver holds; `unknown`: an update of one it does not. */
  pushDossier(dossier: ProvincialDossier, options: { isUpdating: boolean; idempotencyKey: string }): Promise<'ok' | 'exists' | 'unknown'>;
  pushProgress(progress: ProvincialProgress, idempotencyKey: string): Promise<'ok' | 'unknown'>;
  /** Request-level outcomes, for the circuit breaker. */
  onOutcome?: (ok: boolean) => void;
  close(): void;
}

/** The provincial adapters are sync adapters; the older name stays for callers. */
export type ProvincialAdapter = SyncAdapter;
