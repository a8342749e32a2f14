/**
 * How the engine talks to a provincial system. `ProvincialAdapter` is the seam:
 * `TthcHttpAdapter` speaks the DVCQG-style API (session + services by name) of
 * our emulator; a real province's API is another adapter.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { z } from 'zod';
import {
  FileStatusSchema,
  PROVINCIAL_ERROR,
  StatusChangeSchema,
  type FileStatus,
  type ProvincialAnswer,
  type ProvincialDossier,
  type ProvincialProgress,
  type StatusChange,
} from '../../../shared/provincial';
import type { EngineOptions } from './engine';

export interface ProvincialConfig {
  url: string;
  username: string;
  password: string;
  /** PEM file of the CA that signed the provincial server's certificate (added to the system CAs). */
  caFile?: string;
  /** Start the background runner with the app (the CLI runs it by hand). */
  autoStart: boolean;
  /** Engine tuning (concurrency, chunk size, backoff…); defaults in engine.ts. */
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
    readonly extra: { status?: number; code?: number; retryAfterMs?: number; unknownDossier?: boolean; missingFile?: boolean } = {},
  ) {
    super(message);
  }
}

export interface ProvincialAdapter {
  readonly name: string;
  /** `exists`: a create of a MaHoSo the province holds; `unknown`: an update of one it does not. */
  pushDossier(dossier: ProvincialDossier, options: { isUpdating: boolean; idempotencyKey: string }): Promise<'ok' | 'exists' | 'unknown'>;
  pushProgress(progress: ProvincialProgress, idempotencyKey: string): Promise<'ok' | 'unknown'>;
  /** What the province already has of each file (asked before sending). */
  fileStatus(files: { sha256: string; size: number }[]): Promise<FileStatus[]>;
  uploadChunk(sha256: string, size: number, offset: number, chunk: Buffer, chunkSha256: string): Promise<FileStatus>;
  /** Status changes made on the provincial side since `since` (a cursor). */
  statusChanges(since: number): Promise<{ changes: StatusChange[]; next: number }>;
  /** Request-level outcomes, for the circuit breaker. */
  onOutcome?: (ok: boolean) => void;
  close(): void;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const TIMEOUT_MS = 30_000;

export class TthcHttpAdapter implements ProvincialAdapter {
  readonly name = 'tthc-http';
  onOutcome?: (ok: boolean) => void;
  private readonly base: URL;
  private readonly agent: http.Agent;
  private session: string | null = null;
  private sessionPromise: Promise<string> | null = null;

  constructor(
    private readonly config: ProvincialConfig,
    private readonly madonvi: string,
    maxSockets = 8,
  ) {
    this.base = new URL(config.url);
    const secure = this.base.protocol === 'https:';
    if (!secure && this.base.protocol !== 'http:') throw new Error(`Địa chỉ hệ thống tỉnh không hợp lệ: ${config.url}`);
    const options = { keepAlive: true, maxSockets, keepAliveMsecs: 10_000 };
    this.agent = secure
      ? new https.Agent({
          ...options,
          // A custom CA is added to (not substituted for) the system's list.
          ...(config.caFile ? { ca: [...tlsRootCertificates(), fs.readFileSync(config.caFile, 'utf8')] } : {}),
        })
      : new http.Agent(options);
  }

  close(): void {
    this.agent.destroy();
  }

