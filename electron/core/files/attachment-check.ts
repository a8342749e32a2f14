/**
 * What a digitized component must be before a dossier carries it: not empty, and a
 * real PDF, JPEG, PNG or TIFF by its bytes — parsed, not judged by its name — with
 * at least one page. A renamed text file or a cut-off download is refused with a
 * Vietnamese message that names the component, so the officer knows which one.
 */
import sharp from 'sharp';
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import { AppError } from '../../../shared/contract';
import type { FileStore } from './file-store';

export type AttachmentKind = 'pdf' | 'jpeg' | 'png' | 'tiff';

export interface AttachmentInfo {
  kind: AttachmentKind;
  pages: number;
}

/** The kind of file by its first bytes (magic numbers); null for anything else. */
export function sniff(bytes: Uint8Array): AttachmentKind | null {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return 'pdf';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if ((b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && b(3) === 0x2a))
    return 'tiff';
  return null;
}

/** Why a file is refused, in words an officer reads after the component's name. */
export type AttachmentProblem = 'empty' | 'unknown_kind' | 'truncated' | 'unreadable' | 'no_pages';

const PROBLEM_TEXT: Record<AttachmentProblem, string> = {
  empty: 'tệp rỗng (0 byte)',
  unknown_kind: 'không phải tệp PDF, JPEG, PNG hay TIFF (nhận dạng theo nội dung, không theo tên tệp)',
  truncated: 'tệp PDF bị cắt cụt (thiếu phần kết thúc), có thể tải về hoặc chép chưa xong',
  unreadable: 'tệp bị hỏng, không đọc được nội dung',
  no_pages: 'tệp không có trang nào',
};

export class AttachmentError extends AppError {
  constructor(
    readonly problem: AttachmentProblem,
    componentName: string,
    cause?: string,
  ) {
    super(
      'invalid_input',
      `Thành phần "${componentName}": ${PROBLEM_TEXT[problem]}. Hãy số hóa hoặc chọn lại tệp.`,
      cause ? [cause] : undefined,
    );
  }
}

/** Readers look for `%%EOF` within the last kilobyte; without it the file was cut off. */
function endsLikePdf(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 1024))).toString('latin1');
  return tail.includes('%%EOF');
}

/**
 * Page objects counted in the file's text: pdf-lib needs ~16 s on this machine for a 156 KB PDF signed
 * by our own signer, too slow for the counter. Page objects inside compressed object streams are not
 * visible this way; such files (0 found) go to the full parse.
 */
function visiblePageObjects(bytes: Uint8Array): number {
  // By object number: an incremental update (a signature) writes a page object again under the same number.
  const pages = new Set<string>();
  for (const m of Buffer.from(bytes)
    .toString('latin1')
    .matchAll(/(\d+)\s+\d+\s+obj\b([\s\S]*?)endobj/g)) {
    if (/\/Type\s*\/Page(?![A-Za-z])/.test(m[2] ?? '')) pages.add(m[1] ?? '');
  }
  return pages.size;
}

async function pdfPages(bytes: Uint8Array, componentName: string): Promise<number> {
  if (!endsLikePdf(bytes)) throw new AttachmentError('truncated', componentName);
  const visible = visiblePageObjects(bytes);
  if (visible > 0) return visible;
  try {
    // Encrypted scans are still counted: reception needs the page count, not the content.
    const doc = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: true,
      parseSpeed: ParseSpeeds.Fastest,
    });
    return doc.getPageCount();
  } catch (error) {
    throw new AttachmentError('unreadable', componentName, error instanceof Error ? error.message : String(error));
  }
}

async function imagePages(bytes: Uint8Array, kind: AttachmentKind, componentName: string): Promise<number> {
  try {
    // A full decode, not only the header: a cut-off image has a header that reads fine.
    const image = sharp(bytes, { failOn: 'truncated', pages: kind === 'tiff' ? -1 : 1 });
    const meta = await image.metadata();
    await image.raw().toBuffer();
    return kind === 'tiff' ? (meta.pages ?? 1) : 1;
  } catch (error) {
    throw new AttachmentError('unreadable', componentName, error instanceof Error ? error.message : String(error));
  }
}

/** Parses the bytes and answers the kind and page count, or throws an AttachmentError naming the component. */
export async function checkAttachment(bytes: Uint8Array, componentName: string): Promise<AttachmentInfo> {
  if (bytes.byteLength === 0) throw new AttachmentError('empty', componentName);
  const kind = sniff(bytes);
  if (!kind) throw new AttachmentError('unknown_kind', componentName);
  const pages = kind === 'pdf' ? await pdfPages(bytes, componentName) : await imagePages(bytes, kind, componentName);
  if (pages < 1) throw new AttachmentError('no_pages', componentName);
  return { kind, pages };
}

/** Every digitized component of a request, checked from the store before the dossier is written. */
export async function checkStoredAttachments(
  files: FileStore,
  components: readonly { name: string; sha256: string | null }[],
): Promise<void> {
  for (const c of components) {
    if (!c.sha256 || !files.has(c.sha256)) continue; // a missing file is the service's own refusal
    await checkAttachment(await files.getAsync(c.sha256), c.name);
  }
}

/** A small JPEG of the first page of an image, for the reception list; null for a PDF (no rasteriser in the core). */
export async function imageThumbnail(bytes: Uint8Array, kind: AttachmentKind): Promise<Uint8Array | null> {
  if (kind === 'pdf') return null;
  const out = await sharp(bytes, { page: 0 })
    .resize({ width: 160, height: 160, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 70 })
    .toBuffer();
  return new Uint8Array(out);
}
