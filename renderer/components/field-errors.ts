import { AppError } from '../../shared/contract';

/**
 * The contract's refusal names each bad field in `details` as "path: message"
 * (electron/core/contract/router.ts formatIssues). This turns them into a map
 * from the path ("applicant.phone", "components.0.name") to the Vietnamese
 * message, so a form can show each message next to its own field.
 */
export function fieldErrors(details: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of details ?? []) {
    const at = line.indexOf(': ');
    if (at <= 0) continue;
    const path = line.slice(0, at);
    // A path is dotted identifiers and indexes; anything else is a free-text detail (a log line).
    if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(path)) continue;
    if (!out.has(path)) out.set(path, line.slice(at + 2));
  }
  return out;
}

export interface ShownError {
  /** The whole-form message (the contract's own, e.g. "Dữ liệu gửi lên không hợp lệ."). */
  message: string;
  fields: Map<string, string>;
}

export function shownError(error: unknown): ShownError {
  if (error instanceof AppError)
    return { message: error.message, fields: error.code === 'invalid_input' ? fieldErrors(error.details) : new Map() };
  return { message: error instanceof Error ? error.message : String(error), fields: new Map() };
}
