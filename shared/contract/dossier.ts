import { personal } from './personal';
import { z } from 'zod';
import { STATUS_CODES, type DossierStatus } from '../domain/status';
import { FeeSchema, ProcessingTimeSchema } from './catalog';
import { MANAGERS, STAFF, method } from './define';
import { Sha256Schema } from './files';

export const DossierStatusSchema = z
  .number()
  .int()
  .refine(
    (n): n is DossierStatus => (STATUS_CODES as number[]).includes(n),
    'Mã trạng thái hồ sơ là 1–10',
  ) as unknown as z.ZodType<DossierStatus>;

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày cần dạng yyyy-MM-dd');
const DossierCodeSchema = z.string().min(10).max(60);

export const ApplicantSchema = z.object({
  /** 1 citizen, 2 business / organisation (LoaiDoiTuong of the national portal). */
  kind: z.enum(['citizen', 'organization']),
  fullName: personal(z.string().trim().min(1, 'Cần họ tên người nộp').max(200), 'name'),
  idNumber: personal(
    z
      .string()
      .regex(/^\d{12}$/, 'Số định danh gồm 12 chữ số')
      .nullable(),
    'identifier',
  ),
  oldIdNumber: personal(
    z
      .string()
      .regex(/^(\d{9}|\d{12})$/)
      .nullable(),
    'identifier',
  ),
  birthDate: personal(IsoDateSchema.nullable(), 'contact'),
  sex: z.enum(['Nam', 'Nữ']).nullable(),
  address: personal(z.string().max(500), 'contact'),
  phone: personal(z.string().regex(/^[0-9+ .-]{0,20}$/, 'Số điện thoại không hợp lệ'), 'contact'),
  email: personal(z.string().max(200), 'contact'),
  /** Organisation: tax code (mã số thuế) and name. */
  taxCode: personal(
    z
      .string()
      .regex(/^\d{10}(-\d{3})?$/, 'Mã số thuế gồm 10 chữ số (hoặc 10-3)')
      .nullable(),
    'identifier',
  ),
  organizationName: z.string().max(300).nullable(),
});
export type Applicant = z.infer<typeof ApplicantSchema>;

/** DOMAIN.md: 0 not digitized, 1 digitized, 2 reused from another dossier's component, 3 reused from a result. */
export const DigitizationSchema = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);

export const ComponentInputSchema = z.object({
  code: z.string().min(1).max(40),
  name: z.string().min(1).max(500),
  originals: z.number().int().min(0).max(20),
  copies: z.number().int().min(0).max(20),
  /** The digitized copy in the FileStore, or null for "paper only". */
  sha256: Sha256Schema.nullable(),
  fileName: z.string().max(255).nullable().default(null),
  /** Reuse of an earlier dossier's component or result instead of scanning again. */
  reusedFrom: z
    .object({ kind: z.enum(['component', 'result']), dossierCode: DossierCodeSchema })
    .nullable()
    .default(null),
});
export type ComponentInput = z.infer<typeof ComponentInputSchema>;

export const DossierComponentSchema = ComponentInputSchema.extend({
  id: z.number().int(),
  digitization: DigitizationSchema,
  addedAt: z.string(),
});
export type DossierComponent = z.infer<typeof DossierComponentSchema>;

export const StatusChangeSchema = z.object({
  from: DossierStatusSchema.nullable(),
  to: DossierStatusSchema,
  at: z.string(),
  by: z.string(),
  note: z.string(),
});
export type StatusChange = z.infer<typeof StatusChangeSchema>;

export const ResultDocumentSchema = z.object({
  name: z.string().min(1).max(300),
  sha256: Sha256Schema.nullable(),
});

export const DossierResultSchema = z.object({
  documents: z.array(ResultDocumentSchema),
  collectedBy: z.string(),
  returnedAt: z.string(),
  returnedBy: z.string(),
  note: z.string(),
});

export const DossierFormSchema = z.object({
  form: z.enum(['01', '02', '03', '04', '05', '06']),
  sha256: Sha256Schema,
  createdAt: z.string(),
});
export type DossierForm = z.infer<typeof DossierFormSchema>;

