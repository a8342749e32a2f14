/**
 * The only place that holds SQL for the dossier tables (dossiers, dossier_components, dossier_history,
 * dossier_forms, dossier_fts, dossier_sequences). Rows are parsed once, here, and mapped to the contract's
 * shapes once; the service keeps the rules, the search module the query shapes, the privacy source its policy.
 */
import { z } from 'zod';
import {
  AppError,
  ApplicantSchema,
  DigitizationSchema,
  DossierFormSchema,
  DossierResultSchema,
  DossierStatusSchema,
  type Applicant,
  type ComponentInput,
  type Dossier,
  type DossierComponent,
  type DossierForm,
  type DossierSummary,
  type StatusChange,
} from '../../../shared/contract';
import { FeeSchema } from '../../../shared/contract/catalog';
import { DOSSIER_STATUS, type DossierStatus } from '../../../shared/domain/status';
import { foldVietnamese } from '../../../shared/domain/text-fold';
import type { Db } from '../db/database';
import { integerColumn, jsonColumn, parseRow, parseRows, textColumn } from '../db/rows';
import { vnDay } from './vn-time';

export type DossierResult = NonNullable<Dossier['result']>;

export const ApologySchema = z.object({
  reason: z.string(),
  previousDueAt: z.string(),
  newDueAt: z.string(),
  at: z.string(),
  by: z.string(),
});
export type Apology = z.infer<typeof ApologySchema>;

const DossierRowSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  procedure_code: z.string(),
  procedure_version: z.number().int(),
  procedure_name: z.string(),
  field: z.string(),
  applicant: jsonColumn(ApplicantSchema),
  applicant_name: z.string(),
  id_number: z.string().nullable(),
  phone: z.string(),
  status: DossierStatusSchema,
  received_at: z.string(),
  due_at: z.string(),
  received_by: z.string(),
  station: z.number().int(),
  ticket_id: z.string().nullable(),
  delivery: z.enum(['desk', 'post']),
  delivery_address: z.string().nullable(),
  sets: z.number().int(),
  fees: jsonColumn(z.array(FeeSchema)),
  notes: z.string(),
  result: jsonColumn(DossierResultSchema).nullable(),
  apology: jsonColumn(ApologySchema).nullable(),
});
export type DossierRow = z.output<typeof DossierRowSchema>;

const ComponentRowSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  originals: z.number().int(),
  copies: z.number().int(),
  sha256: z.string().nullable(),
  file_name: z.string().nullable(),
  digitization: DigitizationSchema,
  reused_kind: z.enum(['component', 'result']).nullable(),
  reused_from: z.string().nullable(),
  added_at: z.string(),
});

const HistoryRowSchema = z.object({
  from_status: DossierStatusSchema.nullable(),
  to_status: DossierStatusSchema,
  at: z.string(),
  by: z.string(),
  note: z.string(),
});

const FormRowSchema = z.object({ form: DossierFormSchema.shape.form, sha256: z.string(), created_at: z.string() });

const SUMMARY_COLUMNS =
  'id, code, applicant_name, id_number, phone, procedure_code, procedure_name, status, received_at, due_at, received_by';

const SummaryRowSchema = DossierRowSchema.pick({
  id: true,
  code: true,
  applicant_name: true,
  id_number: true,
  phone: true,
  procedure_code: true,
  procedure_name: true,
  status: true,
  received_at: true,
  due_at: true,
  received_by: true,
});
type SummaryRow = z.output<typeof SummaryRowSchema>;

function toSummary(r: SummaryRow): DossierSummary {
  return {
    code: r.code,
    applicantName: r.applicant_name,
    idNumber: r.id_number,
    phone: r.phone,
    procedureCode: r.procedure_code,
    procedureName: r.procedure_name,
    status: r.status,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    receivedBy: r.received_by,
  };
}

function toComponent(c: z.output<typeof ComponentRowSchema>): DossierComponent {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    originals: c.originals,
    copies: c.copies,
    sha256: c.sha256,
    fileName: c.file_name,
    digitization: c.digitization,
    reusedFrom: c.reused_kind && c.reused_from ? { kind: c.reused_kind, dossierCode: c.reused_from } : null,
    addedAt: c.added_at,
  };
}

// ---- Reads of one dossier -------------------------------------------------------------------------

/** The stored row of a dossier by its code (as typed: trimmed, upper-cased), or undefined. */
export function findDossierRow(db: Db, code: string): DossierRow | undefined {
  return parseRow('dossiers', DossierRowSchema, db.prepare('SELECT * FROM dossiers WHERE code = ?').get(code.trim().toUpperCase()));
}

