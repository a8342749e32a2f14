import { z } from 'zod';
import { EVERYONE, MANAGERS, method } from './define';

const IdSchema = z.string().min(1).max(64);

export const ServiceSchema = z.object({
  id: IdSchema,
  /** Vietnamese name shown on the kiosk, e.g. "Hộ tịch". */
  name: z.string().min(1).max(120),
  /** Letter(s) that start every ticket number of this service, e.g. "A". */
  prefix: z.string().regex(/^[A-Z]{1,2}$/, 'Tiền tố là 1–2 chữ cái in hoa'),
  active: z.boolean(),
  sortOrder: z.number().int(),
});
export type Service = z.infer<typeof ServiceSchema>;

export const CounterSchema = z.object({
  id: IdSchema,
  /** Number announced by the display board: "quầy số 5". */
  number: z.number().int().min(1).max(999),
  name: z.string().min(1).max(120),
  serviceIds: z.array(IdSchema),
  active: z.boolean(),
});
export type Counter = z.infer<typeof CounterSchema>;

export const HallConfigSchema = z.object({
  services: z.array(ServiceSchema),
  counters: z.array(CounterSchema),
});
export type HallConfig = z.infer<typeof HallConfigSchema>;

export const hallMethods = {
  'hall.config': method({
    summary: 'Services and counters of the hall',
    input: z.object({}),
    output: HallConfigSchema,
    roles: EVERYONE,
  }),
  'hall.saveService': method({
    summary: 'Create or update a service (lĩnh vực) of the hall',
    input: ServiceSchema.partial({ id: true, active: true, sortOrder: true }),
    output: ServiceSchema,
    roles: MANAGERS,
  }),
  'hall.saveCounter': method({
    summary: 'Create or update a counter (quầy) and the services it serves',
    input: CounterSchema.partial({ id: true, active: true }),
    output: CounterSchema,
    roles: MANAGERS,
  }),
};

export const hallEvents = {
  'hall.changed': HallConfigSchema.describe('The hall configuration after any change'),
};
