/**
 * Statistics from the ticket events (Qmatic's definitions): waiting time =
 * first call − issue; service time = service end − service start; outcomes
 * served / no-show; ratings. Per hour, day, service, counter and officer.
 */
import ExcelJS from 'exceljs';
import type { QueueStats, StatsBucket } from '../../../shared/contract';
import { vietnamParts } from '../../../shared/queue/rules';
import type { Db } from '../db/database';
import type { HallService } from '../hall/hall-service';
import { loadEvents } from './queue-store';

interface Acc {
  key: string;
  label: string;
  issued: number;
  served: number;
  noShow: number;
  waits: number[];
  services: number[];
  ratings: [number, number, number];
}

const UNKNOWN_OFFICER = 'Chưa đăng nhập';

const EVENT_TEXT: Record<string, string> = {
  issued: 'Cấp số',
  called: 'Gọi số',
  recalled: 'Gọi lại',
  served_start: 'Bắt đầu phục vụ',
  served_end: 'Kết thúc phục vụ',
  no_show: 'Vắng mặt',
  skipped: 'Bỏ qua',
  transferred: 'Chuyển',
  parked: 'Tạm gác',
  resumed: 'Tiếp tục',
  rated: 'Đánh giá',
  dossier_linked: 'Gắn hồ sơ',
};

function minutesBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 60_000;
}

function average(values: number[]): number | null {
  return values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null;
}

function toBucket(a: Acc): StatsBucket {
  return {
    key: a.key,
    label: a.label,
    issued: a.issued,
    served: a.served,
    noShow: a.noShow,
    avgWaitMinutes: average(a.waits),
    avgServiceMinutes: average(a.services),
    ratings: { unhappy: a.ratings[0], happy: a.ratings[1], veryHappy: a.ratings[2] },
  };
}

class Buckets {
  private readonly map = new Map<string, Acc>();
  constructor(private readonly labelOf: (key: string) => string) {}
  get(key: string): Acc {
    let acc = this.map.get(key);
    if (!acc) {
      acc = { key, label: this.labelOf(key), issued: 0, served: 0, noShow: 0, waits: [], services: [], ratings: [0, 0, 0] };
      this.map.set(key, acc);
    }
    return acc;
  }
  list(): StatsBucket[] {
    return [...this.map.values()].sort((a, b) => a.key.localeCompare(b.key)).map(toBucket);
  }
}

function hourOf(iso: string): string {
  return String(vietnamParts(new Date(iso)).hour).padStart(2, '0');
}

/** How the statistics name things that live outside the queue: officers are accounts. */
export type OfficerName = (officerId: string) => string;
const OFFICER_ID_AS_NAME: OfficerName = (id) => id;

export function computeStats(
  db: Db,
  hall: HallService,
  from: string,
  to: string,
  officerName: OfficerName = OFFICER_ID_AS_NAME,
): QueueStats {
  const config = hall.config();
  const serviceName = (id: string) => config.services.find((s) => s.id === id)?.name ?? id;
  const counterName = (id: string) => config.counters.find((c) => c.id === id)?.name ?? id;
  const events = loadEvents(db, from, to);

  const totals = new Buckets(() => 'Tổng cộng');
  const perHour = new Buckets((k) => `${k}:00`);
  const perDay = new Buckets((k) => k.split('-').reverse().join('/'));
  const perService = new Buckets(serviceName);
  const perCounter = new Buckets(counterName);
  const perOfficer = new Buckets((k) => (k === '' ? UNKNOWN_OFFICER : officerName(k)));

  const issuedAt = new Map<string, { at: string; service: string }>();
  const firstCall = new Set<string>();
  const startAt = new Map<string, string>();

  for (const e of events) {
    const officer = e.officer_id ?? '';
    switch (e.type) {
      case 'issued': {
        issuedAt.set(e.ticket_id, { at: e.at, service: e.service_id });
        for (const acc of [totals.get('all'), perHour.get(hourOf(e.at)), perDay.get(e.day), perService.get(e.service_id)]) acc.issued += 1;
        break;
      }
      case 'called': {
        const issued = issuedAt.get(e.ticket_id);
        if (issued && !firstCall.has(e.ticket_id)) {
          firstCall.add(e.ticket_id);
          const wait = minutesBetween(issued.at, e.at);
          const accs = [totals.get('all'), perHour.get(hourOf(issued.at)), perDay.get(e.day), perService.get(issued.service)];
          if (e.counter_id) accs.push(perCounter.get(e.counter_id));
          for (const acc of accs) acc.waits.push(wait);
        }
        break;
      }
      case 'served_start':
        startAt.set(`${e.ticket_id}|${e.counter_id ?? ''}`, e.at);
        break;
      case 'served_end': {
        const key = `${e.ticket_id}|${e.counter_id ?? ''}`;
        const started = startAt.get(key);
        startAt.delete(key);
        const accs = [
          totals.get('all'),
          perHour.get(hourOf(e.at)),
          perDay.get(e.day),
          perService.get(e.service_id),
          perOfficer.get(officer),
        ];
        if (e.counter_id) accs.push(perCounter.get(e.counter_id));
        const complete = e.detail === null; // transferred or skipped services are not counted as served
        for (const acc of accs) {
          if (complete) acc.served += 1;
          if (started) acc.services.push(minutesBetween(started, e.at));
        }
        break;
      }
      case 'no_show': {
        const accs = [
          totals.get('all'),
          perHour.get(hourOf(e.at)),
          perDay.get(e.day),
          perService.get(e.service_id),
          perOfficer.get(officer),
        ];
        if (e.counter_id) accs.push(perCounter.get(e.counter_id));
        for (const acc of accs) acc.noShow += 1;
        break;
      }
      case 'rated': {
        const rating = Number(e.detail);
        if (rating < 1 || rating > 3) break;
        const accs = [totals.get('all'), perDay.get(e.day), perService.get(e.service_id), perOfficer.get(officer)];
        if (e.counter_id) accs.push(perCounter.get(e.counter_id));
        for (const acc of accs) acc.ratings[rating - 1]! += 1;
        break;
      }
      default:
        break;
    }
  }
  totals.get('all');
  return {
    from,
    to,
    totals: totals.list()[0]!,
    perHour: perHour.list(),
    perDay: perDay.list(),
    perService: perService.list(),
    perCounter: perCounter.list(),
    perOfficer: perOfficer.list(),
  };
}