export function dossierIdOf(db: Db, code: string): number | undefined {
  return parseRow('dossiers', integerColumn, db.prepare('SELECT id FROM dossiers WHERE code = ?').pluck().get(code));
}

export function dossierExists(db: Db, code: string): boolean {
  return db.prepare('SELECT 1 FROM dossiers WHERE code = ?').get(code) !== undefined;
}

export function countDossiers(db: Db): number {
  return parseRow('dossiers', integerColumn, db.prepare('SELECT COUNT(*) FROM dossiers').pluck().get()) ?? 0;
}

export function componentsOf(db: Db, dossierId: number): DossierComponent[] {
  return parseRows(
    'dossier_components',
    ComponentRowSchema,
    db.prepare('SELECT * FROM dossier_components WHERE dossier_id = ? ORDER BY id').all(dossierId),
  ).map(toComponent);
}

export function historyOf(db: Db, dossierId: number): StatusChange[] {
  const rows = parseRows(
    'dossier_history',
    HistoryRowSchema,
    db.prepare('SELECT from_status, to_status, at, by, note FROM dossier_history WHERE dossier_id = ? ORDER BY id').all(dossierId),
  );
  return rows.map((h) => ({ from: h.from_status, to: h.to_status, at: h.at, by: h.by, note: h.note }));
}

export function formsOf(db: Db, dossierId: number): DossierForm[] {
  const rows = parseRows(
    'dossier_forms',
    FormRowSchema,
    db.prepare('SELECT form, sha256, created_at FROM dossier_forms WHERE dossier_id = ? ORDER BY id').all(dossierId),
  );
  return rows.map((f) => ({ form: f.form, sha256: f.sha256, createdAt: f.created_at }));
}

/** The whole dossier as the contract describes it. */
export function toDossier(db: Db, r: DossierRow): Dossier {
  return {
    code: r.code,
    procedureCode: r.procedure_code,
    procedureVersion: r.procedure_version,
    procedureName: r.procedure_name,
    field: r.field,
    applicant: r.applicant,
    status: r.status,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    receivedBy: r.received_by,
    station: r.station,
    ticketId: r.ticket_id,
    delivery: r.delivery,
    deliveryAddress: r.delivery_address,
    sets: r.sets,
    fees: r.fees,
    notes: r.notes,
    components: componentsOf(db, r.id),
    history: historyOf(db, r.id),
    result: r.result,
    forms: formsOf(db, r.id),
  };
}

/** The newest step of a dossier's history (who and when), or null for none. */
export function lastStep(db: Db, dossierId: number): { at: string; by: string } | null {
  const row = db.prepare('SELECT at, by FROM dossier_history WHERE dossier_id = ? ORDER BY id DESC LIMIT 1').get(dossierId);
  return parseRow('dossier_history', z.object({ at: z.string(), by: z.string() }), row) ?? null;
}

/** The latest time in a dossier's history (ISO text), or null for none. */
export function latestStepAt(db: Db, dossierId: number): string | null {
  return (
    parseRow(
      'dossier_history',
      textColumn.nullable(),
      db.prepare('SELECT MAX(at) FROM dossier_history WHERE dossier_id = ?').pluck().get(dossierId),
    ) ?? null
  );
}

export function hasComponentFile(db: Db, dossierId: number, sha256: string): boolean {
  return db.prepare('SELECT 1 FROM dossier_components WHERE dossier_id = ? AND sha256 = ?').get(dossierId, sha256) !== undefined;
}

export function hasForm(db: Db, dossierId: number, sha256: string): boolean {
  return db.prepare('SELECT 1 FROM dossier_forms WHERE dossier_id = ? AND sha256 = ?').get(dossierId, sha256) !== undefined;
}

// ---- Lists -----------------------------------------------------------------------------------------

export function codeForRequest(db: Db, requestKey: string): string | null {
  return parseRow('dossiers', textColumn, db.prepare('SELECT code FROM dossiers WHERE request_id = ?').pluck().get(requestKey)) ?? null;
}

/** Codes of dossiers committed without their receipt, oldest first. */
export function codesWithReceiptPending(db: Db, limit: number): string[] {
  return parseRows(
    'dossiers',
    textColumn,
    db.prepare('SELECT code FROM dossiers WHERE receipt_pending = 1 ORDER BY id LIMIT ?').pluck().all(limit),
  );
}

