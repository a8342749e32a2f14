import { personal } from './personal';
import { z } from 'zod';
import { EVERYONE, MANAGERS, method, type Role } from './define';
import { HealthStatusSchema } from './system';

/** Who works the queue: officers at counters, counter PCs paired as devices, and managers. */
const COUNTER_ROLES: readonly Role[] = ['officer', 'supervisor', 'admin', 'counter-device'];
/** Who may take a ticket: the kiosk, and staff taking one for a citizen at the door. */
const ISSUE_ROLES: readonly Role[] = ['kiosk', 'officer', 'supervisor', 'admin', 'counter-device'];

const IdSchema = z.string().min(1).max(64);
const HhMmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ phải có dạng HH:mm (24 giờ)');

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'parked', 'done', 'no_show'] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

export const TicketSchema = z.object({
  id: z.string(),
  /** Exactly as printed and announced, e.g. "A007". */
  number: z.string(),
  /** Position within the service's range for the business day. */
  seq: z.number().int(),
  /** Business day (yyyy-MM-dd, Vietnam time, shifted by the daily reset time). */
  day: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  priorityGroup: z.string().nullable(),
  status: TicketStatusSchema,
  counterId: z.string().nullable(),
  /** Set by a transfer to a particular counter: only that counter calls it. */
  targetCounterId: z.string().nullable(),
  issuedAt: z.string(),
  calledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  citizenName: personal(z.string().nullable(), 'name'),
  dossierCode: personal(z.string().nullable(), 'identifier'),
  rating: z.number().int().min(1).max(3).nullable(),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const PrintOutcomeSchema = z.object({
  /** printed: the printer took it; simulated: demo printer kept an image; failed: shown on screen only; off: no printer. */
  status: z.enum(['printed', 'simulated', 'failed', 'off']),
  message: z.string(),
});
export type PrintOutcome = z.infer<typeof PrintOutcomeSchema>;

export const IssuedTicketSchema = TicketSchema.extend({
  waitingAhead: z.number().int().nonnegative(),
  estimatedWaitMinutes: z.number().int().nonnegative(),
  /** Text of the QR code printed on the ticket: identifies the ticket. */
  qr: z.string(),
  print: PrintOutcomeSchema,
});
export type IssuedTicket = z.infer<typeof IssuedTicketSchema>;

export const CallSchema = z.object({
  callId: z.string(),
  ticketId: z.string(),
  number: z.string(),
  serviceName: z.string(),
  counterId: z.string(),
  counterNumber: z.number().int(),
  counterName: z.string(),
  at: z.string(),
  recall: z.boolean(),
});
export type Call = z.infer<typeof CallSchema>;

export const PrinterStatusSchema = z.object({
  /** tcp, serial, file, simulated (demo) or off. */
  kind: z.enum(['tcp', 'serial', 'file', 'simulated', 'off']),
  target: z.string(),
  status: HealthStatusSchema,
  /** Vietnamese: paper out, cover open, offline… */
  message: z.string(),
  checkedAt: z.string().nullable(),
});
export type PrinterStatus = z.infer<typeof PrinterStatusSchema>;

export const PrinterAlertSchema = z.object({
  at: z.string(),
  ticketNumber: z.string().nullable(),
  status: HealthStatusSchema,
  message: z.string(),
});
export type PrinterAlert = z.infer<typeof PrinterAlertSchema>;

export const QueueStateSchema = z.object({
  day: z.string(),
  open: z.boolean(),
  services: z.array(z.object({ id: z.string(), name: z.string(), prefix: z.string(), waiting: z.number().int() })),
  counters: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      number: z.number().int(),
      serviceIds: z.array(z.string()),
      current: TicketSchema.nullable(),
      parked: z.number().int(),
    }),
  ),
  waitingTotal: z.number().int(),
  recentCalls: z.array(CallSchema),
  printer: PrinterStatusSchema,
});
export type QueueState = z.infer<typeof QueueStateSchema>;

export const PriorityGroupSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(120),
  active: z.boolean(),
});
export type PriorityGroup = z.infer<typeof PriorityGroupSchema>;

