import type { z } from 'zod';
import {
  MANAGERS,
  METHOD_NAMES,
  ReadScreenSchema,
  contract,
  events,
  type EventName,
  type MethodName,
  type Role,
} from '../../../shared/contract';
import type { CallContext, Caller, Handlers } from '../contract/router';
import { redactPersonal, type PersonalAllowance } from './personal-redaction';

const DEVICES: readonly Role[] = ['kiosk', 'display', 'counter-device'];
const ALL: readonly Role[] = ['officer', 'supervisor', 'admin', ...DEVICES];
/** Who gets an event nobody listed: staff and counter PCs, never the public screens. */
export const DEFAULT_AUDIENCE: readonly Role[] = ['officer', 'supervisor', 'admin', 'counter-device'];

export interface EventPolicy {
  /** Roles whose sockets receive the event. */
  audience: readonly Role[];
  /** A further cut beyond the personal-data marks (which always apply to public screens). */
  redact?: (payload: unknown, caller: Caller, options: RedactOptions) => unknown;
  /** Narrows delivery to one screen among the audience (a reader's reads: issue #15). */
  deliverTo?: (payload: unknown, caller: Caller, channel: EventChannel) => boolean;
}

/** `window`: an Electron window of this PC; `socket`: a hub WebSocket from the LAN. */
export type EventChannel = 'window' | 'socket';

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
  'hall.workstationsChanged': { audience: MANAGERS },
  'queue.changed': { audience: ALL },
  'queue.called': { audience: ALL },
  // The rating tablet at the counter is a kiosk page (#/kiosk/danh-gia).
  'queue.finished': { audience: [...DEFAULT_AUDIENCE, 'kiosk'] },
  // A QR/barcode read goes to the screen its reader serves, never to every counter of the hall.
  'dossier.qrScanned': { audience: [...DEFAULT_AUDIENCE, 'kiosk'], deliverTo: toReadScreen },
  'dossier.barcodeScanned': { audience: [...DEFAULT_AUDIENCE, 'kiosk'], deliverTo: toReadScreen },
};

function toReadScreen(payload: unknown, caller: Caller, channel: EventChannel): boolean {
  const screen = typeof payload === 'object' && payload !== null ? ReadScreenSchema.safeParse(Reflect.get(payload, 'screen')) : null;
  const target = screen?.success ? screen.data : { kind: 'staff' as const };
  switch (target.kind) {
    case 'local':
      return channel === 'window';
    case 'device':
      return caller.deviceId === target.deviceId;
    case 'staff':
      return caller.role !== 'anonymous' && DEFAULT_AUDIENCE.includes(caller.role);
  }
}

const PUBLIC_SCREENS: ReadonlySet<string> = new Set(['kiosk', 'display']);

/**
 * What a caller may see of personal data: kiosks none, display boards a citizen's name only when the hall
 * allows it, staff and counter PCs everything (null: no cut).
 */
export function allowanceFor(caller: Caller, options: RedactOptions): PersonalAllowance {
  if (caller.role === 'kiosk') return () => false;
  if (caller.role === 'display') return (kind) => kind === 'name' && options.displayCitizenNames;
  return null;
}

/**
 * Found by the attack run: redaction went by key name (citizenName, dossierCode), so personal data under
 * any other key passed, and `queue.rate` answered a finished ticket's name to kiosks. Now every answer and
 * event for a public screen is cut along its contract schema, by the personal-data marks on the schema.
 */
export function forPublicScreens(schema: z.ZodType, value: unknown, caller: Caller, options: RedactOptions): unknown {
  const allow = allowanceFor(caller, options);
  return allow ? redactPersonal(schema, value, allow) : value;
}

/** Methods a kiosk or display may call: each is wrapped so its answer is cut by the marks of its output schema. */
export function publicScreenMethods(): MethodName[] {
  return METHOD_NAMES.filter((name) => contract[name].roles.some((role) => PUBLIC_SCREENS.has(role)));
}

/** Wraps every method a public screen may call so its answer is cut for that screen. */
export function withScreenRedaction(handlers: Handlers, options: RedactOptions): Handlers {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const method of publicScreenMethods()) {
    const inner = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    const schema = contract[method].output;
    wrapped[method] = async (input: unknown, ctx: CallContext) => forPublicScreens(schema, await inner(input, ctx), ctx.caller, options);
  }
  return wrapped as Handlers;
}

export function eventFor(
  event: EventName,
  payload: unknown,
  caller: Caller,
  options: RedactOptions,
  channel: EventChannel = 'socket',
): { send: boolean; payload: unknown } {
  const policy = EVENT_POLICIES[event];
  const audience = policy?.audience ?? DEFAULT_AUDIENCE;
  if (caller.role === 'anonymous' || !audience.includes(caller.role)) return { send: false, payload };
  if (policy?.deliverTo && !policy.deliverTo(payload, caller, channel)) return { send: false, payload };
  const cut = forPublicScreens(events[event], payload, caller, options);
  return { send: true, payload: policy?.redact ? policy.redact(cut, caller, options) : cut };
}

/** Helper for redactors: removes the named keys at any depth. */
export function withoutKeys(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutKeys(v, keys));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !keys.has(k))
      .map(([k, v]) => [k, withoutKeys(v, keys)]),
  );
}
