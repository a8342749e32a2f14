/**
 * The hall's ticket printer: renders a ticket, checks the printer's real-time
 * status, sends the job; or, with no printer configured, keeps the picture of
 * the ticket (demo mode). Jobs go one at a time, in order of issue.
 */
import type { DoctorCheck, PrintOutcome, PrinterAlert, PrinterStatus } from '../../../../shared/contract';
import type { Db } from '../../db/database';
import type { EventBus } from '../../events';
import type { FileStore } from '../../files/file-store';
import type { HealthSource } from '../health';
import { decodeStatus, describeStatus, FULL_STATUS_REQUEST } from './escpos';
import { describeTarget, type PrinterTarget } from './printer-target';
import { encodeTicket, renderTicketImage, ticketPreviewPng, type TicketPrintJob } from './ticket-image';
import { openTransport, type PrinterSession, type PrinterTransport } from './transports';
import { insertDemoPrint, recentDemoPrints } from './demo-prints-store';
import { vnIsoMs } from '../../../../shared/vn-time';

export { printerMigrations } from './demo-prints-store';

const STATUS_TIMEOUT_MS = 800;
const JOB_TIMEOUT_MS = 8000;
const MAX_ALERTS = 20;

export interface PrintedTicket {
  ticketId: string;
  number: string;
  at: string;
  sha256: string;
  pngBase64: string;
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export class TicketPrinter {
  private readonly transport: PrinterTransport | null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly recentAlerts: PrinterAlert[] = [];
  private lastStatus: PrinterStatus;
  /** Consecutive status questions left unanswered: some printers (or their network boxes) never answer DLE EOT. */
  private silentStatus = 0;

  constructor(
    readonly target: PrinterTarget,
    private readonly deps: { db: Db; files: FileStore; bus: EventBus },
  ) {
    this.transport = openTransport(target);
    this.lastStatus = {
      kind: target.kind,
      target: describeTarget(target),
      status: target.kind === 'off' ? 'warn' : 'ok',
      message:
        target.kind === 'simulated'
          ? 'Chưa cấu hình máy in: dùng máy in mô phỏng, phiếu được lưu thành hình trên trang Giám sát.'
          : target.kind === 'off'
            ? 'Không dùng máy in: số chỉ hiện trên màn hình kiosk.'
            : 'Chưa kiểm tra.',
      checkedAt: null,
    };
  }

  status(): PrinterStatus {
    return this.lastStatus;
  }

  alerts(): PrinterAlert[] {
    return [...this.recentAlerts];
  }

  /**
   * Prints one ticket. Never throws: a failure is an outcome, an alert and a notice. The picture is drawn
   * while `ready` (the ticket's commit reaching the disk) is awaited: nothing leaves for the printer before.
   */
  async print(job: TicketPrintJob, ready: Promise<void> = Promise.resolve()): Promise<PrintOutcome> {
    if (this.target.kind === 'off') {
      await ready;
      return { status: 'off', message: 'Không dùng máy in.' };
    }
    const [image] = await Promise.all([renderTicketImage(job), ready]);
    if (this.target.kind === 'simulated') {
      const png = await ticketPreviewPng(job, image);
      const stored = this.deps.files.put(png);
      const at = vnIsoMs(new Date());
      insertDemoPrint(this.deps.db, { ticketId: job.ticketId, number: job.number, sha256: stored.sha256, at });
      this.deps.bus.emit('queue.printed', { ticketId: job.ticketId, number: job.number, at });
      return { status: 'simulated', message: 'Máy in mô phỏng: đã lưu hình phiếu (xem trang Giám sát).' };
    }
    const bytes = encodeTicket(job, image);
    const run = this.chain.then(() => withTimeout(this.send(bytes), JOB_TIMEOUT_MS, 'Máy in không phản hồi (quá thời gian).'));
    this.chain = run.catch(() => undefined);
    try {
      await run;
      return { status: 'printed', message: 'Đã in phiếu.' };
    } catch (error) {
      const message = `Không in được phiếu ${job.number}: ${(error as Error).message}`;
      this.alert('error', message, job.number);
      return { status: 'failed', message };
    }
  }

  /** Asks the printer DLE EOT 1–4 and keeps the answer for `doctor` and the supervisor page. */
  async checkStatus(): Promise<PrinterStatus> {
    if (!this.transport) return this.lastStatus;
    const run = this.chain.then(async () => {
      const session = await this.transport!.open();
      try {
        await this.readStatus(session);
      } finally {
        await session.close();
      }
    });
    this.chain = run.catch(() => undefined);
    try {
      await withTimeout(run, JOB_TIMEOUT_MS, 'Máy in không phản hồi (quá thời gian).');
    } catch (error) {
      this.setStatus('error', (error as Error).message);
    }
    return this.lastStatus;
  }

  /**
   * Asks a real printer its status every `everyMs` so that paper running low
   * or a cover left open reaches the supervisor before a citizen's ticket fails.
   */
  watch(everyMs = 60_000): () => void {
    if (!this.transport) return () => undefined;
    const timer = setInterval(() => void this.checkStatus(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  printed(limit: number): PrintedTicket[] {
    return recentDemoPrints(this.deps.db, limit)
      .filter((r) => this.deps.files.has(r.sha256))
      .map((r) => ({
        ticketId: r.ticket_id,
        number: r.number,
        at: r.at,
        sha256: r.sha256,
        pngBase64: this.deps.files.get(r.sha256).toString('base64'),
      }));
  }

  health(): HealthSource {
    return {
      id: 'ticket-printer',
      check: async (): Promise<DoctorCheck> => {
        const s = await this.checkStatus();
        return { id: 'ticket-printer', name: `Máy in phiếu số thứ tự (${s.target})`, status: s.status, detail: s.message };
      },
    };
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.transport?.dispose();
  }

  private async send(bytes: Uint8Array): Promise<void> {
    const session = await this.transport!.open();
    try {
      // A printer that never answers is not asked before every ticket (it would cost the wait each time);
      // `doctor` and the supervisor page still ask.
      const level = this.silentStatus >= 2 ? 'warn' : await this.readStatus(session);
      if (level === 'error') throw new Error(this.lastStatus.message);
      await session.write(bytes);
    } finally {
      await session.close();
    }
  }

  private async readStatus(session: PrinterSession): Promise<'ok' | 'warn' | 'error'> {
    if (this.target.kind === 'file') {
      this.setStatus('ok', 'Ghi phiếu vào tệp (không đọc được trạng thái giấy).');
      return 'ok';
    }
    const answer = await session.query(FULL_STATUS_REQUEST, 4, STATUS_TIMEOUT_MS);
    const flags = answer ? decodeStatus(answer) : null;
    this.silentStatus = answer ? 0 : this.silentStatus + 1;
    if (!flags) {
      this.setStatus('warn', 'Máy in không trả lời lệnh đọc trạng thái (DLE EOT); vẫn gửi lệnh in.');
      return 'warn';
    }
    const described = describeStatus(flags);
    this.setStatus(described.level, described.message);
    return described.level;
  }

  private setStatus(status: PrinterStatus['status'], message: string): void {
    const before = this.lastStatus;
    this.lastStatus = { ...before, status, message, checkedAt: vnIsoMs(new Date()) };
    if (status !== 'ok' && (before.status !== status || before.message !== message)) this.alert(status, message, null);
  }

  private alert(status: PrinterAlert['status'], message: string, ticketNumber: string | null): void {
    const alert: PrinterAlert = { at: vnIsoMs(new Date()), ticketNumber, status, message };
    this.recentAlerts.unshift(alert);
    this.recentAlerts.splice(MAX_ALERTS);
    this.deps.bus.emit('queue.printerAlert', alert);
    if (status === 'error') this.deps.bus.emit('system.notice', { level: 'error', message: `Máy in phiếu: ${message}` });
  }
}
