/**
 * The hall queue, owned by the hub: tickets, calls and every ticket event.
 * Numbers are allocated in the same SQLite transaction that stores the ticket
 * (synchronous=FULL), so a number is never issued twice nor lost; printing
 * happens after the commit and its failure never loses the number.
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  type Counter,
  type CounterQueue,
  type IssuedTicket,
  type MethodParsedInput,
  type QueueSettings,
  type QueueState,
  type Service,
  type Ticket,
  type TicketStatus,
} from '../../../shared/contract';
import { businessDay, callOrder, estimateWaitMinutes, formatTicketNumber, isOpenAt, pickNext } from '../../../shared/queue/rules';
import { vnIsoMs } from '../../../shared/vn-time';
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import type { TicketPrinter } from '../devices/printer/ticket-printer';
import type { EventBus } from '../events';
import type { HallService } from '../hall/hall-service';
import { QueueSettingsStore } from './queue-settings';
import * as store from './queue-store';
import type { QueueEventType, TicketRow } from './queue-store';
import { toCall, toQueueState, toRecentCalls, toTicket } from './queue-views';
import { ticketQr } from './ticket-qr';

export { DEFAULT_SETTINGS } from './queue-settings';
export type { QueueEventType, TicketRow } from './queue-store';

const DEFAULT_RANGE = { start: 1, end: 999 };
const RECENT_CALLS = 8;

export interface QueueServiceOptions {
  agencyName: string;
  /** Injected clock for tests. */
  now?: () => Date;
  /** Resolves once what was committed is on disk (the core's group commit): a ticket is printed only then. */
  durable?: () => Promise<void>;
}

