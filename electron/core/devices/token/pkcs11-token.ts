/**
 * A USB signing token through its vendor's PKCS#11 module (graphene-pk11).
 * Login happens at most once per session and is never retried: a wrong PIN
 * ends the session with a Vietnamese message (tokens lock after a few tries).
 * `loginAttempts` counts every C_Login this wrapper made, so tests can prove it.
 */
import { createHash, X509Certificate as NodeX509 } from 'node:crypto';
import * as graphene from 'graphene-pk11';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../../shared/contract';
import {
  certificateStatus,
  cnOf,
  decodeKeyUsage,
  pinState,
  refuseReason,
  type CertificateStatus,
  type KeyUsage,
  type PinState,
} from './cert-rules';

/** The key types a token signs with; the CMS writer (signing/cms.ts) takes the same two. */
export type KeyAlgorithm = 'RSA' | 'EC';

export interface TokenInfo {
  slot: number;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  pin: PinState;
}

export interface CertificateInfo {
  /** CKA_ID in hex: pairs the certificate with its private key. */
  id: string;
  label: string;
  subject: string;
  commonName: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyUsage: KeyUsage[];
  status: CertificateStatus;
  der: Uint8Array;
}

const TOKEN_GONE = new Set([
  'CKR_DEVICE_REMOVED',
  'CKR_TOKEN_NOT_PRESENT',
  'CKR_SESSION_HANDLE_INVALID',
  'CKR_SESSION_CLOSED',
  'CKR_DEVICE_ERROR',
  'CKR_TOKEN_NOT_RECOGNIZED',
  'CKR_USER_NOT_LOGGED_IN',
  'CKR_CRYPTOKI_NOT_INITIALIZED',
]);

function ckrName(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /CKR_[A-Z_]+/.exec(message)?.[0] ?? '';
}

/** Turns a PKCS#11 failure into the officer's Vietnamese message. */
export function tokenError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const ckr = ckrName(error);
  if (ckr === 'CKR_PIN_INCORRECT')
    return new AppError(
      'unauthorized',
      'Mã PIN không đúng. Ứng dụng không tự thử lại: hãy kiểm tra mã PIN rồi ký lại (token sẽ bị khóa nếu nhập sai nhiều lần).',
      [ckr],
    );
  if (ckr === 'CKR_PIN_LOCKED')
    return new AppError('forbidden', 'Token đã bị khóa mã PIN. Liên hệ nhà cung cấp chứng thư số để mở khóa.', [ckr]);
  if (ckr === 'CKR_PIN_LEN_RANGE' || ckr === 'CKR_PIN_INVALID')
    return new AppError('invalid_input', 'Mã PIN không hợp lệ (độ dài hoặc ký tự).', [ckr]);
  if (TOKEN_GONE.has(ckr))
    return new AppError(
      'device_error',
      'Mất kết nối với token ký số (token bị rút ra hoặc lỗi thiết bị). Các tệp đã ký vẫn còn nguyên; cắm lại token rồi ký tiếp.',
      [ckr],
    );
  return new AppError('device_error', `Token ký số báo lỗi${ckr ? ` (${ckr})` : ''}.`, ckr ? [ckr] : undefined);
}

function describeCertificate(der: Uint8Array, id: string, label: string, now: Date): CertificateInfo {
  const x = new NodeX509(der);
  const cert = pkijs.Certificate.fromBER(der.slice().buffer);
  const ku = cert.extensions?.find((e) => e.extnID === '2.5.29.15');
  let keyUsage: KeyUsage[] = [];
  if (ku) {
    const parsed = asn1js.fromBER(ku.extnValue.valueBlock.valueHexView.slice().buffer).result;
    if (parsed instanceof asn1js.BitString) keyUsage = decodeKeyUsage(parsed.valueBlock.valueHexView);
  }
  const notBefore = new Date(x.validFrom);
  const notAfter = new Date(x.validTo);
  return {
    id,
    label,
    subject: x.subject.replace(/\n/g, ', '),
    commonName: cnOf(x.subject) ?? x.subject,
    issuer: x.issuer.replace(/\n/g, ', '),
    serialNumber: x.serialNumber,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    keyUsage,
    status: certificateStatus(notBefore, notAfter, now),
    der,
  };
}

const loaded = new Map<string, graphene.Module>();

/** Loads and initializes a module once per process. */
export function openModule(modulePath: string): graphene.Module {
  let mod = loaded.get(modulePath);
  if (!mod) {
    try {
      mod = graphene.Module.load(modulePath, 'token');
      mod.initialize();
    } catch (error) {
      throw new AppError('device_error', `Không nạp được thư viện PKCS#11 "${modulePath}". Kiểm tra đã cài phần mềm của token.`, [
        String((error as Error).message),
      ]);
    }
    loaded.set(modulePath, mod);
  }
  return mod;
}

/** Finalizes every loaded module (app shutdown, test teardown). */
export function closeModules(): void {
  for (const [p, mod] of loaded) {
    try {
      mod.finalize();
    } catch {
      /* already finalized */
    }
    loaded.delete(p);
  }
}

