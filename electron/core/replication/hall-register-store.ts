/**
 * The hub's side of hall replication: the only place that holds SQL for its tables (hall_feed,
 * hall_applied, hall_code_leases, hall_station_bindings). Rows are parsed once, here; the register,
 * the lease ledger and the station check keep the rules. Functions take the connection so they run
 * inside whatever transaction the caller opened.
 */
import { z } from 'zod';
import type { SequenceBlock } from '../../../shared/domain/dossier-code';
import type { Db } from '../db/database';
import { integerColumn, parseRow, parseRows, textColumn } from '../db/rows';

// hall_feed: one row per change to a dossier of the register

export function appendFeed(db: Db, code: string): void {
  db.prepare('INSERT INTO hall_feed (code) VALUES (?)').run(code);
}

const FeedRowSchema = z.object({ code: z.string(), seq: z.number().int() });
export type FeedRow = z.infer<typeof FeedRowSchema>;

/** The codes changed after `since`, each once with its latest change, oldest first. */
export function feedAfter(db: Db, since: number, limit: number): FeedRow[] {
  return parseRows(
    'hall_feed',
    FeedRowSchema,
    db.prepare('SELECT code, MAX(seq) AS seq FROM hall_feed WHERE seq > ? GROUP BY code ORDER BY seq LIMIT ?').all(since, limit),
  );
}

// hall_applied: what came of each pushed item

const AppliedRowSchema = z.object({ outcome: z.enum(['applied', 'rejected']), reason: z.string().nullable() });
export type AppliedRow = z.infer<typeof AppliedRowSchema>;

export function appliedOutcome(db: Db, key: string): AppliedRow | undefined {
  return parseRow('hall_applied', AppliedRowSchema, db.prepare('SELECT outcome, reason FROM hall_applied WHERE key = ?').get(key));
}

export function recordApplied(
  db: Db,
  key: string,
  outcome: AppliedRow['outcome'],
  reason: string | null,
  station: number,
  at: string,
): void {
  db.prepare('INSERT INTO hall_applied (key, outcome, reason, station, at) VALUES (?, ?, ?, ?, ?)').run(key, outcome, reason, station, at);
}

// hall_code_leases: every block of dossier numbers ever granted

const BlockRowSchema = z.object({ first: z.number().int(), last: z.number().int() });

export function grantedBlocks(db: Db, agencyCode: string, day: string): SequenceBlock[] {
  return parseRows(
    'hall_code_leases',
    BlockRowSchema,
    db.prepare('SELECT first, last FROM hall_code_leases WHERE agency_code = ? AND day = ?').all(agencyCode, day),
  );
}

export function stationBlocks(db: Db, agencyCode: string, day: string, station: number): SequenceBlock[] {
  return parseRows(
    'hall_code_leases',
    BlockRowSchema,
    db.prepare('SELECT first, last FROM hall_code_leases WHERE agency_code = ? AND day = ? AND station = ?').all(agencyCode, day, station),
  );
}

export function insertGrantedBlock(db: Db, agencyCode: string, day: string, station: number, block: SequenceBlock, at: string): void {
  db.prepare('INSERT INTO hall_code_leases (agency_code, day, station, first, last, granted_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    agencyCode,
    day,
    station,
    block.first,
    block.last,
    at,
  );
}

// hall_station_bindings: which paired workstation speaks for which station

export function boundStation(db: Db, deviceId: string): number | undefined {
  return parseRow(
    'hall_station_bindings',
    integerColumn.optional(),
    db.prepare('SELECT station FROM hall_station_bindings WHERE device_id = ?').pluck().get(deviceId),
  );
}

/** The device bound to a station, or undefined. */
export function stationHolder(db: Db, station: number): string | undefined {
  return parseRow(
    'hall_station_bindings',
    textColumn,
    db.prepare('SELECT device_id FROM hall_station_bindings WHERE station = ?').pluck().get(station),
  );
}

export function unbindDevice(db: Db, deviceId: string): void {
  db.prepare('DELETE FROM hall_station_bindings WHERE device_id = ?').run(deviceId);
}

export function bindStation(db: Db, deviceId: string, station: number, at: string): void {
  db.prepare('INSERT INTO hall_station_bindings (device_id, station, bound_at) VALUES (?, ?, ?)').run(deviceId, station, at);
}
