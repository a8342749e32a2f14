import { z } from 'zod';
import { MANAGERS, STAFF, method } from './define';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ phải có dạng HH:mm');

export const SyncScheduleSchema = z.object({ from: HHMM, to: HHMM });

export const SyncFailingItemSchema = z.object({
  id: z.number().int(),
  maHoSo: z.string(),
  kind: z.enum(['dossier', 'progress']),
  state: z.enum(['pending', 'attention']),
  attempts: z.number().int(),
  /** Plain Vietnamese. */
  lastError: z.string(),
  lastErrorAt: z.number().nullable(),
  nextAttemptAt: z.number(),
});

/** The provincial link as it is in effect (configuration, or the supervisor's settings over it). */
export const SyncLinkSchema = z.object({
  profile: z.enum(['dvcqg', 'motcua']),
  authPath: z.string(),
  servicePath: z.string(),
  dstcode: z.string(),
  /** Base of the file URLs the portal fetches (dvcqg); null until the file listener runs. */
  publicFileUrl: z.string().nullable(),
});
const PathSchema = z
  .string()
  .max(200)
  .regex(/^\/[\w\-./]*$/, 'Đường dẫn phải bắt đầu bằng "/"');
export const SyncLinkInputSchema = z.object({
  profile: z.enum(['dvcqg', 'motcua']).nullable().optional(),
  authPath: PathSchema.nullable().optional(),
  servicePath: PathSchema.nullable().optional(),
  dstcode: z.string().max(100).nullable().optional(),
  publicFileUrl: z.string().max(500).url('Địa chỉ tệp công khai không hợp lệ').nullable().optional(),
});

export const SyncProcedureSchema = z.object({
  localCode: z.string().min(1).max(64),
  portalCode: z.string().min(1).max(64),
  name: z.string().max(500),
  fieldCode: z.string().max(64),
  fieldName: z.string().max(255),
  results: z.array(z.object({ code: z.string().max(64), name: z.string().max(500) })).max(50),
  /** Set by the supervisor (kept over the catalog). */
  edited: z.boolean(),
  fetchedAt: z.number(),
});

