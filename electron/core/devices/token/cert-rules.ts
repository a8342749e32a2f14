/** Pure rules about certificates and token flags (table-tested). */

export type CertificateStatus = 'valid' | 'expired' | 'not-yet-valid';

export function certificateStatus(notBefore: Date, notAfter: Date, now: Date): CertificateStatus {
  if (now.getTime() < notBefore.getTime()) return 'not-yet-valid';
  if (now.getTime() > notAfter.getTime()) return 'expired';
  return 'valid';
}

/** Vietnamese reason a certificate may not sign, or null. */
export function refuseReason(status: CertificateStatus): string | null {
  if (status === 'expired') return 'Chứng thư số đã hết hạn; không thể dùng để ký.';
  if (status === 'not-yet-valid') return 'Chứng thư số chưa đến ngày có hiệu lực; không thể dùng để ký.';
  return null;
}

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

/** Decodes the KeyUsage BIT STRING content bytes (after the unused-bits octet). */
export function decodeKeyUsage(bits: Uint8Array): KeyUsage[] {
  return KEY_USAGE_BITS.filter((_, i) => ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
}

/** PKCS#11 CK_TOKEN_INFO flags that matter to the officer. */
export const PIN_FLAGS = { countLow: 0x10000, finalTry: 0x20000, locked: 0x40000, toBeChanged: 0x80000 } as const;

export interface PinState {
  countLow: boolean;
  finalTry: boolean;
  locked: boolean;
}

export function pinState(flags: number): PinState {
  return {
    countLow: (flags & PIN_FLAGS.countLow) !== 0,
    finalTry: (flags & PIN_FLAGS.finalTry) !== 0,
    locked: (flags & PIN_FLAGS.locked) !== 0,
  };
}

/** Vietnamese warning for the PIN prompt, or null when the token reports nothing. */
export function pinWarning(state: PinState): string | null {
  if (state.locked) return 'Mã PIN của token đã bị khóa. Liên hệ nhà cung cấp chứng thư số để mở khóa.';
  if (state.finalTry) return 'Chỉ còn MỘT lần nhập mã PIN: nhập sai lần nữa token sẽ bị khóa.';
  if (state.countLow) return 'Token báo đã nhập sai mã PIN; số lần thử còn lại ít.';
  return null;
}

/** The CN of a Node X509 subject/issuer text (one `KEY=value` per line, commas escaped). */
export function cnOf(dn: string): string | undefined {
  return /(?:^|\n)CN=([^\n]+)/.exec(dn)?.[1]?.replace(/\\(.)/g, '$1');
}
