/**
 * Detached CMS SignedData for PAdES baseline B-B, built with pkijs. The private
 * key never has to be a WebCrypto key: the caller passes `signSignedAttributes`,
 * which a PKCS#11 token (or the demo software key) fulfils. Signed attributes:
 * contentType, messageDigest, signing-certificate-v2 — and, as PAdES demands,
 * no signingTime (the time lives in the signature dictionary's /M).
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;
export const CMS_OID = OID;

export type KeyAlgorithm = 'RSA' | 'EC';

export interface CmsSignerInput {
  /** SHA-256 of the signed byte ranges. */
  messageDigest: Uint8Array;
  /** DER of the signer's certificate. */
  certificate: Uint8Array;
  /** DER of intermediate certificates to embed (optional). */
  chain?: Uint8Array[];
  keyAlgorithm: KeyAlgorithm;
  /**
   * Signs the DER of the signed attributes (SHA-256 then RSA PKCS#1 v1.5 or
   * ECDSA). For EC the answer may be raw r||s (PKCS#11) and is converted.
   */
  signSignedAttributes(der: Uint8Array): Promise<Uint8Array>;
  /** PAdES B-T: fetches an RFC 3161 token over the signature value (DER of a ContentInfo). */
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array>;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

/** ESSCertIDv2 with SHA-256 (the default algorithm, so it is omitted) and issuerSerial. */
function signingCertificateV2(certDer: Uint8Array, cert: pkijs.Certificate): asn1js.Sequence {
  const hash = createHash('sha256').update(certDer).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      cert.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toArrayBuffer(hash) }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}

/** DER INTEGER from unsigned big-endian bytes. */
function derInteger(bytes: Uint8Array): asn1js.Integer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let v = bytes.subarray(start);
  if ((v[0] ?? 0) & 0x80) v = Uint8Array.from([0, ...v]);
  return new asn1js.Integer({ valueHex: toArrayBuffer(v) });
}

/** PKCS#11 answers ECDSA as r||s; CMS wants a DER SEQUENCE of two INTEGERs. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw[0] === 0x30) return raw;
  const half = raw.length / 2;
  const seq = new asn1js.Sequence({ value: [derInteger(raw.subarray(0, half)), derInteger(raw.subarray(half))] });
  return new Uint8Array(seq.toBER());
}

export async function buildPadesCms(input: CmsSignerInput): Promise<Uint8Array> {
  const cert = parseCertificate(input.certificate);
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(input.messageDigest) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(input.certificate, cert)] }),
  ];
  // DER: the members of a SET OF are sorted by their encodings.
  attributes.sort((a, b) => compareBytes(new Uint8Array(a.toSchema().toBER()), new Uint8Array(b.toSchema().toBER())));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31; // [0] IMPLICIT → SET OF for the signature input
  signedAttrs.encodedValue = toArrayBuffer(toSign);

  let signature = await input.signSignedAttributes(toSign);
  if (input.keyAlgorithm === 'EC') signature = ecdsaRawToDer(signature);

  const sha256 = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
  const unsignedAttrs = input.timestamp
    ? new pkijs.SignedAndUnsignedAttributes({
        type: 1,
        attributes: [
          new pkijs.Attribute({
            type: OID.timeStampToken,
            values: [asn1js.fromBER(toArrayBuffer(await input.timestamp(signature))).result],
          }),
        ],
      })
    : undefined;
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: sha256,
    signedAttrs,
    signatureAlgorithm:
      input.keyAlgorithm === 'RSA'
        ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() })
        : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSHA256 }),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
    ...(unsignedAttrs ? { unsignedAttrs } : {}),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...(input.chain ?? []).map(parseCertificate)],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}
