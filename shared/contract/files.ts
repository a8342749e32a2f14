import { z } from 'zod';
import { STAFF, method } from './define';

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Mã băm SHA-256 không hợp lệ');

/** 24 MiB of file in base64 is about 32 MiB of JSON, the hub's body limit. */
export const MAX_UPLOAD_BYTES = 24 * 1024 * 1024;

export const StoredFileSchema = z.object({ sha256: Sha256Schema, size: z.number().int().nonnegative() });
export type StoredFileInfo = z.infer<typeof StoredFileSchema>;

export const filesMethods = {
  'files.put': method({
    summary: 'Store a file (base64) in the content-addressed store; answers its SHA-256',
    input: z.object({ base64: z.string().max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4, 'Tệp quá lớn (tối đa 24 MB)') }),
    output: StoredFileSchema,
    roles: STAFF,
  }),
  'files.get': method({
    summary: 'Read a stored file by SHA-256 (base64)',
    input: z.object({ sha256: Sha256Schema }),
    output: z.object({ sha256: Sha256Schema, size: z.number().int(), base64: z.string() }),
    roles: STAFF,
  }),
};
