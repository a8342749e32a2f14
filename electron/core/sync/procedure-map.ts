/**
 * Our procedure codes → the portal's (the `MaTTHC` it knows), with the names,
 * field and result codes of its catalog record (LayThuTuc). Fetched once and
 * cached; a row the supervisor edited is kept as set and never refreshed over.
 */
import { z } from 'zod';
import type { ProcedureMapping } from '../../../shared/provincial';
import type { Db } from '../db/database';
import { instantMs } from '../db/instants';
import { vnIsoMs } from '../../../shared/vn-time';

const REFRESH_MS = 7 * 86_400_000;

const RowSchema = z.object({
  local_code: z.string(),
  portal_code: z.string(),
  name: z.string(),
  field_code: z.string(),
  field_name: z.string(),
  results: z.string(),
  fetched_at: instantMs,
  edited: z.number(),
});
const ResultsSchema = z.array(z.object({ code: z.string(), name: z.string() }));

export interface ProcedureMapEntry {
  mapping: ProcedureMapping;
  fetchedAt: number;
  /** Set by the supervisor: kept as is. */
  edited: boolean;
}

function entryOf(raw: unknown): ProcedureMapEntry {
  const row = RowSchema.parse(raw);
  const results = ResultsSchema.safeParse(JSON.parse(row.results));
  return {
    mapping: {
      localCode: row.local_code,
      portalCode: row.portal_code,
      name: row.name,
      fieldCode: row.field_code,
      fieldName: row.field_name,
      results: results.success ? results.data : [],
    },
    fetchedAt: row.fetched_at,
    edited: row.edited === 1,
  };
}

export class ProcedureMap {
  constructor(private readonly db: Db) {}

  get(localCode: string): ProcedureMapEntry | null {
    const row: unknown = this.db.prepare('SELECT * FROM sync_procedure_map WHERE local_code = ?').get(localCode);
    return row === undefined ? null : entryOf(row);
  }

  /** The entry is due a refresh from the catalog (never for an edited one). */
  stale(entry: ProcedureMapEntry, now = Date.now()): boolean {
    return !entry.edited && now - entry.fetchedAt > REFRESH_MS;
  }

  put(mapping: ProcedureMapping, edited: boolean, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO sync_procedure_map (local_code, portal_code, name, field_code, field_name, results, fetched_at, edited)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(local_code) DO UPDATE SET portal_code = excluded.portal_code, name = excluded.name, field_code = excluded.field_code,
           field_name = excluded.field_name, results = excluded.results, fetched_at = excluded.fetched_at, edited = excluded.edited`,
      )
      .run(
        mapping.localCode,
        mapping.portalCode,
        mapping.name,
        mapping.fieldCode,
        mapping.fieldName,
        JSON.stringify(mapping.results),
        vnIsoMs(now),
        edited ? 1 : 0,
      );
  }

  remove(localCode: string): boolean {
    return this.db.prepare('DELETE FROM sync_procedure_map WHERE local_code = ?').run(localCode).changes > 0;
  }

  list(): ProcedureMapEntry[] {
    return this.db.prepare('SELECT * FROM sync_procedure_map ORDER BY local_code').all().map(entryOf);
  }
}
