import { z } from 'zod';
import { MANAGERS, STAFF, method } from './define';

const HmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ cần dạng HH:mm');

export const ProcedureComponentSchema = z.object({
  /** Component code within the procedure (mã thành phần), e.g. "TP1". */
  code: z.string().min(1).max(40),
  name: z.string().min(1).max(500),
  /** Bản chính */
  originals: z.number().int().min(0).max(20),
  /** Bản sao (chứng thực hoặc photo) */
  copies: z.number().int().min(0).max(20),
  required: z.boolean(),
  /** Form template name (mẫu đơn, tờ khai), if any. */
  form: z.string().max(200).nullable(),
});
export type ProcedureComponent = z.infer<typeof ProcedureComponentSchema>;

export const FeeSchema = z.object({
  name: z.string().min(1).max(200),
  /** VND */
  amount: z.number().int().min(0),
});
export type Fee = z.infer<typeof FeeSchema>;

export const ProcessingTimeSchema = z.object({
  unit: z.enum(['days', 'hours']),
  value: z.number().min(0).max(3650),
});

export const ProcedureSchema = z.object({
  /** Mã TTHC on the national database, e.g. 1.001193 */
  code: z.string().regex(/^[0-9A-Za-z.\-_]{3,40}$/, 'Mã thủ tục chỉ gồm chữ, số và dấu chấm'),
  name: z.string().min(1).max(500),
  /** Lĩnh vực, e.g. "Hộ tịch" */
  field: z.string().min(1).max(200),
  /** Cấp thực hiện: "Cấp xã", "Cấp tỉnh" … */
  level: z.string().min(1).max(50),
  processing: ProcessingTimeSchema,
  /** HH:mm: receipts at or after it count from the next working day (e.g. 15:00 for certification). */
  sameDayCutoff: HmSchema.nullable(),
  components: z.array(ProcedureComponentSchema),
  fees: z.array(FeeSchema),
  /** Cơ quan có thẩm quyền quyết định */
  decidingAgency: z.string().min(1).max(300),
});
export type Procedure = z.infer<typeof ProcedureSchema>;

export const CatalogEntrySchema = ProcedureSchema.extend({
  version: z.number().int().min(1),
  importedAt: z.string(),
  active: z.boolean(),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

export const ImportReportSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** One Vietnamese line per bad row; nothing is imported when there is any. */
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const catalogMethods = {
  'catalog.search': method({
    summary: 'Procedures of the catalog by code or name (diacritics-insensitive); empty query lists all',
    input: z.object({ query: z.string().max(200).default(''), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.array(CatalogEntrySchema),
    roles: STAFF,
  }),
  'catalog.get': method({
    summary: 'One procedure, current version or the version a dossier was received under',
    input: z.object({ code: z.string().min(1), version: z.number().int().min(1).optional() }),
    output: CatalogEntrySchema,
    roles: STAFF,
  }),
  'catalog.import': method({
    summary: 'Import procedures from JSON, CSV or XLSX (all or nothing, with a per-row error report)',
    // An empty file is the import's own refusal (a report line), not a contract error.
    input: z.object({ format: z.enum(['json', 'csv', 'xlsx']), base64: z.string().max(40_000_000) }),
    output: ImportReportSchema,
    roles: MANAGERS,
  }),
};

export const catalogEvents = {
  'catalog.changed': z.object({ codes: z.array(z.string()) }).describe('Procedures were imported or changed'),
};