  private raw(method: string, path: string, body: Buffer | null, headers: Record<string, string> = {}): Promise<RawResponse> {
    const url = new URL(path, this.base);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method,
          agent: this.agent,
          headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
          timeout: TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (!res.complete) reject(new ProvincialError('transient', 'Mất kết nối khi đang nhận trả lời từ hệ thống tỉnh.'));
            else resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', () => reject(new ProvincialError('transient', 'Mất kết nối khi đang nhận trả lời từ hệ thống tỉnh.')));
          res.on('aborted', () => reject(new ProvincialError('transient', 'Mất kết nối khi đang nhận trả lời từ hệ thống tỉnh.')));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error: NodeJS.ErrnoException) => reject(networkError(error)));
      req.end(body ?? undefined);
    }).then(
      (r) => {
        this.onOutcome?.(r.status < 500 && r.status !== 429);
        return r;
      },
      (error: unknown) => {
        this.onOutcome?.(false);
        throw error;
      },
    );
  }

  /** A JSON call; answers the body when error_code is 0, throws ProvincialError otherwise (except codes in `accept`). */
  private async json(path: string, payload: Record<string, unknown>, headers: Record<string, string> = {}, accept: number[] = []) {
    const r = await this.raw('POST', path, Buffer.from(JSON.stringify(payload)), { 'content-type': 'application/json', ...headers });
    return this.parse(r, accept);
  }

  private parse(r: RawResponse, accept: number[] = []) {
    if (r.status === 429 || r.status >= 500) {
      const retryAfter = Number(r.headers['retry-after']);
      throw new ProvincialError('transient', r.status === 429 ? 'Hệ thống tỉnh báo quá tải (429), sẽ thử lại.' : `Hệ thống tỉnh đang gặp sự cố (mã ${r.status}), sẽ thử lại.`, {
        status: r.status,
        ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
      });
    }
    // Hot path (one answer per chunk): a plain shape check rather than a full schema parse.
    let answer: ProvincialAnswer;
    try {
      const value: unknown = JSON.parse(r.body.toString('utf8'));
      if (typeof value !== 'object' || value === null || typeof (value as { error_code?: unknown }).error_code !== 'number') throw new Error('shape');
      answer = value as ProvincialAnswer;
      if (typeof answer.message !== 'string') answer.message = '';
    } catch {
      throw new ProvincialError('transient', `Hệ thống tỉnh trả lời không đọc được (mã ${r.status}).`, { status: r.status });
    }
    if (answer.error_code === 0 || accept.includes(answer.error_code)) return answer;
    if (answer.error_code === PROVINCIAL_ERROR.session) {
      this.session = null;
      throw new ProvincialError('transient', 'Phiên làm việc với hệ thống tỉnh hết hạn, sẽ đăng nhập lại.', { status: r.status, code: answer.error_code });
    }
    if (answer.error_code === PROVINCIAL_ERROR.missingFile) {
      throw new ProvincialError('transient', `Hệ thống tỉnh chưa nhận đủ tệp: ${answer.message}`, { code: answer.error_code, missingFile: true });
    }
    if (answer.error_code === PROVINCIAL_ERROR.unknownDossier) {
      // Found by the fuzz run: with no message from the province the supervisor saw an empty error.
      throw new ProvincialError('transient', answer.message || 'Hệ thống tỉnh chưa có hồ sơ này.', {
        code: answer.error_code,
        unknownDossier: true,
      });
    }
    if (r.status === 409 && answer.offsetMismatch === true) {
      throw new ProvincialError('transient', 'Vị trí tải tệp lệch, sẽ tiếp tục từ chỗ hệ thống tỉnh đã nhận.', { status: 409 });
    }
    if (r.status === 401 || r.status === 403) {
      // A configuration problem of the whole link, not of this item: keep it queued and say so.
      throw new ProvincialError('transient', `Hệ thống tỉnh từ chối quyền truy cập: ${answer.message} Kiểm tra tài khoản kết nối trong cấu hình.`, {
        status: r.status,
        code: answer.error_code,
      });
    }
    throw new ProvincialError('rejected', `Hệ thống tỉnh từ chối: ${answer.message}`, { status: r.status, code: answer.error_code });
  }

  private async ensureSession(): Promise<string> {
    if (this.session) return this.session;
    this.sessionPromise ??= (async () => {
      try {
        const answer = await this.json('/auth', { username: this.config.username, password: this.config.password });
        const session = readAnswer(z.string(), answer.session, 'phiên đăng nhập');
        this.session = session;
        return session;
      } catch (error) {
        if (error instanceof ProvincialError && (error.extra.status === 401 || error.extra.code === PROVINCIAL_ERROR.session)) {
          // Not the items' fault: they stay queued (with backoff) until the account is fixed.
          throw new ProvincialError('transient', 'Sai tài khoản hoặc mật khẩu kết nối hệ thống tỉnh. Kiểm tra cấu hình kết nối.', { status: 401 });
        }
        throw error;
      } finally {
        this.sessionPromise = null;
      }
    })();
    return this.sessionPromise;
  }

  /** One call by service name; a stale session is renewed once. */
  private async call(service: string, params: Record<string, unknown>, key?: string, accept: number[] = []) {
    for (let attempt = 0; ; attempt++) {
      const session = await this.ensureSession();
      try {
        return await this.json('/service', { session, madonvi: this.madonvi, service, ...params }, key ? { 'idempotency-key': key } : {}, accept);
      } catch (error) {
        if (attempt === 0 && error instanceof ProvincialError && error.extra.code === PROVINCIAL_ERROR.session) continue;
        throw error;
      }
    }
  }

  async pushDossier(dossier: ProvincialDossier, options: { isUpdating: boolean; idempotencyKey: string }) {
    const answer = await this.call('DongBoHoSoMC', { isUpdating: options.isUpdating, data: [dossier] }, options.idempotencyKey, [
      PROVINCIAL_ERROR.exists,
      PROVINCIAL_ERROR.unknownDossier,
    ]);
    if (answer.error_code === PROVINCIAL_ERROR.exists) return 'exists';
    if (answer.error_code === PROVINCIAL_ERROR.unknownDossier) return 'unknown';
    return 'ok';
  }

  async pushProgress(progress: ProvincialProgress, idempotencyKey: string) {
    const answer = await this.call('CapNhatTienDoHoSoMC', { data: [progress] }, idempotencyKey, [PROVINCIAL_ERROR.unknownDossier]);
    return answer.error_code === PROVINCIAL_ERROR.unknownDossier ? 'unknown' : 'ok';
  }

  async fileStatus(files: { sha256: string; size: number }[]): Promise<FileStatus[]> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.ensureSession();
      try {
        const answer = await this.json('/files/status', { session, files });
        return readAnswer(z.array(FileStatusSchema), answer.files, 'trạng thái tệp');
      } catch (error) {
        if (attempt === 0 && error instanceof ProvincialError && error.extra.code === PROVINCIAL_ERROR.session) continue;
        throw error;
      }
    }
  }

  async uploadChunk(sha256: string, size: number, offset: number, chunk: Buffer, chunkSha256: string): Promise<FileStatus> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.ensureSession();
      const r = await this.raw('PUT', `/files/${sha256}`, chunk, {
        'content-type': 'application/octet-stream',
        'x-session': session,
        'upload-offset': String(offset),
        'upload-length': String(size),
        'chunk-sha256': chunkSha256,
      });
      try {
        const a = this.parse(r);
        if (typeof a.received !== 'number' || typeof a.complete !== 'boolean') throw new ProvincialError('transient', 'Hệ thống tỉnh trả lời tải tệp không đọc được.');
        return { sha256, size, received: a.received, complete: a.complete };
      } catch (error) {
        if (attempt === 0 && error instanceof ProvincialError && error.extra.code === PROVINCIAL_ERROR.session) continue;
        throw error;
      }
    }
  }

  async statusChanges(since: number) {
    const answer = await this.call('LayDanhSachThayDoi', { TuSo: since });
    return {
      changes: readAnswer(z.array(StatusChangeSchema), answer.changes, 'danh sách thay đổi'),
      next: readAnswer(z.number().int(), answer.next, 'vị trí tiếp theo'),
    };
  }
}

