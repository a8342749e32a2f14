import { z } from 'zod';
import { MANAGERS, method } from './define';

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorRole: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  deviceId: z.string().nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditProblemSchema = z.object({
  seq: z.number().int(),
  /** forged: a row without the hub's keyed HMAC, or unlike an anchor handed out; truncated: rows after an anchor are gone. */
  kind: z.enum(['edited', 'deleted', 'inserted', 'forged', 'truncated']),
  /** Vietnamese, names the row. */
  message: z.string(),
});
export type AuditProblem = z.infer<typeof AuditProblemSchema>;

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  problems: z.array(AuditProblemSchema),
  checkedAt: z.string(),
});
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;

export const auditMethods = {
  'audit.list': method({
    summary: 'The newest audit entries (who, what, when, from which device)',
    input: z.object({ limit: z.number().int().min(1).max(500).default(100), beforeSeq: z.number().int().optional() }),
    output: z.array(AuditEntrySchema),
    roles: MANAGERS,
  }),
  'audit.verify': method({
    summary: 'Re-computes the audit hash chain; names every edited or deleted row',
    input: z.object({}),
    output: AuditVerificationSchema,
    roles: MANAGERS,
  }),
};
