import {
  AppError,
  ReceiveInputSchema,
  type Applicant,
  type ComponentInput,
  type Dossier,
  type DossierComponent,
  type DossierForm,
  type DossierSummary,
  type ReceiveInput,
  type Reusable,
  type StatusChange,
} from '../../../shared/contract';
import { validateIdNumber, validateTaxCode } from '../../../shared/domain/cccd';
import { formatDossierCode, isValidHallStation, nextSequence, stationBlock } from '../../../shared/domain/dossier-code';
import { replicaConflict, type ReplicaStep } from '../../../shared/domain/replica-rules';
import type { ReplicaEvent } from '../../../shared/contract/replication';
import { STATUS_CODES, STATUS_NAMES, canTransition, isOpen, transitionError, type DossierStatus } from '../../../shared/domain/status';
import { foldVietnamese, searchTokens } from '../../../shared/domain/text-fold';
import { record } from '../audit/audit-log';
import type { CatalogService } from '../catalog/catalog-service';
import type { Caller } from '../contract/router';
import type { AgencyConfig } from '../config';
import type { Db } from '../db/database';
import type { EventBus } from '../events';
import type { FileStore } from '../files/file-store';
import type { CalendarStore } from './calendar-store';
import { fromLocal, toLocal, vnDay, vnIso } from './vn-time';

export type DossierResult = NonNullable<Dossier['result']>;

/**
 * Every change the provincial system must learn about. Listeners run INSIDE the
 * write transaction that made the change, so an outbox row and the change
 * commit (or roll back) together.
 */
export type DossierChange =
  | { type: 'received'; dossier: Dossier }
  | { type: 'component-added'; code: string; component: DossierComponent; by: string }
  | { type: 'status-changed'; code: string; change: StatusChange }
  | { type: 'result-returned'; code: string; result: DossierResult };

export type DossierChangeListener = (db: Db, change: DossierChange) => void;

/**
 * Every change to a dossier's record, the provincial ones and those the
 * province does not take (a form stored, a reschedule): what hall replication
 * copies. Also called inside the write transaction.
 */
export type DossierRecordChange =
  | DossierChange
  | { type: 'form-stored'; code: string; form: DossierForm }
  | { type: 'apologized'; code: string; apology: Apology; previousDueAt: string };

export type DossierRecordListener = (db: Db, change: DossierRecordChange) => void;

/**
 * Where a hall workstation draws its dossier numbers from (its leases from the
 * hub, code-leases.ts) instead of the fixed station block. Runs inside the
 * receive transaction; null when no number is left for that day.
 */
export interface SequenceSource {
  next(agencyCode: string, day: string, previous: number | null): number | null;
  /** Vietnamese, for the officer, when `next` answered null. */
  exhausted(day: string): string;
}

/** Renders a form and stores it; given to the service so rendering can live elsewhere (and off the main thread later). */
export type FormRenderer = (form: DossierForm['form'], dossier: Dossier) => Promise<Uint8Array>;

export interface DossierServiceOptions {
  agency: AgencyConfig;
  /** This workstation's number 0–9: it owns a block of each day's sequence (see dossier-code.ts); 0–60 with `sequences`. */
  station: number;
  /** A hall workstation's leased numbers; none = the fixed station block. */
  sequences?: SequenceSource;
  listeners?: DossierChangeListener[];
  renderForm?: FormRenderer;
  now?: () => Date;
}

interface DossierRow {
  id: number;
  code: string;
  procedure_code: string;
  procedure_version: number;
  procedure_name: string;
  field: string;
  applicant: string;
  applicant_name: string;
  id_number: string | null;
  phone: string;
  status: number;
  received_at: string;
  due_at: string;
  received_by: string;
  station: number;
  ticket_id: string | null;
  delivery: 'desk' | 'post';
  delivery_address: string | null;
  sets: number;
  fees: string;
  notes: string;
  result: string | null;
  apology: string | null;
}

interface ComponentRow {
  id: number;
  code: string;
  name: string;
  originals: number;
  copies: number;
  sha256: string | null;
  file_name: string | null;
  digitization: 0 | 1 | 2 | 3;
  reused_kind: 'component' | 'result' | null;
  reused_from: string | null;
  added_at: string;
}

export interface Apology {
  reason: string;
  previousDueAt: string;
  newDueAt: string;
  at: string;
  by: string;
}

const SUMMARY_COLUMNS = 'id, code, applicant_name, id_number, phone, procedure_code, procedure_name, status, received_at, due_at, received_by';

type SummaryRow = Pick<DossierRow, 'id' | 'code' | 'applicant_name' | 'id_number' | 'phone' | 'procedure_code' | 'procedure_name' | 'status' | 'received_at' | 'due_at' | 'received_by'>;

function summary(r: SummaryRow): DossierSummary {
  return {
    code: r.code,
    applicantName: r.applicant_name,
    idNumber: r.id_number,
    phone: r.phone,
    procedureCode: r.procedure_code,
    procedureName: r.procedure_name,
    status: r.status as DossierStatus,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    receivedBy: r.received_by,
  };
}

