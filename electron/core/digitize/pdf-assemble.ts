/**
 * Builds a PDF from scanned pages with pdf-lib (runs in the worker). JPEG pages
 * are embedded as they are (DCTDecode, no re-encode); page size follows the
 * scan resolution so the copy prints at 100 % scale. PDF pages of an imported
 * file are copied as they are.
 */
import { PDFDocument, degrees } from 'pdf-lib';
import sharp from 'sharp';
import { deskewImage } from './page-analysis';
import { tagEmbeddedFonts } from '../pdf/font-subset-tag';
import { hashParts, layOutNewDocument, signParts, type CmsForDigest, type SignOptions } from '../signing/pades';
import { StagedFile } from '../files/file-store';

export type PageSource =
  | {
      kind: 'jpeg' | 'png';
      bytes: Uint8Array;
      widthPx: number;
      heightPx: number;
      dpi: number;
      rotation: number;
      ocrPdf?: Uint8Array;
      deskewDegrees?: number;
    }
  | { kind: 'pdf'; bytes: Uint8Array; pageIndex: number; rotation: number };

export interface PdfMetadata {
  title: string;
  author?: string;
  subject?: string;
  /** Dossier code and other keywords. */
  keywords?: string[];
  /** ISO 8601. */
  creationDate: string;
}

export const PRODUCER = 'Một Cửa — bàn làm việc Bộ phận Một cửa';

/** Points for a length in pixels at a resolution: 100 % scale. */
export function pointsFor(px: number, dpi: number): number {
  return (px / dpi) * 72;
}

/** Only when the officer asks for a smaller file: JPEG pages re-encoded at this quality, PNG pages as JPEG. */
export interface AssembleOptions {
  recompressQuality?: number;
}

export async function buildDocument(pages: readonly PageSource[], meta: PdfMetadata, options: AssembleOptions = {}): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const sources = new Map<Uint8Array, PDFDocument>();
  for (const page of pages) {
    if (page.kind === 'pdf') {
      let src = sources.get(page.bytes);
      if (!src) {
        src = await PDFDocument.load(page.bytes, { updateMetadata: false });
        sources.set(page.bytes, src);
      }
      const [copied] = await doc.copyPages(src, [page.pageIndex]);
      if (!copied) throw new Error(`no page ${page.pageIndex}`);
      const added = doc.addPage(copied);
      if (page.rotation) added.setRotation(degrees((added.getRotation().angle + page.rotation) % 360));
      continue;
    }
    // pdf-lib reads the JPEG header through `bytes.buffer`, ignoring the view's offset: hand it a view of its own.
    let bytes = page.bytes.byteOffset === 0 && page.bytes.byteLength === page.bytes.buffer.byteLength ? page.bytes : page.bytes.slice();
    let kind = page.kind;
    let widthPx = page.widthPx;
    let heightPx = page.heightPx;
    if (page.deskewDegrees) {
      const straight = await deskewImage(bytes, page.deskewDegrees, options.recompressQuality ?? 90);
      bytes = straight.bytes;
      widthPx = straight.width;
      heightPx = straight.height;
      kind = 'jpeg';
    } else if (options.recompressQuality) {
      bytes = new Uint8Array(await sharp(bytes).jpeg({ quality: options.recompressQuality, mozjpeg: true }).toBuffer());
      kind = 'jpeg';
    }
    const image = kind === 'jpeg' ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
    const width = pointsFor(widthPx, page.dpi);
    const height = pointsFor(heightPx, page.dpi);
    const p = doc.addPage([width, height]);
    p.drawImage(image, { x: 0, y: 0, width, height });
    if (page.ocrPdf) {
      // Tesseract's text-only page (invisible text) laid exactly over the image, its font named as a subset.
      const ocr = await PDFDocument.load(page.ocrPdf, { updateMetadata: false });
      tagEmbeddedFonts(ocr);
      const [layer] = await doc.embedPdf(ocr, [0]);
      if (layer) p.drawPage(layer, { x: 0, y: 0, width, height });
    }
    // Rotation as a page attribute: the JPEG stays byte for byte as scanned.
    if (page.rotation) p.setRotation(degrees(page.rotation % 360));
  }
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords?.length) doc.setKeywords(meta.keywords);
  doc.setCreator('Một Cửa');
  doc.setProducer(PRODUCER);
  const created = new Date(meta.creationDate);
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  doc.setLanguage('vi-VN');
  return doc;
}

/** The assembled PDF's bytes (for callers that do not store it). */
export async function assemblePdf(pages: readonly PageSource[], meta: PdfMetadata, options: AssembleOptions = {}): Promise<Uint8Array> {
  const parts = await layOutNewDocument(await buildDocument(pages, meta, options));
  return Buffer.concat([...parts.body, parts.tail]);
}

/** A PDF written by the worker into the file store's staging directory, durable, awaiting `FileStore.adopt`. */
export interface StagedPdf {
  staged: string;
  sha256: string;
  size: number;
}

/**
 * Assembles (and signs, when `sign` is given) straight into a staged file of
 * the store. Profiled on 20 pages of 800 KB: the main thread's second SHA-256
 * of the signed file, the 16 MB concatenation and a write + fsync that only
 * began after signing were most of the time left. Now the scans are hashed
 * once, never concatenated, and written while the token signs; the signature
 * and the table follow, then one fsync.
 */
export async function assembleToStore(
  input: { pages: readonly PageSource[]; meta: PdfMetadata; options?: AssembleOptions; sign?: SignOptions; stagingDir: string },
  cmsForDigest: CmsForDigest,
): Promise<StagedPdf> {
  const doc = await buildDocument(input.pages, input.meta, input.options);
  const parts = await layOutNewDocument(doc, input.sign);
  const file = await StagedFile.open(input.stagingDir);
  try {
    const [body, hash] = await Promise.allSettled([
      file.append(parts.body),
      input.sign ? signParts(parts, cmsForDigest) : hashParts(parts),
    ]);
    if (body.status === 'rejected') throw body.reason;
    if (hash.status === 'rejected') throw hash.reason;
    await file.append([parts.tail]);
    await file.sync();
    return { staged: file.path, sha256: hash.value, size: file.size };
  } catch (error) {
    await file.discard();
    throw error;
  }
}
