/**
 * File import (picker, drag and drop, watched folder): PDF, JPEG, PNG, TIFF and
 * multi-page TIFF, recognised by their bytes, not by their names. JPEG and PNG
 * are kept as they are; TIFF pages become JPEG (PDF cannot embed TIFF); PDF
 * pages are copied as they are.
 */
import sharp from 'sharp';
import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { PDF_INPUT_MESSAGES } from '../signing/pdf-input-errors';
import { AppError } from '../../../shared/contract';
import { sniff } from '../files/attachment-check';

// One sniffer for the whole core: reception checks attachments with the same rule.
export { sniff, type AttachmentKind as ImportKind } from '../files/attachment-check';

export interface ImportedPage {
  kind: 'jpeg' | 'png' | 'pdf';
  /** The bytes to store: the image itself, or the whole PDF for PDF pages. */
  bytes: Uint8Array;
  pageIndex?: number;
  dpi: number;
  widthPx?: number;
  heightPx?: number;
}

/** Without a resolution in the file, assume the digitized-copy minimum. */
export const ASSUMED_DPI = 200;

export async function importFile(bytes: Uint8Array, name = 'tệp'): Promise<ImportedPage[]> {
  const kind = sniff(bytes);
  if (!kind) throw new AppError('invalid_input', `Không nhận dạng được "${name}": chỉ nhận PDF, JPEG, PNG, TIFF.`);
  try {
    if (kind === 'pdf') {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: false });
      return doc.getPages().map((_, pageIndex) => ({ kind: 'pdf', bytes, pageIndex, dpi: 72 }));
    }
    const meta = await sharp(bytes).metadata();
    const dpi = Math.round(meta.density ?? ASSUMED_DPI) || ASSUMED_DPI;
    if (kind === 'jpeg' || kind === 'png') return [{ kind, bytes, dpi, widthPx: meta.width, heightPx: meta.height }];
    const pages: ImportedPage[] = [];
    for (let page = 0; page < (meta.pages ?? 1); page++) {
      const { data, info } = await sharp(bytes, { page }).jpeg({ quality: 90 }).toBuffer({ resolveWithObject: true });
      pages.push({ kind: 'jpeg', bytes: new Uint8Array(data), dpi, widthPx: info.width, heightPx: info.height });
    }
    return pages;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof EncryptedPDFError)
      throw new AppError('invalid_input', `Không đọc được "${name}": ${PDF_INPUT_MESSAGES.pdf_encrypted}`, [error.message]);
    throw new AppError('invalid_input', `Không đọc được "${name}": tệp bị hỏng hoặc không đúng định dạng.`, [(error as Error).message]);
  }
}
