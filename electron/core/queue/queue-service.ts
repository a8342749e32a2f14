/**
 * The hall queue, owned by the hub: tickets, calls and every ticket event.
 * Numbers are allocated in the same SQLite transaction that stores the ticket
 * (synchronous=FULL), so a number is never issued twice nor lost; printing
 * happens after the commit and its failure never loses the number.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import {
  AppError,
  QueueSettingsSchema,
  type Call,
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
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import type { TicketPrinter } from '../devices/printer/ticket-printer';
import type { EventBus } from '../events';
import type { HallService } from '../hall/hall-service';

export const DEFAULT_SETTINGS: QueueSettings = {
  openingHours: { open: '07:00', close: '17:00', enforce: false },
  dailyResetTime: '00:00',
  numberRanges: {},
  priorityGroups: [
    { id: 'nguoi-cao-tuoi', name: 'Người cao tuổi', active: true },
    { id: 'nguoi-khuyet-tat', name: 'Người khuyết tật', active: true },
    { id: 'phu-nu-mang-thai', name: 'Phụ nữ mang thai', active: true },
    { id: 'nguoi-co-con-nho', name: 'Người có con nhỏ dưới 36 tháng', active: true },
    { id: 'nguoi-co-cong', name: 'Thương binh, người có công với cách mạng', active: true },
  ],
  policy: { mode: 'alternate', normalPerPriority: 2 },
  elderlyAge: 60,
  elderlyGroupId: 'nguoi-cao-tuoi',
  defaultServiceMinutes: 10,
};

const DEFAULT_RANGE = { start: 1, end: 999 };
const RECENT_CALLS = 8;

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

export interface TicketRow {
  id: string;
  day: string;
  service_id: string;
  issued_service_id: string;
  seq: number;
  number: string;
  priority_group: string | null;
  status: TicketStatus;
  counter_id: string | null;
  target_counter_id: string | null;
  sort_key: number;
  issued_at: string;
  called_at: string | null;
  first_called_at: string | null;
  started_at: string | null;
  ended_at: string | null;
  citizen_name: string | null;
  dossier_code: string | null;
  rating: number | null;
  request_id?: string | null;
}

export interface QueueServiceOptions {
  agencyName: string;
  /** Injected clock for tests. */
  now?: () => Date;
}

