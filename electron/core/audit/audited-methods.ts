import type { MethodName } from '../../../shared/contract';
import type { CallContext, Handlers } from '../contract/router';
import type { Db } from '../db/database';
import { record } from './audit-log';

export interface AuditedCall {
  subjectType: string;
  subjectId?: string;
  detail?: unknown;
}

type Describe = (input: unknown, result: unknown) => AuditedCall;

function field(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
}

/** The ticket a queue action touched: from the answer (a Ticket) or the input. */
const ticket: Describe = (input, result) => ({
  subjectType: 'ticket',
  subjectId: field(result, 'id') ?? field(input, 'ticketId'),
  detail: { number: field(result, 'number'), counterId: field(input, 'counterId') ?? field(result, 'counterId') },
});

/** The dossier an action touched: its code, from the answer or the input. */
const dossier: Describe = (input, result) => ({
  subjectType: 'dossier',
  subjectId: field(result, 'code') ?? field(input, 'code'),
  detail: { status: (result as { status?: unknown } | null)?.status ?? null },
});

/**
 * Contract methods whose every successful call goes to the audit trail: one
 * entry per method. A synchronous handler's change and its audit row commit in
 * one transaction (one fsync); an async handler's row follows its answer.
 * Services whose change needs the row inside their own transaction call
 * `record(db, …)` themselves (accounts, devices, privacy do).
 */
export const AUDITED_METHODS: Partial<Record<MethodName, Describe>> = {
  'hall.saveService': (_input, result) => ({ subjectType: 'service', subjectId: field(result, 'id'), detail: result }),
  'hall.saveCounter': (_input, result) => ({ subjectType: 'counter', subjectId: field(result, 'id'), detail: result }),
  'privacy.setRetention': (input) => ({ subjectType: 'settings', subjectId: 'retention', detail: input }),
  'queue.callNext': ticket,
  'queue.callTicket': ticket,
  'queue.recall': ticket,
  'queue.startService': ticket,
  'queue.noShow': ticket,
  'queue.skip': ticket,
  'queue.transfer': ticket,
  'queue.park': ticket,
  'queue.resume': ticket,
  'queue.finish': ticket,
  'queue.linkDossier': (input, result) => ({ ...ticket(input, result), detail: { dossierCode: field(input, 'dossierCode') } }),
  'queue.saveSettings': () => ({ subjectType: 'settings', subjectId: 'queue' }),
  'queue.exportStats': (input) => ({ subjectType: 'statistics', detail: input }),
  // dossier.receive writes its row itself, inside the receipt's transaction (with the dossier and its outbox item).
  'dossier.addComponent': dossier,
  'dossier.transition': dossier,
  'dossier.apologize': dossier,
  'dossier.returnResult': dossier,
  'dossier.print': (input) => ({ subjectType: 'dossier', subjectId: field(input, 'code'), detail: { form: field(input, 'form') } }),
  'catalog.import': () => ({ subjectType: 'catalog' }),
  'calendar.saveOverride': (input) => ({ subjectType: 'calendar', detail: input }),
  'calendar.deleteOverride': (input) => ({ subjectType: 'calendar', detail: input }),
  'calendar.saveHours': (input) => ({ subjectType: 'calendar', detail: input }),
  'calendar.importAnnouncements': () => ({ subjectType: 'calendar', subjectId: 'announcements' }),
  // Sync: never the input of sync.configure in the detail (it carries the link's password).
  'sync.pause': () => ({ subjectType: 'sync' }),
  'sync.resume': () => ({ subjectType: 'sync' }),
  'sync.retry': (input) => ({ subjectType: 'sync', detail: input }),
  'sync.configure': () => ({ subjectType: 'sync', subjectId: 'configuration' }),
  // Never the password; the address and user name are what the supervisor changed.
  'sync.setCredentials': (input) => ({ subjectType: 'sync', subjectId: 'credentials', detail: { url: field(input, 'url'), username: field(input, 'username') } }),
  'sync.testConnection': (_input, result) => ({ subjectType: 'sync', subjectId: 'connection', detail: { ok: (result as { ok?: unknown } | null)?.ok ?? null } }),
  'sync.exportBundle': () => ({ subjectType: 'sync', subjectId: 'bundle' }),
  'sync.importAck': () => ({ subjectType: 'sync', subjectId: 'bundle' }),
  'sync.setProcedure': (input) => ({ subjectType: 'sync', subjectId: field(input, 'localCode'), detail: input }),
  // Digitization and signing: which file was built or signed. Never the input of openSession (the PIN).
  'digitize.import': (input) => ({ subjectType: 'batch', subjectId: field(input, 'batchId') }),
  'digitize.split': (input) => ({ subjectType: 'batch', subjectId: field(input, 'batchId') }),
  'digitize.build': (input, result) => ({
    subjectType: 'file',
    subjectId: field(result, 'sha256'),
    detail: { batchId: field(input, 'batchId'), signed: typeof input === 'object' && input !== null && 'sign' in input },
  }),
  'signing.openSession': () => ({ subjectType: 'signing-session' }),
  'signing.sign': (_input, result) => ({ subjectType: 'file', subjectId: field(result, 'sha256') }),
};

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Wraps the handlers listed in AUDITED_METHODS so each successful call writes its audit row. */
export function withAudit(handlers: Handlers, db: Db): Handlers {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const [method, describe] of Object.entries(AUDITED_METHODS) as [MethodName, Describe][]) {
    const inner = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    const write = (input: unknown, result: unknown, ctx: CallContext) =>
      record(db, { actor: ctx.caller, action: method, ...describe(input, result) });
    wrapped[method] = (input: unknown, ctx: CallContext) => {
      // better-sqlite3's transaction() refuses async functions, so the transaction is opened by hand: the
      // handler's synchronous part (its own transactions become savepoints) and, for a synchronous handler,
      // the audit row commit together; an async handler's row is written when its answer arrives.
      const own = !db.inTransaction;
      if (own) db.exec('BEGIN IMMEDIATE');
      let result: unknown;
      try {
        result = inner(input, ctx);
        if (!isPromise(result)) write(input, result, ctx);
        if (own) db.exec('COMMIT');
      } catch (error) {
        if (own && db.inTransaction) db.exec('ROLLBACK');
        // Found on a full disk: COMMIT failed after an async handler had started, and its promise rejected later
        // with nobody listening, which ends the process. The caller gets the commit's error; the promise is drained.
        if (isPromise(result)) result.then(undefined, () => undefined);
        throw error;
      }
      return isPromise(result) ? result.then((value) => (write(input, value, ctx), value)) : result;
    };
  }
  return wrapped as Handlers;
}
