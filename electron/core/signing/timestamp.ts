/**
 * RFC 3161 signature timestamps (PAdES B-T): the SHA-256 of the CMS signature
 * value is sent to a configured TSA; its token goes into the signer's unsigned
 * attributes (id-aa-signatureTimeStampToken).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/contract';

const SHA256 = '2.16.840.1.101.3.4.2.1';

function ab(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function timeStampRequest(signatureValue: Uint8Array, nonce = randomBytes(8)): Uint8Array {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: ab(createHash('sha256').update(signatureValue).digest()) }),
    }),
    certReq: true,
    nonce: new asn1js.Integer({ valueHex: ab(Uint8Array.from([0x01, ...nonce])) }),
  });
  return new Uint8Array(req.toSchema().toBER());
}

/** The TimeStampToken (a ContentInfo, DER) out of a TSA's TimeStampResp. */
export function tokenFromResponse(response: Uint8Array): Uint8Array {
  const resp = pkijs.TimeStampResp.fromBER(ab(response));
  const status = resp.status.status;
  if ((status !== 0 && status !== 1) || !resp.timeStampToken)
    throw new AppError('device_error', `Máy chủ cấp dấu thời gian từ chối yêu cầu (trạng thái ${status}).`);
  return new Uint8Array(resp.timeStampToken.toSchema().toBER());
}

/** The time a token certifies, and whether it covers this signature value. */
export function readToken(token: Uint8Array, signatureValue: Uint8Array): { genTime: Date; coversSignature: boolean } {
  const info = pkijs.ContentInfo.fromBER(ab(token));
  const signed = new pkijs.SignedData({ schema: info.content });
  const eContent = signed.encapContentInfo.eContent;
  if (!eContent) throw new Error('empty timestamp token');
  const tst = pkijs.TSTInfo.fromBER(ab(new Uint8Array(eContent.getValue())));
  const expected = createHash('sha256').update(signatureValue).digest();
  return { genTime: tst.genTime, coversSignature: Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(expected) };
}

export function tsaClient(url: string, timeoutMs = 15_000): (signatureValue: Uint8Array) => Promise<Uint8Array> {
  return async (signatureValue) => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query' },
        body: timeStampRequest(signatureValue),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new AppError('unavailable', 'Không kết nối được máy chủ cấp dấu thời gian (TSA). Kiểm tra mạng hoặc bỏ dấu thời gian.');
    }
    if (!res.ok) throw new AppError('unavailable', `Máy chủ cấp dấu thời gian trả lỗi HTTP ${res.status}.`);
    return tokenFromResponse(new Uint8Array(await res.arrayBuffer()));
  };
}