/** Codes of dossiers received between two days (yyyy-MM-dd, inclusive), oldest first. */
export function codesReceivedBetween(db: Db, from: string, to: string, limit: number): string[] {
  return parseRows(
    'dossiers',
    textColumn,
    db.prepare('SELECT code FROM dossiers WHERE received_day >= ? AND received_day <= ? ORDER BY id LIMIT ?').pluck().all(from, to, limit),
  );
}

const ApplicantDossierSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  applicant: jsonColumn(ApplicantSchema),
  result: jsonColumn(DossierResultSchema).nullable(),
});

/** An applicant's latest dossiers by CCCD number, newest first. */
export function dossiersOfApplicant(db: Db, idNumber: string, limit: number): z.output<typeof ApplicantDossierSchema>[] {
  return parseRows(
    'dossiers',
    ApplicantDossierSchema,
    db.prepare('SELECT id, code, applicant, result FROM dossiers WHERE id_number = ? ORDER BY id DESC LIMIT ?').all(idNumber, limit),
  );
}

/** The digitized components of a dossier (what may be reused). */
export function filedComponentsOf(db: Db, dossierId: number): { name: string; sha256: string; added_at: string }[] {
  const rows = db
    .prepare('SELECT name, sha256, added_at FROM dossier_components WHERE dossier_id = ? AND sha256 IS NOT NULL')
    .all(dossierId);
  return parseRows('dossier_components', z.object({ name: z.string(), sha256: z.string(), added_at: z.string() }), rows);
}

/** Statuses of an open dossier, for SQL (shared/domain/status.ts `isOpen`). */
const OPEN_STATUSES = [
  DOSSIER_STATUS.NEW,
  DOSSIER_STATUS.RECEIVED,
  DOSSIER_STATUS.PROCESSING,
  DOSSIER_STATUS.SUPPLEMENT_REQUESTED,
  DOSSIER_STATUS.FINANCIAL_OBLIGATION,
];
const OPEN_SQL = `status IN (${OPEN_STATUSES.join(', ')})`;

/** Open dossiers due within [from, to) (from null: every moment before `to`), soonest first. */
export function openDossiersDue(
  db: Db,
  range: { from: string | null; to: string; inclusive: boolean },
  limit: number,
): (DossierSummary & { dueAt: string })[] {
  const upper = range.inclusive ? 'due_at <= ?' : 'due_at < ?';
  const rows =
    range.from === null
      ? db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM dossiers WHERE ${OPEN_SQL} AND ${upper} ORDER BY due_at LIMIT ?`).all(range.to, limit)
      : db
          .prepare(`SELECT ${SUMMARY_COLUMNS} FROM dossiers WHERE ${OPEN_SQL} AND due_at >= ? AND ${upper} ORDER BY due_at LIMIT ?`)
          .all(range.from, range.to, limit);
  return parseRows('dossiers', SummaryRowSchema, rows).map(toSummary);
}

// ---- Search ----------------------------------------------------------------------------------------

/** The filters of the search box besides its text. */
export interface SummaryFilter {
  status?: DossierStatus;
  procedureCode?: string;
  officer?: string;
  /** Received on or after this day (yyyy-MM-dd). */
  from?: string;
  to?: string;
}

/** The indexed columns a prefix search may walk. */
export type PrefixColumn = 'code' | 'code_tail' | 'id_number' | 'phone';

/** Matches per indexed column looked at before the filters apply: a short prefix never scans the table. */
const RANGE_CAP = 2000;

function filterSql(filter: SummaryFilter): { sql: string; params: (string | number)[] } {
  const parts: [string, string | number | undefined][] = [
    ['status = ?', filter.status],
    ['procedure_code = ?', filter.procedureCode || undefined],
    ['received_by = ?', filter.officer || undefined],
    ['received_day >= ?', filter.from || undefined],
    ['received_day <= ?', filter.to || undefined],
  ];
  const used = parts.filter((p): p is [string, string | number] => p[1] !== undefined);
  return { sql: used.map(([sql]) => ` AND ${sql}`).join(''), params: used.map(([, value]) => value) };
}

/** Whether any filter besides the text is set. */
export function hasFilter(filter: SummaryFilter): boolean {
  return filterSql(filter).params.length > 0;
}

/** Newest dossiers whose `columns` start with `prefix` (none: every dossier), filtered. */
export function summariesByPrefix(
  db: Db,
  columns: readonly PrefixColumn[],
  prefix: string,
  filter: SummaryFilter,
  limit: number,
): DossierSummary[] {
  const ranges = columns.map((column) => `id IN (SELECT id FROM dossiers WHERE ${column} >= ? AND ${column} < ? LIMIT ${RANGE_CAP})`);
  const where = ranges.length === 0 ? '1' : `(${ranges.join(' OR ')})`;
  const rangeParams = columns.flatMap(() => [prefix, `${prefix}\uffff`]);
  const { sql, params } = filterSql(filter);
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM dossiers WHERE ${where}${sql} ORDER BY id DESC LIMIT ?`)
    .all(...rangeParams, ...params, limit);
  return parseRows('dossiers', SummaryRowSchema, rows).map(toSummary);
}

