import { z } from 'zod';
import { STAFF, method } from './define';

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Mã băm SHA-256 không hợp lệ');

/** Largest file stored through the contract (a scanned dossier PDF). */
export const MAX_UPLOAD_BYTES = 24 * 1024 * 1024;

/**
 * The hub's streamed upload: `POST /files` with the raw bytes (`application/octet-stream`) and their
 * SHA-256 (hex) in this header; answers a StoredFile. The hub refuses bytes that do not match the hash.
 */
export const UPLOAD_PATH = '/files';
export const UPLOAD_SHA256_HEADER = 'x-content-sha256';

/** Standard base64 (RFC 4648 §4) with its padding: Buffer.from would silently drop anything else. */
export const Base64Schema = z.string().refine(isBase64, 'Dữ liệu tệp không phải base64 hợp lệ');

/** A plain loop: a regular expression over 32 MB of text overflows V8's regexp stack. */
export function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  for (let i = 0; i < text.length - padding; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}

export const StoredFileSchema = z.object({ sha256: Sha256Schema, size: z.number().int().nonnegative() });
export type StoredFileInfo = z.infer<typeof StoredFileSchema>;

export const AttachmentInfoSchema = z.object({
  kind: z.enum(['pdf', 'jpeg', 'png', 'tiff']),
  pages: z.number().int().positive(),
  /** A small JPEG of an image's first page; null for a PDF. */
  thumbnailSha256: Sha256Schema.nullable(),
});
export type AttachmentInfoOutput = z.infer<typeof AttachmentInfoSchema>;

export const filesMethods = {
  'files.put': method({
    summary: 'Store a file (base64) in the content-addressed store; answers its SHA-256',
    input: z.object({
      base64: z
        .string()
        .max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4, 'Tệp quá lớn (tối đa 24 MB)')
        .pipe(Base64Schema),
    }),
    output: StoredFileSchema,
    roles: STAFF,
  }),
  'files.get': method({
    summary: 'Read a stored file by SHA-256 (base64)',
    input: z.object({ sha256: Sha256Schema }),
    output: z.object({ sha256: Sha256Schema, size: z.number().int(), base64: z.string() }),
    roles: STAFF,
  }),
  'files.inspect': method({
    summary:
      'Check a stored file as a dossier component: a real PDF, JPEG, PNG or TIFF with pages; answers its kind, page count and a thumbnail (images)',
    input: z.object({ sha256: Sha256Schema, name: z.string().trim().min(1).max(500) }),
    output: AttachmentInfoSchema,
    roles: STAFF,
  }),
};