export const NumberRangeSchema = z
  .object({ start: z.number().int().min(0).max(99_999), end: z.number().int().min(1).max(99_999) })
  .refine((r) => r.end > r.start, 'Số cuối phải lớn hơn số đầu');

export const QueueSettingsSchema = z.object({
  openingHours: z.object({ open: HhMmSchema, close: HhMmSchema, enforce: z.boolean() }),
  /** Numbering starts again each business day at this time (Vietnam time). */
  dailyResetTime: HhMmSchema,
  /** Per service: first and last number of the day (default 1–999). */
  numberRanges: z.record(z.string(), NumberRangeSchema),
  priorityGroups: z.array(PriorityGroupSchema),
  policy: z.object({
    /** strict: priority tickets always first; alternate: one priority ticket after every N normal ones. */
    mode: z.enum(['strict', 'alternate']),
    normalPerPriority: z.number().int().min(1).max(20),
  }),
  /** Age from which the CCCD scan at the kiosk offers the elderly priority group. */
  elderlyAge: z.number().int().min(50).max(100),
  elderlyGroupId: z.string(),
  /** Used for the estimated wait until the day has its own service times. */
  defaultServiceMinutes: z.number().min(1).max(120),
});
export type QueueSettings = z.infer<typeof QueueSettingsSchema>;

export const CounterQueueSchema = z.object({
  current: TicketSchema.nullable(),
  parked: z.array(TicketSchema),
  /** Tickets this counter could call, in the order the policy would take them (first 50). */
  waiting: z.array(TicketSchema),
});
export type CounterQueue = z.infer<typeof CounterQueueSchema>;

const PeriodSchema = z.object({
  /** yyyy-MM-dd, inclusive, business days. */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng yyyy-MM-dd'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng yyyy-MM-dd'),
});

const RatingsSchema = z.object({ unhappy: z.number().int(), happy: z.number().int(), veryHappy: z.number().int() });
const BucketSchema = z.object({
  key: z.string(),
  label: z.string(),
  issued: z.number().int(),
  served: z.number().int(),
  noShow: z.number().int(),
  /** Minutes, null when nothing to average. */
  avgWaitMinutes: z.number().nullable(),
  avgServiceMinutes: z.number().nullable(),
  ratings: RatingsSchema,
});
export type StatsBucket = z.infer<typeof BucketSchema>;

export const QueueStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: BucketSchema,
  perHour: z.array(BucketSchema),
  perDay: z.array(BucketSchema),
  perService: z.array(BucketSchema),
  perCounter: z.array(BucketSchema),
  perOfficer: z.array(BucketSchema),
});
export type QueueStats = z.infer<typeof QueueStatsSchema>;

export const PrintedTicketSchema = z.object({
  ticketId: z.string(),
  number: z.string(),
  at: z.string(),
  sha256: z.string(),
  /** PNG of exactly what the printer would have printed. */
  pngBase64: z.string(),
});

const CounterInput = z.object({ counterId: IdSchema });

