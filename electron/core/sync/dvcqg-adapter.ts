/**
 * The `dvcqg` profile (default): the national public-service portal as production
 * integrations speak to it (see shared/provincial.ts, "the DVCQG dialect"). Files are
 * not uploaded: the payload carries signed URLs to our file listener and the portal
 * fetches them. Status comes back by TraCuuHoSo of open dossiers.
 */
import { z } from 'zod';
import {
  DvcqgAnswerSchema,
  DvcqgDossierSchema,
  DvcqgLookupRecordSchema,
  PortalProcedureSchema,
  lookupStatus,
  saysExists,
  toDvcqgDossier,
  toDvcqgProgress,
  toProvincialDate,
  type DvcqgAnswer,
  type ProcedureMapping,
  type ProvincialDossier,
  type ProvincialProgress,
} from '../../../shared/provincial';
import { ProvincialError, type ProvincialConfig, type RemoteStatus, type SyncAdapter } from './adapter';
import type { PublicFileServer } from './file-server';
import { HttpLink, overloadError, type RawResponse } from './http-link';
import type { ProcedureMap } from './procedure-map';

/** Codes production clients see for a broken portal, retried rather than given up. */
const TRANSIENT_CODES = new Set([-1]);

export interface DvcqgDeps {
  files: PublicFileServer;
  procedures: ProcedureMap;
  /** TraCuuHoSo calls per second at most. */
  lookupPerSecond: number;
}

export class DvcqgAdapter implements SyncAdapter {
  readonly name = 'dvcqg';
  readonly files = { kind: 'fetch' } as const;
  readonly pull;
  private readonly link: HttpLink;
  private session: string | null = null;
  private sessionPromise: Promise<string> | null = null;
  private nextLookupAt = 0;
  /** Codes the catalog does not know, asked once per process (not once per dossier). */
  private readonly notInCatalog = new Set<string>();

