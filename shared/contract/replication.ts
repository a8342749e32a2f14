/**
 * Dossier replication between a hall's workstations and its hub.
 *
 * A workstation writes a dossier locally first and pushes it to the hub
 * (`replication.push`): first the whole dossier (`receive`), then every later
 * change as a group of events, one group per local transaction. Once the hub
 * holds a dossier it is its authority: it checks each group against its own
 * copy and applies all of it or none (`rejected` with a Vietnamese reason,
 * which lands in the workstation's "cần xử lý" list). Files travel first, by
 * SHA-256, in resumable chunks. Workstations pull the hub's changes with a
 * durable cursor (`replication.changes`). The device methods need a
 * `counter-device` credential; the list and status are for the officer.
 */
import { z } from 'zod';
import { STAFF, method } from './define';
import {
  DossierComponentSchema,
  DossierFormSchema,
  DossierResultSchema,
  DossierSchema,
  DossierStatusSchema,
  DossierSummarySchema,
} from './dossier';
import { Sha256Schema } from './files';

const DEVICE = ['counter-device'] as const;
const DayField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày cần dạng yyyy-MM-dd');
const CodeField = z.string().min(10).max(60);
const StationField = z.number().int().min(0).max(60);

export const ReplicaEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status'),
    from: DossierStatusSchema,
    to: DossierStatusSchema,
    at: z.string(),
    by: z.string(),
    note: z.string(),
  }),
  z.object({ type: z.literal('component'), component: DossierComponentSchema, by: z.string() }),
  z.object({ type: z.literal('result'), result: DossierResultSchema }),
  z.object({
    type: z.literal('apology'),
    reason: z.string(),
    previousDueAt: z.string(),
    newDueAt: z.string(),
    at: z.string(),
    by: z.string(),
  }),
  z.object({ type: z.literal('form'), form: DossierFormSchema }),
]);
export type ReplicaEvent = z.infer<typeof ReplicaEventSchema>;

export const ApologySchema = z.object({
  reason: z.string(),
  previousDueAt: z.string(),
  newDueAt: z.string(),
  at: z.string(),
  by: z.string(),
});

export const ReplicaItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('receive'), station: StationField, dossier: DossierSchema, apology: ApologySchema.nullable().default(null) }),
  z.object({ kind: z.literal('change'), station: StationField, code: CodeField, events: z.array(ReplicaEventSchema).min(1).max(50) }),
]);
export type ReplicaItem = z.infer<typeof ReplicaItemSchema>;

export const PushOutcomeSchema = z.object({
  /** `applied` (now, or already by an earlier delivery of the same key), `rejected` (never will: the reason says why), `unknown` (the hub does not hold the dossier yet). */
  outcome: z.enum(['applied', 'rejected', 'unknown']),
  reason: z.string().optional(),
});
export type PushOutcome = z.infer<typeof PushOutcomeSchema>;

export const ReplicaFileStatusSchema = z.object({
  sha256: Sha256Schema,
  size: z.number().int().nonnegative(),
  received: z.number().int().nonnegative(),
  complete: z.boolean(),
});

/** One entry of the hub's change feed: which dossier changed (a workstation fetches the copies of those it holds). */
export const HallChangeSchema = z.object({ seq: z.number().int(), code: z.string() });
export const HallCopySchema = z.object({ dossier: DossierSchema, apology: ApologySchema.nullable() });
export type HallCopy = z.infer<typeof HallCopySchema>;
export type HallChange = z.infer<typeof HallChangeSchema>;

export const CodeLeaseSchema = z.object({
  day: DayField,
  first: z.number().int().min(1).max(9999),
  last: z.number().int().min(1).max(9999),
});

export const AttentionItemSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  /** What the officer did, in Vietnamese ("Trả kết quả", "Chuyển trạng thái: …"). */
  action: z.string(),
  /** Why the hub did not apply it, in Vietnamese. */
  reason: z.string(),
  at: z.number().nullable(),
});