export const queueMethods = {
  'queue.state': method({
    summary: 'The hall queue: services with waiting counts, counters with their current call, recent calls, printer',
    input: z.object({}),
    output: QueueStateSchema,
    roles: EVERYONE,
  }),
  'queue.issueTicket': method({
    summary: 'Issue a ticket (number allocated and stored in one transaction), then print it',
    input: z.object({
      serviceId: IdSchema,
      priorityGroup: IdSchema.optional(),
      /** From the CCCD scan at the kiosk, printed on nothing, kept for the counter. */
      citizenName: personal(z.string().max(120).optional(), 'name'),
      /** Chosen by the kiosk per touch: a retry with the same id answers the same ticket, never a second one. */
      requestId: z.string().min(8).max(64).optional(),
    }),
    output: IssuedTicketSchema,
    roles: ISSUE_ROLES,
  }),
  'queue.callNext': method({
    summary: 'Call the next ticket for a counter (its services, priority policy); null when none waits',
    input: CounterInput,
    output: TicketSchema.nullable(),
    roles: COUNTER_ROLES,
  }),
  'queue.callTicket': method({
    summary: 'Call a particular waiting or parked ticket out of order',
    input: CounterInput.extend({ ticketId: z.string().optional(), number: z.string().max(12).optional() }),
    output: TicketSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.recall': method({
    summary: 'Announce the counter’s current ticket again',
    input: CounterInput,
    output: TicketSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.startService': method({
    summary: 'The citizen has arrived: service starts for the current ticket',
    input: CounterInput,
    output: TicketSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.noShow': method({
    summary: 'The called citizen did not come: close the ticket as no-show',
    input: CounterInput,
    output: TicketSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.skip': method({
    summary: 'Put the current ticket back at the end of its queue',
    input: CounterInput,
    output: TicketSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.transfer': method({
    summary: 'Send the current ticket to another service or counter (it waits there)',
    input: CounterInput.extend({ serviceId: IdSchema.optional(), targetCounterId: IdSchema.optional() }),
    output: TicketSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.park': method({
    summary: 'Set the current ticket aside (the citizen fetches a paper); resume later',
    input: CounterInput,
    output: TicketSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.resume': method({
    summary: 'Take a parked ticket back as the counter’s current ticket',
    input: CounterInput.extend({ ticketId: z.string() }),
    output: TicketSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.finish': method({
    summary: 'Service ended for the current ticket',
    input: CounterInput,
    output: TicketSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.counterQueue': method({
    summary: 'What a counter sees: its current ticket, parked tickets and who waits for it',
    input: CounterInput,
    output: CounterQueueSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.linkDossier': method({
    summary: 'Record which dossier was received for a ticket',
    input: z.object({ ticketId: z.string(), dossierCode: z.string().min(1).max(64) }),
    output: TicketSchema,
    roles: COUNTER_ROLES,
  }),
  'queue.rate': method({
    summary: 'The citizen’s satisfaction with a finished ticket (1 không hài lòng, 2 hài lòng, 3 rất hài lòng)',
    input: z.object({ ticketId: z.string(), rating: z.number().int().min(1).max(3) }),
    output: TicketSchema,
    roles: EVERYONE,
  }),
  'queue.settings': method({
    summary: 'Queue settings: opening hours, daily reset, number ranges, priority groups and policy',
    input: z.object({}),
    output: QueueSettingsSchema,
    roles: EVERYONE,
  }),
  'queue.saveSettings': method({
    summary: 'Change the queue settings',
    input: QueueSettingsSchema,
    output: QueueSettingsSchema,
    roles: MANAGERS,
  }),
  'queue.stats': method({
    summary: 'Statistics per hour, day, service, counter and officer (waiting, service time, ratings)',
    input: PeriodSchema,
    output: QueueStatsSchema,
    roles: MANAGERS,
  }),
  'queue.exportStats': method({
    summary: 'Ticket events of a period as CSV or XLSX (base64)',
    input: PeriodSchema.extend({ format: z.enum(['csv', 'xlsx']) }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() }),
    roles: MANAGERS,
  }),
  'queue.printerStatus': method({
    summary: 'The ticket printer’s real-time status (DLE EOT) and its recent alerts',
    input: z.object({}),
    output: z.object({ status: PrinterStatusSchema, alerts: z.array(PrinterAlertSchema) }),
    roles: MANAGERS,
  }),
  'queue.printedTickets': method({
    summary: 'Demo printer: the last tickets it “printed”, as images',
    input: z.object({ limit: z.number().int().min(1).max(50).default(12) }),
    output: z.array(PrintedTicketSchema),
    roles: MANAGERS,
  }),
};

export const queueEvents = {
  'queue.changed': QueueStateSchema.describe('The hall queue after any change'),
  'queue.called': CallSchema.describe('A counter called (or recalled) a ticket: the display board announces it'),
  'queue.finished': z
    .object({ ticketId: z.string(), number: z.string(), counterId: z.string() })
    .describe('Service ended: the counter’s rating tablet asks the citizen'),
  'queue.printerAlert': PrinterAlertSchema.describe('The ticket printer failed or needs attention'),
  'queue.printed': z.object({ ticketId: z.string(), number: z.string(), at: z.string() }).describe('The demo printer kept a ticket image'),
};
