/**
 * Which dossier form a stored file is, so a print names what was printed (audit) although the
 * print call carries only the file's hash. Belongs with the dossier store once it exists.
 */
import { z } from 'zod';
import type { Db } from '../db/database';
import { parseRow } from '../db/rows';

export const PrintedFormSchema = z.object({ code: z.string(), form: z.string() });
export type PrintedForm = z.infer<typeof PrintedFormSchema>;

/** The newest dossier form stored as `sha256`, or null (a register, a scan, any other file). */
export function printedFormOf(db: Db, sha256: string): PrintedForm | null {
  const row = db
    .prepare(
      'SELECT d.code AS code, f.form AS form FROM dossier_forms f JOIN dossiers d ON d.id = f.dossier_id WHERE f.sha256 = ? ORDER BY f.id DESC LIMIT 1',
    )
    .get(sha256);
  return parseRow('dossier_forms', PrintedFormSchema, row) ?? null;
}