export const SyncStatusSchema = z.object({
  /** A provincial endpoint is configured. */
  configured: z.boolean(),
  endpoint: z.string().nullable(),
  running: z.boolean(),
  settings: z.object({ paused: z.boolean(), bandwidthBytesPerSec: z.number(), schedule: SyncScheduleSchema.nullable() }),
  withinSchedule: z.boolean(),
  breaker: z.enum(['closed', 'open', 'half-open']),
  counts: z.object({ pending: z.number().int(), inFlight: z.number().int(), done: z.number().int(), attention: z.number().int() }),
  items: z.object({ total: z.number().int(), done: z.number().int() }),
  bytes: z.object({ total: z.number(), done: z.number() }),
  throughputBytesPerSec: z.number(),
  itemsPerMinute: z.number(),
  failing: z.array(SyncFailingItemSchema),
  backlog: z.array(z.object({ at: z.number(), pending: z.number().int(), attention: z.number().int() })),
  lastPullAt: z.number().nullable(),
  lastError: z.string().nullable(),
  link: SyncLinkSchema.optional(),
  /** dvcqg: files the portal has fetched whole, and every download attempt logged. */
  downloads: z.object({ delivered: z.number().int(), attempts: z.number().int(), refused: z.number().int() }).optional(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const SyncRemoteStatusSchema = z.object({
  MaHoSo: z.string(),
  TrangThaiHoSo: z.number().int().min(1).max(10),
  /** yyyyMMddHHmmss, Vietnam time. */
  ThoiDiem: z.string(),
});

/** The provincial account set from the sync panel; the password never travels back. */
export const SyncCredentialsSchema = z.object({ url: z.string().nullable(), username: z.string().nullable(), hasPassword: z.boolean() });
const ProvincialUrlSchema = z
  .string()
  .trim()
  .max(500)
  .url('Địa chỉ hệ thống tỉnh không hợp lệ (ví dụ https://dichvucong.tinh.gov.vn)')
  .refine((u) => /^https?:\/\//i.test(u), 'Địa chỉ hệ thống tỉnh phải bắt đầu bằng http:// hoặc https://');
const ProvincialAccountInput = z.object({
  url: ProvincialUrlSchema,
  username: z.string().trim().min(1, 'Cần tên đăng nhập kết nối tỉnh').max(200),
  /** Left out: keep the saved password. */
  password: z.string().min(1, 'Cần mật khẩu kết nối tỉnh').max(500).optional(),
});

export const syncMethods = {
  'sync.credentials': method({
    summary: 'The provincial address and account saved from the sync panel (never the password)',
    input: z.object({}),
    output: SyncCredentialsSchema,
    roles: MANAGERS,
  }),
  'sync.setCredentials': method({
    summary: 'Save the provincial address, user and password (sealed outside the database); in effect at the next start',
    input: ProvincialAccountInput,
    output: SyncCredentialsSchema,
    roles: MANAGERS,
  }),
  'sync.testConnection': method({
    summary: 'Log in to the provincial portal once with the given (or saved) account and say whether it worked',
    input: ProvincialAccountInput.partial(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
    roles: MANAGERS,
  }),
  'sync.status': method({
    summary: 'Sync to the provincial system: counts, bytes, throughput, failing items, backlog history',
    input: z.object({}),
    output: SyncStatusSchema,
    roles: STAFF,
  }),
  'sync.pause': method({ summary: 'Pause the background sync', input: z.object({}), output: SyncStatusSchema, roles: MANAGERS }),
  'sync.resume': method({ summary: 'Resume the background sync', input: z.object({}), output: SyncStatusSchema, roles: MANAGERS }),
  'sync.retry': method({
    summary: 'Retry failed items now (all of them when no ids are given)',
    input: z.object({ ids: z.array(z.number().int()).max(10_000).optional() }),
    output: z.object({ retried: z.number().int() }),
    roles: MANAGERS,
  }),
  'sync.configure': method({
    summary: 'Bandwidth limit (bytes/s, 0 = none) and schedule window (Vietnam time; null = always)',
    input: z.object({
      bandwidthBytesPerSec: z.number().int().min(0).optional(),
      schedule: SyncScheduleSchema.nullable().optional(),
      /** Link settings over the configuration (null = back to the configured value); a profile change applies at restart. */
      link: SyncLinkInputSchema.optional(),
    }),
    output: SyncStatusSchema,
    roles: MANAGERS,
  }),
  'sync.procedures': method({
    summary: 'Procedure codes mapped to the portal’s catalog (LayThuTuc, cached; supervisor edits kept)',
    input: z.object({}),
    output: z.array(SyncProcedureSchema),
    roles: MANAGERS,
  }),
  'sync.setProcedure': method({
    summary: 'Set (or, with remove, forget) the portal mapping of one local procedure code',
    input: SyncProcedureSchema.omit({ edited: true, fetchedAt: true }).extend({ remove: z.boolean().optional() }),
    output: z.array(SyncProcedureSchema),
    roles: MANAGERS,
  }),
  'sync.exportBundle': method({
    summary: 'Offline bundle (signed, one file) of everything not yet acknowledged, for a USB stick',
    input: z.object({}),
    output: z.object({
      fileName: z.string(),
      base64: z.string(),
      items: z.number().int(),
      files: z.number().int(),
      bytes: z.number().int(),
    }),
    roles: MANAGERS,
  }),
  'sync.importAck': method({
    summary: 'Import the province’s acknowledgement file of a bundle: marks its items done',
    input: z.object({
      base64: z
        .string()
        .min(1)
        .max(64 * 1024 * 1024),
    }),
    output: z.object({ acknowledged: z.number().int(), already: z.number().int(), rejected: z.number().int() }),
    roles: MANAGERS,
  }),
};

export const syncEvents = {
  'sync.progress': SyncStatusSchema.describe('Sync progress, at most about once a second while it changes'),
  'sync.remoteStatus': SyncRemoteStatusSchema.describe('A dossier status changed on the provincial side (for the dossier module to apply)'),
};
