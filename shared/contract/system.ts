import { z } from 'zod';
import { EVERYONE, MANAGERS, method } from './define';

export const HealthStatusSchema = z.enum(['ok', 'warn', 'error']);

export const DoctorCheckSchema = z.object({
  id: z.string(),
  /** Vietnamese name of the device or service. */
  name: z.string(),
  status: HealthStatusSchema,
  /** Vietnamese: what is wrong and what to do. */
  detail: z.string(),
});
export type DoctorCheck = z.infer<typeof DoctorCheckSchema>;

export const SystemInfoSchema = z.object({
  product: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'web']),
  startedAt: z.string(),
  agencyName: z.string(),
  agencyCode: z.string(),
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

export const systemMethods = {
  'system.info': method({
    summary: 'Product, version and the installation’s agency',
    input: z.object({}),
    output: SystemInfoSchema,
    roles: EVERYONE,
  }),
  'system.doctor': method({
    summary: 'Health of every device and service, in Vietnamese',
    input: z.object({}),
    output: z.object({ checks: z.array(DoctorCheckSchema) }),
    roles: MANAGERS,
  }),
};

export const systemEvents = {
  'system.notice': z
    .object({ level: HealthStatusSchema, message: z.string() })
    .describe('A message for every screen: a device failed, the link is down'),
};
