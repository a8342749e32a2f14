import { z } from 'zod';
import { MANAGERS, method } from './define';

export const RetentionSchema = z.object({
  /** Citizen records older than this many days are purged by `npm run cli -- purge`; null = keep forever. */
  days: z.number().int().min(30).max(36500).nullable(),
});
export type Retention = z.infer<typeof RetentionSchema>;

export const CitizenQuerySchema = z.object({
  idNumber: z
    .string()
    .trim()
    .regex(/^\d{9}(\d{3})?$/, 'Số CCCD/CMND gồm 9 hoặc 12 chữ số'),
});
export type CitizenQuery = z.infer<typeof CitizenQuerySchema>;

export const CitizenExportSchema = z.object({
  idNumber: z.string(),
  exportedAt: z.string(),
  /** One section per feature that holds citizen data (tickets, dossiers …). */
  sections: z.array(z.object({ source: z.string(), name: z.string(), records: z.array(z.unknown()), files: z.array(z.string()) })),
});
export type CitizenExport = z.infer<typeof CitizenExportSchema>;

export const privacyMethods = {
  'privacy.retention': method({
    summary: 'The retention setting for citizen data',
    input: z.object({}),
    output: RetentionSchema,
    roles: MANAGERS,
  }),
  'privacy.setRetention': method({
    summary: 'Change the retention setting (the purge itself runs from the CLI)',
    input: RetentionSchema,
    output: RetentionSchema,
    roles: ['admin'],
  }),
  'privacy.exportCitizen': method({
    summary: 'Every record held about one citizen, for a request under Decree 13/2023',
    input: CitizenQuerySchema,
    output: CitizenExportSchema,
    roles: MANAGERS,
  }),
};