export class QueueService {
  private readonly now: () => Date;
  private lastSortKey = 0;
  /** Normal tickets each counter called since its last priority one (alternate policy). */
  private readonly normalsSincePriority = new Map<string, number>();
  private settingsCache: QueueSettings | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly hall: HallService,
    private readonly printer: TicketPrinter,
    private readonly options: QueueServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    const max = db.prepare('SELECT MAX(sort_key) FROM queue_tickets').pluck().get() as number | null;
    this.lastSortKey = max ?? 0;
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
    if (this.settingsCache) return this.settingsCache;
    const json = this.db.prepare('SELECT json FROM queue_settings WHERE id = 1').pluck().get() as string | undefined;
    const parsed = json ? QueueSettingsSchema.safeParse(JSON.parse(json)) : null;
    this.settingsCache = parsed?.success ? parsed.data : DEFAULT_SETTINGS;
    return this.settingsCache;
  }

  saveSettings(settings: QueueSettings): QueueSettings {
    if (!settings.priorityGroups.some((g) => g.id === settings.elderlyGroupId)) {
      throw new AppError('invalid_input', `Nhóm ưu tiên cho người cao tuổi "${settings.elderlyGroupId}" không có trong danh sách.`);
    }
    this.db
      .prepare('INSERT INTO queue_settings (id, json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json')
      .run(JSON.stringify(settings));
    this.settingsCache = settings;
    this.changed();
    return settings;
  }

  /** Loads the demo settings when none are stored. */
  seedDemo(file: string): void {
    const has = this.db.prepare('SELECT COUNT(*) FROM queue_settings').pluck().get() as number;
    if (has > 0) return;
    this.saveSettings(QueueSettingsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))));
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
    const issuedAt = at.toISOString();
    const requestKey = input.requestId ? `${caller.deviceId ?? caller.userId ?? caller.role}|${input.requestId}` : null;
    const ticket = this.db.transaction((): TicketRow => {
      // Found by the attack run: a kiosk replaying another's requestId got that ticket back, name included.
      // The id is now scoped to the caller that chose it, and a replay answers only for the same service.
      if (requestKey) {
        const earlier = this.db.prepare('SELECT * FROM queue_tickets WHERE request_id = ?').get(requestKey) as TicketRow | undefined;
        if (earlier && earlier.issued_service_id !== service.id) {
          throw new AppError('conflict', 'Mã yêu cầu này đã dùng để lấy số cho lĩnh vực khác. Hãy chạm lại để lấy số mới.');
        }
        if (earlier) return earlier;
      }
      const last = this.db
        .prepare('SELECT last_seq FROM queue_sequences WHERE service_id = ? AND day = ?')
        .pluck()
        .get(service.id, day) as number | undefined;
      const seq = last === undefined ? range.start : last + 1;
      if (seq > range.end) {
        throw new AppError('conflict', `Đã hết số thứ tự của lĩnh vực "${service.name}" trong ngày (tối đa ${range.end}).`);
      }
      this.db
        .prepare(
          `INSERT INTO queue_sequences (service_id, day, last_seq) VALUES (?, ?, ?)
           ON CONFLICT(service_id, day) DO UPDATE SET last_seq = excluded.last_seq`,
        )
        .run(service.id, day, seq);
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
      try {
        this.db
          .prepare(
            `INSERT INTO queue_tickets (id, day, service_id, issued_service_id, seq, number, priority_group, status, counter_id,
               target_counter_id, sort_key, issued_at, citizen_name, request_id)
             VALUES (@id, @day, @service_id, @issued_service_id, @seq, @number, @priority_group, @status, @counter_id,
               @target_counter_id, @sort_key, @issued_at, @citizen_name, @request_id)`,
          )
          .run(row);
      } catch (error) {
        if (String((error as Error).message).includes('UNIQUE')) {
          throw new AppError('conflict', `Số ${row.number} đã được cấp hôm nay (tiền tố lĩnh vực vừa đổi?). Hãy kiểm tra cấu hình.`);
        }
        throw error;
      }
      this.recordEvent(row, 'issued', null, caller);
      return row;
    })();
    this.changed();

    const waitingAhead = this.db
      .prepare(`SELECT COUNT(*) FROM queue_tickets WHERE day = ? AND status = 'waiting' AND service_id = ? AND sort_key < ?`)
      .pluck()
      .get(ticket.day, ticket.service_id, ticket.sort_key) as number;
    const servingCounters = hall.counters.filter((c) => c.active && c.serviceIds.includes(service.id)).length;
    const estimatedWaitMinutes = estimateWaitMinutes(waitingAhead, servingCounters, this.averageServiceMinutes(day));
    const qr = `MOTCUA-VE|${ticket.id}|${ticket.number}|${ticket.day}`;
    const print = await this.printer.print({
      ticketId: ticket.id,
      number: ticket.number,
      serviceName: service.name,
      agencyName: this.options.agencyName,
      issuedAt: ticket.issued_at,
      priorityName: group?.name ?? null,
      waitingAhead,
      estimatedWaitMinutes,
      qr,
    });
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
          ? (this.db.prepare('SELECT * FROM queue_tickets WHERE day = ? AND number = ?').get(day, input.number.trim().toUpperCase()) as
              | TicketRow
              | undefined)
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
      const at = this.now().toISOString();
      this.db.prepare(`UPDATE queue_tickets SET status = 'serving', started_at = ? WHERE id = ?`).run(at, row.id);
      this.recordEvent(row, 'served_start', counterId, caller, null, at);
      return { ...row, status: 'serving', started_at: at };
    });
  }

  noShow(counterId: string, caller: Caller): Ticket {
    return this.mutateCurrent(counterId, caller, (row) => {
      if (row.status === 'serving') throw new AppError('conflict', `Số ${row.number} đang được phục vụ, không thể đánh dấu vắng mặt.`);
      const at = this.now().toISOString();
      this.db.prepare(`UPDATE queue_tickets SET status = 'no_show', ended_at = ? WHERE id = ?`).run(at, row.id);
      this.recordEvent(row, 'no_show', counterId, caller, null, at);
      return { ...row, status: 'no_show', ended_at: at };
    });
  }

  skip(counterId: string, caller: Caller): Ticket {
    return this.mutateCurrent(counterId, caller, (row) => {
      if (row.status === 'serving') this.recordEvent(row, 'served_end', counterId, caller, 'skipped');
      const sortKey = this.nextSortKey();
      this.db
        .prepare(`UPDATE queue_tickets SET status = 'waiting', counter_id = NULL, sort_key = ?, started_at = NULL WHERE id = ?`)
        .run(sortKey, row.id);
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
      this.db
        .prepare(
          `UPDATE queue_tickets SET status = 'waiting', counter_id = NULL, service_id = ?, target_counter_id = ?, started_at = NULL
           WHERE id = ?`,
        )
        .run(serviceId, input.targetCounterId ?? null, row.id);
      const updated: TicketRow = {
        ...row,
        status: 'waiting',
        counter_id: null,
        service_id: serviceId,
        target_counter_id: input.targetCounterId ?? null,
        started_at: null,
      };
      this.recordEvent(updated, 'transferred', input.counterId, caller, JSON.stringify({ serviceId, targetCounterId: input.targetCounterId ?? null }));
      return updated;
    });
  }

  park(counterId: string, caller: Caller): Ticket {
    return this.mutateCurrent(counterId, caller, (row) => {
      this.db.prepare(`UPDATE queue_tickets SET status = 'parked' WHERE id = ?`).run(row.id);
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
      this.db.prepare('UPDATE queue_tickets SET status = ? WHERE id = ?').run(status, parked.id);
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
      this.db.prepare('UPDATE queue_tickets SET dossier_code = ? WHERE id = ?').run(dossierCode, ticketId);
      this.recordEvent(row, 'dossier_linked', row.counter_id, caller, dossierCode);
    })();
    return this.toTicket({ ...row, dossier_code: dossierCode });
  }

  rate(ticketId: string, rating: number, caller: Caller): Ticket {
    const row = this.rowById(ticketId);
    if (!row) throw new AppError('not_found', 'Không tìm thấy số thứ tự.');
    if (row.status !== 'done') throw new AppError('conflict', 'Chỉ đánh giá được sau khi kết thúc phục vụ.');
    if (row.rating !== null) throw new AppError('conflict', 'Số thứ tự này đã được đánh giá. Xin cảm ơn!');
    const officer = this.db
      .prepare(`SELECT officer_id FROM queue_events WHERE ticket_id = ? AND type = 'served_end' ORDER BY id DESC LIMIT 1`)
      .pluck()
      .get(ticketId) as string | null | undefined;
    this.db.transaction(() => {
      this.db.prepare('UPDATE queue_tickets SET rating = ? WHERE id = ?').run(rating, ticketId);
      this.db
        .prepare(
          `INSERT INTO queue_events (ticket_id, type, at, day, service_id, counter_id, officer_id, detail) VALUES (?, 'rated', ?, ?, ?, ?, ?, ?)`,
        )
        .run(row.id, this.now().toISOString(), row.day, row.service_id, row.counter_id, officer ?? null, String(rating));
    })();
    void caller;
    return this.toTicket({ ...row, rating });
  }

  // ------------------------------------------------------------------- reads

  state(): QueueState {
    const hall = this.hall.config();
    const day = this.today();
    const settings = this.settings();
    const waitingByService = new Map(
      (
        this.db
          .prepare(`SELECT service_id, COUNT(*) AS n FROM queue_tickets WHERE day = ? AND status = 'waiting' GROUP BY service_id`)
          .all(day) as { service_id: string; n: number }[]
      ).map((r) => [r.service_id, r.n]),
    );
    const active = this.db
      .prepare(`SELECT * FROM queue_tickets WHERE day = ? AND status IN ('called', 'serving') ORDER BY called_at`)
      .all(day) as TicketRow[];
    const parked = new Map(
      (
        this.db
          .prepare(`SELECT counter_id, COUNT(*) AS n FROM queue_tickets WHERE day = ? AND status = 'parked' GROUP BY counter_id`)
          .all(day) as { counter_id: string; n: number }[]
      ).map((r) => [r.counter_id, r.n]),
    );
    return {
      day,
      open: isOpenAt(this.now(), settings.openingHours),
      services: hall.services
        .filter((s) => s.active)
        .map((s) => ({ id: s.id, name: s.name, prefix: s.prefix, waiting: waitingByService.get(s.id) ?? 0 })),
      counters: hall.counters
        .filter((c) => c.active)
        .map((c) => {
          const current = active.filter((t) => t.counter_id === c.id).pop();
          return {
            id: c.id,
            name: c.name,
            number: c.number,
            serviceIds: c.serviceIds,
            current: current ? this.toTicket(current, hall.services) : null,
            parked: parked.get(c.id) ?? 0,
          };
        }),
      waitingTotal: [...waitingByService.values()].reduce((a, b) => a + b, 0),
      recentCalls: this.recentCalls(day, hall.counters, hall.services),
      printer: this.printer.status(),
    };
  }

  counterQueue(counterId: string): CounterQueue {
    const counter = this.counterOrThrow(counterId);
    const day = this.today();
    const services = this.hall.config().services;
    const current = this.currentRow(counterId);
    const parked = this.db
      .prepare(`SELECT * FROM queue_tickets WHERE day = ? AND counter_id = ? AND status = 'parked' ORDER BY sort_key`)
      .all(day, counterId) as TicketRow[];
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
    const avg = this.db
      .prepare(
        `SELECT AVG((julianday(ended_at) - julianday(started_at)) * 1440) FROM queue_tickets
         WHERE day = ? AND status = 'done' AND started_at IS NOT NULL AND ended_at IS NOT NULL`,
      )
      .pluck()
      .get(day) as number | null;
    return avg && avg > 0.5 ? avg : this.settings().defaultServiceMinutes;
  }

  private waitingRows(day: string): TicketRow[] {
    return this.db.prepare(`SELECT * FROM queue_tickets WHERE day = ? AND status = 'waiting' ORDER BY sort_key`).all(day) as TicketRow[];
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
    return this.db.prepare('SELECT * FROM queue_tickets WHERE id = ?').get(id) as TicketRow | undefined;
  }

  private currentRow(counterId: string): TicketRow | undefined {
    return this.db
      .prepare(
        `SELECT * FROM queue_tickets WHERE day = ? AND counter_id = ? AND status IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1`,
      )
      .get(this.today(), counterId) as TicketRow | undefined;
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
    const at = this.now().toISOString();
    const startedAt = row.started_at ?? row.called_at ?? at;
    if (!row.started_at) this.recordEvent(row, 'served_start', counterId, caller, null, startedAt);
    this.db.prepare(`UPDATE queue_tickets SET status = 'done', started_at = ?, ended_at = ? WHERE id = ?`).run(startedAt, at, row.id);
    this.recordEvent(row, 'served_end', counterId, caller, null, at);
    return { ...row, status: 'done', started_at: startedAt, ended_at: at };
  }

  private markCalled(row: TicketRow, counter: Counter, caller: Caller): TicketRow {
    const at = this.now().toISOString();
    this.db
      .prepare(
        `UPDATE queue_tickets SET status = 'called', counter_id = ?, target_counter_id = NULL, called_at = ?,
           first_called_at = COALESCE(first_called_at, ?) WHERE id = ?`,
      )
      .run(counter.id, at, at, row.id);
    this.recordEvent(row, 'called', counter.id, caller, null, at);
    const normals = this.normalsSincePriority.get(counter.id) ?? 0;
    this.normalsSincePriority.set(counter.id, row.priority_group ? 0 : normals + 1);
    return { ...row, status: 'called', counter_id: counter.id, target_counter_id: null, called_at: at, first_called_at: row.first_called_at ?? at };
  }

  /** The call goes out first (the display announces it), then the new state. */
  private afterCall(row: TicketRow | null, counterId: string, recall: boolean): void {
    if (row) {
      const hall = this.hall.config();
      const counter = hall.counters.find((c) => c.id === counterId);
      const callId = this.db.prepare('SELECT MAX(id) FROM queue_events WHERE ticket_id = ?').pluck().get(row.id) as number;
      if (counter) this.bus.emit('queue.called', this.toCall(row, counter, hall.services, String(callId), this.now().toISOString(), recall));
    }
    this.changed();
  }

  private toCall(row: TicketRow, counter: Counter, services: Service[], callId: string, at: string, recall: boolean): Call {
    return {
      callId,
      ticketId: row.id,
      number: row.number,
      serviceName: services.find((s) => s.id === row.service_id)?.name ?? row.service_id,
      counterId: counter.id,
      counterNumber: counter.number,
      counterName: counter.name,
      at,
      recall,
    };
  }

  private recentCalls(day: string, counters: Counter[], services: Service[]): Call[] {
    const rows = this.db
      .prepare(
        `SELECT e.id AS event_id, e.type, e.at, e.counter_id AS call_counter, t.* FROM queue_events e JOIN queue_tickets t ON t.id = e.ticket_id
         WHERE e.day = ? AND e.type IN ('called', 'recalled') ORDER BY e.id DESC LIMIT ?`,
      )
      .all(day, RECENT_CALLS) as (TicketRow & { event_id: number; type: string; at: string; call_counter: string })[];
    return rows.flatMap((r) => {
      const counter = counters.find((c) => c.id === r.call_counter);
      return counter ? [this.toCall(r, counter, services, String(r.event_id), r.at, r.type === 'recalled')] : [];
    });
  }

  private recordEvent(
    row: TicketRow,
    type: QueueEventType,
    counterId: string | null,
    caller: Caller,
    detail: string | null = null,
    at = this.now().toISOString(),
  ): void {
    this.db
      .prepare(
        `INSERT INTO queue_events (ticket_id, type, at, day, service_id, counter_id, officer_id, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, type, at, row.day, row.service_id, counterId, caller.userId ?? null, detail);
  }

  private toTicket(row: TicketRow, services: Service[] = this.hall.config().services): Ticket {
    return {
      id: row.id,
      number: row.number,
      seq: row.seq,
      day: row.day,
      serviceId: row.service_id,
      serviceName: services.find((s) => s.id === row.service_id)?.name ?? row.service_id,
      priorityGroup: row.priority_group,
      status: row.status,
      counterId: row.counter_id,
      targetCounterId: row.target_counter_id,
      issuedAt: row.issued_at,
      calledAt: row.called_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      citizenName: row.citizen_name,
      dossierCode: row.dossier_code,
      rating: row.rating,
    };
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