export interface SearchInput {
  query?: string;
  status?: DossierStatus;
  procedureCode?: string;
  officer?: string;
  from?: string;
  to?: string;
  limit?: number;
}

/** What the text in the one search box looks like. */
export type QueryShape = 'empty' | 'code' | 'code-tail' | 'digits' | 'text';

export function classifyQuery(query: string): QueryShape {
  const q = query.trim();
  if (q === '') return 'empty';
  if (/^[0-9A-Za-z]{2,4}\.[0-9A-Za-z.]*(-[0-9-]*)?$/.test(q) && /[.]/.test(q) && /\d/.test(q)) return 'code';
  if (/^\d{6}-\d{0,4}$/.test(q)) return 'code-tail';
  if (/^[\d\s.+-]+$/.test(q) && q.replace(/\D/g, '').length >= 3) return 'digits';
  return 'text';
}

/** An FTS5 query where every word is a quoted prefix: `"nguyen"* AND "van"*`. */
export function ftsQuery(text: string): string | null {
  const tokens = searchTokens(text).slice(0, 8);
  if (tokens.length === 0) return null;
  return tokens.map((t) => `"${t}"*`).join(' AND ');
}

const RANGE_CAP = 2000;

export class DossierService {
  private readonly listeners: DossierChangeListener[];
  private readonly recordListeners: DossierRecordListener[] = [];
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    private readonly catalog: CatalogService,
    private readonly calendar: CalendarStore,
    private readonly files: FileStore,
    private readonly options: DossierServiceOptions,
    private readonly bus?: EventBus,
  ) {
    if (options.sequences) {
      if (!isValidHallStation(options.station)) throw new RangeError(`station must be 0–60, got ${options.station}`);
    } else stationBlock(options.station); // throws on a bad station number
    this.listeners = [...(options.listeners ?? [])];
    this.now = options.now ?? (() => new Date());
  }

  /** Subscribes to changes (the sync outbox does, at wiring time). */
  addListener(listener: DossierChangeListener): void {
    this.listeners.push(listener);
  }

  /** Subscribes to every record change, provincial or not (hall replication does). */
  addRecordListener(listener: DossierRecordListener): void {
    this.recordListeners.push(listener);
  }

  private notify(change: DossierChange): void {
    for (const listener of this.listeners) listener(this.db, change);
    this.notifyRecord(change);
  }

  private notifyRecord(change: DossierRecordChange): void {
    for (const listener of this.recordListeners) listener(this.db, change);
  }

  private validateApplicant(a: Applicant): void {
    if (a.kind === 'citizen') {
      if (!a.idNumber) throw new AppError('invalid_input', 'Cần số định danh cá nhân (12 chữ số) của người nộp.');
      const check = validateIdNumber(a.idNumber, { birthDate: a.birthDate ?? undefined, sex: a.sex ?? undefined, today: this.now() });
      if (!check.ok) throw new AppError('invalid_input', check.error);
    } else {
      if (!a.organizationName) throw new AppError('invalid_input', 'Cần tên tổ chức.');
      if (!a.taxCode) throw new AppError('invalid_input', 'Cần mã số thuế của tổ chức.');
      const check = validateTaxCode(a.taxCode);
      if (!check.ok) throw new AppError('invalid_input', check.error);
    }
  }

  private checkComponent(c: ComponentInput): { digitization: 0 | 1 | 2 | 3 } {
    if (c.reusedFrom) {
      if (!c.sha256) throw new AppError('invalid_input', `Thành phần "${c.name}": tái sử dụng cần tệp đã số hóa.`);
      const source = this.db.prepare('SELECT id, result FROM dossiers WHERE code = ?').get(c.reusedFrom.dossierCode) as
        | { id: number; result: string | null }
        | undefined;
      if (!source) throw new AppError('not_found', `Không có hồ sơ ${c.reusedFrom.dossierCode} để tái sử dụng.`);
      const found =
        c.reusedFrom.kind === 'component'
          ? this.db.prepare('SELECT 1 FROM dossier_components WHERE dossier_id = ? AND sha256 = ?').get(source.id, c.sha256) !== undefined
          : (JSON.parse(source.result ?? 'null') as DossierResult | null)?.documents.some((d) => d.sha256 === c.sha256) === true;
      if (!found) throw new AppError('not_found', `Hồ sơ ${c.reusedFrom.dossierCode} không có tệp này để tái sử dụng.`);
      return { digitization: c.reusedFrom.kind === 'component' ? 2 : 3 };
    }
    if (c.sha256 && !this.files.has(c.sha256)) {
      throw new AppError('not_found', `Thành phần "${c.name}": tệp số hóa chưa có trong kho lưu trữ.`);
    }
    return { digitization: c.sha256 ? 1 : 0 };
  }

  private insertComponent(dossierId: number, c: ComponentInput, digitization: 0 | 1 | 2 | 3, at: string): DossierComponent {
    const info = this.db
      .prepare(
        `INSERT INTO dossier_components (dossier_id, code, name, originals, copies, sha256, file_name, digitization, reused_kind, reused_from, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(dossierId, c.code, c.name, c.originals, c.copies, c.sha256, c.fileName, digitization, c.reusedFrom?.kind ?? null, c.reusedFrom?.dossierCode ?? null, at);
    return { ...c, id: Number(info.lastInsertRowid), digitization, addedAt: at };
  }

  /** Allocates the next code of this station for the day; must run inside the receive transaction. */
  private allocateCode(day: string): { code: string; sequence: number } {
    const { station, agency } = this.options;
    const last = this.db
      .prepare('SELECT last_seq FROM dossier_sequences WHERE agency_code = ? AND day = ? AND station = ?')
      .pluck()
      .get(agency.code, day, station) as number | undefined;
    const source = this.options.sequences;
    const next = (previous: number | null) => (source ? source.next(agency.code, day, previous) : nextSequence(station, previous));
    let seq = next(last ?? null);
    // A restored database or an earlier install may already hold codes of this block: step over them.
    while (seq !== null && this.db.prepare('SELECT 1 FROM dossiers WHERE code = ?').get(formatDossierCode(agency.code, day, seq))) {
      seq = next(seq);
    }
    if (seq === null && source) throw new AppError('conflict', source.exhausted(day));
    if (seq === null) {
      const { last: max } = stationBlock(station);
      throw new AppError('conflict', `Máy trạm số ${station} đã cấp hết dãy số hồ sơ trong ngày (tới ${max}). Hãy tiếp nhận ở máy trạm khác.`);
    }
    this.db
      .prepare(
        `INSERT INTO dossier_sequences (agency_code, day, station, last_seq) VALUES (?, ?, ?, ?)
         ON CONFLICT(agency_code, day, station) DO UPDATE SET last_seq = excluded.last_seq`,
      )
      .run(agency.code, day, station, seq);
    return { code: formatDossierCode(agency.code, day, seq), sequence: seq };
  }

  /**
   * Saves a received dossier in one transaction with its outbox item (a listener) and its audit row; the
   * receipt (form 01) is rendered after the commit. Found by the attack run: the audit row came after the PDF,
   * in its own transaction, so kill -9 left dossiers with neither; and with no request id a resend made a
   * second dossier. A `requestId` already seen from the same caller answers that dossier.
   */
  receiveRecord(raw: ReceiveInput, actor: Caller | 'system' = 'system', receiptPending = false): Dossier {
    const input = ReceiveInputSchema.parse(raw);
    const requestKey = input.requestId ? `${actorKey(actor)}|${input.requestId}` : null;
    const earlier = requestKey ? this.codeForRequest(requestKey) : null;
    if (earlier) return this.get(earlier);
    const procedure = this.catalog.get(input.procedureCode);
    this.validateApplicant(input.applicant);
    const provided = new Set(input.components.map((c) => c.code));
    const refused = input.refusalReason !== undefined;
    const status: DossierStatus = refused ? 3 : 2;
    const missing = procedure.components.filter((c) => c.required && !provided.has(c.code));
    if (missing.length > 0 && !refused) {
      throw new AppError('invalid_input', `Thiếu thành phần bắt buộc: ${missing.map((c) => c.name).join('; ')}.`);
    }
    const checked = input.components.map((c) => ({ c, ...this.checkComponent(c) }));
    const receivedAt = vnIso(input.receivedAt ?? this.now());
    const day = vnDay(receivedAt);
    const dueAt = refused ? receivedAt : this.calendar.get().dueDate(receivedAt, procedure.processing, { sameDayCutoff: procedure.sameDayCutoff });
    const a = input.applicant;
    const applicantName = a.kind === 'organization' ? `${a.organizationName ?? ''} (${a.fullName})` : a.fullName;
    const phone = a.phone.replace(/\D/g, '');
    const deliveryAddress = postalAddress(input);

    const code = this.db.transaction(() => {
      // Checked again inside the write lock: two resends racing each other still make one dossier.
      const raced = requestKey ? this.codeForRequest(requestKey) : null;
      if (raced) return raced;
      const { code } = this.allocateCode(day);
      const info = this.db
        .prepare(
          `INSERT INTO dossiers (code, code_tail, procedure_code, procedure_version, procedure_name, field, applicant, applicant_name,
             id_number, phone, status, received_at, received_day, due_at, received_by, station, ticket_id, delivery, sets, fees, notes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          code, code.slice(-11), procedure.code, procedure.version, procedure.name, procedure.field, JSON.stringify(a), applicantName,
          a.idNumber ?? a.taxCode, phone, status, receivedAt, day, dueAt, input.officer, this.options.station, input.ticketId, input.delivery,
          input.sets, JSON.stringify(input.fees), input.notes,
        );
      const id = Number(info.lastInsertRowid);
      if (deliveryAddress) this.db.prepare('UPDATE dossiers SET delivery_address = ? WHERE id = ?').run(deliveryAddress, id);
      for (const { c, digitization } of checked) this.insertComponent(id, c, digitization, receivedAt);
      this.db
        .prepare('INSERT INTO dossier_history (dossier_id, from_status, to_status, at, by, note) VALUES (?, NULL, ?, ?, ?, ?)')
        .run(id, status, receivedAt, input.officer, input.refusalReason ?? 'Tiếp nhận hồ sơ tại Bộ phận Một cửa');
      this.db.prepare('INSERT INTO dossier_fts (rowid, text) VALUES (?, ?)').run(id, searchDocument(applicantName, procedure.name));
      this.db.prepare('UPDATE dossiers SET request_id = ?, receipt_pending = ? WHERE id = ?').run(requestKey, receiptPending ? 1 : 0, id);
      this.notify({ type: 'received', dossier: this.get(code) });
      record(this.db, { actor, action: 'dossier.receive', subjectType: 'dossier', subjectId: code, detail: { status } });
      return code;
    })();
    this.bus?.emit('dossier.changed', { code, status });
    return this.get(code);
  }

  /**
   * Receive and render the receipt. The dossier is committed first: a failed PDF never loses a dossier, and
   * a dossier left without its receipt (a crash in between, a full disk) gets it on a resend or at next start.
   */
  async receive(raw: ReceiveInput, actor: Caller | 'system' = 'system'): Promise<Dossier> {
    const dossier = this.receiveRecord(raw, actor, true);
    await this.ensureReceipt(dossier);
    return this.get(dossier.code);
  }

  private codeForRequest(requestKey: string): string | null {
    return (this.db.prepare('SELECT code FROM dossiers WHERE request_id = ?').pluck().get(requestKey) as string | undefined) ?? null;
  }

  private async ensureReceipt(dossier: Dossier): Promise<void> {
    const form = dossier.status === 3 ? '03' : '01';
    const id = this.row(dossier.code).id;
    if (!dossier.forms.some((f) => f.form === form)) {
      try {
        await this.renderAndStore(form, dossier.code);
      } catch (error) {
        console.error(`[dossier] receipt for ${dossier.code} not rendered`, error);
        return;
      }
    }
    this.db.prepare('UPDATE dossiers SET receipt_pending = 0 WHERE id = ? AND receipt_pending = 1').run(id);
  }

  /** Dossiers committed without their receipt (form 01, or 03 for a desk refusal): rendered now, oldest first. */
  async renderMissingReceipts(): Promise<string[]> {
    const codes = this.db
      .prepare(
        'SELECT code FROM dossiers WHERE receipt_pending = 1 ORDER BY id LIMIT 500',
      )
      .pluck()
      .all() as string[];
    for (const code of codes) await this.ensureReceipt(this.get(code));
    return codes;
  }

  private row(code: string): DossierRow {
    const row = this.db.prepare('SELECT * FROM dossiers WHERE code = ?').get(code.trim().toUpperCase()) as DossierRow | undefined;
    if (!row) throw new AppError('not_found', `Không tìm thấy hồ sơ ${code}.`);
    return row;
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM dossiers').pluck().get() as number;
  }

  get(code: string): Dossier {
    const r = this.row(code);
    const components = (this.db.prepare('SELECT * FROM dossier_components WHERE dossier_id = ? ORDER BY id').all(r.id) as ComponentRow[]).map(
      (c): DossierComponent => ({
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
      }),
    );
    const history = (
      this.db.prepare('SELECT from_status, to_status, at, by, note FROM dossier_history WHERE dossier_id = ? ORDER BY id').all(r.id) as {
        from_status: number | null;
        to_status: number;
        at: string;
        by: string;
        note: string;
      }[]
    ).map((h): StatusChange => ({ from: h.from_status as DossierStatus | null, to: h.to_status as DossierStatus, at: h.at, by: h.by, note: h.note }));
    const forms = this.db
      .prepare('SELECT form, sha256, created_at AS createdAt FROM dossier_forms WHERE dossier_id = ? ORDER BY id')
      .all(r.id) as DossierForm[];
    return {
      code: r.code,
      procedureCode: r.procedure_code,
      procedureVersion: r.procedure_version,
      procedureName: r.procedure_name,
      field: r.field,
      applicant: JSON.parse(r.applicant) as Applicant,
      status: r.status as DossierStatus,
      receivedAt: r.received_at,
      dueAt: r.due_at,
      receivedBy: r.received_by,
      station: r.station,
      ticketId: r.ticket_id,
      delivery: r.delivery,
      deliveryAddress: r.delivery_address,
      sets: r.sets,
      fees: JSON.parse(r.fees) as Dossier['fees'],
      notes: r.notes,
      components,
      history,
      result: r.result ? (JSON.parse(r.result) as DossierResult) : null,
      forms,
    };
  }

  apology(code: string): Apology | null {
    const r = this.row(code);
    return r.apology ? (JSON.parse(r.apology) as Apology) : null;
  }

  addComponent(code: string, component: ComponentInput, officer: string): Dossier {
    const r = this.row(code);
    if (!isOpen(r.status as DossierStatus)) throw new AppError('conflict', `Hồ sơ đang ở trạng thái "${STATUS_NAMES[r.status as DossierStatus]}", không bổ sung được.`);
    const { digitization } = this.checkComponent(component);
    const at = vnIso(this.now());
    this.db.transaction(() => {
      const added = this.insertComponent(r.id, component, digitization, at);
      this.notify({ type: 'component-added', code: r.code, component: added, by: officer });
    })();
    this.bus?.emit('dossier.changed', { code: r.code, status: r.status as DossierStatus });
    return this.get(r.code);
  }

  private recordTransition(r: { id: number; code: string }, from: DossierStatus, to: DossierStatus, officer: string, note: string, at: string): void {
    const error = transitionError(from, to);
    if (error) throw new AppError('conflict', error);
    this.db.prepare('UPDATE dossiers SET status = ? WHERE id = ?').run(to, r.id);
    this.db
      .prepare('INSERT INTO dossier_history (dossier_id, from_status, to_status, at, by, note) VALUES (?, ?, ?, ?, ?, ?)')
      .run(r.id, from, to, at, officer, note);
    this.notify({ type: 'status-changed', code: r.code, change: { from, to, at, by: officer, note } });
  }

  async transition(code: string, to: DossierStatus, officer: string, note: string): Promise<Dossier> {
    const r = this.row(code);
    if (to === 10) throw new AppError('invalid_input', 'Để trả kết quả, hãy dùng chức năng "Trả kết quả" (ghi người nhận và giấy tờ).');
    if ((to === 3 || to === 5 || to === 7 || to === 8) && note.trim() === '') {
      throw new AppError('invalid_input', `Cần ghi lý do khi chuyển sang "${STATUS_NAMES[to]}".`);
    }
    const at = vnIso(this.now());
    this.db.transaction(() => this.recordTransition(r, r.status as DossierStatus, to, officer, note, at))();
    this.bus?.emit('dossier.changed', { code: r.code, status: to });
    if (to === 5) await this.renderAndStore('02', r.code);
    if (to === 3) await this.renderAndStore('03', r.code);
    return this.get(r.code);
  }

  /**
   * A status set on the provincial side (its back office) comes back here. The
   * province is authoritative, so no local transition rule applies; a change
   * older than the dossier's last local step is stale and ignored, and nothing
   * is sent back to the province (it already knows). Returns whether it applied.
   */
  applyRemoteStatus(code: string, to: number, at: Date): boolean {
    if (!(STATUS_CODES as number[]).includes(to)) return false;
    const r = this.db.prepare('SELECT id, code, status FROM dossiers WHERE code = ?').get(code) as { id: number; code: string; status: number } | undefined;
    if (!r || r.status === to) return false;
    const last = this.db.prepare('SELECT MAX(at) FROM dossier_history WHERE dossier_id = ?').pluck().get(r.id) as string | null;
    const when = vnIso(at);
    if (last && new Date(last).getTime() > at.getTime()) return false;
    this.db.transaction(() => {
      this.db.prepare('UPDATE dossiers SET status = ? WHERE id = ?').run(to, r.id);
      this.db
        .prepare('INSERT INTO dossier_history (dossier_id, from_status, to_status, at, by, note) VALUES (?, ?, ?, ?, ?, ?)')
        .run(r.id, r.status, to, when, 'Hệ thống TTHC tỉnh', 'Cập nhật từ hệ thống của tỉnh');
    })();
    this.bus?.emit('dossier.changed', { code: r.code, status: to as DossierStatus });
    return true;
  }

  async apologize(code: string, newDueAt: string, reason: string, officer: string): Promise<Dossier> {
    const r = this.row(code);
    if (!isOpen(r.status as DossierStatus)) throw new AppError('conflict', 'Chỉ hồ sơ đang giải quyết mới hẹn lại được.');
    const due = vnIso(newDueAt);
    if (due <= r.due_at) throw new AppError('invalid_input', 'Ngày hẹn mới phải sau ngày hẹn cũ.');
    const apology: Apology = { reason, previousDueAt: r.due_at, newDueAt: due, at: vnIso(this.now()), by: officer };
    this.db.transaction(() => {
      this.db.prepare('UPDATE dossiers SET due_at = ?, apology = ? WHERE id = ?').run(due, JSON.stringify(apology), r.id);
      this.notifyRecord({ type: 'apologized', code: r.code, apology, previousDueAt: r.due_at });
    })();
    await this.renderAndStore('04', r.code);
    return this.get(r.code);
  }

  returnResult(code: string, documents: DossierResult['documents'], collectedBy: string, note: string, officer: string): Dossier {
    const r = this.row(code);
    for (const d of documents) {
      if (d.sha256 && !this.files.has(d.sha256)) throw new AppError('not_found', `Giấy tờ kết quả "${d.name}": tệp chưa có trong kho lưu trữ.`);
    }
    const status = r.status as DossierStatus;
    if (status !== 9 && !canTransition(status, 9)) {
      throw new AppError('conflict', transitionError(status, 10) ?? 'Không trả kết quả được.');
    }
    const at = vnIso(this.now());
    const result: DossierResult = { documents, collectedBy, returnedAt: at, returnedBy: officer, note };
    this.db.transaction(() => {
      if (status !== 9) this.recordTransition(r, status, 9, officer, 'Đã có kết quả giải quyết', at);
      this.recordTransition(r, 9, 10, officer, `Trả kết quả cho ${collectedBy}`, at);
      this.db.prepare('UPDATE dossiers SET result = ? WHERE id = ?').run(JSON.stringify(result), r.id);
      this.notify({ type: 'result-returned', code: r.code, result });
    })();
    this.bus?.emit('dossier.changed', { code: r.code, status: 10 });
    return this.get(r.code);
  }

  findApplicant(idNumber: string): { applicant: Applicant | null; reusable: Reusable[] } {
    const rows = this.db
      .prepare('SELECT id, code, applicant, result, received_at FROM dossiers WHERE id_number = ? ORDER BY id DESC LIMIT 50')
      .all(idNumber.trim()) as { id: number; code: string; applicant: string; result: string | null; received_at: string }[];
    if (rows.length === 0) return { applicant: null, reusable: [] };
    const reusable: Reusable[] = [];
    const seen = new Set<string>();
    const comps = this.db.prepare('SELECT name, sha256, added_at FROM dossier_components WHERE dossier_id = ? AND sha256 IS NOT NULL');
    for (const row of rows) {
      const result = row.result ? (JSON.parse(row.result) as DossierResult) : null;
      for (const d of result?.documents ?? []) {
        if (d.sha256 && !seen.has(d.sha256)) {
          seen.add(d.sha256);
          reusable.push({ kind: 'result', dossierCode: row.code, name: d.name, sha256: d.sha256, at: result!.returnedAt });
        }
      }
      for (const c of comps.all(row.id) as { name: string; sha256: string; added_at: string }[]) {
        if (!seen.has(c.sha256)) {
          seen.add(c.sha256);
          reusable.push({ kind: 'component', dossierCode: row.code, name: c.name, sha256: c.sha256, at: c.added_at });
        }
      }
    }
    return { applicant: JSON.parse(rows[0]!.applicant) as Applicant, reusable };
  }

  /** The one search box. Newest first, always through an index: see README "Search". */
  search(input: SearchInput): DossierSummary[] {
    const limit = input.limit ?? 20;
    const filters: string[] = [];
    const params: (string | number)[] = [];
    if (input.status !== undefined) {
      filters.push('status = ?');
      params.push(input.status);
    }
    if (input.procedureCode) {
      filters.push('procedure_code = ?');
      params.push(input.procedureCode);
    }
    if (input.officer) {
      filters.push('received_by = ?');
      params.push(input.officer);
    }
    if (input.from) {
      filters.push('received_day >= ?');
      params.push(input.from);
    }
    if (input.to) {
      filters.push('received_day <= ?');
      params.push(input.to);
    }
    const filterSql = filters.length ? ` AND ${filters.join(' AND ')}` : '';
    const query = (input.query ?? '').trim();
    const shape = classifyQuery(query);
    const run = (where: string, whereParams: (string | number)[]) =>
      (this.db
        .prepare(`SELECT ${SUMMARY_COLUMNS} FROM dossiers WHERE ${where}${filterSql} ORDER BY id DESC LIMIT ?`)
        .all(...whereParams, ...params, limit) as SummaryRow[]).map(summary);
    const range = (column: string, prefix: string) =>
      `id IN (SELECT id FROM dossiers WHERE ${column} >= '${prefix}' AND ${column} < '${prefix}\uffff' LIMIT ${RANGE_CAP})`;
    switch (shape) {
      case 'empty':
        return run('1', []);
      case 'code': {
        const prefix = query.toUpperCase();
        if (!/^[0-9A-Z.-]+$/.test(prefix)) return [];
        return run(range('code', prefix), []);
      }
      case 'code-tail':
        return run(range('code_tail', query), []);
      case 'digits': {
        const digits = query.replace(/\D/g, '');
        return run(`(${range('id_number', digits)} OR ${range('phone', digits)})`, []);
      }
      case 'text':
        return this.textSearch(query, filterSql, params, limit);
    }
  }

  private textSearch(query: string, filterSql: string, params: (string | number)[], limit: number): DossierSummary[] {
    const match = ftsQuery(query);
    if (!match) return [];
    const ids = this.db.prepare('SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?').pluck();
    const fetch = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM dossiers WHERE id = ?${filterSql}`);
    const out: DossierSummary[] = [];
    let below = Number.MAX_SAFE_INTEGER;
    // Walk the matches newest first in batches; filters (if any) are applied to each batch.
    for (let batch = 0; batch < 50 && out.length < limit; batch++) {
      const chunk = ids.all(match, below, filterSql ? 200 : limit) as number[];
      for (const id of chunk) {
        const row = fetch.get(id, ...params) as SummaryRow | undefined;
        if (row) out.push(summary(row));
        if (out.length >= limit) break;
      }
      if (chunk.length === 0 || !filterSql) break;
      below = chunk[chunk.length - 1]!;
    }
    return out;
  }

  dueList(kind: 'overdue' | 'dueSoon', withinHours: number, limit: number): (DossierSummary & { workingMinutesLeft: number })[] {
    const nowIso = vnIso(this.now());
    const calendar = this.calendar.get();
    let rows: SummaryRow[];
    if (kind === 'overdue') {
      rows = this.db
        .prepare(`SELECT ${SUMMARY_COLUMNS} FROM dossiers WHERE status IN (1, 2, 4, 5, 6) AND due_at < ? ORDER BY due_at LIMIT ?`)
        .all(nowIso, limit) as SummaryRow[];
    } else {
      const horizon = fromLocal(calendar.addWorkingMinutes(toLocal(nowIso), withinHours * 60));
      rows = this.db
        .prepare(`SELECT ${SUMMARY_COLUMNS} FROM dossiers WHERE status IN (1, 2, 4, 5, 6) AND due_at >= ? AND due_at <= ? ORDER BY due_at LIMIT ?`)
        .all(nowIso, horizon, limit) as SummaryRow[];
    }
    return rows.map((r) => ({ ...summary(r), workingMinutesLeft: calendar.workingMinutesBetween(nowIso, r.due_at) }));
  }

  /** Renders a form for a dossier and keeps it with the dossier in the file store. */
  async renderAndStore(form: DossierForm['form'], code: string): Promise<DossierForm> {
    if (!this.options.renderForm) throw new AppError('unavailable', 'Chưa cấu hình mẫu biểu.');
    const dossier = this.get(code);
    const bytes = await this.options.renderForm(form, dossier);
    const stored = this.files.put(bytes);
    const createdAt = vnIso(this.now());
    const made: DossierForm = { form, sha256: stored.sha256, createdAt };
    const r = this.row(code);
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO dossier_forms (dossier_id, form, sha256, created_at) VALUES (?, ?, ?, ?)').run(r.id, form, stored.sha256, createdAt);
      this.notifyRecord({ type: 'form-stored', code: r.code, form: made });
    })();
    return made;
  }

  /** Whether this PC holds a copy of the dossier. */
  holds(code: string): boolean {
    return this.db.prepare('SELECT 1 FROM dossiers WHERE code = ?').get(code.trim().toUpperCase()) !== undefined;
  }

  /**
   * Writes a dossier made at another PC of the hall (replication). `new`: the
   * first copy here (the hub taking it into the hall register); listeners hear
   * it was received, so the province learns it once, from here. `replace`: the
   * hub's copy over ours (a workstation pulling the authority's state); no
   * listener runs, the hub already knows. Runs in one transaction.
   */
  storeReplica(d: Dossier, apology: Apology | null, mode: 'new' | 'replace'): void {
    this.db.transaction(() => {
      const existing = this.db.prepare('SELECT id FROM dossiers WHERE code = ?').pluck().get(d.code) as number | undefined;
      if (mode === 'new' && existing !== undefined) throw new AppError('conflict', `Hồ sơ ${d.code} đã có trong sổ của máy chủ sảnh.`);
      const a = d.applicant;
      const applicantName = a.kind === 'organization' ? `${a.organizationName ?? ''} (${a.fullName})` : a.fullName;
      const values = [
        d.procedureCode, d.procedureVersion, d.procedureName, d.field, JSON.stringify(a), applicantName, a.idNumber ?? a.taxCode,
        a.phone.replace(/\D/g, ''), d.status, d.receivedAt, vnDay(d.receivedAt), d.dueAt, d.receivedBy, d.station, d.ticketId, d.delivery,
        d.sets, JSON.stringify(d.fees), d.notes, d.result ? JSON.stringify(d.result) : null, apology ? JSON.stringify(apology) : null,
      ];
      let id: number;
      if (existing === undefined) {
        id = Number(
          this.db
            .prepare(
              `INSERT INTO dossiers (code, code_tail, procedure_code, procedure_version, procedure_name, field, applicant, applicant_name,
                 id_number, phone, status, received_at, received_day, due_at, received_by, station, ticket_id, delivery, sets, fees, notes, result, apology)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(d.code, d.code.slice(-11), ...values).lastInsertRowid,
        );
        this.db.prepare('INSERT INTO dossier_fts (rowid, text) VALUES (?, ?)').run(id, searchDocument(applicantName, d.procedureName));
      } else {
        id = existing;
        this.db
          .prepare(
            `UPDATE dossiers SET procedure_code = ?, procedure_version = ?, procedure_name = ?, field = ?, applicant = ?, applicant_name = ?,
               id_number = ?, phone = ?, status = ?, received_at = ?, received_day = ?, due_at = ?, received_by = ?, station = ?, ticket_id = ?,
               delivery = ?, sets = ?, fees = ?, notes = ?, result = ?, apology = ? WHERE id = ?`,
          )
          .run(...values, id);
        for (const table of ['dossier_components', 'dossier_history', 'dossier_forms']) this.db.prepare(`DELETE FROM ${table} WHERE dossier_id = ?`).run(id);
      }
      for (const c of d.components) this.insertComponent(id, c, c.digitization, c.addedAt);
      const history = this.db.prepare('INSERT INTO dossier_history (dossier_id, from_status, to_status, at, by, note) VALUES (?, ?, ?, ?, ?, ?)');
      for (const h of d.history) history.run(id, h.from, h.to, h.at, h.by, h.note);
      const form = this.db.prepare('INSERT INTO dossier_forms (dossier_id, form, sha256, created_at) VALUES (?, ?, ?, ?)');
      for (const f of d.forms) form.run(id, f.form, f.sha256, f.createdAt);
      if (mode === 'new') this.notify({ type: 'received', dossier: this.get(d.code) });
    })();
    this.bus?.emit('dossier.changed', { code: d.code, status: d.status });
  }

  /**
   * The hub applies one group of changes made at a workstation, all or none
   * (shared/domain/replica-rules.ts decides); listeners hear each step as if
   * it was made here, so the province and the hall's change feed learn it.
   * Throws a `conflict` with the reason when the group no longer applies.
   */
  applyReplicaEvents(code: string, events: readonly ReplicaEvent[]): void {
    let status: DossierStatus = 2;
    this.db.transaction(() => {
      const r = this.row(code);
      const last = this.db.prepare('SELECT at, by FROM dossier_history WHERE dossier_id = ? ORDER BY id DESC LIMIT 1').get(r.id) as { at: string; by: string } | undefined;
      const steps: ReplicaStep[] = events.map((e) => (e.type === 'status' ? { type: 'status', from: e.from, to: e.to } : e.type === 'apology' ? { type: 'apology', previousDueAt: e.previousDueAt, newDueAt: e.newDueAt } : { type: e.type }));
      const reason = replicaConflict({ status: r.status as DossierStatus, dueAt: r.due_at, hasResult: r.result !== null, last: last ?? null }, steps);
      if (reason) throw new AppError('conflict', reason);
      status = r.status as DossierStatus;
      for (const e of events) {
        if (e.type === 'status') {
          this.db.prepare('UPDATE dossiers SET status = ? WHERE id = ?').run(e.to, r.id);
          this.db.prepare('INSERT INTO dossier_history (dossier_id, from_status, to_status, at, by, note) VALUES (?, ?, ?, ?, ?, ?)').run(r.id, e.from, e.to, e.at, e.by, e.note);
          this.notify({ type: 'status-changed', code: r.code, change: { from: e.from, to: e.to, at: e.at, by: e.by, note: e.note } });
          status = e.to;
        } else if (e.type === 'component') {
          if (e.component.sha256 && !this.files.has(e.component.sha256)) throw new AppError('not_found', `Tệp của thành phần "${e.component.name}" chưa tới máy chủ sảnh.`);
          const added = this.insertComponent(r.id, e.component, e.component.digitization, e.component.addedAt);
          this.notify({ type: 'component-added', code: r.code, component: added, by: e.by });
        } else if (e.type === 'result') {
          this.db.prepare('UPDATE dossiers SET result = ? WHERE id = ?').run(JSON.stringify(e.result), r.id);
          this.notify({ type: 'result-returned', code: r.code, result: e.result });
        } else if (e.type === 'apology') {
          const apology: Apology = { reason: e.reason, previousDueAt: e.previousDueAt, newDueAt: e.newDueAt, at: e.at, by: e.by };
          this.db.prepare('UPDATE dossiers SET due_at = ?, apology = ? WHERE id = ?').run(e.newDueAt, JSON.stringify(apology), r.id);
          this.notifyRecord({ type: 'apologized', code: r.code, apology, previousDueAt: e.previousDueAt });
        } else {
          const known = this.db.prepare('SELECT 1 FROM dossier_forms WHERE dossier_id = ? AND sha256 = ?').get(r.id, e.form.sha256);
          if (known) continue;
          this.db.prepare('INSERT INTO dossier_forms (dossier_id, form, sha256, created_at) VALUES (?, ?, ?, ?)').run(r.id, e.form.form, e.form.sha256, e.form.createdAt);
          this.notifyRecord({ type: 'form-stored', code: r.code, form: e.form });
        }
      }
    })();
    this.bus?.emit('dossier.changed', { code: code.trim().toUpperCase(), status });
  }

  /** Dossiers received in a period, oldest first: the register (form 06). */
  register(from: string, to: string): Dossier[] {
    const codes = this.db
      .prepare('SELECT code FROM dossiers WHERE received_day >= ? AND received_day <= ? ORDER BY id LIMIT 5000')
      .pluck()
      .all(from, to) as string[];
    return codes.map((c) => this.get(c));
  }
}

/** The folded text the search index holds for a dossier. */
export function searchDocument(applicantName: string, procedureName: string): string {
  return foldVietnamese(`${applicantName} ${procedureName}`);
}

/** With delivery by post, the address the result goes to: the one given, else the applicant's; none at all is refused. */
function postalAddress(input: { delivery: 'desk' | 'post'; deliveryAddress?: string; applicant: { address: string } }): string | null {
  if (input.delivery !== 'post') return null;
  const address = input.deliveryAddress?.trim() || input.applicant.address.trim();
  if (!address) throw new AppError('invalid_input', 'Nhận kết quả qua bưu chính: cần địa chỉ nhận kết quả.');
  return address;
}

/** Who chose a request id: a resend from another caller never answers someone else's dossier. */
function actorKey(actor: Caller | 'system'): string {
  return actor === 'system' ? 'system' : (actor.userId ?? actor.deviceId ?? actor.role);
}
