/**
 * Signing sessions and PDF signing. A session holds the logged-in token (or
 * the demo key) in memory only; the PIN itself is used for one C_Login and
 * dropped. Signing runs in the digitize worker; only the private-key operation
 * on the signed attributes happens here, on the token.
 */
import { writeAtomically } from '../files/durable-write';
import { randomUUID, sign as softSign, X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import type { DigitizeWorker } from '../digitize/worker-client';
import type { FileStore } from '../files/file-store';
import { resourcePath } from '../resources';
import { buildPadesCms, type KeyAlgorithm } from './cms';
import { certificateStatus, cnOf, type PinState } from '../devices/token/cert-rules';
import { decryptIfEncrypted } from './pdf-decrypt';
import type { SignOptions } from './pades';
import { TokenSession, type CertificateInfo } from '../devices/token/pkcs11-token';
import { COPY_SIGNATURE_FONT_SIZE, DEMO_LABEL, copySignatureLines, type CopyType } from './signature-text';
import { tsaClient } from './timestamp';
import { verifyPdf, type SignatureCheck } from './verify';

export interface SigningKey {
  certificate: Pick<CertificateInfo, 'commonName' | 'subject' | 'issuer' | 'notBefore' | 'notAfter' | 'status' | 'der'>;
  keyAlgorithm: KeyAlgorithm;
  demo: boolean;
  sign(data: Uint8Array): Promise<Uint8Array>;
  close(): void;
}

/** The bundled software demo key: every signature it makes says DEMO. */
export function demoKey(dir = resourcePath('signing', 'demo')): SigningKey {
  const certPem = fs.readFileSync(path.join(dir, 'demo-cert.pem'));
  const key = createPrivateKey(fs.readFileSync(path.join(dir, 'demo-key.pem')));
  const x = new X509Certificate(certPem);
  return {
    certificate: {
      commonName: cnOf(x.subject) ?? 'DEMO',
      subject: x.subject.replace(/\n/g, ', '),
      issuer: x.issuer.replace(/\n/g, ', '),
      notBefore: new Date(x.validFrom).toISOString(),
      notAfter: new Date(x.validTo).toISOString(),
      status: certificateStatus(new Date(x.validFrom), new Date(x.validTo), new Date()),
      der: new Uint8Array(x.raw),
    },
    keyAlgorithm: 'RSA',
    demo: true,
    sign: async (data) => new Uint8Array(softSign('sha256', data, key)),
    close: () => undefined,
  };
}

/** Opens the token, logs in ONCE with the PIN and picks a certificate that may sign. */
export function tokenKey(
  modulePath: string,
  tokenLabel: string,
  pin: string,
  certificateId?: string,
): SigningKey & { session: TokenSession } {
  const session = TokenSession.open(modulePath, tokenLabel);
  try {
    session.login(pin);
    const signer = session.signerFor(certificateId);
    return {
      certificate: signer.certificate,
      keyAlgorithm: signer.keyAlgorithm,
      demo: false,
      sign: signer.sign,
      close: () => session.close(),
      session,
    };
  } catch (error) {
    session.close();
    throw error;
  }
}

/** The officer's placement of a signature on an original document (NĐ 30/2020: signer image, seal image). */
export interface OriginalPlacement {
  /** 0-based page. */
  page: number;
  /** Bottom-left corner of the signature, in points from the page's bottom-left. */
  x: number;
  y: number;
  signerImage?: Uint8Array;
  sealImage?: Uint8Array;
}

export interface SignRequest {
  /** A signature with images placed by the officer on an original (instead of the copy text). */
  original?: OriginalPlacement;
  /** A visible NĐ 30/2020 copy signature at the top right of page 1; none = invisible signature. */
  copyType?: CopyType;
  reason?: string;
  /** Defaults to the configured agency. */
  agency?: string;
  signingTime?: Date;
  /** The user password of an encrypted PDF (an owner-password-only file needs none). */
  password?: string;
}

export interface SignedResult {
  signed: Uint8Array;
  /** The input was encrypted: what was signed is a decrypted copy (DECRYPTED_COPY_NOTE). */
  decrypted: boolean;
}

export interface BatchResult {
  signed: { from: string; to: string; size: number; decrypted?: boolean }[];
  /** Set when the batch stopped early; the files before it are signed and stored. */
  stopped?: { sha256: string; message: string };
}

let fontCache: Uint8Array | undefined;
function serifFont(): Uint8Array {
  fontCache ??= new Uint8Array(fs.readFileSync(resourcePath('fonts', 'LiberationSerif-Regular.ttf')));
  return fontCache;
}

export class SigningService {
  private readonly sessions = new Map<string, { key: SigningKey; lastUsed: number }>();
  /** A signing session left idle this long is closed (the token logged out). */
  static readonly IDLE_MS = 15 * 60_000;

  constructor(
    private readonly worker: DigitizeWorker,
    private readonly files: FileStore | undefined,
    private readonly agency: string,
    /** RFC 3161 TSA for PAdES B-T; none = B-B. */
    private readonly tsaUrl?: string,
  ) {}

  signOptions(key: SigningKey, request: SignRequest): SignOptions {
    const time = request.signingTime ?? new Date();
    const agency = request.agency ?? this.agency;
    const demo = key.demo ? ` — ${DEMO_LABEL}` : '';
    return {
      signingTime: time,
      name: `${key.certificate.commonName}${key.demo ? ' (DEMO)' : ''}`,
      reason: `${request.reason ?? (request.copyType ? 'Ký số bản sao điện tử' : 'Ký số tài liệu')}${demo}`,
      location: agency,
      appearance: request.original
        ? {
            page: request.original.page,
            position: { x: request.original.x, y: request.original.y },
            lines: [key.demo ? `${key.certificate.commonName} (${DEMO_LABEL})` : key.certificate.commonName],
            fontBytes: serifFont(),
            fontSize: COPY_SIGNATURE_FONT_SIZE,
            signerImage: request.original.signerImage,
            sealImage: request.original.sealImage,
          }
        : request.copyType
          ? {
              page: 0,
              position: 'top-right',
              lines: copySignatureLines({ copyType: request.copyType, agency, time, demo: key.demo }),
              fontBytes: serifFont(),
              fontSize: COPY_SIGNATURE_FONT_SIZE,
            }
          : undefined,
    };
  }

  cmsFor(key: SigningKey) {
    return (messageDigest: Uint8Array) =>
      buildPadesCms({
        messageDigest,
        certificate: key.certificate.der,
        keyAlgorithm: key.keyAlgorithm,
        signSignedAttributes: (der) => key.sign(der),
        ...(this.tsaUrl ? { timestamp: tsaClient(this.tsaUrl) } : {}),
      });
  }

  /** Signs PDF bytes (incremental update; earlier signatures stay valid). */
  async signBytes(key: SigningKey, pdf: Uint8Array, request: SignRequest = {}): Promise<Uint8Array> {
    return (await this.signDetailed(key, pdf, request)).signed;
  }

  /**
   * Signs PDF bytes and says whether a decrypted copy was signed: an encrypted
   * input is decrypted first (qpdf), and refused when it already carries signatures.
   */
  async signDetailed(key: SigningKey, pdf: Uint8Array, request: SignRequest = {}): Promise<SignedResult> {
    if (key.certificate.status !== 'valid') throw new AppError('forbidden', 'Chứng thư số không còn hiệu lực; không thể ký.');
    const input = await decryptIfEncrypted(pdf, request.password, { refuseSigned: true });
    const signed = await this.worker.call('sign', { pdf: input.bytes, sign: this.signOptions(key, request) }, { cms: this.cmsFor(key) });
    return { signed, decrypted: input.decrypted };
  }

  /** Signs a file on disk; the output appears whole or not at all (temp file, fsync, rename). */
  async signFile(key: SigningKey, input: string, output: string, request: SignRequest = {}): Promise<SignedResult> {
    const result = await this.signDetailed(key, new Uint8Array(fs.readFileSync(input)), request);
    writeAtomically(output, result.signed);
    return result;
  }

  /**
   * Signs stored files one by one with one key (one PIN entry). A token error
   * stops the batch: files already signed stay stored, nothing is half-written
   * (the store writes by rename).
   */
  async signBatch(
    key: SigningKey,
    sha256s: readonly string[],
    request: SignRequest,
    onProgress?: (done: number, total: number) => void,
  ): Promise<BatchResult> {
    const result: BatchResult = { signed: [] };
    const files = this.files;
    if (!files) throw new AppError('unavailable', 'Không có kho lưu trữ tệp.');
    for (const sha256 of sha256s) {
      if (!files.has(sha256)) throw new AppError('not_found', 'Không tìm thấy tệp cần ký trong kho lưu trữ.');
      try {
        // Asynchronous read and store: a batch of 16 MB scans must not hold the event loop on hashing and fsync.
        const { signed, decrypted } = await this.signDetailed(key, new Uint8Array(await files.getAsync(sha256)), request);
        const stored = await files.putAsync(signed);
        result.signed.push({ from: sha256, to: stored.sha256, size: stored.size, ...(decrypted ? { decrypted } : {}) });
        onProgress?.(result.signed.length, sha256s.length);
      } catch (error) {
        result.stopped = { sha256, message: error instanceof AppError ? error.message : 'Lỗi khi ký tệp.' };
        break;
      }
    }
    return result;
  }

  // Sessions for the UI: the PIN is asked per session and never kept.

  openSession(key: SigningKey): string {
    const id = randomUUID();
    this.sessions.set(id, { key, lastUsed: Date.now() });
    return id;
  }

  session(id: string): SigningKey {
    const s = this.sessions.get(id);
    if (s && Date.now() - s.lastUsed > SigningService.IDLE_MS) this.closeSession(id);
    else if (s) {
      s.lastUsed = Date.now();
      return s.key;
    }
    throw new AppError('not_found', 'Phiên ký đã kết thúc; hãy nhập lại mã PIN.');
  }

  closeSession(id: string): void {
    this.sessions.get(id)?.key.close();
    this.sessions.delete(id);
  }

  hasOpenSessions(): boolean {
    return this.sessions.size > 0;
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.closeSession(id);
  }

  verify(pdf: Uint8Array): SignatureCheck[] {
    return verifyPdf(pdf);
  }
}

export type { PinState };
