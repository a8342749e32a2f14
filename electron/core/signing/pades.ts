/**
 * PAdES B-B signing of a PDF: a placeholder (incremental update for an existing
 * file, or straight into a document still in memory), then the byte range is
 * filled in place and the digest of the signed bytes handed to `cmsForDigest`
 * (profiling showed @signpdf's three whole-file copies and pdf-lib's byte-by-byte
 * stream writer as most of the signing time on a 16 MB scan), so the private-key
 * operation (a PKCS#11 token on the main thread, or the demo key) stays
 * wherever the caller keeps it — this module runs in the worker.
 */
import type { PDFDocument } from 'pdf-lib';
import {
  addSignatureField,
  addSignaturePlaceholder,
  fillSignature,
  wholeDocumentParts,
  type DocumentParts,
  type PlaceholderOptions,
} from './pdf-incremental';

export { hashParts, signParts, type DocumentParts } from './pdf-incremental';

export type CmsForDigest = (messageDigest: Uint8Array) => Promise<Uint8Array>;

/** Room for an RSA-4096 CMS with a chain of a few certificates (and a timestamp later). */
export const DEFAULT_SIGNATURE_BYTES = 16_384;

export type SignOptions = Omit<PlaceholderOptions, 'signatureBytes'> & { signatureBytes?: number };

/** Signs an existing PDF by incremental update: earlier signatures stay valid. */
export async function signPdf(pdf: Uint8Array, options: SignOptions, cmsForDigest: CmsForDigest): Promise<Uint8Array> {
  return fillSignature(
    await addSignaturePlaceholder(pdf, { signatureBytes: DEFAULT_SIGNATURE_BYTES, ...options }),
    cmsForDigest,
    pdf.length,
  );
}

/**
 * A document still in memory (just assembled) laid out for writing, with a
 * signature placeholder when `sign` is given: one serialization, no reload.
 * `signParts` then fills the placeholder and gives the file's SHA-256.
 */
export async function layOutNewDocument(doc: PDFDocument, sign?: SignOptions): Promise<DocumentParts> {
  if (!sign) return wholeDocumentParts(doc);
  const { signature } = await addSignatureField(doc, { signatureBytes: DEFAULT_SIGNATURE_BYTES, ...sign });
  return wholeDocumentParts(doc, signature);
}
