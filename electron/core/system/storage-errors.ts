import { AppError } from '../../../shared/contract';
import type { CallContext, Handlers } from '../contract/router';
import type { EventBus } from '../events';

/** What an error from SQLite or the file system says about the disk, if anything. */
export type StorageTrouble = 'full' | 'io' | null;

const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const IO_CODES = new Set(['EIO', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function storageTrouble(error: unknown): StorageTrouble {
  const code = codeOf(error);
  if (!code) return null;
  if (FULL_CODES.has(code)) return 'full';
  // SQLite reports I/O failures as SQLITE_IOERR_<what>; a disk that fills while writing the WAL can also say so.
  if (IO_CODES.has(code) || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY')) return 'io';
  return null;
}

export const DISK_FULL_MESSAGE =
  'Hết dung lượng đĩa trên máy chủ: thao tác chưa được lưu. Hãy báo bộ phận kỹ thuật giải phóng dung lượng rồi thử lại.';
export const STORAGE_ERROR_MESSAGE =
  'Lỗi đọc/ghi ổ đĩa trên máy chủ: thao tác chưa được lưu. Hãy báo bộ phận kỹ thuật kiểm tra ổ đĩa rồi thử lại.';

/** The error a caller sees for a storage failure; null for any other error. */
export function storageAppError(error: unknown): AppError | null {
  const trouble = storageTrouble(error);
  if (!trouble) return null;
  const detail = error instanceof Error ? [error.message] : undefined;
  return trouble === 'full'
    ? new AppError('disk_full', DISK_FULL_MESSAGE, detail)
    : new AppError('storage_error', STORAGE_ERROR_MESSAGE, detail);
}

/** Supervisors hear about a full disk once a minute at most, not once per failed click. */
const NOTICE_EVERY_MS = 60_000;

/**
 * Turns storage failures of every handler into their own error code and a
 * `system.notice`. Nothing is retried or cached: the next call simply tries
 * again, so writes resume by themselves once space is freed.
 */
export function withStorageGuard(handlers: Handlers, bus: EventBus, clock: () => number = Date.now): Handlers {
  let lastNotice = -Infinity;
  const fail = (error: unknown): never => {
    const mapped = storageAppError(error);
    if (!mapped) throw error;
    if (clock() - lastNotice >= NOTICE_EVERY_MS) {
      lastNotice = clock();
      bus.emit('system.notice', { level: 'error', message: mapped.message });
    }
    throw mapped;
  };
  const wrapped: Record<string, unknown> = {};
  for (const [method, inner] of Object.entries(handlers) as [string, (input: unknown, ctx: CallContext) => unknown][]) {
    wrapped[method] = (input: unknown, ctx: CallContext) => {
      let result: unknown;
      try {
        result = inner(input, ctx);
      } catch (error) {
        return fail(error);
      }
      return result instanceof Promise ? result.catch(fail) : result;
    };
  }
  return wrapped as Handlers;
}
