import type { Readable } from 'node:stream';
import { AppError, MAX_UPLOAD_BYTES, type MethodName } from '../../../shared/contract';
import type { Caller } from '../contract/router';

/** Log in and pair carry a name and a password or a code: a few KB is plenty, and all a stranger may send. */
export const ANONYMOUS_BODY_LIMIT = 4 * 1024;
/** Kiosks and displays send small calls (a ticket, a rating). */
export const DEVICE_BODY_LIMIT = 16 * 1024;
/** Staff calls without a file in them. */
export const STAFF_BODY_LIMIT = 1024 * 1024;

/** Base64 of `bytes`, plus room for the rest of a small JSON object. */
const base64Body = (bytes: number) => Math.ceil((bytes * 4) / 3) + 64 * 1024;

/**
 * Methods that still carry a file as base64 inside JSON (the Electron IPC path and older callers). A file
 * over HTTP should use the streamed upload (`POST /files`); these limits match each method's own maximum, so
 * the 24 MiB promised by the contract is reachable (it was not through the old single 32 MiB limit).
 */
const FILE_METHOD_LIMITS: Partial<Record<MethodName, number>> = {
  'files.put': base64Body(MAX_UPLOAD_BYTES),
  'digitize.import': base64Body(MAX_UPLOAD_BYTES),
  'catalog.import': base64Body(20 * 1024 * 1024),
  'sync.importAck': base64Body(24 * 1024 * 1024),
};

const DEVICE_ROLES = new Set(['kiosk', 'display', 'counter-device']);

/**
 * A paired workstation replicates to the hub: a dossier with its history in one push, files in chunks of
 * at most 1 MiB (the replication engine sends 512 KiB). Kiosks and displays never call these.
 */
const WORKSTATION_METHOD_LIMITS: Partial<Record<MethodName, number>> = {
  'replication.push': STAFF_BODY_LIMIT,
  'replication.uploadChunk': base64Body(1024 * 1024),
};

/** How many bytes of JSON this caller may send to this method. */
export function bodyLimitFor(method: string, caller: Caller | null): number {
  if (!caller || caller.role === 'anonymous') return ANONYMOUS_BODY_LIMIT;
  if (caller.role === 'counter-device') return WORKSTATION_METHOD_LIMITS[method as MethodName] ?? DEVICE_BODY_LIMIT;
  if (DEVICE_ROLES.has(caller.role)) return DEVICE_BODY_LIMIT;
  return FILE_METHOD_LIMITS[method as MethodName] ?? STAFF_BODY_LIMIT;
}

export const TOO_LARGE_MESSAGE = 'Dữ liệu gửi lên quá lớn.';

/** Reads a request body, giving up (without buffering the rest) as soon as it passes `limit`. */
export function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.off('data', onData);
        stream.resume();
        reject(Object.assign(new AppError('invalid_input', TOO_LARGE_MESSAGE), { statusCode: 413 }));
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => resolve(Buffer.concat(chunks, size)));
    stream.once('error', reject);
  });
}

/** Deeper than any contract input; a deep array is an attack on the parser's stack and time, not data. */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a JSON text, strings skipped; stops counting once past `max`. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** JSON.parse behind a depth bound, with a Vietnamese refusal instead of the parser's English words. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (text.trim() === '') return {};
  if (jsonDepthExceeds(text, maxDepth))
    throw new AppError('invalid_input', `Yêu cầu không hợp lệ: dữ liệu lồng nhau quá ${maxDepth} tầng.`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_input', 'Yêu cầu không hợp lệ: nội dung không phải JSON đúng cú pháp.', [String((error as Error).message)]);
  }
}
