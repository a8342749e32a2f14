import { MANAGERS, ReadScreenSchema, type EventName, type MethodName, type Role } from '../../../shared/contract';
import type { CallContext, Caller, Handlers } from '../contract/router';

const DEVICES: readonly Role[] = ['kiosk', 'display', 'counter-device'];
const ALL: readonly Role[] = ['officer', 'supervisor', 'admin', ...DEVICES];
/** Who gets an event nobody listed: staff and counter PCs, never the public screens. */
export const DEFAULT_AUDIENCE: readonly Role[] = ['officer', 'supervisor', 'admin', 'counter-device'];

export interface EventPolicy {
  /** Roles whose sockets receive the event. */
  audience: readonly Role[];
  /** Cuts what a role must not see (e.g. citizen names on a display board). */
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
  'queue.changed': { audience: ALL, redact: (payload, caller, options) => forPublicScreens(payload, caller, options) },
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

/**
 * Answers of methods that public screens call, cut the same way as events: a
 * display board asking for the queue state gets no citizen names.
 */
export const METHOD_REDACTIONS: Partial<Record<MethodName, EventPolicy['redact']>> = {
  'queue.state': (result, caller, options) => forPublicScreens(result, caller, options),
};

/** Citizen names and dossier codes never reach a kiosk; a display shows names only when the hall allows it. */
const PERSONAL_KEYS = new Set(['citizenName', 'dossierCode']);
const DOSSIER_ONLY = new Set(['dossierCode']);
export function forPublicScreens(value: unknown, caller: Caller, options: RedactOptions): unknown {
  if (caller.role === 'kiosk') return withNulled(value, PERSONAL_KEYS);
  if (caller.role === 'display') return withNulled(value, options.displayCitizenNames ? DOSSIER_ONLY : PERSONAL_KEYS);
  return value;
}

/** Sets the named keys to null at any depth (the contract's schemas keep these fields, nullable). */
export function withNulled(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withNulled(v, keys));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys.has(k) ? null : withNulled(v, keys)]));
}

/** Wraps the handlers listed in METHOD_REDACTIONS so public screens get the cut answer. */
export function withScreenRedaction(handlers: Handlers, options: RedactOptions): Handlers {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const [method, redact] of Object.entries(METHOD_REDACTIONS) as [MethodName, EventPolicy['redact']][]) {
    if (!redact) continue;
    const inner = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
    wrapped[method] = async (input: unknown, ctx: CallContext) => redact(await inner(input, ctx), ctx.caller, options);
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
  return { send: true, payload: policy?.redact ? policy.redact(payload, caller, options) : payload };
}

/** Helper for redactors: removes the named keys at any depth. */
export function withoutKeys(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutKeys(v, keys));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.has(k)).map(([k, v]) => [k, withoutKeys(v, keys)]));
}