/** Ids of dossiers whose search text matches an FTS5 query, newest first, below `belowId`. */
export function textMatches(db: Db, match: string, belowId: number, limit: number): number[] {
  const rows = db
    .prepare('SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?')
    .pluck()
    .all(match, belowId, limit);
  return parseRows('dossier_fts', integerColumn, rows);
}

/** The summary of one dossier by id if it passes the filter. */
export function summaryIfMatches(db: Db, id: number, filter: SummaryFilter): DossierSummary | undefined {
  const { sql, params } = filterSql(filter);
  const row = parseRow(
    'dossiers',
    SummaryRowSchema,
    db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM dossiers WHERE id = ?${sql}`).get(id, ...params),
  );
  return row && toSummary(row);
}

/** The folded text the search index holds for a dossier. */
export function searchDocument(applicantName: string, procedureName: string): string {
  return foldVietnamese(`${applicantName} ${procedureName}`);
}

// ---- Writes ----------------------------------------------------------------------------------------

/** The columns of a dossier a receive or a replica writes (the derived ones are computed here). */
export interface DossierValues {
  code: string;
  procedureCode: string;
  procedureVersion: number;
  procedureName: string;
  field: string;
  applicant: Applicant;
  status: DossierStatus;
  receivedAt: string;
  dueAt: string;
  receivedBy: string;
  station: number;
  ticketId: string | null;
  delivery: 'desk' | 'post';
  deliveryAddress: string | null;
  sets: number;
  fees: Dossier['fees'];
  notes: string;
  result: DossierResult | null;
  apology: Apology | null;
}

/** How the applicant is listed: an organisation with its representative. */
export function applicantDisplayName(a: Applicant): string {
  return a.kind === 'organization' ? `${a.organizationName ?? ''} (${a.fullName})` : a.fullName;
}

function columnValues(v: DossierValues): (string | number | null)[] {
  const a = v.applicant;
  return [
    v.procedureCode,
    v.procedureVersion,
    v.procedureName,
    v.field,
    JSON.stringify(a),
    applicantDisplayName(a),
    a.idNumber ?? a.taxCode,
    a.phone.replace(/\D/g, ''),
    v.status,
    v.receivedAt,
    vnDay(v.receivedAt),
    v.dueAt,
    v.receivedBy,
    v.station,
    v.ticketId,
    v.delivery,
    v.sets,
    JSON.stringify(v.fees),
    v.notes,
    v.result ? JSON.stringify(v.result) : null,
    v.apology ? JSON.stringify(v.apology) : null,
    v.deliveryAddress,
  ];
}

/** A new dossier with its search entry; answers its id. */
export function insertDossier(db: Db, v: DossierValues): number {
  const info = db
    .prepare(
      `INSERT INTO dossiers (code, code_tail, procedure_code, procedure_version, procedure_name, field, applicant, applicant_name,
         id_number, phone, status, received_at, received_day, due_at, received_by, station, ticket_id, delivery, sets, fees, notes, result, apology,
         delivery_address)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(v.code, v.code.slice(-11), ...columnValues(v));
  const id = Number(info.lastInsertRowid);
  db.prepare('INSERT INTO dossier_fts (rowid, text) VALUES (?, ?)').run(
    id,
    searchDocument(applicantDisplayName(v.applicant), v.procedureName),
  );
  return id;
}

/** Overwrites a dossier's columns and empties its components, history and forms (a replica rewrites them). */
export function replaceDossier(db: Db, id: number, v: DossierValues): void {
  db.prepare(
    `UPDATE dossiers SET procedure_code = ?, procedure_version = ?, procedure_name = ?, field = ?, applicant = ?, applicant_name = ?,
       id_number = ?, phone = ?, status = ?, received_at = ?, received_day = ?, due_at = ?, received_by = ?, station = ?, ticket_id = ?,
       delivery = ?, sets = ?, fees = ?, notes = ?, result = ?, apology = ?, delivery_address = ? WHERE id = ?`,
  ).run(...columnValues(v), id);
  for (const table of ['dossier_components', 'dossier_history', 'dossier_forms'])
    db.prepare(`DELETE FROM ${table} WHERE dossier_id = ?`).run(id);
}

export function markRequest(db: Db, id: number, requestKey: string | null, receiptPending: boolean): void {
  db.prepare('UPDATE dossiers SET request_id = ?, receipt_pending = ? WHERE id = ?').run(requestKey, receiptPending ? 1 : 0, id);
}

export function clearReceiptPending(db: Db, id: number): void {
  db.prepare('UPDATE dossiers SET receipt_pending = 0 WHERE id = ? AND receipt_pending = 1').run(id);
}

export function insertComponent(db: Db, dossierId: number, c: ComponentInput, digitization: 0 | 1 | 2 | 3, at: string): DossierComponent {
  const info = db
    .prepare(
      `INSERT INTO dossier_components (dossier_id, code, name, originals, copies, sha256, file_name, digitization, reused_kind, reused_from, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      dossierId,
      c.code,
      c.name,
      c.originals,
      c.copies,
      c.sha256,
      c.fileName,
      digitization,
      c.reusedFrom?.kind ?? null,
      c.reusedFrom?.dossierCode ?? null,
      at,
    );
  return { ...c, id: Number(info.lastInsertRowid), digitization, addedAt: at };
}

/** One step of the history; the dossier's status is set to the step's `to`. */
export function recordStep(db: Db, dossierId: number, step: StatusChange): void {
  db.prepare('UPDATE dossiers SET status = ? WHERE id = ?').run(step.to, dossierId);
  appendHistory(db, dossierId, step);
}

/** A step of the history as it happened elsewhere (a replica), the status column untouched. */
export function appendHistory(db: Db, dossierId: number, step: StatusChange): void {
  db.prepare('INSERT INTO dossier_history (dossier_id, from_status, to_status, at, by, note) VALUES (?, ?, ?, ?, ?, ?)').run(
    dossierId,
    step.from,
    step.to,
    step.at,
    step.by,
    step.note,
  );
}

export function setResult(db: Db, dossierId: number, result: DossierResult): void {
  db.prepare('UPDATE dossiers SET result = ? WHERE id = ?').run(JSON.stringify(result), dossierId);
}

export function setApology(db: Db, dossierId: number, apology: Apology): void {
  db.prepare('UPDATE dossiers SET due_at = ?, apology = ? WHERE id = ?').run(apology.newDueAt, JSON.stringify(apology), dossierId);
}

export function insertForm(db: Db, dossierId: number, form: DossierForm): void {
  db.prepare('INSERT INTO dossier_forms (dossier_id, form, sha256, created_at) VALUES (?, ?, ?, ?)').run(
    dossierId,
    form.form,
    form.sha256,
    form.createdAt,
  );
}

// ---- Sequences -------------------------------------------------------------------------------------

/** The last sequence a station issued on a day, or null. */
export function lastSequence(db: Db, agencyCode: string, day: string, station: number): number | null {
  const row = db
    .prepare('SELECT last_seq FROM dossier_sequences WHERE agency_code = ? AND day = ? AND station = ?')
    .pluck()
    .get(agencyCode, day, station);
  return parseRow('dossier_sequences', integerColumn, row) ?? null;
}

/** The highest sequence any station issued on a day (0 for none). */
export function highestSequence(db: Db, agencyCode: string, day: string): number {
  const row = db
    .prepare('SELECT COALESCE(MAX(last_seq), 0) FROM dossier_sequences WHERE agency_code = ? AND day = ?')
    .pluck()
    .get(agencyCode, day);
  return parseRow('dossier_sequences', integerColumn, row) ?? 0;
}

export function saveSequence(db: Db, agencyCode: string, day: string, station: number, sequence: number): void {
  db.prepare(
    `INSERT INTO dossier_sequences (agency_code, day, station, last_seq) VALUES (?, ?, ?, ?)
     ON CONFLICT(agency_code, day, station) DO UPDATE SET last_seq = excluded.last_seq`,
  ).run(agencyCode, day, station, sequence);
}

// ---- Personal data (privacy/sources/dossiers.ts) ---------------------------------------------------

/** Final statuses: refused at the desk, withdrawn, stopped, result returned. */
const FINAL_STATUSES = [DOSSIER_STATUS.NOT_ACCEPTED, DOSSIER_STATUS.WITHDRAWN, DOSSIER_STATUS.STOPPED, DOSSIER_STATUS.RETURNED];

/** Ids of closed dossiers received before `cutoff`. */
export function closedDossiersBefore(db: Db, cutoff: string): number[] {
  const rows = db
    .prepare(`SELECT id FROM dossiers WHERE received_at < ? AND status IN (${FINAL_STATUSES.join(', ')})`)
    .pluck()
    .all(cutoff);
  return parseRows('dossiers', integerColumn, rows);
}

/** Every file (sha256) a dossier's components and forms hold. */
export function filesOfDossiers(db: Db, dossierIds: readonly number[]): string[] {
  const files = new Set<string>();
  const components = db.prepare('SELECT sha256 FROM dossier_components WHERE dossier_id = ? AND sha256 IS NOT NULL').pluck();
  const forms = db.prepare('SELECT sha256 FROM dossier_forms WHERE dossier_id = ?').pluck();
  for (const id of dossierIds) {
    for (const sha of parseRows('dossier_components', textColumn, components.all(id))) files.add(sha);
    for (const sha of parseRows('dossier_forms', textColumn, forms.all(id))) files.add(sha);
  }
  return [...files];
}

/** Deletes dossiers with their components, history, forms and search entry. */
export function deleteDossiers(db: Db, dossierIds: readonly number[]): void {
  const statements = [
    db.prepare('DELETE FROM dossier_components WHERE dossier_id = ?'),
    db.prepare('DELETE FROM dossier_history WHERE dossier_id = ?'),
    db.prepare('DELETE FROM dossier_forms WHERE dossier_id = ?'),
    db.prepare('DELETE FROM dossier_fts WHERE rowid = ?'),
    db.prepare('DELETE FROM dossiers WHERE id = ?'),
  ];
  for (const id of dossierIds) for (const statement of statements) statement.run(id);
}

export function dossierFileReferenced(db: Db, sha256: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM dossier_components WHERE sha256 = ? UNION ALL SELECT 1 FROM dossier_forms WHERE sha256 = ? LIMIT 1')
      .get(sha256, sha256) !== undefined
  );
}

const ExportedComponentSchema = z.object({
  code: z.string(),
  name: z.string(),
  originals: z.number().int(),
  copies: z.number().int(),
  sha256: z.string().nullable(),
  file_name: z.string().nullable(),
  added_at: z.string(),
});
const ExportedHistorySchema = HistoryRowSchema;
/** Every column of a dossier as stored, the applicant decoded when it is JSON (a citizen's copy shows all we keep). */
const ExportedDossierSchema = z.looseObject({ id: z.number().int(), applicant: z.string() });

/** A citizen's dossiers as stored, with components and history: what a data-subject export hands over. */
export function exportDossiersOf(db: Db, idNumber: string): { ids: number[]; records: Record<string, unknown>[] } {
  const rows = parseRows(
    'dossiers',
    ExportedDossierSchema,
    db.prepare('SELECT * FROM dossiers WHERE id_number = ? ORDER BY received_at').all(idNumber),
  );
  const components = db.prepare(
    'SELECT code, name, originals, copies, sha256, file_name, added_at FROM dossier_components WHERE dossier_id = ?',
  );
  const history = db.prepare('SELECT from_status, to_status, at, by, note FROM dossier_history WHERE dossier_id = ? ORDER BY id');
  const records = rows.map((row) => ({
    ...row,
    applicant: decodedOrStored(row.applicant),
    components: parseRows('dossier_components', ExportedComponentSchema, components.all(row.id)),
    history: parseRows('dossier_history', ExportedHistorySchema, history.all(row.id)),
  }));
  return { ids: rows.map((r) => r.id), records };
}

function decodedOrStored(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A not-found error for a dossier code, the one wording every read uses. */
export function dossierNotFound(code: string): AppError {
  return new AppError('not_found', `Không tìm thấy hồ sơ ${code}.`);
}

/** A dossier's apology letter (form 04) by code, read straight from the store: the form renderer needs it before the service exists. */
export function storedApology(db: Db, code: string): Apology | null {
  return findDossierRow(db, code)?.apology ?? null;
}

/** Which dossier form a stored file is, so a print names what was printed (audit) although the print call carries only the file's hash. */
const PrintedFormSchema = z.object({ code: z.string(), form: z.string() });
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
