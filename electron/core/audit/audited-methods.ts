import type { MethodName } from '../../../shared/contract';
import type { CallContext } from '../contract/router';
import type { Db } from '../db/database';
import { record } from './audit-log';

export interface AuditedCall {
  subjectType: string;
  subjectId?: string;
  detail?: unknown;
}

type Describe = (input: unknown, result: unknown) => AuditedCall;

function idOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string' ? value.id : undefined;
}

/**
 * Contract methods whose every successful call is written to the audit trail
 * by the router's afterCall hook: one entry per method. A feature whose change
 * and audit row must commit together calls `record(db, …)` inside its own
 * transaction instead (accounts and devices do).
 */
export const AUDITED_METHODS: Partial<Record<MethodName, Describe>> = {
  'hall.saveService': (_input, result) => ({ subjectType: 'service', subjectId: idOf(result), detail: result }),
  'hall.saveCounter': (_input, result) => ({ subjectType: 'counter', subjectId: idOf(result), detail: result }),
  'privacy.setRetention': (input) => ({ subjectType: 'settings', subjectId: 'retention', detail: input }),
};

export function auditAfterCall(db: Db) {
  return (method: MethodName, input: unknown, result: unknown, ctx: CallContext): void => {
    const describe = AUDITED_METHODS[method];
    if (!describe) return;
    record(db, { actor: ctx.caller, action: method, ...describe(input, result) });
  };
}