  constructor(
    private readonly config: ProvincialConfig,
    private readonly madonvi: string,
    maxSockets: number,
    private readonly deps: DvcqgDeps,
  ) {
    this.link = new HttpLink(config.url, config.caFile, maxSockets);
    this.pull = { kind: 'lookup', lookup: (codes: string[]) => this.lookup(codes) } as const;
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

  private headers(key?: string): Record<string, string> {
    return { dstcode: this.config.dstcode ?? '', ...(key ? { 'idempotency-key': key } : {}) };
  }

  private read(r: RawResponse): DvcqgAnswer {
    const overload = overloadError(r);
    if (overload) throw overload;
    if (r.status === 401) {
      this.session = null;
      throw new ProvincialError('transient', 'Phiên làm việc với Cổng DVCQG hết hạn, sẽ đăng nhập lại.', { status: 401, session: true });
    }
    if (r.status === 403) {
      // The link's configuration (dstcode, account), not this item: keep it queued and say so.
      throw new ProvincialError(
        'transient',
        'Cổng DVCQG từ chối quyền truy cập. Kiểm tra mã dstcode và tài khoản kết nối trong cấu hình.',
        { status: 403 },
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(r.body.toString('utf8'));
    } catch {
      throw new ProvincialError('transient', `Cổng DVCQG trả lời không đọc được (mã ${r.status}).`, { status: r.status });
    }
    const answer = DvcqgAnswerSchema.safeParse(value);
    if (!answer.success)
      throw new ProvincialError('transient', `Cổng DVCQG trả lời không đọc được (mã ${r.status}).`, { status: r.status });
    return answer.data;
  }

  private async ensureSession(): Promise<string> {
    if (this.session) return this.session;
    this.sessionPromise ??= (async () => {
      try {
        const r = await this.link.postJson(
          this.config.authPath ?? '/auth',
          { username: this.config.username, password: this.config.password },
          this.headers(),
        );
        const answer = this.read(r);
        if (answer.error_code !== 0 || !answer.session) {
          throw new ProvincialError('transient', 'Sai tài khoản hoặc mật khẩu kết nối Cổng DVCQG. Kiểm tra cấu hình kết nối.', {
            status: r.status,
          });
        }
        this.session = answer.session;
        return answer.session;
      } catch (error) {
        if (error instanceof ProvincialError && error.extra.session) {
          throw new ProvincialError('transient', 'Sai tài khoản hoặc mật khẩu kết nối Cổng DVCQG. Kiểm tra cấu hình kết nối.', {
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

  /** One service call; a stale session is renewed once. */
  private async call(service: string, params: Record<string, unknown>, key?: string): Promise<DvcqgAnswer> {
    for (let attempt = 0; ; attempt++) {
      const session = await this.ensureSession();
      try {
        const r = await this.link.postJson(
          this.config.servicePath ?? '/service',
          { session, madonvi: this.madonvi, service, ...params },
          this.headers(key),
        );
        return this.read(r);
      } catch (error) {
        if (attempt === 0 && error instanceof ProvincialError && error.extra.session) continue;
        throw error;
      }
    }
  }

  private refusal(answer: DvcqgAnswer): ProvincialError {
    if (TRANSIENT_CODES.has(answer.error_code)) {
      return new ProvincialError('transient', `Cổng DVCQG đang gặp sự cố: ${answer.message || 'không rõ lý do'}, sẽ thử lại.`, {
        code: answer.error_code,
      });
    }
    return new ProvincialError('rejected', `Cổng DVCQG từ chối: ${answer.message || `mã lỗi ${answer.error_code}`}`, {
      code: answer.error_code,
    });
  }

  /** The portal's catalog record for a local procedure code: cached, refreshed weekly, the supervisor's edit kept. */
  async procedure(localCode: string): Promise<ProcedureMapping | null> {
    const cached = this.deps.procedures.get(localCode);
    if (cached && !this.deps.procedures.stale(cached)) return cached.mapping;
    if (this.notInCatalog.has(localCode)) return cached?.mapping ?? null;
    const answer = await this.call('LayThuTuc', { maTTHC: cached?.mapping.portalCode ?? localCode });
    const record = answer.error_code === 0 && Array.isArray(answer.result) ? PortalProcedureSchema.safeParse(answer.result[0]) : null;
    if (!record?.success) {
      if (answer.error_code === 0) this.notInCatalog.add(localCode);
      return cached?.mapping ?? null;
    }
    const field = record.data.LINHVUCTHUCHIEN[0];
    const mapping: ProcedureMapping = {
      localCode,
      portalCode: record.data.MATTHC,
      name: record.data.TENTTHC,
      fieldCode: field?.MALINHVUC ?? '',
      fieldName: field?.TENLINHVUC ?? '',
      results: record.data.KETQUATHUCHIEN.map((k) => ({ code: k.MAKETQUA, name: k.TENKETQUA })),
    };
    this.deps.procedures.put(mapping, false);
    return mapping;
  }

  async pushDossier(dossier: ProvincialDossier, options: { isUpdating: boolean; idempotencyKey: string }) {
    await this.deps.files.start().catch((error: unknown) => {
      const code = error instanceof Error && 'code' in error ? String(error.code) : '';
      // Not this dossier's fault: it waits, and the supervisor sees why.
      throw new ProvincialError(
        'transient',
        `Không mở được cổng phục vụ tệp cho Cổng DVCQG${code === 'EADDRINUSE' ? ' (cổng đang được dùng)' : ''}. Kiểm tra --public-file-listen.`,
      );
    });
    const procedure = await this.procedure(dossier.MaTTHC);
    const wire = DvcqgDossierSchema.safeParse(toDvcqgDossier(dossier, procedure, (sha) => this.deps.files.urlFor(sha)));
    if (!wire.success) {
      const issue = wire.error.issues[0];
      throw new ProvincialError(
        'rejected',
        `Hồ sơ ${dossier.MaHoSo} chưa đúng định dạng của Cổng DVCQG: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
      );
    }
    const answer = await this.call(
      'DongBoHoSoMC',
      { isUpdating: options.isUpdating ? 'True' : 'False', data: [wire.data] },
      options.idempotencyKey,
    );
    // Production clients: "đã tồn tại" in the message, whatever the code (0, 3 and -3 are seen).
    if (saysExists(answer.message)) return 'exists';
    if (answer.error_code === 0) return 'ok';
    if (options.isUpdating && /không tồn tại|chưa có|không tìm thấy/i.test(answer.message)) return 'unknown';
    throw this.refusal(answer);
  }

  async pushProgress(progress: ProvincialProgress, idempotencyKey: string) {
    const answer = await this.call('CapNhatTienDoHoSoMC', { data: [toDvcqgProgress(progress)] }, idempotencyKey);
    if (answer.error_code === 0) return 'ok';
    if (/không tồn tại|chưa có|không tìm thấy/i.test(answer.message)) return 'unknown';
    throw this.refusal(answer);
  }

  /** TraCuuHoSo for each dossier, spaced to at most `lookupPerSecond`. */
  async lookup(codes: string[]): Promise<RemoteStatus[]> {
    const found: RemoteStatus[] = [];
    const gap = 1000 / Math.max(0.1, this.deps.lookupPerSecond);
    for (const code of codes) {
      const wait = this.nextLookupAt - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.nextLookupAt = Math.max(Date.now(), this.nextLookupAt) + gap;
      const answer = await this.call('TraCuuHoSo', { mahoso: code });
      if (answer.error_code !== 0) continue;
      const records = z.array(z.unknown()).safeParse(answer.result);
      for (const raw of records.success ? records.data : []) {
        const record = DvcqgLookupRecordSchema.safeParse(raw);
        if (!record.success || record.data.mahoso !== code) continue;
        const status = lookupStatus(record.data);
        if (status !== null) found.push({ MaHoSo: code, TrangThaiHoSo: status, ThoiDiem: toProvincialDate(new Date()) });
      }
    }
    return found;
  }
}