const CSV_HEADER = ['Thời điểm', 'Ngày làm việc', 'Số thứ tự', 'Lĩnh vực', 'Sự kiện', 'Quầy', 'Cán bộ', 'Chi tiết'];

function eventRows(db: Db, hall: HallService, from: string, to: string, officerName: OfficerName): string[][] {
  const config = hall.config();
  return loadEvents(db, from, to).map((e) => {
    const p = vietnamParts(new Date(e.at));
    const two = (n: number) => String(n).padStart(2, '0');
    return [
      `${two(p.day)}/${two(p.month)}/${p.year} ${two(p.hour)}:${two(p.minute)}`,
      e.day.split('-').reverse().join('/'),
      e.number,
      config.services.find((s) => s.id === e.service_id)?.name ?? e.service_id,
      EVENT_TEXT[e.type] ?? e.type,
      e.counter_id ? (config.counters.find((c) => c.id === e.counter_id)?.name ?? e.counter_id) : '',
      e.officer_id ? officerName(e.officer_id) : '',
      e.detail ?? '',
    ];
  });
}

function csvCell(value: string): string {
  return /[",\n\r;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV with a BOM so that Excel opens the Vietnamese text as UTF-8. */
export function exportCsv(db: Db, hall: HallService, from: string, to: string, officerName: OfficerName = OFFICER_ID_AS_NAME): Buffer {
  const lines = [CSV_HEADER, ...eventRows(db, hall, from, to, officerName)].map((row) => row.map(csvCell).join(','));
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function exportXlsx(
  db: Db,
  hall: HallService,
  from: string,
  to: string,
  officerName: OfficerName = OFFICER_ID_AS_NAME,
): Promise<Buffer> {
  const stats = computeStats(db, hall, from, to, officerName);
  const book = new ExcelJS.Workbook();
  book.creator = 'Một Cửa';
  const summary = book.addWorksheet('Tổng hợp');
  summary.addRow([`Thống kê xếp hàng từ ${from.split('-').reverse().join('/')} đến ${to.split('-').reverse().join('/')}`]).font = {
    bold: true,
  };
  const header = [
    'Nhóm',
    'Tên',
    'Số đã cấp',
    'Đã phục vụ',
    'Vắng mặt',
    'Chờ TB (phút)',
    'Phục vụ TB (phút)',
    'Không hài lòng',
    'Hài lòng',
    'Rất hài lòng',
  ];
  summary.addRow(header).font = { bold: true };
  const add = (group: string, b: StatsBucket) =>
    summary.addRow([
      group,
      b.label,
      b.issued,
      b.served,
      b.noShow,
      b.avgWaitMinutes,
      b.avgServiceMinutes,
      b.ratings.unhappy,
      b.ratings.happy,
      b.ratings.veryHappy,
    ]);
  add('Tổng', stats.totals);
  for (const b of stats.perService) add('Lĩnh vực', b);
  for (const b of stats.perCounter) add('Quầy', b);
  for (const b of stats.perOfficer) add('Cán bộ', b);
  for (const b of stats.perDay) add('Ngày', b);
  for (const b of stats.perHour) add('Giờ', b);
  summary.columns.forEach((c) => (c.width = 16));
  const sheet = book.addWorksheet('Sự kiện');
  sheet.addRow(CSV_HEADER).font = { bold: true };
  for (const row of eventRows(db, hall, from, to, officerName)) sheet.addRow(row);
  sheet.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await book.xlsx.writeBuffer());
}
