/**
 * The queue's tables (queue_tickets, queue_sequences, queue_events, queue_settings): the only
 * place with their SQL. Every row read is parsed once here; the service works on typed rows.
 * Functions take the connection so they run inside whatever transaction the service opened.
 */
import { z } from 'zod';
import { TicketStatusSchema, type TicketStatus } from '../../../shared/contract';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import { integerColumn, parseRow, parseRows, textColumn } from '../db/rows';

const TicketRowSchema = z.object({
  id: z.string(),
  day: z.string(),
  service_id: z.string(),
  issued_service_id: z.string(),
  seq: z.number().int(),
  number: z.string(),
  priority_group: z.string().nullable(),
  status: TicketStatusSchema,
  counter_id: z.string().nullable(),
  target_counter_id: z.string().nullable(),
  sort_key: z.number().int(),
  issued_at: z.string(),
  called_at: z.string().nullable(),
  first_called_at: z.string().nullable(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  citizen_name: z.string().nullable(),
  dossier_code: z.string().nullable(),
  rating: z.number().int().nullable(),
  request_id: z.string().nullable().optional(),
});
export type TicketRow = z.infer<typeof TicketRowSchema>;

export type QueueEventType =
  | 'issued'
  | 'called'
  | 'recalled'
  | 'served_start'
  | 'served_end'
  | 'no_show'
  | 'skipped'
  | 'transferred'
  | 'parked'
  | 'resumed'
  | 'rated'
  | 'dossier_linked';

export interface QueueEventInput {
  ticketId: string;
  type: QueueEventType;
  at: string;
  day: string;
  serviceId: string;
  counterId: string | null;
  officerId: string | null;
  detail: string | null;
}

/** A ticket event with the ticket's number and first service: what the statistics count. */
const EventRowSchema = z.object({
  id: z.number().int(),
  ticket_id: z.string(),
  type: z.string(),
  at: z.string(),
  day: z.string(),
  service_id: z.string(),
  counter_id: z.string().nullable(),
  officer_id: z.string().nullable(),
  detail: z.string().nullable(),
  number: z.string(),
  issued_service_id: z.string(),
});
export type EventRow = z.infer<typeof EventRowSchema>;

const CallRowSchema = TicketRowSchema.extend({ event_id: z.number().int(), type: z.string(), at: z.string(), call_counter: z.string() });
export type CallRow = z.infer<typeof CallRowSchema>;

const CountRowSchema = z.object({ key: z.string(), n: z.number().int() });
const nullableNumber = z.number().nullable();
const nullableText = z.string().nullable();

const ticket = (row: unknown) => parseRow('queue_tickets', TicketRowSchema, row);
const tickets = (rows: unknown[]) => parseRows('queue_tickets', TicketRowSchema, rows);
const counts = (rows: unknown[]) => new Map(parseRows('queue_tickets', CountRowSchema, rows).map((r) => [r.key, r.n]));

// ------------------------------------------------------------------ settings

/** The stored settings document (JSON), or undefined before the first save. */
export function readSettingsJson(db: Db): string | undefined {
  return parseRow('queue_settings', textColumn, db.prepare('SELECT json FROM queue_settings WHERE id = 1').pluck().get());
}

export function writeSettingsJson(db: Db, json: string): void {
  db.prepare('INSERT INTO queue_settings (id, json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json').run(json);
}

// ------------------------------------------------------------------- numbers

export function maxSortKey(db: Db): number | null {
  return parseRow('queue_tickets', nullableNumber, db.prepare('SELECT MAX(sort_key) FROM queue_tickets').pluck().get()) ?? null;
}

export function lastSeq(db: Db, serviceId: string, day: string): number | undefined {
  const row = db.prepare('SELECT last_seq FROM queue_sequences WHERE service_id = ? AND day = ?').pluck().get(serviceId, day);
  return parseRow('queue_sequences', integerColumn, row);
}

export function saveSeq(db: Db, serviceId: string, day: string, seq: number): void {
  db.prepare(
    `INSERT INTO queue_sequences (service_id, day, last_seq) VALUES (?, ?, ?)
     ON CONFLICT(service_id, day) DO UPDATE SET last_seq = excluded.last_seq`,
  ).run(serviceId, day, seq);
}

// ------------------------------------------------------------------- tickets

/** Stores a new ticket; 'duplicate' when its number or sequence is already taken that day. */
export function insertTicket(db: Db, row: TicketRow): 'inserted' | 'duplicate' {
  try {
    db.prepare(
      `INSERT INTO queue_tickets (id, day, service_id, issued_service_id, seq, number, priority_group, status, counter_id,
         target_counter_id, sort_key, issued_at, citizen_name, request_id)
       VALUES (@id, @day, @service_id, @issued_service_id, @seq, @number, @priority_group, @status, @counter_id,
         @target_counter_id, @sort_key, @issued_at, @citizen_name, @request_id)`,
    ).run({ ...row, request_id: row.request_id ?? null });
    return 'inserted';
  } catch (error) {
    if (isUniqueViolation(error)) return 'duplicate';
    throw error;
  }
}

export function ticketById(db: Db, id: string): TicketRow | undefined {
  return ticket(db.prepare('SELECT * FROM queue_tickets WHERE id = ?').get(id));
}

export function ticketByRequest(db: Db, requestKey: string): TicketRow | undefined {
  return ticket(db.prepare('SELECT * FROM queue_tickets WHERE request_id = ?').get(requestKey));
}

export function ticketByNumber(db: Db, day: string, number: string): TicketRow | undefined {
  return ticket(db.prepare('SELECT * FROM queue_tickets WHERE day = ? AND number = ?').get(day, number));
}

export function waitingTickets(db: Db, day: string): TicketRow[] {
  return tickets(db.prepare(`SELECT * FROM queue_tickets WHERE day = ? AND status = 'waiting' ORDER BY sort_key`).all(day));
}

/** Called or being served, oldest call first. */
export function activeTickets(db: Db, day: string): TicketRow[] {
  return tickets(db.prepare(`SELECT * FROM queue_tickets WHERE day = ? AND status IN ('called', 'serving') ORDER BY called_at`).all(day));
}

export function parkedTickets(db: Db, day: string, counterId: string): TicketRow[] {
  const rows = db
    .prepare(`SELECT * FROM queue_tickets WHERE day = ? AND counter_id = ? AND status = 'parked' ORDER BY sort_key`)
    .all(day, counterId);
  return tickets(rows);
}

/** The ticket a counter called last and has not closed. */
export function currentTicket(db: Db, day: string, counterId: string): TicketRow | undefined {
  const row = db
    .prepare(
      `SELECT * FROM queue_tickets WHERE day = ? AND counter_id = ? AND status IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1`,
    )
    .get(day, counterId);
  return ticket(row);
}

export function countWaitingAhead(db: Db, ticketRow: TicketRow): number {
  const n = db
    .prepare(`SELECT COUNT(*) FROM queue_tickets WHERE day = ? AND status = 'waiting' AND service_id = ? AND sort_key < ?`)
    .pluck()
    .get(ticketRow.day, ticketRow.service_id, ticketRow.sort_key);
  return parseRow('queue_tickets', integerColumn, n) ?? 0;
}

export function waitingByService(db: Db, day: string): Map<string, number> {
  return counts(
    db
      .prepare(`SELECT service_id AS key, COUNT(*) AS n FROM queue_tickets WHERE day = ? AND status = 'waiting' GROUP BY service_id`)
      .all(day),
  );
}

export function parkedByCounter(db: Db, day: string): Map<string, number> {
  const rows = db
    .prepare(`SELECT counter_id AS key, COUNT(*) AS n FROM queue_tickets WHERE day = ? AND status = 'parked' GROUP BY counter_id`)
    .all(day);
  return counts(rows);
}

/** Mean minutes from service start to end of the day's finished tickets, or null when none. */
export function averageServiceMinutes(db: Db, day: string): number | null {
  const avg = db
    .prepare(
      `SELECT AVG((julianday(ended_at) - julianday(started_at)) * 1440) FROM queue_tickets
       WHERE day = ? AND status = 'done' AND started_at IS NOT NULL AND ended_at IS NOT NULL`,
    )
    .pluck()
    .get(day);
  return parseRow('queue_tickets', nullableNumber, avg) ?? null;
}

export function markCalled(db: Db, id: string, counterId: string, at: string): void {
  db.prepare(
    `UPDATE queue_tickets SET status = 'called', counter_id = ?, target_counter_id = NULL, called_at = ?,
       first_called_at = COALESCE(first_called_at, ?) WHERE id = ?`,
  ).run(counterId, at, at, id);
}

export function markServing(db: Db, id: string, at: string): void {
  db.prepare(`UPDATE queue_tickets SET status = 'serving', started_at = ? WHERE id = ?`).run(at, id);
}

export function markNoShow(db: Db, id: string, at: string): void {
  db.prepare(`UPDATE queue_tickets SET status = 'no_show', ended_at = ? WHERE id = ?`).run(at, id);
}

export function markDone(db: Db, id: string, startedAt: string, endedAt: string): void {
  db.prepare(`UPDATE queue_tickets SET status = 'done', started_at = ?, ended_at = ? WHERE id = ?`).run(startedAt, endedAt, id);
}

/** Back to waiting at the end of the line (a skip). */
export function requeue(db: Db, id: string, sortKey: number): void {
  db.prepare(`UPDATE queue_tickets SET status = 'waiting', counter_id = NULL, sort_key = ?, started_at = NULL WHERE id = ?`).run(
    sortKey,
    id,
  );
}

/** Back to waiting in its place, for another service or counter. */
export function transferTicket(db: Db, id: string, serviceId: string, targetCounterId: string | null): void {
  db.prepare(
    `UPDATE queue_tickets SET status = 'waiting', counter_id = NULL, service_id = ?, target_counter_id = ?, started_at = NULL
     WHERE id = ?`,
  ).run(serviceId, targetCounterId, id);
}

export function setStatus(db: Db, id: string, status: TicketStatus): void {
  db.prepare('UPDATE queue_tickets SET status = ? WHERE id = ?').run(status, id);
}

export function setDossierCode(db: Db, id: string, dossierCode: string): void {
  db.prepare('UPDATE queue_tickets SET dossier_code = ? WHERE id = ?').run(dossierCode, id);
}

export function setRating(db: Db, id: string, rating: number): void {
  db.prepare('UPDATE queue_tickets SET rating = ? WHERE id = ?').run(rating, id);
}

// -------------------------------------------------------------------- events

export function insertEvent(db: Db, event: QueueEventInput): void {
  db.prepare(
    `INSERT INTO queue_events (ticket_id, type, at, day, service_id, counter_id, officer_id, detail)
     VALUES (@ticketId, @type, @at, @day, @serviceId, @counterId, @officerId, @detail)`,
  ).run(event);
}

/** The officer who ended the ticket's last service (a rating is theirs). */
export function lastServingOfficer(db: Db, ticketId: string): string | null {
  const row = db
    .prepare(`SELECT officer_id FROM queue_events WHERE ticket_id = ? AND type = 'served_end' ORDER BY id DESC LIMIT 1`)
    .pluck()
    .get(ticketId);
  return parseRow('queue_events', nullableText, row) ?? null;
}

/** The newest event of a ticket (a call's id for the display). */
export function lastEventId(db: Db, ticketId: string): number | null {
  return (
    parseRow('queue_events', nullableNumber, db.prepare('SELECT MAX(id) FROM queue_events WHERE ticket_id = ?').pluck().get(ticketId)) ??
    null
  );
}

/** The day's newest calls and recalls with their tickets, newest first. */
export function recentCallRows(db: Db, day: string, limit: number): CallRow[] {
  const rows = db
    .prepare(
      `SELECT e.id AS event_id, e.type, e.at, e.counter_id AS call_counter, t.* FROM queue_events e JOIN queue_tickets t ON t.id = e.ticket_id
       WHERE e.day = ? AND e.type IN ('called', 'recalled') ORDER BY e.id DESC LIMIT ?`,
    )
    .all(day, limit);
  return parseRows('queue_events', CallRowSchema, rows);
}

export function loadEvents(db: Db, from: string, to: string): EventRow[] {
  const rows = db
    .prepare(
      `SELECT e.*, t.number, t.issued_service_id FROM queue_events e JOIN queue_tickets t ON t.id = e.ticket_id
       WHERE e.day BETWEEN ? AND ? ORDER BY e.id`,
    )
    .all(from, to);
  return parseRows('queue_events', EventRowSchema, rows);
}

/** Privacy purge: tickets issued before the cutoff forget the citizen's name; the rows stay for statistics. */
export function anonymiseTicketsBefore(db: Db, cutoff: string): number {
  return db.prepare('UPDATE queue_tickets SET citizen_name = NULL WHERE issued_at < ? AND citizen_name IS NOT NULL').run(cutoff).changes;
}
