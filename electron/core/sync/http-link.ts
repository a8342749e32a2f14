/**
 * The HTTP(S) connection to a receiver (provincial system or hall hub): keep-alive agent,
 * a custom CA added to the system's, timeouts, and Vietnamese messages for network failures.
 * Adapters speak their protocol over it.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { ProvincialError } from './adapter';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const TIMEOUT_MS = 30_000;
/** Answers are small JSON; a larger one is a broken or hostile peer, not something to buffer. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export class HttpLink {
  onOutcome?: (ok: boolean) => void;
  readonly base: URL;
  private readonly agent: http.Agent;

  constructor(url: string, caFile: string | undefined, maxSockets: number) {
    this.base = new URL(url);
    const secure = this.base.protocol === 'https:';
    if (!secure && this.base.protocol !== 'http:') throw new Error(`Địa chỉ hệ thống tỉnh không hợp lệ: ${url}`);
    const options = { keepAlive: true, maxSockets, keepAliveMsecs: 10_000 };
    this.agent = secure
      ? new https.Agent({ ...options, ...(caFile ? { ca: [...tls.rootCertificates, fs.readFileSync(caFile, 'utf8')] } : {}) })
      : new http.Agent(options);
  }

  close(): void {
    this.agent.destroy();
  }

  /** Joins a configured path to the base URL, keeping the base's own path prefix. */
  url(pathname: string): URL {
    const base = this.base.pathname.replace(/\/+$/, '');
    const tail = pathname.startsWith('/') ? pathname : `/${pathname}`;
    return new URL(`${base}${tail}`, this.base);
  }

  request(method: string, pathname: string, body: Buffer | null, headers: Record<string, string> = {}): Promise<RawResponse> {
    const url = this.url(pathname);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      const lost = () => reject(new ProvincialError('transient', 'Mất kết nối khi đang nhận trả lời từ hệ thống tỉnh.'));
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
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_ANSWER_BYTES) {
              res.destroy();
              reject(new ProvincialError('transient', 'Hệ thống tỉnh trả lời quá lớn, không đọc được.'));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => {
            if (!res.complete) lost();
            else resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, size) });
          });
          res.on('error', lost);
          res.on('aborted', lost);
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

  postJson(pathname: string, payload: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
    return this.request('POST', pathname, Buffer.from(JSON.stringify(payload)), { 'content-type': 'application/json', ...headers });
  }
}

/** 429 and 5xx: the receiver is busy or broken; retry later (honouring Retry-After). */
export function overloadError(r: RawResponse): ProvincialError | null {
  if (r.status !== 429 && r.status < 500) return null;
  const retryAfter = Number(r.headers['retry-after']);
  return new ProvincialError(
    'transient',
    r.status === 429 ? 'Hệ thống tỉnh báo quá tải (429), sẽ thử lại.' : `Hệ thống tỉnh đang gặp sự cố (mã ${r.status}), sẽ thử lại.`,
    {
      status: r.status,
      ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
    },
  );
}

function networkError(error: NodeJS.ErrnoException): ProvincialError {
  const code = error.code ?? '';
  if (/CERT|VERIFY|SIGNATURE|ERR_TLS|SSL/.test(code)) {
    return new ProvincialError(
      'transient',
      `Không xác minh được chứng chỉ của hệ thống tỉnh (${code}). Kiểm tra chứng chỉ CA trong cấu hình.`,
    );
  }
  if (code === 'ECONNREFUSED') return new ProvincialError('transient', 'Không kết nối được hệ thống tỉnh (máy chủ không trả lời).');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ProvincialError('transient', 'Không tìm thấy địa chỉ hệ thống tỉnh (lỗi mạng hoặc DNS).');
  if (error.message === 'timeout') return new ProvincialError('transient', 'Hệ thống tỉnh không trả lời kịp (quá thời gian chờ).');
  return new ProvincialError('transient', 'Mất kết nối đến hệ thống tỉnh.');
}
