/**
 * PAdES B-B signing of a PDF: a placeholder (incremental update for an existing
 * file, or straight into a document still in memory), then @signpdf/signpdf
 * fills the byte range and asks our Signer for the CMS. The Signer only hashes
 * the signed bytes and hands the digest to `cmsForDigest`, so the private-key
 * operation (a PKCS#11 token on the main thread, or the demo key) stays
 * wherever the caller keeps it — this module runs in the worker.
 */
import { createHash } from 'node:crypto';
import type { PDFDocument } from 'pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import { addSignatureField, addSignaturePlaceholder, type PlaceholderOptions } from './pdf-incremental';

export type CmsForDigest = (messageDigest: Uint8Array) => Promise<Uint8Array>;

class DigestSigner extends Signer {
  constructor(private readonly cmsForDigest: CmsForDigest) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    const digest = createHash('sha256').update(pdfBuffer).digest();
    return Buffer.from(await this.cmsForDigest(digest));
  }
}

/** Room for an RSA-4096 CMS with a chain of a few certificates (and a timestamp later). */
export const DEFAULT_SIGNATURE_BYTES = 16_384;

export type SignOptions = Omit<PlaceholderOptions, 'signatureBytes'> & { signatureBytes?: number };

async function fill(withPlaceholder: Uint8Array, cmsForDigest: CmsForDigest): Promise<Uint8Array> {
  const signed = await new SignPdf().sign(Buffer.from(withPlaceholder.buffer, withPlaceholder.byteOffset, withPlaceholder.byteLength), new DigestSigner(cmsForDigest));
  return new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
}

/** Signs an existing PDF by incremental update: earlier signatures stay valid. */
export async function signPdf(pdf: Uint8Array, options: SignOptions, cmsForDigest: CmsForDigest): Promise<Uint8Array> {
  return fill(await addSignaturePlaceholder(pdf, { signatureBytes: DEFAULT_SIGNATURE_BYTES, ...options }), cmsForDigest);
}

/** Signs a document still in memory (just assembled): one save, no reload. */
export async function signNewDocument(doc: PDFDocument, options: SignOptions, cmsForDigest: CmsForDigest): Promise<Uint8Array> {
  await addSignatureField(doc, { signatureBytes: DEFAULT_SIGNATURE_BYTES, ...options });
  return fill(await doc.save({ useObjectStreams: false }), cmsForDigest);
}
