/**
 * HTTPS to the hall's hub with its certificate pinned: the hub's self-signed
 * certificate is the only trust anchor, and the peer's SHA-256 fingerprint
 * must equal the one stored at pairing. Verification happens in the TLS
 * handshake, before a single byte of a request (and its bearer token) leaves.
 */
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import tls, { type PeerCertificate } from 'node:tls';
import { AppError, ErrorBodySchema, HTTP_STATUS } from '../../../shared/contract';

export interface HubPin {
  certPem: string;
  fingerprint: string;
}

/** Why the hub could not be used: the network (retry later) or a certificate that is not the paired one (never retry silently). */
export type LinkFailure = 'network' | 'timeout' | 'pin' | 'revoked';

/** The hub is unreachable or not who it should be; `code` is `unavailable` for the contract. */
export class HubLinkError extends AppError {
  constructor(
    readonly failure: LinkFailure,
    message: string,
    origin?: unknown,
  ) {
    super('unavailable', message, origin instanceof Error ? [origin.message] : undefined);
  }
}

export const PIN_MISMATCH_MESSAGE =
  'Chứng chỉ của máy chủ sảnh không khớp với chứng chỉ đã ghép nối: có thể có thiết bị chen giữa đường truyền. ' +
  'Không gửi dữ liệu. Hãy báo bộ phận kỹ thuật; nếu máy chủ sảnh vừa được cài lại, hãy ghép nối lại máy này.';
export const REVOKED_MESSAGE =
  'Máy chủ sảnh đã thu hồi ghép nối của máy trạm này. Hãy tạo mã mới ở Giám sát → Ghép nối thiết bị và chạy lại join-hall.';
export const UNREACHABLE_MESSAGE = 'Không liên lạc được máy chủ sảnh. Máy này tiếp tục làm việc với dữ liệu của mình.';

const PIN_ERROR = 'ERR_HALL_PIN';

function normalised(fingerprint256: string): string {
  return fingerprint256.replace(/:/g, '').toLowerCase();
}

/** TLS options that trust exactly the pinned certificate. The host name is not checked: a hall addresses its hub by IP. */
export function pinnedTlsOptions(pin: HubPin): Pick<tls.ConnectionOptions, 'ca' | 'checkServerIdentity' | 'rejectUnauthorized'> {
  return {
    ca: pin.certPem,
    rejectUnauthorized: true,
    checkServerIdentity: (_host: string, cert: PeerCertificate) => {
      if (normalised(cert.fingerprint256) === pin.fingerprint) return undefined;
      return Object.assign(new Error('hub certificate fingerprint differs from the paired one'), { code: PIN_ERROR });
    },
  };
}

const TLS_VERIFY_CODES = new Set([
  PIN_ERROR,
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function classify(error: unknown): HubLinkError {
  if (error instanceof HubLinkError) return error;
  const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : '';
  if (TLS_VERIFY_CODES.has(code)) return new HubLinkError('pin', PIN_MISMATCH_MESSAGE, error);
  return new HubLinkError('network', UNREACHABLE_MESSAGE, error);
}

/**
 * Opens a TLS connection without trusting anything, only to read the hub's
 * certificate (pairing: compared with the pin in the join code). Nothing is sent.
 */
export function probeCertificate(url: string, timeoutMs = 5_000): Promise<HubPin> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: target.hostname, port: Number(target.port || 443), rejectUnauthorized: false });
    const timer = setTimeout(() => socket.destroy(new Error('timeout')), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const raw = socket.getPeerCertificate(true).raw;
      socket.end();
      const cert = new X509Certificate(raw);
      resolve({ certPem: cert.toString(), fingerprint: normalised(cert.fingerprint256) });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new HubLinkError('network', UNREACHABLE_MESSAGE, error));
    });
  });
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  token?: string;
  body?: unknown;
  timeoutMs: number;
  /** Answers above this are cut off: a hub answer is never unbounded. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** One JSON request over the pinned agent; the hub's error body becomes an AppError with its Vietnamese message. */
export function requestJson(agent: https.Agent, url: string, request: JsonRequest): Promise<unknown> {
  const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body), 'utf8');
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    const req = https.request(url, { method: request.method, agent, headers, timeout: request.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) req.destroy(new Error('answer too large'));
        else chunks.push(chunk);
      });
      res.on('aborted', () => reject(classify(new Error('answer cut'))));
      res.on('error', (error) => reject(classify(error)));
      res.on('end', () => {
        if (!res.complete) return reject(classify(new Error('answer cut')));
        settle(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), resolve, reject);
      });
    });
    req.on('timeout', () => req.destroy(new HubLinkError('timeout', UNREACHABLE_MESSAGE)));
    req.on('error', (error) => reject(classify(error)));
    req.end(payload);
  });
}

function settle(status: number, text: string, resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // A half answer (cut by the LAN) or something that is not our hub.
    return reject(new HubLinkError('network', UNREACHABLE_MESSAGE, new Error(`HTTP ${status}: not JSON`)));
  }
  if (status >= 200 && status < 300) return resolve(body);
  const error = ErrorBodySchema.safeParse(body);
  // Found by the fuzzer: an error body with an empty message reached the officer as a blank notice.
  if (error.success && error.data.error.message.trim()) return reject(AppError.fromBody(error.data));
  if (error.success) return reject(new AppError(error.data.error.code, `Máy chủ sảnh từ chối yêu cầu (HTTP ${status}).`));
  const code = status === HTTP_STATUS.unauthorized ? 'unauthorized' : 'unavailable';
  reject(new AppError(code, `Máy chủ sảnh trả lời lỗi HTTP ${status}.`));
}
