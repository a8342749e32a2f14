/**
 * Our own verifier for any PDF: for each signature, the digest over its byte
 * range against the CMS messageDigest, the CMS signature over the signed
 * attributes with the signer certificate's key, and whether the file changed
 * after it (bytes beyond its byte range). Certificate trust is not judged here.
 */
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { cnOf } from './cert-rules';
import { CMS_OID } from './cms';
import { byteRangeProblems, findSignatures, parsePdfDate } from './pdf-signatures';
import { readToken } from './timestamp';

export interface SignatureCheck {
  index: number;
  signer: string;
  issuer: string;
  /** ISO 8601, from /M (PAdES keeps signingTime out of the CMS). */
  signingTime?: string;
  subFilter?: string;
  reason?: string;
  /** SHA-256 over the byte range equals the signed messageDigest. */
  digestMatches: boolean;
  /** The CMS signature over the signed attributes verifies with the certificate's key. */
  signatureValid: boolean;
  /** Byte range well formed and covering all but the /Contents hole. */
  byteRangeOk: boolean;
  /** The file has bytes after this signature's range (a later incremental update). */
  changedAfter: boolean;
  pades: { signingCertificateV2: boolean; signingTimeAttribute: boolean };
  /** PAdES B-T: the time an RFC 3161 token certifies, when the signature carries one that covers it. */
  timestamp?: string;
  intact: boolean;
  /** Vietnamese, one line. */
  summary: string;
}

function ab(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function checkOne(pdf: Uint8Array, index: number, raw: ReturnType<typeof findSignatures>[number]): SignatureCheck {
  const [a, b, c, d] = raw.byteRange;
  const gapIsContents = pdf[b] === 0x3c && pdf[c - 1] === 0x3e;
  const problems = byteRangeProblems(raw.byteRange, pdf.length, gapIsContents);
  const base = {
    index,
    signingTime: parsePdfDate(raw.m)?.toISOString(),
    subFilter: raw.subFilter,
    reason: raw.reason,
    byteRangeOk: problems.length === 0,
    changedAfter: c + d < pdf.length && /\S/.test(Buffer.from(pdf.subarray(c + d)).toString('latin1')),
  };
  let signer = raw.name ?? '?';
  let issuer = '?';
  let digestMatches = false;
  let signatureValid = false;
  let pades = { signingCertificateV2: false, signingTimeAttribute: false };
  let timestamp: string | undefined;
  try {
    const info = pkijs.ContentInfo.fromBER(ab(raw.contents));
    const signed = new pkijs.SignedData({ schema: info.content });
    const si = signed.signerInfos[0];
    if (!si) throw new Error('no signer');
    const certs = (signed.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate);
    const sid = si.sid;
    const cert =
      (sid instanceof pkijs.IssuerAndSerialNumber ? certs.find((x) => x.serialNumber.isEqual(sid.serialNumber) && x.issuer.isEqual(sid.issuer)) : undefined) ?? certs[0];
    if (!cert) throw new Error('no certificate');
    const x509 = new X509Certificate(Buffer.from(cert.toSchema().toBER()));
    signer = cnOf(x509.subject) ?? signer;
    issuer = cnOf(x509.issuer) ?? x509.issuer;
    const attrs = si.signedAttrs?.attributes ?? [];
    pades = {
      signingCertificateV2: attrs.some((x) => x.type === CMS_OID.signingCertificateV2),
      signingTimeAttribute: attrs.some((x) => x.type === CMS_OID.signingTime),
    };
    const tsAttr = si.unsignedAttrs?.attributes.find((x) => x.type === CMS_OID.timeStampToken)?.values[0];
    if (tsAttr) {
      const t = readToken(new Uint8Array(tsAttr.toBER()), new Uint8Array(si.signature.valueBlock.valueHexView));
      if (t.coversSignature) timestamp = t.genTime.toISOString();
    }
    const md = attrs.find((x) => x.type === CMS_OID.messageDigest)?.values[0];
    const hash = createHash('sha256');
    hash.update(pdf.subarray(a, a + b));
    hash.update(pdf.subarray(c, c + d));
    const actual = hash.digest();
    digestMatches = md instanceof asn1js.OctetString && Buffer.from(md.valueBlock.valueHexView).equals(actual);
    if (si.signedAttrs) {
      const der = new Uint8Array(si.signedAttrs.encodedValue.byteLength ? si.signedAttrs.encodedValue : si.signedAttrs.toSchema().toBER());
      const toVerify = Buffer.from(der);
      toVerify[0] = 0x31;
      signatureValid = cryptoVerify('sha256', toVerify, x509.publicKey, Buffer.from(si.signature.valueBlock.valueHexView));
    }
  } catch {
    // Unreadable CMS: every check stays false.
  }
  const intact = digestMatches && signatureValid && base.byteRangeOk;
  const summary = intact
    ? base.changedAfter
      ? 'Chữ ký hợp lệ; tài liệu có thay đổi được thêm sau chữ ký này (ví dụ một chữ ký sau).'
      : 'Chữ ký hợp lệ; tài liệu không bị thay đổi sau khi ký.'
    : !digestMatches
      ? 'CHỮ KÝ KHÔNG HỢP LỆ: nội dung đã bị sửa sau khi ký (sai mã băm).'
      : 'CHỮ KÝ KHÔNG HỢP LỆ: chữ ký số hoặc vùng ký bị hỏng.';
  return { ...base, signer, issuer, digestMatches, signatureValid, pades, ...(timestamp ? { timestamp } : {}), intact, summary };
}

export function verifyPdf(pdf: Uint8Array): SignatureCheck[] {
  return findSignatures(pdf).map((raw, i) => checkOne(pdf, i + 1, raw));
}
