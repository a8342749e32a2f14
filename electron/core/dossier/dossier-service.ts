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
import {
  DOSSIER_STATUS,
  STATUS_NAMES,
  canTransition,
  isDossierStatus,
  isOpen,
  transitionError,
  type DossierStatus,
} from '../../../shared/domain/status';
import { record } from '../audit/audit-log';
import type { CatalogService } from '../catalog/catalog-service';
import type { Caller } from '../contract/router';
import type { AgencyConfig } from '../config';
import type { Db } from '../db/database';
import type { EventBus } from '../events';
import type { FileStore } from '../files/file-store';
import type { CalendarStore } from '../calendar/calendar-store';
import { searchDossiers, type SearchInput } from './dossier-search';
import * as store from './dossier-store';
import type { Apology, DossierResult } from './dossier-store';
import { fromLocal, toLocal, vnDay, vnIso } from './vn-time';

/** Statuses a dossier enters only with a written reason. */
const NEEDS_REASON: readonly DossierStatus[] = [
  DOSSIER_STATUS.NOT_ACCEPTED,
  DOSSIER_STATUS.SUPPLEMENT_REQUESTED,
  DOSSIER_STATUS.WITHDRAWN,
  DOSSIER_STATUS.STOPPED,
];

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

export type { Apology, DossierResult } from './dossier-store';
export { classifyQuery, ftsQuery, type QueryShape, type SearchInput } from './dossier-search';
export { searchDocument } from './dossier-store';

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
      const source = store.findDossierRow(this.db, c.reusedFrom.dossierCode);
      if (!source) throw new AppError('not_found', `Không có hồ sơ ${c.reusedFrom.dossierCode} để tái sử dụng.`);
      const sha256 = c.sha256;
      const found =
        c.reusedFrom.kind === 'component'
          ? store.hasComponentFile(this.db, source.id, sha256)
          : source.result?.documents.some((d) => d.sha256 === sha256) === true;
      if (!found) throw new AppError('not_found', `Hồ sơ ${c.reusedFrom.dossierCode} không có tệp này để tái sử dụng.`);
      return { digitization: c.reusedFrom.kind === 'component' ? 2 : 3 };
    }
    if (c.sha256 && !this.files.has(c.sha256)) {
      throw new AppError('not_found', `Thành phần "${c.name}": tệp số hóa chưa có trong kho lưu trữ.`);
    }
    return { digitization: c.sha256 ? 1 : 0 };
  }

  /** Allocates the next code of this station for the day; must run inside the receive transaction. */
  private allocateCode(day: string): { code: string; sequence: number } {
    const { station, agency } = this.options;
    const last = store.lastSequence(this.db, agency.code, day, station);
    const source = this.options.sequences;
    const next = (previous: number | null) => (source ? source.next(agency.code, day, previous) : nextSequence(station, previous));
    let seq = next(last);
    // A restored database or an earlier install may already hold codes of this block: step over them.
    while (seq !== null && store.dossierExists(this.db, formatDossierCode(agency.code, day, seq))) {
      seq = next(seq);
    }
    if (seq === null && source) throw new AppError('conflict', source.exhausted(day));
    if (seq === null) {
      const { last: max } = stationBlock(station);
      throw new AppError(
        'conflict',
        `Máy trạm số ${station} đã cấp hết dãy số hồ sơ trong ngày (tới ${max}). Hãy tiếp nhận ở máy trạm khác.`,
      );
    }
    store.saveSequence(this.db, agency.code, day, station, seq);
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
    const status: DossierStatus = refused ? DOSSIER_STATUS.NOT_ACCEPTED : DOSSIER_STATUS.RECEIVED;
    const missing = procedure.components.filter((c) => c.required && !provided.has(c.code));
    if (missing.length > 0 && !refused) {
      throw new AppError('invalid_input', `Thiếu thành phần bắt buộc: ${missing.map((c) => c.name).join('; ')}.`);
    }
    const checked = input.components.map((c) => ({ c, ...this.checkComponent(c) }));
    const receivedAt = vnIso(input.receivedAt ?? this.now());
    const day = vnDay(receivedAt);
    const dueAt = refused
      ? receivedAt
      : this.calendar.get().dueDate(receivedAt, procedure.processing, { sameDayCutoff: procedure.sameDayCutoff });
    const deliveryAddress = postalAddress(input);

    const code = this.db.transaction(() => {
      // Checked again inside the write lock: two resends racing each other still make one dossier.
      const raced = requestKey ? this.codeForRequest(requestKey) : null;
      if (raced) return raced;
      const { code } = this.allocateCode(day);
      const id = store.insertDossier(this.db, {
        code,
        procedureCode: procedure.code,
        procedureVersion: procedure.version,
        procedureName: procedure.name,
        field: procedure.field,
        applicant: input.applicant,
        status,
        receivedAt,
        dueAt,
        receivedBy: input.officer,
        station: this.options.station,
        ticketId: input.ticketId,
        delivery: input.delivery,
        deliveryAddress,
        sets: input.sets,
        fees: input.fees,
        notes: input.notes,
        result: null,
        apology: null,
      });
      for (const { c, digitization } of checked) store.insertComponent(this.db, id, c, digitization, receivedAt);
      store.appendHistory(this.db, id, {
        from: null,
        to: status,
        at: receivedAt,
        by: input.officer,
        note: input.refusalReason ?? 'Tiếp nhận hồ sơ tại Bộ phận Một cửa',
      });
      store.markRequest(this.db, id, requestKey, receiptPending);
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
    return store.codeForRequest(this.db, requestKey);
  }

  private async ensureReceipt(dossier: Dossier): Promise<void> {
    const form = dossier.status === DOSSIER_STATUS.NOT_ACCEPTED ? '03' : '01';
    const id = this.row(dossier.code).id;
    if (!dossier.forms.some((f) => f.form === form)) {
      try {
        await this.renderAndStore(form, dossier.code);
      } catch (error) {
        console.error(`[dossier] receipt for ${dossier.code} not rendered`, error);
        return;
      }
    }
    store.clearReceiptPending(this.db, id);
  }

  /** Dossiers committed without their receipt (form 01, or 03 for a desk refusal): rendered now, oldest first. */
  async renderMissingReceipts(): Promise<string[]> {
    const codes = store.codesWithReceiptPending(this.db, 500);
    for (const code of codes) await this.ensureReceipt(this.get(code));
    return codes;
  }

  private row(code: string): store.DossierRow {
    const row = store.findDossierRow(this.db, code);
    if (!row) throw store.dossierNotFound(code);
    return row;
  }

  count(): number {
    return store.countDossiers(this.db);
  }

  get(code: string): Dossier {
    return store.toDossier(this.db, this.row(code));
  }

  apology(code: string): Apology | null {
    return this.row(code).apology;
  }

  addComponent(code: string, component: ComponentInput, officer: string): Dossier {
    const r = this.row(code);
    if (!isOpen(r.status)) throw new AppError('conflict', `Hồ sơ đang ở trạng thái "${STATUS_NAMES[r.status]}", không bổ sung được.`);
    const { digitization } = this.checkComponent(component);
    const at = vnIso(this.now());
    this.db.transaction(() => {
      const added = store.insertComponent(this.db, r.id, component, digitization, at);
      this.notify({ type: 'component-added', code: r.code, component: added, by: officer });
    })();
    this.bus?.emit('dossier.changed', { code: r.code, status: r.status });
    return this.get(r.code);
  }

  private recordTransition(
    r: { id: number; code: string },
    from: DossierStatus,
    to: DossierStatus,
    officer: string,
    note: string,
    at: string,
  ): void {
    const error = transitionError(from, to);
    if (error) throw new AppError('conflict', error);
    store.recordStep(this.db, r.id, { from, to, at, by: officer, note });
    this.notify({ type: 'status-changed', code: r.code, change: { from, to, at, by: officer, note } });
  }

  async transition(code: string, to: DossierStatus, officer: string, note: string): Promise<Dossier> {
    const r = this.row(code);
    if (to === DOSSIER_STATUS.RETURNED)
      throw new AppError('invalid_input', 'Để trả kết quả, hãy dùng chức năng "Trả kết quả" (ghi người nhận và giấy tờ).');
    if (NEEDS_REASON.includes(to) && note.trim() === '') {
      throw new AppError('invalid_input', `Cần ghi lý do khi chuyển sang "${STATUS_NAMES[to]}".`);
    }
    const at = vnIso(this.now());
    this.db.transaction(() => this.recordTransition(r, r.status, to, officer, note, at))();
    this.bus?.emit('dossier.changed', { code: r.code, status: to });
    if (to === DOSSIER_STATUS.SUPPLEMENT_REQUESTED) await this.renderAndStore('02', r.code);
    if (to === DOSSIER_STATUS.NOT_ACCEPTED) await this.renderAndStore('03', r.code);
    return this.get(r.code);
  }

  /**
   * A status set on the provincial side (its back office) comes back here. The
   * province is authoritative, so no local transition rule applies; a change
   * older than the dossier's last local step is stale and ignored, and nothing
   * is sent back to the province (it already knows). Returns whether it applied.
   */
  applyRemoteStatus(code: string, to: number, at: Date): boolean {
    if (!isDossierStatus(to)) return false;
    const r = store.findDossierRow(this.db, code);
    if (!r || r.code !== code || r.status === to) return false;
    const last = store.latestStepAt(this.db, r.id);
    const when = vnIso(at);
    if (last && new Date(last).getTime() > at.getTime()) return false;
    this.db.transaction(() => {
      store.recordStep(this.db, r.id, { from: r.status, to, at: when, by: 'Hệ thống TTHC tỉnh', note: 'Cập nhật từ hệ thống của tỉnh' });
    })();
    this.bus?.emit('dossier.changed', { code: r.code, status: to });
    return true;
  }

  async apologize(code: string, newDueAt: string, reason: string, officer: string): Promise<Dossier> {
    const r = this.row(code);
    if (!isOpen(r.status)) throw new AppError('conflict', 'Chỉ hồ sơ đang giải quyết mới hẹn lại được.');
    const due = vnIso(newDueAt);
    if (due <= r.due_at) throw new AppError('invalid_input', 'Ngày hẹn mới phải sau ngày hẹn cũ.');
    const apology: Apology = { reason, previousDueAt: r.due_at, newDueAt: due, at: vnIso(this.now()), by: officer };
    this.db.transaction(() => {
      store.setApology(this.db, r.id, apology);
      this.notifyRecord({ type: 'apologized', code: r.code, apology, previousDueAt: r.due_at });
    })();
    await this.renderAndStore('04', r.code);
    return this.get(r.code);
  }

  returnResult(code: string, documents: DossierResult['documents'], collectedBy: string, note: string, officer: string): Dossier {
    const r = this.row(code);
    for (const d of documents) {
      if (d.sha256 && !this.files.has(d.sha256))
        throw new AppError('not_found', `Giấy tờ kết quả "${d.name}": tệp chưa có trong kho lưu trữ.`);
    }
    const status = r.status;
    const { PROCESSED, RETURNED } = DOSSIER_STATUS;
    if (status !== PROCESSED && !canTransition(status, PROCESSED)) {
      throw new AppError('conflict', transitionError(status, RETURNED) ?? 'Không trả kết quả được.');
    }
    const at = vnIso(this.now());
    const result: DossierResult = { documents, collectedBy, returnedAt: at, returnedBy: officer, note };
    this.db.transaction(() => {
      if (status !== PROCESSED) this.recordTransition(r, status, PROCESSED, officer, 'Đã có kết quả giải quyết', at);
      this.recordTransition(r, PROCESSED, RETURNED, officer, `Trả kết quả cho ${collectedBy}`, at);
      store.setResult(this.db, r.id, result);
      this.notify({ type: 'result-returned', code: r.code, result });
    })();
    this.bus?.emit('dossier.changed', { code: r.code, status: RETURNED });
    return this.get(r.code);
  }

  findApplicant(idNumber: string): { applicant: Applicant | null; reusable: Reusable[] } {
    const rows = store.dossiersOfApplicant(this.db, idNumber.trim(), 50);
    const first = rows[0];
    if (!first) return { applicant: null, reusable: [] };
    const reusable: Reusable[] = [];
    const seen = new Set<string>();
    const offer = (item: Reusable) => {
      if (seen.has(item.sha256)) return;
      seen.add(item.sha256);
      reusable.push(item);
    };
    for (const row of rows) {
      for (const d of row.result?.documents ?? []) {
        if (d.sha256 && row.result)
          offer({ kind: 'result', dossierCode: row.code, name: d.name, sha256: d.sha256, at: row.result.returnedAt });
      }
      for (const c of store.filedComponentsOf(this.db, row.id))
        offer({ kind: 'component', dossierCode: row.code, name: c.name, sha256: c.sha256, at: c.added_at });
    }
    return { applicant: first.applicant, reusable };
  }

  /** The one search box. Newest first, always through an index: see README "Search" and dossier-search.ts. */
  search(input: SearchInput): DossierSummary[] {
    return searchDossiers(this.db, input);
  }

  dueList(kind: 'overdue' | 'dueSoon', withinHours: number, limit: number): (DossierSummary & { workingMinutesLeft: number })[] {
    const nowIso = vnIso(this.now());
    const calendar = this.calendar.get();
    const range =
      kind === 'overdue'
        ? { from: null, to: nowIso, inclusive: false }
        : { from: nowIso, to: fromLocal(calendar.addWorkingMinutes(toLocal(nowIso), withinHours * 60)), inclusive: true };
    return store
      .openDossiersDue(this.db, range, limit)
      .map((s) => ({ ...s, workingMinutesLeft: calendar.workingMinutesBetween(nowIso, s.dueAt) }));
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
      store.insertForm(this.db, r.id, made);
      this.notifyRecord({ type: 'form-stored', code: r.code, form: made });
    })();
    return made;
  }

  /** Whether this PC holds a copy of the dossier. */
  holds(code: string): boolean {
    return store.dossierExists(this.db, code.trim().toUpperCase());
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
      const existing = store.dossierIdOf(this.db, d.code);
      if (mode === 'new' && existing !== undefined) throw new AppError('conflict', `Hồ sơ ${d.code} đã có trong sổ của máy chủ sảnh.`);
      const values: store.DossierValues = { ...d, deliveryAddress: d.deliveryAddress ?? null, apology };
      let id: number;
      if (existing === undefined) id = store.insertDossier(this.db, values);
      else {
        id = existing;
        store.replaceDossier(this.db, id, values);
      }
      for (const c of d.components) store.insertComponent(this.db, id, c, c.digitization, c.addedAt);
      for (const h of d.history) store.appendHistory(this.db, id, h);
      for (const f of d.forms) store.insertForm(this.db, id, f);
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
    let status: DossierStatus = DOSSIER_STATUS.RECEIVED;
    this.db.transaction(() => {
      const r = this.row(code);
      const last = store.lastStep(this.db, r.id);
      const steps: ReplicaStep[] = events.map((e) =>
        e.type === 'status'
          ? { type: 'status', from: e.from, to: e.to }
          : e.type === 'apology'
            ? { type: 'apology', previousDueAt: e.previousDueAt, newDueAt: e.newDueAt }
            : { type: e.type },
      );
      const reason = replicaConflict({ status: r.status, dueAt: r.due_at, hasResult: r.result !== null, last }, steps);
      if (reason) throw new AppError('conflict', reason);
      status = r.status;
      for (const e of events) {
        if (e.type === 'status') {
          store.recordStep(this.db, r.id, { from: e.from, to: e.to, at: e.at, by: e.by, note: e.note });
          this.notify({ type: 'status-changed', code: r.code, change: { from: e.from, to: e.to, at: e.at, by: e.by, note: e.note } });
          status = e.to;
        } else if (e.type === 'component') {
          if (e.component.sha256 && !this.files.has(e.component.sha256))
            throw new AppError('not_found', `Tệp của thành phần "${e.component.name}" chưa tới máy chủ sảnh.`);
          const added = store.insertComponent(this.db, r.id, e.component, e.component.digitization, e.component.addedAt);
          this.notify({ type: 'component-added', code: r.code, component: added, by: e.by });
        } else if (e.type === 'result') {
          store.setResult(this.db, r.id, e.result);
          this.notify({ type: 'result-returned', code: r.code, result: e.result });
        } else if (e.type === 'apology') {
          const apology: Apology = { reason: e.reason, previousDueAt: e.previousDueAt, newDueAt: e.newDueAt, at: e.at, by: e.by };
          store.setApology(this.db, r.id, apology);
          this.notifyRecord({ type: 'apologized', code: r.code, apology, previousDueAt: e.previousDueAt });
        } else {
          if (store.hasForm(this.db, r.id, e.form.sha256)) continue;
          store.insertForm(this.db, r.id, e.form);
          this.notifyRecord({ type: 'form-stored', code: r.code, form: e.form });
        }
      }
    })();
    this.bus?.emit('dossier.changed', { code: code.trim().toUpperCase(), status });
  }

  /** Dossiers received in a period, oldest first: the register (form 06). */
  register(from: string, to: string): Dossier[] {
    const codes = store.codesReceivedBetween(this.db, from, to, 5000);
    return codes.map((c) => this.get(c));
  }
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
