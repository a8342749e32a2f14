/**
 * The `motcua` profile: our own protocol (session + services by name, chunked file
 * upload by SHA-256, a changes feed), for a province that offers it, and the
 * emulator's default mode.
 */
import { z } from 'zod';
import {
  FileStatusSchema,
  PROVINCIAL_ERROR,
  StatusChangeSchema,
  type FileStatus,
  type ProvincialAnswer,
  type ProvincialDossier,
  type ProvincialProgress,
} from '../../../shared/provincial';
import { ProvincialError, type FileDelivery, type ProvincialConfig, type StatusPull, type SyncAdapter } from './adapter';
import { HttpLink, overloadError, type RawResponse } from './http-link';

export class TthcHttpAdapter implements SyncAdapter {
  readonly name = 'motcua';
  readonly files: FileDelivery;
  readonly pull: StatusPull;
  private readonly link: HttpLink;
  private session: string | null = null;
  private sessionPromise: Promise<string> | null = null;

  constructor(
    private readonly config: ProvincialConfig,
    private readonly madonvi: string,
    maxSockets = 8,
  ) {
    this.link = new HttpLink(config.url, config.caFile, maxSockets);
    this.files = { kind: 'upload', status: (f) => this.fileStatus(f), uploadChunk: (...a) => this.uploadChunk(...a) };
    this.pull = { kind: 'feed', changes: (since) => this.statusChanges(since) };
  }

  set onOutcome(listener: ((ok: boolean) => void) | undefined) {
    this.link.onOutcome = listener;
  }
  get onOutcome(): ((ok: boolean) => void) | undefined {
    return this.link.onOutcome;
  }

  close(): void {
    this.link.close();
  }

  /** A JSON call; answers the body when error_code is 0, throws ProvincialError otherwise (except codes in `accept`). */
  private async json(path: string, payload: Record<string, unknown>, headers: Record<string, string> = {}, accept: number[] = []) {
    return this.parse(await this.link.postJson(path, payload, headers), accept);
  }

  private parse(r: RawResponse, accept: number[] = []): ProvincialAnswer {
    const overload = overloadError(r);
    if (overload) throw overload;
    // Hot path (one answer per chunk): a plain shape check rather than a full schema parse.
    let answer: ProvincialAnswer;
    try {
      const value: unknown = JSON.parse(r.body.toString('utf8'));
      if (typeof value !== 'object' || value === null || !('error_code' in value) || typeof value.error_code !== 'number')
        throw new Error('shape');
      const message = 'message' in value && typeof value.message === 'string' ? value.message : '';
      answer = { ...value, error_code: value.error_code, message };
    } catch {
      throw new ProvincialError('transient', `Hệ thống tỉnh trả lời không đọc được (mã ${r.status}).`, { status: r.status });
    }
    if (answer.error_code === 0 || accept.includes(answer.error_code)) return answer;
    if (answer.error_code === PROVINCIAL_ERROR.session) {
      this.session = null;
      throw new ProvincialError('transient', 'Phiên làm việc với hệ thống tỉnh hết hạn, sẽ đăng nhập lại.', {
        status: r.status,
        code: answer.error_code,
        session: true,
      });
    }
    if (answer.error_code === PROVINCIAL_ERROR.missingFile) {
      throw new ProvincialError('transient', `Hệ thống tỉnh chưa nhận đủ tệp: ${answer.message}`, {
        code: answer.error_code,
        missingFile: true,
      });
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
      throw new ProvincialError(
        'transient',
        `Hệ thống tỉnh từ chối quyền truy cập: ${answer.message} Kiểm tra tài khoản kết nối trong cấu hình.`,
        {
          status: r.status,
          code: answer.error_code,
        },
      );
    }
    throw new ProvincialError('rejected', `Hệ thống tỉnh từ chối: ${answer.message}`, { status: r.status, code: answer.error_code });
  }

  private async ensureSession(): Promise<string> {
    if (this.session) return this.session;
    this.sessionPromise ??= (async () => {
      try {
        const answer = await this.json(this.config.authPath ?? '/auth', { username: this.config.username, password: this.config.password });
        const session = readAnswer(z.string(), answer.session, 'phiên đăng nhập');
        this.session = session;
        return session;
      } catch (error) {
        if (error instanceof ProvincialError && (error.extra.status === 401 || error.extra.code === PROVINCIAL_ERROR.session)) {
          // Not the items' fault: they stay queued (with backoff) until the account is fixed.
          throw new ProvincialError('transient', 'Sai tài khoản hoặc mật khẩu kết nối hệ thống tỉnh. Kiểm tra cấu hình kết nối.', {
            status: 401,
          });
        }
        throw error;
      } finally {
        this.sessionPromise = null;
      }
    })();
    return this.sessionPromise;
  }

  /** Runs `work` with a session; a stale session is renewed once. */
  private async withSession<T>(work: (session: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.ensureSession();
      try {
        return await work(session);
      } catch (error) {
        if (attempt === 0 && error instanceof ProvincialError && error.extra.session) continue;
        throw error;
      }
    }
  }

  private call(service: string, params: Record<string, unknown>, key?: string, accept: number[] = []) {
    return this.withSession((session) =>
      this.json(
        this.config.servicePath ?? '/service',
        { session, madonvi: this.madonvi, service, ...params },
        key ? { 'idempotency-key': key } : {},
        accept,
      ),
    );
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

  fileStatus(files: { sha256: string; size: number }[]): Promise<FileStatus[]> {
    return this.withSession(async (session) =>
      readAnswer(z.array(FileStatusSchema), (await this.json('/files/status', { session, files })).files, 'trạng thái tệp'),
    );
  }

  uploadChunk(sha256: string, size: number, offset: number, chunk: Buffer, chunkSha256: string): Promise<FileStatus> {
    return this.withSession(async (session) => {
      const r = await this.link.request('PUT', `/files/${sha256}`, chunk, {
        'content-type': 'application/octet-stream',
        'x-session': session,
        'upload-offset': String(offset),
        'upload-length': String(size),
        'chunk-sha256': chunkSha256,
      });
      const a = this.parse(r);
      if (typeof a.received !== 'number' || typeof a.complete !== 'boolean')
        throw new ProvincialError('transient', 'Hệ thống tỉnh trả lời tải tệp không đọc được.');
      return { sha256, size, received: a.received, complete: a.complete };
    });
  }

  async statusChanges(since: number) {
    const answer = await this.call('LayDanhSachThayDoi', { TuSo: since });
    const changes = readAnswer(z.array(StatusChangeSchema), answer.changes, 'danh sách thay đổi');
    return {
      changes: changes.map((c) => ({ MaHoSo: c.MaHoSo, TrangThaiHoSo: c.TrangThaiHoSo, ThoiDiem: c.ThoiDiem })),
      next: readAnswer(z.number().int(), answer.next, 'vị trí tiếp theo'),
    };
  }
}

/**
 * A field of the province's answer, checked; a malformed one is a transient ProvincialError with a
 * Vietnamese message like every other bad answer (found by the fuzz run: a ZodError escaped before).
 */
export function readAnswer<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProvincialError('transient', `Hệ thống tỉnh trả lời ${what} không đọc được.`);
  return parsed.data;
}
