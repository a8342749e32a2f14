import path from 'node:path';
import { AppError } from '../../../shared/contract';
import type { CatalogService } from '../catalog/catalog-service';
import type { AgencyConfig } from '../config';
import type { CallContext, Handlers } from '../contract/router';
import { checkStoredAttachments } from '../files/attachment-check';
import type { FileStore } from '../files/file-store';
import type { CalendarStore } from '../calendar/calendar-store';
import type { DossierService, FormRenderer } from './dossier-service';
import { renderForm, type FormContext, type FormId } from './forms/render';
import type { FormSet } from './forms/templates';
import type { FormPrinter } from './print';
import type { PrintedForm } from './dossier-store';
import { vnIso } from './vn-time';

type DossierHandlerNames =
  | 'dossier.findApplicant'
  | 'dossier.receive'
  | 'dossier.get'
  | 'dossier.addComponent'
  | 'dossier.transition'
  | 'dossier.apologize'
  | 'dossier.returnResult'
  | 'dossier.search'
  | 'dossier.dueList'
  | 'dossier.form'
  | 'dossier.print'
  | 'calendar.get'
  | 'calendar.saveOverride'
  | 'calendar.deleteOverride'
  | 'calendar.saveHours'
  | 'calendar.importAnnouncements'
  | 'calendar.due';

/** Where a form is drawn: on this thread (tests, CLI) or the form worker (the running app). */
export type FormDrawer = (set: FormSet, form: FormId, ctx: FormContext) => Promise<Uint8Array>;

/** The form renderer the service uses: looks up the procedure version the dossier was received under. */
export function formRenderer(
  set: FormSet,
  agency: AgencyConfig,
  place: string,
  catalog: CatalogService,
  getApology: DossierService['apology'] | (() => null),
  draw: FormDrawer = renderForm,
): FormRenderer {
  return async (form, dossier) => {
    const procedure = catalog.get(dossier.procedureCode, dossier.procedureVersion);
    const ctx: FormContext = {
      agency,
      place,
      // The receipt and a desk refusal are dated when the dossier came in; later forms when they are made.
      madeAt: form === '01' || form === '03' ? dossier.receivedAt : vnIso(new Date()),
      dossier,
      processing: procedure.processing,
      apology: form === '04' ? getApology(dossier.code) : null,
    };
    return draw(set, form, ctx);
  };
}

export interface DossierHandlerDeps {
  dossiers: DossierService;
  calendar: CalendarStore;
  files: FileStore;
  printer: FormPrinter;
  formSet: FormSet;
  agency: AgencyConfig;
  place: string;
  /** The form worker in the running app; this thread when absent. */
  draw?: FormDrawer;
  /** Which dossier form a stored file is (printed-form.ts). */
  formOfFile: (sha256: string) => PrintedForm | null;
  /** The number a ticket was called by (the queue's), so a dossier names A001 rather than the ticket's id. */
  ticketNumber?: (ticketId: string) => string | null;
}

/** Who a change is recorded as: the logged-in officer; a caller without a name (a script) as the desk. */
function actingOfficer(ctx: CallContext): string {
  return ctx.caller.name ?? 'Cán bộ tiếp nhận';
}

export function dossierHandlers(deps: DossierHandlerDeps): Pick<Handlers, DossierHandlerNames> {
  const { dossiers, calendar, files, printer } = deps;
  return {
    'dossier.findApplicant': ({ idNumber }) => dossiers.findApplicant(idNumber),
    // Only a supervisor may record a receipt time other than now (entering a paper register after an outage).
    // Who acted is the logged-in officer (ctx.caller.name), not what the request claims; the input's
    // `officer` is used only for callers without a name (scripts, tests).
    // Attachments are parsed before the dossier is written: an empty or renamed file is never "đã số hóa".
    'dossier.receive': async (input, ctx) => {
      await checkStoredAttachments(files, input.components);
      return dossiers.receive(
        {
          ...(ctx.caller.role === 'officer' ? { ...input, receivedAt: undefined } : input),
          officer: ctx.caller.name ?? input.officer,
        },
        ctx.caller,
      );
    },
    'dossier.get': ({ code }) => {
      const dossier = dossiers.get(code);
      return dossier.ticketId && deps.ticketNumber ? { ...dossier, ticketNumber: deps.ticketNumber(dossier.ticketId) } : dossier;
    },
    'dossier.addComponent': async ({ code, component }, ctx) => {
      await checkStoredAttachments(files, [component]);
      return dossiers.addComponent(code, component, actingOfficer(ctx));
    },
    'dossier.transition': ({ code, to, note }, ctx) => dossiers.transition(code, to, actingOfficer(ctx), note),
    'dossier.apologize': ({ code, newDueAt, reason }, ctx) => dossiers.apologize(code, newDueAt, reason, actingOfficer(ctx)),
    'dossier.returnResult': ({ code, documents, collectedBy, note }, ctx) =>
      dossiers.returnResult(code, documents, collectedBy, note, actingOfficer(ctx)),
    'dossier.search': (input) => {
      const started = performance.now();
      const items = dossiers.search(input);
      return { items, tookMs: Math.round((performance.now() - started) * 100) / 100 };
    },
    'dossier.dueList': ({ kind, withinHours, limit }) => dossiers.dueList(kind, withinHours, limit),
    'dossier.form': async ({ form, code, from, to }) => {
      if (form === '06') {
        const today = vnIso(new Date()).slice(0, 10);
        const start = from ?? today;
        const end = to ?? start;
        const bytes = await (deps.draw ?? renderForm)(deps.formSet, '06', {
          agency: deps.agency,
          place: deps.place,
          madeAt: vnIso(new Date()),
          register: { from: start, to: end, dossiers: dossiers.register(start, end) },
        });
        return files.put(bytes);
      }
      if (!code) throw new AppError('invalid_input', `Mẫu ${form} cần mã hồ sơ.`);
      const stored = await dossiers.renderAndStore(form, code);
      return { sha256: stored.sha256, size: files.size(stored.sha256) };
    },
    'dossier.print': async ({ sha256, copies }) => {
      if (!files.has(sha256)) throw new AppError('not_found', 'Không tìm thấy tệp cần in.');
      const outcome = await printer.print(path.resolve(files.pathOf(sha256)), { copies, title: 'Một Cửa' });
      return { ...outcome, dossier: deps.formOfFile(sha256) };
    },
    'calendar.get': ({ year }) => ({
      days: calendar.get().specialDays(year),
      overrides: calendar.overrides(),
      hours: calendar.get().hours,
    }),
    'calendar.saveOverride': (input) => ({ overrides: calendar.saveOverride(input) }),
    'calendar.deleteOverride': ({ date }) => ({ overrides: calendar.deleteOverride(date) }),
    'calendar.saveHours': (input) => calendar.saveHours(input),
    'calendar.importAnnouncements': ({ text }) => calendar.importAnnouncements(text),
    'calendar.due': ({ receivedAt, processing, sameDayCutoff }) => ({
      dueAt: calendar.get().dueDate(vnIso(receivedAt ?? new Date()), processing, { sameDayCutoff }),
    }),
  };
}
