import { z } from 'zod';
import { EVERYONE, MANAGERS, method } from './define';
import { DoctorCheckSchema } from './system';
import { MeSchema } from './auth';

/** A hall has one hub (queue, register, provincial sync) and many workstations (counter PCs with their own devices). */
export const HallRoleSchema = z.enum(['hub', 'workstation']);
export type HallRole = z.infer<typeof HallRoleSchema>;

/** Clocks further apart than this are told on the counter screen, in doctor and on the supervisor's page. */
export const CLOCK_SKEW_LIMIT_MS = 2 * 60_000;

export const HallLinkStatusSchema = z.object({
  role: HallRoleSchema,
  /** The hub a workstation talks to; null on the hub itself. */
  hubUrl: z.string().nullable(),
  station: z.number().int(),
  /** Paired with the hub (join-hall done); always true on the hub. */
  joined: z.boolean(),
  online: z.boolean(),
  lastContactAt: z.string().nullable(),
  /** Hub clock − this PC's clock, measured at the last contact; null before any. */
  clockSkewMs: z.number().nullable(),
  /** Vietnamese, when something needs telling: the link is down, the clock is off. */
  warning: z.string().nullable(),
});
export type HallLinkStatus = z.infer<typeof HallLinkStatusSchema>;

/** What is waiting at a workstation to reach the hub (filled by replication). */
export const ReplicationBacklogSchema = z.object({
  items: z.number().int().min(0),
  bytes: z.number().int().min(0),
  /** When the oldest waiting item was written; null when nothing waits. */
  oldestAt: z.string().nullable(),
});
export type ReplicationBacklog = z.infer<typeof ReplicationBacklogSchema>;

/** A workstation's periodic report to the hub, shown on the supervisor's hall page. */
export const WorkstationReportSchema = z.object({
  station: z.number().int().min(0).max(99),
  version: z.string().max(40),
  /** The workstation's clock when it sent the report (the hub compares it with its own). */
  sentAt: z.string().max(40),
  /** Hub − workstation, as the workstation measured it. */
  clockSkewMs: z.number().nullable(),
  backlog: ReplicationBacklogSchema,
  health: z.array(DoctorCheckSchema).max(100),
});
export type WorkstationReport = z.infer<typeof WorkstationReportSchema>;

export const WorkstationStatusSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  station: z.number().int().nullable(),
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  version: z.string().nullable(),
  clockSkewMs: z.number().nullable(),
  clockWarning: z.boolean(),
  backlog: ReplicationBacklogSchema.nullable(),
  health: z.array(DoctorCheckSchema),
  reportedAt: z.string().nullable(),
});
export type WorkstationStatus = z.infer<typeof WorkstationStatusSchema>;

export const hallLinkMethods = {
  'hall.linkStatus': method({
    summary: 'This installation’s hall role and, at a workstation, its link to the hub and the clock difference',
    input: z.object({}),
    output: HallLinkStatusSchema,
    roles: EVERYONE,
  }),
  'hall.report': method({
    summary: 'A workstation reports its version, backlog, clock and device health to the hub',
    input: WorkstationReportSchema,
    output: z.object({ receivedAt: z.string() }),
    roles: ['counter-device'],
  }),
  'hall.grantResume': method({
    summary:
      'A workstation trades an officer’s fresh hub session for a grant bound to itself and that account, to resume after an offline login',
    input: z.object({ session: z.string().min(1).max(512) }),
    output: z.object({ grant: z.string(), expiresAt: z.string() }),
    roles: ['counter-device'],
  }),
  'hall.resumeSession': method({
    summary: 'A workstation back online trades its grant for a hub session of that officer; the hub checks the account as it is now',
    input: z.object({ grant: z.string().min(1).max(512) }),
    output: z.object({ token: z.string(), expiresAt: z.string(), me: MeSchema }),
    roles: ['counter-device'],
  }),
  'hall.workstations': method({
    summary: 'Every workstation of the hall: online, last seen, backlog, version, station, device health',
    input: z.object({}),
    output: z.array(WorkstationStatusSchema),
    roles: MANAGERS,
  }),
};

export const hallLinkEvents = {
  'hall.linkChanged': HallLinkStatusSchema.describe('A workstation’s link to the hub went up or down, or its clock drifted'),
  'hall.workstationsChanged': z
    .object({ workstations: z.array(WorkstationStatusSchema) })
    .describe('A workstation reported, came or went (supervisors)'),
};