export const DossierSchema = z.object({
  code: z.string(),
  procedureCode: z.string(),
  procedureVersion: z.number().int(),
  procedureName: z.string(),
  field: z.string(),
  applicant: ApplicantSchema,
  status: DossierStatusSchema,
  receivedAt: z.string(),
  dueAt: z.string(),
  receivedBy: z.string(),
  station: z.number().int(),
  ticketId: z.string().nullable(),
  /** The ticket's number as called (A001), looked up from the queue when the dossier is read; null when gone. */
  ticketNumber: z.string().nullable().optional(),
  delivery: z.enum(['desk', 'post']),
  /** Where a result returned by post goes (null: the applicant's address). */
  deliveryAddress: z.string().nullable().optional(),
  sets: z.number().int(),
  fees: z.array(FeeSchema),
  notes: z.string(),
  components: z.array(DossierComponentSchema),
  history: z.array(StatusChangeSchema),
  result: DossierResultSchema.nullable(),
  forms: z.array(DossierFormSchema),
});
export type Dossier = z.infer<typeof DossierSchema>;

export const DossierSummarySchema = z.object({
  code: z.string(),
  applicantName: z.string(),
  idNumber: z.string().nullable(),
  phone: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  status: DossierStatusSchema,
  receivedAt: z.string(),
  dueAt: z.string(),
  receivedBy: z.string(),
});
export type DossierSummary = z.infer<typeof DossierSummarySchema>;

export const ReceiveInputSchema = z.object({
  procedureCode: z.string().min(1),
  applicant: ApplicantSchema,
  components: z.array(ComponentInputSchema),
  fees: z.array(FeeSchema).default([]),
  notes: z.string().max(2000).default(''),
  delivery: z.enum(['desk', 'post']).default('desk'),
  /** With delivery by post: the address to deliver the result to (default: the applicant's address). */
  deliveryAddress: z.string().trim().max(500).optional(),
  sets: z.number().int().min(1).max(50).default(1),
  /** The hall queue ticket being served (filled by the counter from the queue). */
  ticketId: z.string().max(64).nullable().default(null),
  officer: z.string().min(1).max(200).default('Cán bộ tiếp nhận'),
  /** ISO; defaults to now. Tests and imports of paper registers set it. */
  receivedAt: z.string().optional(),
  /** Refused at the desk: the dossier is recorded as status 3 (not accepted) and form 03 is issued instead of the receipt. */
  refusalReason: z.string().trim().min(1).max(2000).optional(),
  /** The draft's id, chosen by the counter: a resend with the same id (after a crash or a timeout) answers the same dossier. */
  requestId: z.string().min(8).max(64).optional(),
});
export type ReceiveInput = z.input<typeof ReceiveInputSchema>;

export const ReusableSchema = z.object({
  kind: z.enum(['component', 'result']),
  dossierCode: z.string(),
  name: z.string(),
  sha256: Sha256Schema,
  at: z.string(),
});
export type Reusable = z.infer<typeof ReusableSchema>;

