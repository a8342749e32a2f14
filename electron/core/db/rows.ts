/**
 * Rows read from SQLite are outside data too (an older schema, a hand edit, a bad migration):
 * each store parses them once, here, instead of casting. A row that does not fit is a damaged
 * database, reported as an internal error with the table's name, never passed on half-typed.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/contract';

function damaged(what: string, error: z.ZodError, at: readonly PropertyKey[] = []): AppError {
  const issues = error.issues.slice(0, 3).map((issue) => `${what}.${[...at, ...issue.path].map(String).join('.')}: ${issue.message}`);
  return new AppError('internal', `Dữ liệu trong cơ sở dữ liệu không đúng định dạng (bảng ${what}).`, issues);
}

/** One row (or undefined when the query found none), checked against its schema. */
export function parseRow<S extends z.ZodType>(what: string, schema: S, row: unknown): z.output<S> | undefined {
  if (row === undefined) return undefined;
  const parsed = schema.safeParse(row);
  if (!parsed.success) throw damaged(what, parsed.error);
  return parsed.data;
}

/** Every row of a result, checked against one schema. */
export function parseRows<S extends z.ZodType>(what: string, schema: S, rows: readonly unknown[]): z.output<S>[] {
  // Row by row against the one schema: building z.array(schema) on every call cost more than
  // the query itself on the sync engine's hot path.
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw damaged(what, parsed.error, [index]);
    return parsed.data;
  });
}

/** Column values of a `pluck()`ed query. */
export const textColumn = z.string();
export const integerColumn = z.number().int();

/** A TEXT column holding JSON written by the store: decoded and checked against `schema` in the same parse. */
export function jsonColumn<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, context): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        context.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
