import {
  METHOD_NAMES,
  type Dossier,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
  type Ticket,
} from '../../../shared/contract';
import type { CallContext, Handlers } from '../contract/router';
import type { Db } from '../db/database';
import { record } from './audit-log';

export interface AuditedCall {
  subjectType: string;
  subjectId?: string;
  detail?: unknown;
}

/** How one method's successful call is described, from its parsed input and its answer. */
type Describe<M extends MethodName> = (input: MethodParsedInput<M>, output: MethodOutput<M>) => AuditedCall;
type AuditMap = { [M in MethodName]?: Describe<M> };

/** The ticket a queue action touched: from the answer (a Ticket) or the input. */
function ticket(input: { counterId?: string; ticketId?: string }, output: Ticket | null): AuditedCall {
  return {
    subjectType: 'ticket',
    subjectId: output?.id ?? input.ticketId,
    detail: { number: output?.number, counterId: input.counterId ?? output?.counterId ?? undefined },
  };
}

/** The dossier an action touched: its code and the status it is in afterwards. */
function dossier(_input: unknown, output: Dossier): AuditedCall {
  return { subjectType: 'dossier', subjectId: output.code, detail: { status: output.status } };
}

/** What was printed: the dossier form the file is, or the file itself when it is no dossier's form. */
function printed(input: MethodParsedInput<'dossier.print'>, output: MethodOutput<'dossier.print'>): AuditedCall {
  const form = output.dossier;
  if (!form) return { subjectType: 'file', subjectId: input.sha256, detail: { copies: input.copies } };
  return { subjectType: 'dossier', subjectId: form.code, detail: { form: form.form, sha256: input.sha256, copies: input.copies } };
}

/**
 * Contract methods whose every successful call goes to the audit trail: one
 * entry per method. A synchronous handler's change and its audit row commit in
 * one transaction (one fsync); an async handler's row follows its answer.
 * Services whose change needs the row inside their own transaction call
 * `record(db, …)` themselves (accounts, devices, privacy do).
 */
export const AUDITED_METHODS: AuditMap = {
  'hall.saveService': (_input, output) => ({ subjectType: 'service', subjectId: output.id, detail: output }),
  'hall.saveCounter': (_input, output) => ({ subjectType: 'counter', subjectId: output.id, detail: output }),
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
  'queue.linkDossier': (input, output) => ({ ...ticket(input, output), detail: { dossierCode: input.dossierCode } }),
  'queue.saveSettings': () => ({ subjectType: 'settings', subjectId: 'queue' }),
  'queue.exportStats': (input) => ({ subjectType: 'statistics', detail: input }),
  // dossier.receive writes its row itself, inside the receipt's transaction (with the dossier and its outbox item).
  'dossier.addComponent': dossier,
  'dossier.transition': dossier,
  'dossier.apologize': dossier,
  'dossier.returnResult': dossier,
  'dossier.print': printed,
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
  'sync.setCredentials': (input) => ({
    subjectType: 'sync',
    subjectId: 'credentials',
    detail: { url: input.url, username: input.username },
  }),
  'sync.testConnection': (_input, result) => ({ subjectType: 'sync', subjectId: 'connection', detail: { ok: result.ok } }),
  'sync.exportBundle': () => ({ subjectType: 'sync', subjectId: 'bundle' }),
  'sync.importAck': () => ({ subjectType: 'sync', subjectId: 'bundle' }),
  'sync.setProcedure': (input) => ({ subjectType: 'sync', subjectId: input.localCode, detail: input }),
  // Digitization and signing: which file was built or signed. Never the input of openSession (the PIN).
  'digitize.import': (input) => ({ subjectType: 'batch', subjectId: input.batchId }),
  'digitize.split': (input) => ({ subjectType: 'batch', subjectId: input.batchId }),
  'digitize.build': (input, output) => ({
    subjectType: 'file',
    subjectId: output.sha256,
    detail: { batchId: input.batchId, signed: input.sign !== undefined },
  }),
  'signing.openSession': () => ({ subjectType: 'signing-session' }),
  // The answer has no `sha256` (it lists every signed copy), so the untyped describer audited every signing without a subject.
  'signing.sign': (_input, output) => ({
    subjectType: 'file',
    subjectId: output.signed.length === 1 ? output.signed[0]?.to : undefined,
    detail: { signed: output.signed.map(({ from, to }) => ({ from, to })), stopped: output.stopped?.sha256 },
  }),
};

/** The audit row of one call, or null for a method that is not audited. */
export function describeCall<M extends MethodName>(method: M, input: MethodParsedInput<M>, output: MethodOutput<M>): AuditedCall | null {
  const describe: Describe<M> | undefined = AUDITED_METHODS[method];
  return describe ? describe(input, output) : null;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Wraps the handlers listed in AUDITED_METHODS so each successful call writes its audit row. */
export function withAudit(handlers: Handlers, db: Db): Handlers {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const method of METHOD_NAMES) {
    if (!AUDITED_METHODS[method]) continue;
    const inner = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    // The router hands every handler the input its schema parsed and checks the answer against the
    // method's output schema, so here they are the method's own types (the handler table is untyped by name).
    const write = (input: unknown, result: unknown, ctx: CallContext) => {
      const described = describeCall(method, input as MethodParsedInput<typeof method>, result as MethodOutput<typeof method>);
      if (described) record(db, { actor: ctx.caller, action: method, ...described });
    };
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