/**
 * A field of the province's answer, checked; a malformed one is a transient ProvincialError with a
 * Vietnamese message like every other bad answer (found by the fuzz run: a ZodError escaped before).
 */
function readAnswer<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProvincialError('transient', `Hệ thống tỉnh trả lời ${what} không đọc được.`);
  return parsed.data;
}

function tlsRootCertificates(): string[] {
  return [...tls.rootCertificates];
}

function networkError(error: NodeJS.ErrnoException): ProvincialError {
  const code = error.code ?? '';
  if (/CERT|VERIFY|SIGNATURE|ERR_TLS|SSL/.test(code)) {
    return new ProvincialError('transient', `Không xác minh được chứng chỉ của hệ thống tỉnh (${code}). Kiểm tra chứng chỉ CA trong cấu hình.`);
  }
  if (code === 'ECONNREFUSED') return new ProvincialError('transient', 'Không kết nối được hệ thống tỉnh (máy chủ không trả lời).');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ProvincialError('transient', 'Không tìm thấy địa chỉ hệ thống tỉnh (lỗi mạng hoặc DNS).');
  if (error.message === 'timeout') return new ProvincialError('transient', 'Hệ thống tỉnh không trả lời kịp (quá thời gian chờ).');
  return new ProvincialError('transient', 'Mất kết nối đến hệ thống tỉnh.');
}
