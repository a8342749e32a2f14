/**
 * The catalog's tables (procedures, procedure_versions): the only place with their SQL.
 * A version's stored JSON is parsed with the procedure schema, once, where it is read.
 */
import { z } from 'zod';
import { ProcedureSchema, type CatalogEntry, type Procedure } from '../../../shared/contract';
import type { Db } from '../db/database';
import { integerColumn, jsonColumn, parseRow, parseRows } from '../db/rows';

const VersionRowSchema = z.object({
  version: z.number().int(),
  data: jsonColumn(ProcedureSchema),
  imported_at: z.string(),
  active: z.number().int(),
});
const CurrentRowSchema = z.object({ version: z.number().int(), data: z.string() });

function toEntry(row: z.output<typeof VersionRowSchema>): CatalogEntry {
  return { ...row.data, version: row.version, importedAt: row.imported_at, active: row.active === 1 };
}

/** Every procedure at its current version, in code order. */
export function currentEntries(db: Db): CatalogEntry[] {
  const rows = db
    .prepare(
      `SELECT v.version, v.data, v.imported_at, p.active FROM procedures p
       JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version ORDER BY v.code`,
    )
    .all();
  return parseRows('procedure_versions', VersionRowSchema, rows).map(toEntry);
}

/** One procedure at `version` (its current one when null), or undefined. */
export function entry(db: Db, code: string, version: number | null): CatalogEntry | undefined {
  const row = db
    .prepare(
      `SELECT v.version, v.data, v.imported_at, p.active FROM procedures p
       JOIN procedure_versions v ON v.code = p.code AND v.version = COALESCE(?, p.current_version) WHERE p.code = ?`,
    )
    .get(version, code);
  const parsed = parseRow('procedure_versions', VersionRowSchema, row);
  return parsed && toEntry(parsed);
}

export function procedureCount(db: Db): number {
  return parseRow('procedures', integerColumn, db.prepare('SELECT COUNT(*) FROM procedures').pluck().get()) ?? 0;
}

/**
 * Writes procedures in one transaction; an unchanged one (same JSON) keeps its version, a
 * changed one gets the next. Returns how many were created, updated and left unchanged.
 */
export function saveProcedures(
  db: Db,
  procedures: readonly Procedure[],
  at: string,
): { created: number; updated: number; unchanged: number } {
  const report = { created: 0, updated: 0, unchanged: 0 };
  const currentOf = db.prepare(
    'SELECT p.current_version AS version, v.data FROM procedures p JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version WHERE p.code = ?',
  );
  const insertVersion = db.prepare('INSERT INTO procedure_versions (code, version, data, imported_at) VALUES (?, ?, ?, ?)');
  const upsert = db.prepare(
    `INSERT INTO procedures (code, current_version, active) VALUES (?, ?, 1)
     ON CONFLICT(code) DO UPDATE SET current_version = excluded.current_version, active = 1`,
  );
  db.transaction(() => {
    for (const p of procedures) {
      const data = JSON.stringify(p);
      const existing = parseRow('procedure_versions', CurrentRowSchema, currentOf.get(p.code));
      if (existing && existing.data === data) {
        report.unchanged++;
        continue;
      }
      const version = existing ? existing.version + 1 : 1;
      if (!existing) upsert.run(p.code, version);
      insertVersion.run(p.code, version, data, at);
      upsert.run(p.code, version);
      if (existing) report.updated++;
      else report.created++;
    }
  })();
  return report;
}
