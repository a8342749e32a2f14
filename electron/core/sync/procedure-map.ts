/**
 * Our procedure codes → the portal's (the `MaTTHC` it knows), with the names,
 * field and result codes of its catalog record (LayThuTuc). Fetched once and
 * cached; a row the supervisor edited is kept as set and never refreshed over.
 */
import type { ProcedureMapping } from '../../../shared/provincial';
import type { Db } from '../db/database';
import { vnIsoMs } from '../../../shared/vn-time';
import { deleteProcedureRow, procedureRow, procedureRows, putProcedureRow, type ProcedureRow } from './sync-store';

const REFRESH_MS = 7 * 86_400_000;

export interface ProcedureMapEntry {
  mapping: ProcedureMapping;
  fetchedAt: number;
  /** Set by the supervisor: kept as is. */
  edited: boolean;
}

function entryOf(row: ProcedureRow): ProcedureMapEntry {
  return {
    mapping: {
      localCode: row.local_code,
      portalCode: row.portal_code,
      name: row.name,
      fieldCode: row.field_code,
      fieldName: row.field_name,
      results: row.results,
    },
    fetchedAt: row.fetched_at,
    edited: row.edited === 1,
  };
}

export class ProcedureMap {
  constructor(private readonly db: Db) {}

  get(localCode: string): ProcedureMapEntry | null {
    const row = procedureRow(this.db, localCode);
    return row === undefined ? null : entryOf(row);
  }

  /** The entry is due a refresh from the catalog (never for an edited one). */
  stale(entry: ProcedureMapEntry, now = Date.now()): boolean {
    return !entry.edited && now - entry.fetchedAt > REFRESH_MS;
  }

  put(mapping: ProcedureMapping, edited: boolean, now = Date.now()): void {
    putProcedureRow(this.db, { ...mapping, fetchedAt: vnIsoMs(now), edited });
  }

  remove(localCode: string): boolean {
    return deleteProcedureRow(this.db, localCode);
  }

  list(): ProcedureMapEntry[] {
    return procedureRows(this.db).map(entryOf);
  }
}
