import type { Handlers } from '../contract/router';
import type { Db } from '../db/database';
import type { TicketPrinter } from '../devices/printer/ticket-printer';
import type { HallService } from '../hall/hall-service';
import type { QueueService } from './queue-service';
import { computeStats, exportCsv, exportXlsx, type OfficerName } from './queue-stats';

type QueueMethod = Extract<keyof Handlers, `queue.${string}`>;

export function queueHandlers(deps: {
  queue: QueueService;
  printer: TicketPrinter;
  db: Db;
  hall: HallService;
  officerName?: OfficerName;
}): Pick<Handlers, QueueMethod> {
  const { queue, printer, db, hall, officerName } = deps;
  return {
    'queue.state': () => queue.state(),
    'queue.issueTicket': (input, ctx) => queue.issueTicket(input, ctx.caller),
    'queue.callNext': (input, ctx) => queue.callNext(input.counterId, ctx.caller),
    'queue.callTicket': (input, ctx) => queue.callTicket(input, ctx.caller),
    'queue.recall': (input, ctx) => queue.recall(input.counterId, ctx.caller),
    'queue.startService': (input, ctx) => queue.startService(input.counterId, ctx.caller),
    'queue.noShow': (input, ctx) => queue.noShow(input.counterId, ctx.caller),
    'queue.skip': (input, ctx) => queue.skip(input.counterId, ctx.caller),
    'queue.transfer': (input, ctx) => queue.transfer(input, ctx.caller),
    'queue.park': (input, ctx) => queue.park(input.counterId, ctx.caller),
    'queue.resume': (input, ctx) => queue.resume(input.counterId, input.ticketId, ctx.caller),
    'queue.finish': (input, ctx) => queue.finish(input.counterId, ctx.caller),
    'queue.counterQueue': (input) => queue.counterQueue(input.counterId),
    'queue.linkDossier': (input, ctx) => queue.linkDossier(input.ticketId, input.dossierCode, ctx.caller),
    'queue.rate': (input, ctx) => queue.rate(input.ticketId, input.rating, ctx.caller),
    'queue.settings': () => queue.settings(),
    'queue.saveSettings': (input) => queue.saveSettings(input),
    'queue.stats': (input) => computeStats(db, hall, input.from, input.to, officerName),
    'queue.exportStats': async (input) => {
      const name = `thong-ke-xep-hang_${input.from}_${input.to}`;
      if (input.format === 'csv') {
        return {
          fileName: `${name}.csv`,
          mimeType: 'text/csv; charset=utf-8',
          base64: exportCsv(db, hall, input.from, input.to, officerName).toString('base64'),
        };
      }
      return {
        fileName: `${name}.xlsx`,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: (await exportXlsx(db, hall, input.from, input.to, officerName)).toString('base64'),
      };
    },
    'queue.printerStatus': async () => ({ status: await printer.checkStatus(), alerts: printer.alerts() }),
    'queue.printedTickets': (input) => printer.printed(input.limit),
  };
}
