import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'device_error',
  'unavailable',
  'internal',
  /** The server's disk is full (SQLITE_FULL, ENOSPC): nothing was saved; retry once space is freed. */
  'disk_full',
  /** The server's disk failed to read or write (EIO, read-only): nothing was saved. */
  'storage_error',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    /** Vietnamese, shown to the user as is. */
    message: z.string(),
    details: z.array(z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** HTTP status for each error code, used by the hub and by the HTTP bridge. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_method: 404,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  device_error: 502,
  unavailable: 503,
  internal: 500,
  disk_full: 507,
  storage_error: 503,
};

/**
 * The one error type that crosses the contract. Its message is meant for the
 * officer (Vietnamese); anything else thrown by a handler becomes `internal`
 * and its text stays in the server log.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }

  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.error.code, body.error.message, body.error.details);
  }
}
