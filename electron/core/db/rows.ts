/**
 * Rows read from SQLite are outside data too (an older schema, a hand edit, a bad migration):
 * each store parses them once, here, instead of casting. A row that does not fit is a damaged
 * database, reported as an internal error with the table's name, never passed on half-typed.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/contract';

function damaged(what: string, error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 3).map((issue) => `${what}.${issue.path.join('.')}: ${issue.message}`);
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
  const parsed = z.array(schema).safeParse(rows);
  if (!parsed.success) throw damaged(what, parsed.error);
  return parsed.data;
}

/** Column values of a `pluck()`ed query. */
export const textColumn = z.string();
export const integerColumn = z.number().int();

/** A TEXT column holding JSON, parsed and then checked against `schema`. */
export function jsonColumn<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        const value: unknown = JSON.parse(text);
        return value;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'không phải JSON hợp lệ' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
