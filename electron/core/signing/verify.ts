/**
 * Our own verifier for any PDF, ours or another program's: for each signature,
 * the digest over its byte range (any legal number of ranges) with the CMS's
 * digest algorithm (SHA-256/384/512, SHA-224, SHA-1 reported weak), the CMS
 * signature with the signer certificate's key (RSA PKCS#1 v1.5, RSA-PSS, ECDSA),
 * over the signed attributes or, without them, over the content itself; and
 * whether the file changed after it. "Tampered" is said only when the bytes
 * no longer hash to what was signed; a kind we cannot check is said to be so.
 * Certificate trust is not judged here.
 */
import { constants, createHash, createVerify, publicDecrypt, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { cnOf } from '../devices/token/cert-rules';
import { CMS_OID } from './cms';
import { byteRangeProblems, findSignatures, parsePdfDate, type RawSignature } from './pdf-signatures';
import { readToken } from './timestamp';

export type SignatureStatus = 'valid' | 'tampered' | 'bad-signature' | 'bad-byte-range' | 'unsupported' | 'unreadable';

export interface SignatureCheck {
  index: number;
  signer: string;
  issuer: string;
  /** ISO 8601, from /M (PAdES keeps signingTime out of the CMS). */
  signingTime?: string;
  subFilter?: string;
  reason?: string;
  /** The digest over the byte range equals what was signed. */
  digestMatches: boolean;
  /** The CMS signature verifies with the certificate's key. */
  signatureValid: boolean;
  /** Byte range well formed: from the start, two ranges around the /Contents hole. */
  byteRangeOk: boolean;
  /** The file has bytes after this signature's range (a later incremental update). */
  changedAfter: boolean;
  pades: { signingCertificateV2: boolean; signingTimeAttribute: boolean };
  /** PAdES B-T: the time an RFC 3161 token certifies, when the signature carries one that covers it. */
  timestamp?: string;
  status: SignatureStatus;
  /** e.g. "ECDSA, SHA-384" (what was found, also when it cannot be checked). */
  algorithm: string;
  /** SHA-1: no longer strong enough. */
  weakDigest: boolean;
  intact: boolean;
  /** Vietnamese, one line. */
  summary: string;
}

type Digest = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
const DIGESTS: Record<string, Digest> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const DIGEST_LABEL: Record<Digest, string> = { sha1: 'SHA-1', sha224: 'SHA-224', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };

type Scheme = { kind: 'pkcs1'; hash?: Digest } | { kind: 'pss' } | { kind: 'ecdsa'; hash?: Digest };
const SCHEMES: Record<string, Scheme> = {
  '1.2.840.113549.1.1.1': { kind: 'pkcs1' },
  '1.2.840.113549.1.1.5': { kind: 'pkcs1', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { kind: 'pkcs1', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { kind: 'pkcs1', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'pkcs1', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'pkcs1', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { kind: 'pss' },
  '1.2.840.10045.2.1': { kind: 'ecdsa' },
  '1.2.840.10045.4.1': { kind: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { kind: 'ecdsa', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'sha512' },
};
const SCHEME_LABEL = { pkcs1: 'RSA PKCS#1 v1.5', pss: 'RSA-PSS', ecdsa: 'ECDSA' } as const;

class Unsupported extends Error {}

function ab(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function pairs(byteRange: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < byteRange.length; i += 2) out.push([byteRange[i] as number, byteRange[i + 1] as number]);
  return out;
}

function rangeDigest(pdf: Uint8Array, byteRange: readonly number[], digest: Digest): Buffer {
  const hash = createHash(digest);
  for (const [start, length] of pairs(byteRange)) hash.update(pdf.subarray(start, start + length));
  return hash.digest();
}

interface VerifyParams {
  hash: Digest;
  key: KeyObject;
  padding?: number;
  saltLength?: number;
  label: string;
}

/** How the signature value is to be checked, from the SignerInfo's algorithms. */
function verifyParams(si: pkijs.SignerInfo, digest: Digest, key: KeyObject): VerifyParams {
  const oid = si.signatureAlgorithm.algorithmId;
  const scheme = SCHEMES[oid];
  if (!scheme) throw new Unsupported(`signature algorithm ${oid}`);
  if (scheme.kind === 'pss') {
    const params = new pkijs.RSASSAPSSParams({ schema: si.signatureAlgorithm.algorithmParams });
    const hash = DIGESTS[params.hashAlgorithm.algorithmId];
    const mgfHash = DIGESTS[new pkijs.AlgorithmIdentifier({ schema: params.maskGenAlgorithm.algorithmParams }).algorithmId];
    if (!hash || mgfHash !== hash) throw new Unsupported('RSA-PSS with a different MGF1 hash');
    return {
      hash,
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: params.saltLength,
      label: `${SCHEME_LABEL.pss}, ${DIGEST_LABEL[hash]}`,
    };
  }
  const hash = scheme.hash ?? digest;
  const padding = scheme.kind === 'pkcs1' ? constants.RSA_PKCS1_PADDING : undefined;
  return { hash, key, ...(padding !== undefined ? { padding } : {}), label: `${SCHEME_LABEL[scheme.kind]}, ${DIGEST_LABEL[hash]}` };
}

function verifyOver(parts: Uint8Array[], p: VerifyParams, signature: Uint8Array): boolean {
  const v = createVerify(p.hash);
  for (const part of parts) v.update(part);
  try {
    return v.verify(
      {
        key: p.key,
        ...(p.padding !== undefined ? { padding: p.padding } : {}),
        ...(p.saltLength !== undefined ? { saltLength: p.saltLength } : {}),
      },
      signature,
    );
  } catch {
    return false;
  }
}

/** RSA PKCS#1 v1.5 without signed attributes: the digest the signer signed, read back from the signature. */
function signedDigestPkcs1(p: VerifyParams, signature: Uint8Array): Buffer | undefined {
  try {
    const digestInfo = publicDecrypt({ key: p.key, padding: constants.RSA_PKCS1_PADDING }, signature);
    return digestInfo.subarray(digestInfo.length - createHash(p.hash).digest().length);
  } catch {
    return undefined;
  }
}

function signerCertificate(signed: pkijs.SignedData, si: pkijs.SignerInfo): pkijs.Certificate {
  const certs = (signed.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate);
  const sid = si.sid;
  let cert: pkijs.Certificate | undefined;
  if (sid instanceof pkijs.IssuerAndSerialNumber)
    cert = certs.find((x) => x.serialNumber.isEqual(sid.serialNumber) && x.issuer.isEqual(sid.issuer));
  else {
    // [0] SubjectKeyIdentifier: the key identifier's bytes, however asn1js typed the implicit tag.
    const block: unknown = (sid as { valueBlock?: { valueHexView?: Uint8Array } }).valueBlock?.valueHexView;
    const ski = block instanceof Uint8Array ? Buffer.from(block) : undefined;
    cert = certs.find((x) => {
      const ext = x.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue;
      return ski !== undefined && ext instanceof asn1js.OctetString && Buffer.from(ext.valueBlock.valueHexView).equals(ski);
    });
  }
  const found = cert ?? certs[0];
  if (!found) throw new Error('no certificate');
  return found;
}

interface CryptoOutcome {
  signer?: string;
  issuer?: string;
  digestMatches: boolean;
  /** The signed digest was read (signed attributes, or RSA PKCS#1 v1.5): a mismatch then proves changed bytes. */
  digestKnown: boolean;
  signatureValid: boolean;
  algorithm: string;
  weakDigest: boolean;
  pades: SignatureCheck['pades'];
  timestamp?: string;
  status?: 'unsupported' | 'unreadable';
}

function checkCrypto(pdf: Uint8Array, raw: RawSignature): CryptoOutcome {
  const none = {
    digestMatches: false,
    digestKnown: false,
    signatureValid: false,
    weakDigest: false,
    pades: { signingCertificateV2: false, signingTimeAttribute: false },
  };
  let signed: pkijs.SignedData;
  let si: pkijs.SignerInfo;
  try {
    const info = pkijs.ContentInfo.fromBER(ab(raw.contents));
    signed = new pkijs.SignedData({ schema: info.content });
    const first = signed.signerInfos[0];
    if (!first) throw new Error('no signer');
    si = first;
  } catch {
    return { ...none, algorithm: '?', status: 'unreadable' };
  }
  const digest = DIGESTS[si.digestAlgorithm.algorithmId];
  const scheme = SCHEMES[si.signatureAlgorithm.algorithmId];
  // What was found, named even when it cannot be checked (the OID when we do not know it).
  let algorithm = `${scheme ? SCHEME_LABEL[scheme.kind] : si.signatureAlgorithm.algorithmId}, ${digest ? DIGEST_LABEL[digest] : si.digestAlgorithm.algorithmId}`;
  let who: { signer?: string; issuer?: string } = {};
  try {
    const cert = signerCertificate(signed, si);
    const x509 = new X509Certificate(Buffer.from(cert.toSchema().toBER()));
    who = { signer: cnOf(x509.subject), issuer: cnOf(x509.issuer) ?? x509.issuer };
    if (!digest) throw new Unsupported(`digest ${si.digestAlgorithm.algorithmId}`);
    if (signed.encapContentInfo.eContent) throw new Unsupported('encapsulated content (adbe.pkcs7.sha1)');
    const p = verifyParams(si, digest, x509.publicKey);
    algorithm = p.label;
    const signature = new Uint8Array(si.signature.valueBlock.valueHexView);
    const actual = rangeDigest(pdf, raw.byteRange, digest);
    const attrs = si.signedAttrs?.attributes ?? [];
    const pades = {
      signingCertificateV2: attrs.some((x) => x.type === CMS_OID.signingCertificateV2),
      signingTimeAttribute: attrs.some((x) => x.type === CMS_OID.signingTime),
    };
    const tsAttr = si.unsignedAttrs?.attributes.find((x) => x.type === CMS_OID.timeStampToken)?.values[0];
    let timestamp: string | undefined;
    if (tsAttr) {
      const t = readToken(new Uint8Array(tsAttr.toBER()), signature);
      if (t.coversSignature) timestamp = t.genTime.toISOString();
    }
    let digestMatches: boolean;
    let signatureValid: boolean;
    let digestKnown = true;
    if (si.signedAttrs) {
      const md = attrs.find((x) => x.type === CMS_OID.messageDigest)?.values[0];
      digestMatches = md instanceof asn1js.OctetString && Buffer.from(md.valueBlock.valueHexView).equals(actual);
      const der = Buffer.from(
        new Uint8Array(si.signedAttrs.encodedValue.byteLength ? si.signedAttrs.encodedValue : si.signedAttrs.toSchema().toBER()),
      );
      der[0] = 0x31; // [0] IMPLICIT → SET OF, as signed
      signatureValid = verifyOver([der], p, signature);
    } else {
      // No signed attributes: the signature is over the signed bytes themselves.
      signatureValid = verifyOver(
        pairs(raw.byteRange).map(([s, l]) => pdf.subarray(s, s + l)),
        p,
        signature,
      );
      const recovered = !signatureValid && p.padding === constants.RSA_PKCS1_PADDING ? signedDigestPkcs1(p, signature) : undefined;
      digestMatches = signatureValid || (recovered !== undefined && recovered.equals(actual));
      digestKnown = signatureValid || recovered !== undefined;
    }
    return {
      ...who,
      digestMatches,
      digestKnown,
      signatureValid,
      algorithm,
      weakDigest: digest === 'sha1' || p.hash === 'sha1',
      pades,
      ...(timestamp ? { timestamp } : {}),
    };
  } catch (error) {
    return { ...none, ...who, algorithm, status: error instanceof Unsupported ? 'unsupported' : 'unreadable' };
  }
}

const SUMMARY: Record<SignatureStatus, string> = {
  valid: 'Chữ ký hợp lệ; tài liệu không bị thay đổi sau khi ký.',
  tampered: 'CHỮ KÝ KHÔNG HỢP LỆ: nội dung đã bị sửa sau khi ký (sai mã băm).',
  'bad-signature': 'CHỮ KÝ KHÔNG HỢP LỆ: giá trị chữ ký số không khớp với chứng thư của người ký.',
  'bad-byte-range': 'CHỮ KÝ KHÔNG HỢP LỆ: vùng ký (ByteRange) trỏ ra ngoài tệp hoặc không bắt đầu từ đầu tệp.',
  unsupported: 'KHÔNG KIỂM TRA ĐƯỢC: loại chữ ký này chưa được hỗ trợ — điều này không có nghĩa là chữ ký bị hỏng.',
  unreadable: 'KHÔNG KIỂM TRA ĐƯỢC: dữ liệu chữ ký (CMS) không đọc được.',
};

function summaryOf(status: SignatureStatus, algorithm: string, changedAfter: boolean, standardCoverage: boolean, weak: boolean): string {
  let s =
    status === 'valid' && changedAfter
      ? 'Chữ ký hợp lệ; tài liệu có thay đổi được thêm sau chữ ký này (ví dụ một chữ ký sau).'
      : SUMMARY[status];
  if (status === 'unsupported') s += ` (${algorithm})`;
  if (status === 'valid' && !standardCoverage) s += ' Lưu ý: vùng ký không theo cách thông thường, một phần tệp không được chữ ký bảo vệ.';
  if (weak && status === 'valid') s += ' Cảnh báo: thuật toán băm SHA-1 đã yếu, không còn đủ an toàn.';
  return s;
}

function checkOne(pdf: Uint8Array, index: number, raw: RawSignature): SignatureCheck {
  const br = raw.byteRange;
  const ranges = pairs(br);
  const last = ranges[ranges.length - 1] ?? [0, 0];
  const end = last[0] + last[1];
  const [b, c] = [br[1] ?? 0, br[2] ?? 0];
  const standard = ranges.length === 2 && pdf[b] === 0x3c && pdf[c - 1] === 0x3e;
  const problems = byteRangeProblems(br.length === 4 ? br : [br[0] ?? -1, br[1] ?? -1, 0, end], pdf.length, true);
  const fatalRange =
    br.length % 2 !== 0 ||
    br[0] !== 0 ||
    ranges.some(
      ([s, l], i) =>
        s < 0 ||
        l < 0 ||
        s + l > pdf.length ||
        (i > 0 && s < (ranges[i - 1] as [number, number])[0] + (ranges[i - 1] as [number, number])[1]),
    );
  const crypto = checkCrypto(pdf, raw);
  const changedAfter = end < pdf.length && /\S/.test(Buffer.from(pdf.subarray(end)).toString('latin1'));
  const status: SignatureStatus = fatalRange
    ? 'bad-byte-range'
    : (crypto.status ??
      (crypto.digestMatches ? (crypto.signatureValid ? 'valid' : 'bad-signature') : crypto.digestKnown ? 'tampered' : 'bad-signature'));
  return {
    index,
    signer: crypto.signer ?? raw.name ?? '?',
    issuer: crypto.issuer ?? '?',
    signingTime: parsePdfDate(raw.m)?.toISOString(),
    subFilter: raw.subFilter,
    reason: raw.reason,
    digestMatches: crypto.digestMatches,
    signatureValid: crypto.signatureValid,
    byteRangeOk: problems.length === 0 && standard && !fatalRange,
    changedAfter,
    pades: crypto.pades,
    ...(crypto.timestamp ? { timestamp: crypto.timestamp } : {}),
    status,
    algorithm: crypto.algorithm,
    weakDigest: crypto.weakDigest,
    intact: status === 'valid',
    summary: summaryOf(status, crypto.algorithm, changedAfter, standard, crypto.weakDigest),
  };
}

export function verifyPdf(pdf: Uint8Array): SignatureCheck[] {
  return findSignatures(pdf).map((raw, i) => checkOne(pdf, i + 1, raw));
}