/** The document that announced a day off / worked day (Thông báo, Công văn, Quyết định, Công điện). */
export const AnnouncingDocumentSchema = z.object({
  type: z
    .string({ error: 'Cần loại văn bản (Thông báo, Công văn, Quyết định…)' })
    .trim()
    .min(1, 'Cần loại văn bản (Thông báo, Công văn, Quyết định…)')
    .max(40),
  number: z
    .string({ error: 'Cần số hiệu văn bản, ví dụ 5015/TB-LĐTBXH' })
    .trim()
    .min(1, 'Cần số hiệu văn bản, ví dụ 5015/TB-LĐTBXH')
    .max(60),
  date: z
    .string({ error: 'Ngày văn bản cần dạng yyyy-MM-dd (hoặc null)' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày văn bản cần dạng yyyy-MM-dd')
    .nullable(),
  issuer: z.string({ error: 'Cần cơ quan ban hành' }).trim().min(1, 'Cần cơ quan ban hành').max(120),
});
export const CalendarDaySchema = z.object({
  date: IsoDateSchema,
  kind: z.enum(['holiday', 'compensatory', 'override-off', 'override-work']),
  reason: z.string(),
  document: AnnouncingDocumentSchema.nullable().optional(),
});
export const CalendarOverrideSchema = z.object({
  date: IsoDateSchema,
  kind: z.enum(['off', 'work']),
  reason: z.string().min(1).max(300),
  document: AnnouncingDocumentSchema.nullable().optional(),
});
/** One announcement in a calendar file: its document and the days it sets (resources/calendar/vn-announced.json, supervisor imports). */
export const AnnouncementSchema = z.object({
  document: AnnouncingDocumentSchema,
  subject: z.string().max(500).optional(),
  days: z
    .array(
      z.object({
        date: z.string({ error: 'Cần ngày dạng yyyy-MM-dd' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày cần dạng yyyy-MM-dd'),
        kind: z.enum(['off', 'work'], { error: 'Loại ngày là "off" (nghỉ) hoặc "work" (làm việc)' }),
        reason: z.string({ error: 'Cần lý do' }).trim().min(1, 'Cần lý do').max(300, 'Lý do tối đa 300 ký tự'),
      }),
      { error: 'Cần danh sách ngày (days)' },
    )
    .min(1, 'Thông báo cần ít nhất một ngày')
    .max(400, 'Một thông báo tối đa 400 ngày'),
});
export type Announcement = z.infer<typeof AnnouncementSchema>;
export const AnnouncementFileSchema = z.object({
  announcements: z
    .array(AnnouncementSchema, { error: 'Tệp cần mục "announcements" là danh sách thông báo' })
    .min(1, 'Tệp không có thông báo nào')
    .max(200, 'Tệp tối đa 200 thông báo'),
});
const HmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ cần dạng HH:mm');
export const WorkingHoursSchema = z.object({
  periods: z
    .array(z.object({ start: HmSchema, end: HmSchema }))
    .min(1)
    .max(4),
});

export const FormPrintOutcomeSchema = z.object({
  printed: z.boolean(),
  /** The command line used (lp / the Windows print path), for the officer and IT staff. */
  command: z.string(),
  message: z.string(),
  /** The dossier form the printed file is (null: a register, a scan…), so the print's audit row names it. */
  dossier: z.object({ code: z.string(), form: z.string() }).nullable().optional(),
});

export const dossierMethods = {
  'dossier.findApplicant': method({
    summary: 'A returning applicant by ID number, with earlier components and results that can be reused',
    input: z.object({ idNumber: z.string().min(9).max(13) }),
    output: z.object({ applicant: ApplicantSchema.nullable(), reusable: z.array(ReusableSchema) }),
    roles: STAFF,
  }),
  'dossier.receive': method({
    summary: 'Receive a dossier: code, appointment date, receipt (form 01) stored with it',
    input: ReceiveInputSchema,
    output: DossierSchema,
    roles: STAFF,
  }),
  'dossier.get': method({
    summary: 'A dossier with its components, status history, result and forms',
    input: z.object({ code: DossierCodeSchema }),
    output: DossierSchema,
    roles: STAFF,
  }),
  'dossier.addComponent': method({
    summary: 'Add a component to a dossier (e.g. a supplement)',
    input: z.object({ code: DossierCodeSchema, component: ComponentInputSchema }),
    output: DossierSchema,
    roles: STAFF,
  }),
  'dossier.transition': method({
    summary: 'Change the status (legal transitions only); forms 02/03 are produced for supplement and refusal',
    input: z.object({
      code: DossierCodeSchema,
      to: DossierStatusSchema,
      note: z.string().max(2000).default(''),
    }),
    output: DossierSchema,
    roles: STAFF,
  }),
  'dossier.apologize': method({
    summary: 'Apology and new appointment (form 04) for a late dossier',
    input: z.object({ code: DossierCodeSchema, newDueAt: z.string(), reason: z.string().min(1).max(2000) }),
    output: DossierSchema,
    roles: STAFF,
  }),
  'dossier.returnResult': method({
    summary: 'Return the result: documents, who collected them, when',
    input: z.object({
      code: DossierCodeSchema,
      documents: z.array(ResultDocumentSchema).min(1),
      collectedBy: z.string().trim().min(1, 'Cần tên người nhận kết quả').max(200),
      note: z.string().max(2000).default(''),
    }),
    output: DossierSchema,
    roles: STAFF,
  }),
  'dossier.search': method({
    summary: 'Search by code, name, ID number, phone or procedure (diacritics-insensitive, prefix), newest first',
    input: z.object({
      query: z.string().max(200).default(''),
      status: DossierStatusSchema.optional(),
      procedureCode: z.string().optional(),
      officer: z.string().optional(),
      from: IsoDateSchema.optional(),
      to: IsoDateSchema.optional(),
      limit: z.number().int().min(1).max(200).default(20),
    }),
    /** `scope`: `hall` when the hub's register answered, `local` for this PC's own dossiers (hub unreachable or none). */
    output: z.object({ items: z.array(DossierSummarySchema), tookMs: z.number(), scope: z.enum(['hall', 'local']).optional() }),
    roles: STAFF,
  }),
  'dossier.dueList': method({
    summary: 'Open dossiers that are overdue, or due within the next working hours',
    input: z.object({
      kind: z.enum(['overdue', 'dueSoon']),
      withinHours: z.number().min(1).max(200).default(8),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(DossierSummarySchema.extend({ workingMinutesLeft: z.number() })),
    roles: STAFF,
  }),
  'dossier.form': method({
    summary: 'Render an official form (01–05 for a dossier, 06 the register for a period) as PDF into the file store',
    input: z.object({
      form: z.enum(['01', '02', '03', '04', '05', '06']),
      code: DossierCodeSchema.optional(),
      from: IsoDateSchema.optional(),
      to: IsoDateSchema.optional(),
    }),
    output: z.object({ sha256: Sha256Schema, size: z.number().int() }),
    roles: STAFF,
  }),
  'dossier.print': method({
    summary: 'Print a stored PDF on the OS printer',
    input: z.object({ sha256: Sha256Schema, copies: z.number().int().min(1).max(5).default(1) }),
    output: FormPrintOutcomeSchema,
    roles: STAFF,
  }),
  'calendar.get': method({
    summary: 'Non-working days of a year with reasons, the overrides and the working hours',
    input: z.object({ year: z.number().int().min(1900).max(2199) }),
    output: z.object({ days: z.array(CalendarDaySchema), overrides: z.array(CalendarOverrideSchema), hours: WorkingHoursSchema }),
    roles: STAFF,
  }),
  'calendar.saveOverride': method({
    summary: 'Add or change an announced day off / worked day',
    input: CalendarOverrideSchema,
    output: z.object({ overrides: z.array(CalendarOverrideSchema) }),
    roles: MANAGERS,
  }),
  'calendar.deleteOverride': method({
    summary: 'Remove an override',
    input: z.object({ date: IsoDateSchema }),
    output: z.object({ overrides: z.array(CalendarOverrideSchema) }),
    roles: MANAGERS,
  }),
  'calendar.importAnnouncements': method({
    summary: 'Import a year’s announced days off / worked days from a calendar file (JSON, checked before anything is written)',
    input: z.object({ text: z.string().min(1, 'Tệp rỗng').max(1_000_000, 'Tệp quá lớn (tối đa 1 MB)') }),
    output: z.object({ imported: z.number().int(), years: z.array(z.number().int()), overrides: z.array(CalendarOverrideSchema) }),
    roles: MANAGERS,
  }),
  'calendar.saveHours': method({
    summary: 'Set the working hours used for appointment dates',
    input: WorkingHoursSchema,
    output: WorkingHoursSchema,
    roles: MANAGERS,
  }),
  'calendar.due': method({
    summary: 'Preview an appointment date for a receipt time and processing time',
    input: z.object({
      receivedAt: z.string().optional(),
      processing: ProcessingTimeSchema,
      sameDayCutoff: HmSchema.nullable().default(null),
    }),
    output: z.object({ dueAt: z.string() }),
    roles: STAFF,
  }),
};

/**
 * Which screen a reader's reads go to: `local` — the windows of the PC the
 * reader is plugged into (Electron); `device` — one paired device (a kiosk, a
 * counter PC's browser); `staff` — every staff screen of the hub (web mode's
 * old behaviour, chosen explicitly).
 */
export const ReadScreenSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({ kind: z.literal('device'), deviceId: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('staff') }),
]);
export type ReadScreen = z.infer<typeof ReadScreenSchema>;

export const CccdApplicantSchema = z.object({
  // A read also reaches a kiosk (its own reader): the marks keep every personal field from it.
  idNumber: personal(z.string(), 'identifier'),
  oldIdNumber: personal(z.string().nullable(), 'identifier'),
  fullName: personal(z.string(), 'name'),
  birthDate: personal(z.string(), 'contact'),
  sex: z.enum(['Nam', 'Nữ']),
  address: personal(z.string(), 'contact'),
  issueDate: personal(z.string(), 'contact'),
  extra: z.array(z.string()),
});

export const dossierEvents = {
  'dossier.qrScanned': z
    .object({
      source: z.string(),
      result: z.discriminatedUnion('ok', [
        z.object({ ok: z.literal(true), applicant: CccdApplicantSchema }),
        z.object({ ok: z.literal(false), error: z.string() }),
      ]),
      screen: ReadScreenSchema.optional(),
    })
    .describe('A QR reader (HID-POS or serial) read a chip ID card (parsed, or the Vietnamese error); only `screen` gets it'),
  'dossier.barcodeScanned': z
    .object({ source: z.string(), text: z.string().max(8192), screen: ReadScreenSchema.optional() })
    .describe('A reader read a code that is not a chip ID card (e.g. a receipt’s dossier code); only `screen` gets it'),
  'dossier.changed': z
    .object({ code: z.string(), status: DossierStatusSchema })
    .describe('A dossier was received or its status, components or result changed'),
};