export const replicationMethods = {
  'replication.push': method({
    summary: 'Workstation → hub: one dossier (first copy) or one group of changes, idempotent by key; the hub checks it against its copy',
    input: z.object({ key: z.string().min(8).max(200), item: ReplicaItemSchema }),
    output: PushOutcomeSchema,
    roles: DEVICE,
  }),
  'replication.fileStatus': method({
    summary: 'Workstation → hub: how much of each file the hub already has',
    input: z.object({ files: z.array(z.object({ sha256: Sha256Schema, size: z.number().int().nonnegative() })).max(500) }),
    output: z.array(ReplicaFileStatusSchema),
    roles: DEVICE,
  }),
  'replication.uploadChunk': method({
    summary: 'Workstation → hub: one chunk of a file at an offset (resumable; checked by SHA-256 at the end)',
    input: z.object({
      sha256: Sha256Schema,
      size: z.number().int().nonnegative(),
      offset: z.number().int().nonnegative(),
      chunkSha256: Sha256Schema,
      base64: z.string().max(12 * 1024 * 1024),
    }),
    output: ReplicaFileStatusSchema,
    roles: DEVICE,
  }),
  'replication.changes': method({
    summary: 'Hub → workstation: codes of the dossiers changed at the hub after a cursor, oldest change first',
    input: z.object({ since: z.number().int().nonnegative(), limit: z.number().int().min(1).max(2000).default(500) }),
    output: z.object({ changes: z.array(HallChangeSchema), next: z.number().int() }),
    roles: DEVICE,
  }),
  'replication.copies': method({
    summary: 'Hub → workstation: the hall register copies of some dossiers (those the hub does not hold are left out)',
    input: z.object({ codes: z.array(CodeField).min(1).max(200) }),
    output: z.array(HallCopySchema),
    roles: DEVICE,
  }),
  'replication.get': method({
    summary: 'Hub → workstation: the hall register copy of one dossier with its apology (null when the hall has none)',
    input: z.object({ code: CodeField }),
    output: HallCopySchema.nullable(),
    roles: DEVICE,
  }),
  'replication.search': method({
    summary: 'Hub → workstation: the one search box over the whole hall register',
    input: z.object({
      query: z.string().max(200).default(''),
      status: DossierStatusSchema.optional(),
      procedureCode: z.string().optional(),
      officer: z.string().optional(),
      from: DayField.optional(),
      to: DayField.optional(),
      limit: z.number().int().min(1).max(200).default(20),
    }),
    output: z.array(DossierSummarySchema),
    roles: DEVICE,
  }),
  'replication.leases': method({
    summary: 'Hub → workstation: blocks of dossier numbers for today and reserve days (each block granted once, ever)',
    input: z.object({
      station: StationField,
      agencyCode: z.string().min(3).max(40),
      requests: z.array(z.object({ day: DayField, size: z.number().int().min(1).max(500) })).max(40),
    }),
    output: z.array(CodeLeaseSchema),
    roles: DEVICE,
  }),
  'replication.file': method({
    summary: 'Hub → workstation: a byte range of a file of the hall register (a result scanned at another counter)',
    input: z.object({
      sha256: Sha256Schema,
      offset: z.number().int().nonnegative().default(0),
      length: z
        .number()
        .int()
        .min(1)
        .max(4 * 1024 * 1024)
        .default(1024 * 1024),
    }),
    output: z.object({ size: z.number().int(), base64: z.string() }),
    roles: DEVICE,
  }),
  'replication.attention': method({
    summary: 'The "cần xử lý" list: dossier actions taken here that the hub did not apply, with the reason',
    input: z.object({}).default({}),
    output: z.array(AttentionItemSchema),
    roles: STAFF,
  }),
  'replication.status': method({
    summary: 'This PC in the hall: role, hub reachable, replication backlog',
    input: z.object({}).default({}),
    output: z.object({
      role: z.enum(['single', 'hub', 'workstation']),
      hubReachable: z.boolean().nullable(),
      pending: z.number().int(),
      attention: z.number().int(),
      bytesPending: z.number(),
      oldestPendingAt: z.number().nullable(),
      lastPullAt: z.number().nullable(),
    }),
    roles: STAFF,
  }),
};