export class QueueService {
  private readonly now: () => Date;
  private lastSortKey = 0;
  /** Normal tickets each counter called since its last priority one (alternate policy). */
  private readonly normalsSincePriority = new Map<string, number>();
  private readonly settingsStore: QueueSettingsStore;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly hall: HallService,
    private readonly printer: TicketPrinter,
    private readonly options: QueueServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.settingsStore = new QueueSettingsStore(db);
    this.lastSortKey = store.maxSortKey(db) ?? 0;
    // A counter or service added or changed is part of the queue's state too.
    // Deferred so that every listener (the screens) gets hall.changed before the queue state that follows from it.
    bus.subscribe((event) => {
      if (event === 'hall.changed') queueMicrotask(() => this.changedQuietly());
    });
  }

  /**
   * Once a minute: at the daily reset the screens learn of the new day (empty
   * queue, numbers from the start), and kiosks learn when ticket hours open or
   * close, without waiting for a ticket. Returns a stop function.
   */
  startClock(everyMs = 60_000): () => void {
    let day = this.today();
    let open = isOpenAt(this.now(), this.settings().openingHours);
    const timer = setInterval(() => {
      const now = this.today();
      const openNow = isOpenAt(this.now(), this.settings().openingHours);
      if (now !== day) this.normalsSincePriority.clear();
      if (now !== day || openNow !== open) {
        day = now;
        open = openNow;
        this.changed();
      }
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  // ---------------------------------------------------------------- settings

  settings(): QueueSettings {
    return this.settingsStore.get();
  }

  saveSettings(settings: QueueSettings): QueueSettings {
    const saved = this.settingsStore.save(settings);
    this.changed();
    return saved;
  }

  /** Loads the demo settings when none are stored. */
  seedDemo(file: string): void {
    const demo = this.settingsStore.demoToSeed(file);
    if (demo) this.saveSettings(demo);
  }

  today(): string {
    return businessDay(this.now(), this.settings().dailyResetTime);
  }

  // ------------------------------------------------------------------ issue

  async issueTicket(input: MethodParsedInput<'queue.issueTicket'>, caller: Caller): Promise<IssuedTicket> {
    const settings = this.settings();
    const at = this.now();
    if (!isOpenAt(at, settings.openingHours)) {
      throw new AppError(
        'unavailable',
        `Ngoài giờ lấy số (${settings.openingHours.open}–${settings.openingHours.close}). Xin mời quay lại trong giờ làm việc.`,
      );
    }
    const hall = this.hall.config();
    const service = hall.services.find((s) => s.id === input.serviceId);
    if (!service || !service.active) throw new AppError('not_found', 'Lĩnh vực này không có hoặc đang tạm ngừng phục vụ.');
    const group = input.priorityGroup ? settings.priorityGroups.find((g) => g.id === input.priorityGroup && g.active) : null;
    if (input.priorityGroup && !group) throw new AppError('invalid_input', 'Nhóm ưu tiên không hợp lệ.');

    const day = businessDay(at, settings.dailyResetTime);
    const range = settings.numberRanges[service.id] ?? DEFAULT_RANGE;
    const issuedAt = vnIsoMs(at);
    const requestKey = input.requestId ? `${caller.deviceId ?? caller.userId ?? caller.role}|${input.requestId}` : null;
    const ticket = this.db.transaction((): TicketRow => {
      // Found by the attack run: a kiosk replaying another's requestId got that ticket back, name included.
      // The id is now scoped to the caller that chose it, and a replay answers only for the same service.
      if (requestKey) {
        const earlier = store.ticketByRequest(this.db, requestKey);
        if (earlier && earlier.issued_service_id !== service.id) {
          throw new AppError('conflict', 'Mã yêu cầu này đã dùng để lấy số cho lĩnh vực khác. Hãy chạm lại để lấy số mới.');
        }
        if (earlier) return earlier;
      }
      const last = store.lastSeq(this.db, service.id, day);
      const seq = last === undefined ? range.start : last + 1;
      if (seq > range.end) {
        throw new AppError('conflict', `Đã hết số thứ tự của lĩnh vực "${service.name}" trong ngày (tối đa ${range.end}).`);
      }
      store.saveSeq(this.db, service.id, day, seq);
      const row: TicketRow = {
        id: randomUUID(),
        day,
        service_id: service.id,
        issued_service_id: service.id,
        seq,
        number: formatTicketNumber(service.prefix, seq, range.end),
        priority_group: group?.id ?? null,
        status: 'waiting',
        counter_id: null,
        target_counter_id: null,
        sort_key: this.nextSortKey(),
        issued_at: issuedAt,
        called_at: null,
        first_called_at: null,
        started_at: null,
        ended_at: null,
        citizen_name: input.citizenName?.trim() || null,
        dossier_code: null,
        rating: null,
        request_id: requestKey,
      };
      if (store.insertTicket(this.db, row) === 'duplicate') {
        throw new AppError('conflict', `Số ${row.number} đã được cấp hôm nay (tiền tố lĩnh vực vừa đổi?). Hãy kiểm tra cấu hình.`);
      }
      this.recordEvent(row, 'issued', null, caller);
      return row;
    })();
    this.changed();

    const waitingAhead = store.countWaitingAhead(this.db, ticket);
    const servingCounters = hall.counters.filter((c) => c.active && c.serviceIds.includes(service.id)).length;
    const estimatedWaitMinutes = estimateWaitMinutes(waitingAhead, servingCounters, this.averageServiceMinutes(day));
    const qr = ticketQr(ticket);
    // A number on paper must survive a power cut: otherwise the restarted hub would issue it again.
    const onDisk = this.options.durable?.() ?? Promise.resolve();
    const print = await this.printer.print(
      {
        ticketId: ticket.id,
        number: ticket.number,
        serviceName: service.name,
        agencyName: this.options.agencyName,
        issuedAt: ticket.issued_at,
        priorityName: group?.name ?? null,
        waitingAhead,
        estimatedWaitMinutes,
        qr,
      },
      onDisk,
    );
    return { ...this.toTicket(ticket, hall.services), waitingAhead, estimatedWaitMinutes, qr, print };
  }

  // ------------------------------------------------------------------- calls

  callNext(counterId: string, caller: Caller): Ticket | null {
    const result = this.db.transaction((): TicketRow | null => {
      const counter = this.counterOrThrow(counterId);
      this.closeCurrent(counter, caller);
      const waiting = this.waitingRows(this.today());
      const next = pickNext(this.candidates(waiting), counter, this.settings().policy, this.normalsSincePriority.get(counterId) ?? 0);
      if (!next) return null;
      const row = waiting.find((r) => r.id === next.id)!;
      return this.markCalled(row, counter, caller);
    })();
    this.afterCall(result, counterId, false);
    return result ? this.toTicket(result) : null;
  }

  callTicket(input: MethodParsedInput<'queue.callTicket'>, caller: Caller): Ticket {
    const row = this.db.transaction((): TicketRow => {
      const counter = this.counterOrThrow(input.counterId);
      const day = this.today();
      const found = input.ticketId
        ? this.rowById(input.ticketId)
        : input.number
          ? store.ticketByNumber(this.db, day, input.number.trim().toUpperCase())
          : undefined;
      if (!found || found.day !== day) throw new AppError('not_found', 'Không tìm thấy số thứ tự này trong ngày.');
      const parkedHere = found.status === 'parked' && found.counter_id === counter.id;
      if (found.status !== 'waiting' && !parkedHere) {
        throw new AppError('conflict', `Số ${found.number} không còn chờ (${STATUS_TEXT[found.status]}).`);
      }
      this.closeCurrent(counter, caller);
      return this.markCalled(found, counter, caller);
    })();
    this.afterCall(row, input.counterId, false);
    return this.toTicket(row);
  }

  recall(counterId: string, caller: Caller): Ticket {
    const row = this.currentOrThrow(counterId);
    this.recordEvent(row, 'recalled', counterId, caller);
    this.afterCall(row, counterId, true);
    return this.toTicket(row);
  }

  startService(counterId: string, caller: Caller): Ticket {
    return this.mutateCurrent(counterId, caller, (row) => {
      if (row.status === 'serving') return row;
      const at = vnIsoMs(this.now());
      store.markServing(this.db, row.id, at);
      this.recordEvent(row, 'served_start', counterId, caller, null, at);
      return { ...row, status: 'serving', started_at: at };
    });
  }

  noShow(counterId: string, caller: Caller): Ticket {
    return this.mutateCurrent(counterId, caller, (row) => {
      if (row.status === 'serving') throw new AppError('conflict', `Số ${row.number} đang được phục vụ, không thể đánh dấu vắng mặt.`);
      const at = vnIsoMs(this.now());
      store.markNoShow(this.db, row.id, at);
      this.recordEvent(row, 'no_show', counterId, caller, null, at);
      return { ...row, status: 'no_show', ended_at: at };
    });
  }

  skip(counterId: string, caller: Caller): Ticket {
    return this.mutateCurrent(counterId, caller, (row) => {
      if (row.status === 'serving') this.recordEvent(row, 'served_end', counterId, caller, 'skipped');
      const sortKey = this.nextSortKey();
      store.requeue(this.db, row.id, sortKey);
      this.recordEvent(row, 'skipped', counterId, caller);
      return { ...row, status: 'waiting', counter_id: null, sort_key: sortKey, started_at: null };
    });
  }

  transfer(input: MethodParsedInput<'queue.transfer'>, caller: Caller): Ticket {
    const hall = this.hall.config();
    if (!input.serviceId && !input.targetCounterId) throw new AppError('invalid_input', 'Hãy chọn lĩnh vực hoặc quầy nhận chuyển.');
    if (input.serviceId && !hall.services.some((s) => s.id === input.serviceId)) throw new AppError('not_found', 'Không có lĩnh vực này.');
    if (input.targetCounterId && !hall.counters.some((c) => c.id === input.targetCounterId)) {
      throw new AppError('not_found', 'Không có quầy này.');
    }
    if (input.targetCounterId === input.counterId) throw new AppError('invalid_input', 'Không thể chuyển về chính quầy này.');
    return this.mutateCurrent(input.counterId, caller, (row) => {
      if (row.status === 'serving') this.recordEvent(row, 'served_end', input.counterId, caller, 'transferred');
      const serviceId = input.serviceId ?? row.service_id;
      // It keeps its place (original issue order): the citizen has waited once already.
      store.transferTicket(this.db, row.id, serviceId, input.targetCounterId ?? null);
      const updated: TicketRow = {
        ...row,
        status: 'waiting',
        counter_id: null,
        service_id: serviceId,
        target_counter_id: input.targetCounterId ?? null,
        started_at: null,
      };
      this.recordEvent(
        updated,
        'transferred',
        input.counterId,
        caller,
        JSON.stringify({ serviceId, targetCounterId: input.targetCounterId ?? null }),
      );
      return updated;
    });
  }

  park(counterId: string, caller: Caller): Ticket {
    return this.mutateCurrent(counterId, caller, (row) => {
      store.setStatus(this.db, row.id, 'parked');
      this.recordEvent(row, 'parked', counterId, caller, row.status);
      return { ...row, status: 'parked' };
    });
  }

  resume(counterId: string, ticketId: string, caller: Caller): Ticket {
    const row = this.db.transaction((): TicketRow => {
      const counter = this.counterOrThrow(counterId);
      const current = this.currentRow(counterId);
      if (current) throw new AppError('conflict', `Quầy đang phục vụ số ${current.number}: hãy kết thúc hoặc tạm gác số đó trước.`);
      const parked = this.rowById(ticketId);
      if (!parked || parked.status !== 'parked' || parked.counter_id !== counter.id) {
        throw new AppError('not_found', 'Số này không ở trạng thái tạm gác tại quầy này.');
      }
      const status: TicketStatus = parked.started_at ? 'serving' : 'called';
      store.setStatus(this.db, parked.id, status);
      this.recordEvent(parked, 'resumed', counterId, caller);
      return { ...parked, status };
    })();
    this.changed();
    return this.toTicket(row);
  }

  finish(counterId: string, caller: Caller): Ticket {
    const row = this.mutateCurrent(counterId, caller, (current) => this.finishRow(current, counterId, caller));
    this.bus.emit('queue.finished', { ticketId: row.id, number: row.number, counterId });
    return row;
  }

  linkDossier(ticketId: string, dossierCode: string, caller: Caller): Ticket {
    const row = this.rowById(ticketId);
    if (!row) throw new AppError('not_found', 'Không tìm thấy số thứ tự.');
    this.db.transaction(() => {
      store.setDossierCode(this.db, ticketId, dossierCode);
      this.recordEvent(row, 'dossier_linked', row.counter_id, caller, dossierCode);
    })();
    return this.toTicket({ ...row, dossier_code: dossierCode });
  }

  rate(ticketId: string, rating: number, caller: Caller): Ticket {
    const row = this.rowById(ticketId);
    if (!row) throw new AppError('not_found', 'Không tìm thấy số thứ tự.');
    if (row.status !== 'done') throw new AppError('conflict', 'Chỉ đánh giá được sau khi kết thúc phục vụ.');
    if (row.rating !== null) throw new AppError('conflict', 'Số thứ tự này đã được đánh giá. Xin cảm ơn!');
    // The rating is the serving officer's, whoever's device sent it (the citizen's tablet).
    const officer = store.lastServingOfficer(this.db, ticketId);
    this.db.transaction(() => {
      store.setRating(this.db, ticketId, rating);
      store.insertEvent(this.db, {
        ticketId: row.id,
        type: 'rated',
        at: vnIsoMs(this.now()),
        day: row.day,
        serviceId: row.service_id,
        counterId: row.counter_id,
        officerId: officer,
        detail: String(rating),
      });
    })();
    void caller;
    return this.toTicket({ ...row, rating });
  }

  // ------------------------------------------------------------------- reads

  state(): QueueState {
    const hall = this.hall.config();
    const day = this.today();
    return toQueueState({
      day,
      open: isOpenAt(this.now(), this.settings().openingHours),
      services: hall.services,
      counters: hall.counters,
      waitingByService: store.waitingByService(this.db, day),
      parkedByCounter: store.parkedByCounter(this.db, day),
      active: store.activeTickets(this.db, day),
      recentCalls: toRecentCalls(store.recentCallRows(this.db, day, RECENT_CALLS), hall.counters, hall.services),
      printer: this.printer.status(),
    });
  }

  counterQueue(counterId: string): CounterQueue {
    const counter = this.counterOrThrow(counterId);
    const day = this.today();
    const services = this.hall.config().services;
    const current = this.currentRow(counterId);
    const parked = store.parkedTickets(this.db, day, counterId);
    const waiting = this.waitingRows(day);
    const order = callOrder(this.candidates(waiting), counter, this.settings().policy, this.normalsSincePriority.get(counterId) ?? 0);
    const byId = new Map(waiting.map((r) => [r.id, r]));
    return {
      current: current ? this.toTicket(current, services) : null,
      parked: parked.map((r) => this.toTicket(r, services)),
      waiting: order.slice(0, 50).map((c) => this.toTicket(byId.get(c.id)!, services)),
    };
  }

  ticket(id: string): Ticket | null {
    const row = this.rowById(id);
    return row ? this.toTicket(row) : null;
  }

  // ----------------------------------------------------------------- helpers

  private nextSortKey(): number {
    this.lastSortKey = Math.max(Date.now(), this.lastSortKey + 1);
    return this.lastSortKey;
  }

  private averageServiceMinutes(day: string): number {
    const avg = store.averageServiceMinutes(this.db, day);
    return avg && avg > 0.5 ? avg : this.settings().defaultServiceMinutes;
  }

  private waitingRows(day: string): TicketRow[] {
    return store.waitingTickets(this.db, day);
  }

  private candidates(rows: TicketRow[]) {
    return rows.map((r) => ({
      id: r.id,
      serviceId: r.service_id,
      priority: r.priority_group !== null,
      order: r.sort_key,
      targetCounterId: r.target_counter_id,
    }));
  }

  private counterOrThrow(counterId: string): Counter {
    const counter = this.hall.config().counters.find((c) => c.id === counterId);
    if (!counter) throw new AppError('not_found', `Không có quầy "${counterId}".`);
    if (!counter.active) throw new AppError('conflict', `${counter.name} đang tạm ngừng hoạt động.`);
    return counter;
  }

  private rowById(id: string): TicketRow | undefined {
    return store.ticketById(this.db, id);
  }

  private currentRow(counterId: string): TicketRow | undefined {
    return store.currentTicket(this.db, this.today(), counterId);
  }

  private currentOrThrow(counterId: string): TicketRow {
    this.counterOrThrow(counterId);
    const row = this.currentRow(counterId);
    if (!row) throw new AppError('conflict', 'Quầy chưa gọi số nào.');
    return row;
  }

  private mutateCurrent(counterId: string, caller: Caller, change: (row: TicketRow) => TicketRow): Ticket {
    const row = this.db.transaction(() => change(this.currentOrThrow(counterId)))();
    void caller;
    this.changed();
    return this.toTicket(row);
  }

  /** Calling the next number ends the service of the current one. */
  private closeCurrent(counter: Counter, caller: Caller): void {
    const current = this.currentRow(counter.id);
    if (current) this.finishRow(current, counter.id, caller);
  }

  private finishRow(row: TicketRow, counterId: string, caller: Caller): TicketRow {
    const at = vnIsoMs(this.now());
    const startedAt = row.started_at ?? row.called_at ?? at;
    if (!row.started_at) this.recordEvent(row, 'served_start', counterId, caller, null, startedAt);
    store.markDone(this.db, row.id, startedAt, at);
    this.recordEvent(row, 'served_end', counterId, caller, null, at);
    return { ...row, status: 'done', started_at: startedAt, ended_at: at };
  }

  private markCalled(row: TicketRow, counter: Counter, caller: Caller): TicketRow {
    const at = vnIsoMs(this.now());
    store.markCalled(this.db, row.id, counter.id, at);
    this.recordEvent(row, 'called', counter.id, caller, null, at);
    const normals = this.normalsSincePriority.get(counter.id) ?? 0;
    this.normalsSincePriority.set(counter.id, row.priority_group ? 0 : normals + 1);
    return {
      ...row,
      status: 'called',
      counter_id: counter.id,
      target_counter_id: null,
      called_at: at,
      first_called_at: row.first_called_at ?? at,
    };
  }

  /** The call goes out first (the display announces it), then the new state. */
  private afterCall(row: TicketRow | null, counterId: string, recall: boolean): void {
    if (row) {
      const hall = this.hall.config();
      const counter = hall.counters.find((c) => c.id === counterId);
      const callId = store.lastEventId(this.db, row.id);
      if (counter) this.bus.emit('queue.called', toCall(row, counter, hall.services, String(callId), vnIsoMs(this.now()), recall));
    }
    this.changed();
  }

  private recordEvent(
    row: TicketRow,
    type: QueueEventType,
    counterId: string | null,
    caller: Caller,
    detail: string | null = null,
    at = vnIsoMs(this.now()),
  ): void {
    store.insertEvent(this.db, {
      ticketId: row.id,
      type,
      at,
      day: row.day,
      serviceId: row.service_id,
      counterId,
      officerId: caller.userId ?? null,
      detail,
    });
  }

  private toTicket(row: TicketRow, services: Service[] = this.hall.config().services): Ticket {
    return toTicket(row, services);
  }

  changed(): void {
    this.bus.emit('queue.changed', this.state());
  }

  /** As changed(), for deferred work: the database may have been closed meanwhile (shutdown). */
  private changedQuietly(): void {
    if (!this.db.open) return;
    this.changed();
  }
}

export const STATUS_TEXT: Record<TicketStatus, string> = {
  waiting: 'đang chờ',
  called: 'đã gọi',
  serving: 'đang phục vụ',
  parked: 'tạm gác',
  done: 'đã xong',
  no_show: 'vắng mặt',
};
