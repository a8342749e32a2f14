/**
 * The digitization tables (digitize_batches, digitize_profiles): the only place with their SQL.
 * Pages, outputs and profiles are JSON columns, parsed with the contract's schemas where read.
 */
import { z } from 'zod';
import { BatchSchema, PageSchema, ScanProfileSchema, type Batch, type Page } from '../../../shared/contract';
import type { ScanProfile } from '../../../shared/digitize-rules';
import type { Db } from '../db/database';
import { jsonColumn, parseRow, parseRows, textColumn } from '../db/rows';

const BatchRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  pages_json: jsonColumn(z.array(PageSchema)),
  output_json: jsonColumn(BatchSchema.shape.output.unwrap()).nullable(),
});

/** A counter's saved profile: only what it set (the defaults fill the rest). */
const StoredProfileSchema = jsonColumn(ScanProfileSchema.partial());

export function savedProfile(db: Db, counterId: string): Partial<ScanProfile> | undefined {
  const row = db.prepare('SELECT profile_json FROM digitize_profiles WHERE counter_id = ?').pluck().get(counterId);
  return parseRow('digitize_profiles', StoredProfileSchema, row);
}

export function saveProfile(db: Db, counterId: string, profile: ScanProfile): void {
  db.prepare(
    'INSERT INTO digitize_profiles (counter_id, profile_json) VALUES (?, ?) ON CONFLICT(counter_id) DO UPDATE SET profile_json = excluded.profile_json',
  ).run(counterId, JSON.stringify(profile));
}

export function insertBatch(db: Db, batch: Batch): void {
  db.prepare('INSERT INTO digitize_batches (id, name, created_at, pages_json) VALUES (?, ?, ?, ?)').run(
    batch.id,
    batch.name,
    batch.createdAt,
    JSON.stringify(batch.pages),
  );
}

export function batch(db: Db, id: string): Batch | undefined {
  const row = parseRow('digitize_batches', BatchRowSchema, db.prepare('SELECT * FROM digitize_batches WHERE id = ?').get(id));
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    pages: row.pages_json,
    ...(row.output_json ? { output: row.output_json } : {}),
  };
}

/** The newest batches' ids, newest first. */
export function recentBatchIds(db: Db, limit: number): string[] {
  return parseRows(
    'digitize_batches',
    textColumn,
    db.prepare('SELECT id FROM digitize_batches ORDER BY created_at DESC, rowid DESC LIMIT ?').pluck().all(limit),
  );
}

/** New pages; a built PDF no longer matches them, so the output is cleared. */
export function savePages(db: Db, batchId: string, pages: Page[]): void {
  db.prepare('UPDATE digitize_batches SET pages_json = ?, output_json = NULL WHERE id = ?').run(JSON.stringify(pages), batchId);
}

export function saveOutput(db: Db, batchId: string, output: NonNullable<Batch['output']>): void {
  db.prepare('UPDATE digitize_batches SET output_json = ? WHERE id = ?').run(JSON.stringify(output), batchId);
}