export function listTokens(modulePath: string): TokenInfo[] {
  const mod = openModule(modulePath);
  const slots = mod.getSlots(true);
  const tokens: TokenInfo[] = [];
  for (let i = 0; i < slots.length; i++) {
    const token = slots.items(i).getToken();
    tokens.push({
      slot: i,
      label: token.label.trim(),
      manufacturer: token.manufacturerID.trim(),
      model: token.model.trim(),
      serial: token.serialNumber.trim(),
      pin: pinState(token.flags),
    });
  }
  return tokens;
}

export class TokenSession {
  /** Every C_Login this session made (0 or 1). */
  loginAttempts = 0;
  private loggedIn = false;
  private closed = false;

  private constructor(
    private readonly slot: graphene.Slot,
    private readonly session: graphene.Session,
    readonly token: TokenInfo,
  ) {}

  static open(modulePath: string, tokenLabel: string): TokenSession {
    const mod = openModule(modulePath);
    const slots = mod.getSlots(true);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots.items(i);
      const token = slot.getToken();
      if (token.label.trim() !== tokenLabel) continue;
      try {
        const session = slot.open(graphene.SessionFlag.SERIAL_SESSION);
        const info = listTokens(modulePath)[i];
        if (!info) throw new Error('slot vanished');
        return new TokenSession(slot, session, info);
      } catch (error) {
        throw tokenError(error);
      }
    }
    throw new AppError('not_found', `Không tìm thấy token có nhãn "${tokenLabel}". Kiểm tra token đã cắm vào máy.`);
  }

  /** Current PIN flags as the token reports them now. */
  pinFlags(): PinState {
    return pinState(this.slot.getToken().flags);
  }

  /** One C_Login; a failure closes the session so nothing can retry it. */
  login(pin: string): void {
    if (this.closed) throw new AppError('conflict', 'Phiên ký đã kết thúc; hãy bắt đầu phiên mới.');
    if (this.loggedIn) return;
    if (this.pinFlags().locked) throw new AppError('forbidden', 'Token đã bị khóa mã PIN. Liên hệ nhà cung cấp chứng thư số để mở khóa.');
    this.loginAttempts += 1;
    try {
      this.session.login(pin, graphene.UserType.USER);
      this.loggedIn = true;
    } catch (error) {
      this.close();
      throw tokenError(error);
    }
  }

  certificates(now = new Date()): CertificateInfo[] {
    try {
      const found = this.session.find({ class: graphene.ObjectClass.CERTIFICATE });
      const out: CertificateInfo[] = [];
      for (let i = 0; i < found.length; i++) {
        const c = found.items(i).toType<graphene.X509Certificate>();
        out.push(describeCertificate(new Uint8Array(c.value), c.id.toString('hex'), c.label, now));
      }
      return out;
    } catch (error) {
      throw tokenError(error);
    }
  }

  /**
   * A signing function for the certificate `id` (or the first one that may sign).
   * Refuses expired and not-yet-valid certificates.
   */
  signerFor(
    id?: string,
    now = new Date(),
  ): { certificate: CertificateInfo; keyAlgorithm: KeyAlgorithm; sign(data: Uint8Array): Promise<Uint8Array> } {
    if (!this.loggedIn) throw new AppError('unauthorized', 'Chưa nhập mã PIN cho phiên ký.');
    const certs = this.certificates(now);
    const certificate = id ? certs.find((c) => c.id === id) : (certs.find((c) => c.status === 'valid') ?? certs[0]);
    if (!certificate) throw new AppError('not_found', 'Token không có chứng thư số để ký.');
    const refused = refuseReason(certificate.status);
    if (refused) throw new AppError('forbidden', refused);
    let key: graphene.PrivateKey;
    try {
      const keys = this.session.find({ class: graphene.ObjectClass.PRIVATE_KEY, id: Buffer.from(certificate.id, 'hex') });
      if (keys.length === 0) throw new AppError('not_found', 'Không tìm thấy khóa bí mật đi cùng chứng thư số trên token.');
      key = keys.items(0).toType<graphene.PrivateKey>();
    } catch (error) {
      throw tokenError(error);
    }
    const keyAlgorithm: KeyAlgorithm = key.type === graphene.KeyType.EC ? 'EC' : 'RSA';
    return {
      certificate,
      keyAlgorithm,
      // The asynchronous C_Sign (pkcs11js runs it off the event loop): a token can take a second.
      sign: (data) =>
        new Promise<Uint8Array>((resolve, reject) => {
          try {
            const [mechanism, input] =
              keyAlgorithm === 'RSA' ? ['SHA256_RSA_PKCS', Buffer.from(data)] : ['ECDSA', createHash('sha256').update(data).digest()];
            this.session
              .createSign(mechanism, key)
              .once(input, (error, signature) => (error ? reject(tokenError(error)) : resolve(new Uint8Array(signature))));
          } catch (error) {
            reject(tokenError(error));
          }
        }),
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.loggedIn) this.session.logout();
    } catch {
      /* token gone */
    }
    try {
      this.session.close();
    } catch {
      /* token gone */
    }
  }
}
