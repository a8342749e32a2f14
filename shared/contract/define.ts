import { z } from 'zod';

/**
 * Who is calling. Officer roles come from a login; device roles from pairing.
 * Every method lists the roles allowed to call it; the back end checks this,
 * never the UI.
 */
export const ROLES = ['officer', 'supervisor', 'admin', 'kiosk', 'display', 'counter-device'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
/** A caller with no credential yet: it may call only methods marked `public` (log in, pair). */
export type CallerRole = Role | 'anonymous';

export const STAFF: readonly Role[] = ['officer', 'supervisor', 'admin'];
export const MANAGERS: readonly Role[] = ['supervisor', 'admin'];
export const EVERYONE: readonly Role[] = ROLES;

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly roles: readonly Role[];
  /** One line for the generated contract list in the README. */
  readonly summary: string;
  /** Callable without a credential (only `auth.login` and `auth.pair`); every other method answers 401 to the unknown. */
  readonly public?: true;
}

/** Identity function that keeps the literal schema types of a method. */
export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

export type ContractShape = Record<string, MethodSpec>;
export type EventsShape = Record<string, z.ZodType>;
