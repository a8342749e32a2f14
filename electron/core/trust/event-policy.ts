import { MANAGERS, type EventName, type Role } from '../../../shared/contract';
import type { Caller } from '../contract/router';

const DEVICES: readonly Role[] = ['kiosk', 'display', 'counter-device'];
const ALL: readonly Role[] = ['officer', 'supervisor', 'admin', ...DEVICES];
/** Who gets an event nobody listed: staff and counter PCs, never the public screens. */
export const DEFAULT_AUDIENCE: readonly Role[] = ['officer', 'supervisor', 'admin', 'counter-device'];

export interface EventPolicy {
  /** Roles whose sockets receive the event. */
  audience: readonly Role[];
  /** Cuts what a role must not see (e.g. citizen names on a display board). */
  redact?: (payload: unknown, caller: Caller, options: RedactOptions) => unknown;
}

export interface RedactOptions {
  /** Set by the hall's configuration: display boards may show citizens' names. */
  displayCitizenNames: boolean;
}

/**
 * Which sockets receive which events. Display boards and kiosks are public
 * screens: they get only what they show. A feature adds one entry per event
 * that a kiosk or display needs (or that must be narrower than the default).
 */
export const EVENT_POLICIES: Partial<Record<EventName, EventPolicy>> = {
  'system.notice': { audience: ALL },
  'hall.changed': { audience: ALL },
  'devices.changed': { audience: MANAGERS },
};

export function eventFor(event: EventName, payload: unknown, caller: Caller, options: RedactOptions): { send: boolean; payload: unknown } {
  const policy = EVENT_POLICIES[event];
  const audience = policy?.audience ?? DEFAULT_AUDIENCE;
  if (caller.role === 'anonymous' || !audience.includes(caller.role)) return { send: false, payload };
  return { send: true, payload: policy?.redact ? policy.redact(payload, caller, options) : payload };
}

/** Helper for redactors: removes the named keys at any depth. */
export function withoutKeys(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutKeys(v, keys));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.has(k)).map(([k, v]) => [k, withoutKeys(v, keys)]));
}
