/**
 * The one contract between the UI and the back end. Every call and event the
 * UI may use is listed here with runtime schemas; Electron IPC and the hub's
 * HTTP + WebSocket both serve exactly this.
 *
 * A feature adds its own file (methods + events) and one line to each map.
 */
import { z } from 'zod';
import './zod-locale';
import type { ContractShape, EventsShape } from './define';
import type { ErrorBody } from './errors';
import { filesMethods, type StoredFileInfo } from './files';
import { authEvents, authMethods } from './auth';
import { auditMethods } from './audit';
import { privacyMethods } from './privacy';
import { catalogEvents, catalogMethods } from './catalog';
import { dossierEvents, dossierMethods } from './dossier';
import { hallEvents, hallMethods } from './hall';
import { queueEvents, queueMethods } from './queue';
import { systemEvents, systemMethods } from './system';
import { syncEvents, syncMethods } from './sync';
import { digitizeEvents, digitizeMethods } from './digitize';
import { signingEvents, signingMethods } from './signing';

export const contract = {
  ...systemMethods,
  ...hallMethods,
  ...filesMethods,
  ...authMethods,
  ...auditMethods,
  ...privacyMethods,
  ...queueMethods,
  ...catalogMethods,
  ...dossierMethods,
  ...syncMethods,
  ...digitizeMethods,
  ...signingMethods,
} satisfies ContractShape;

export const events = {
  ...systemEvents,
  ...hallEvents,
  ...authEvents,
  ...queueEvents,
  ...catalogEvents,
  ...dossierEvents,
  ...syncEvents,
  ...digitizeEvents,
  ...signingEvents,
} satisfies EventsShape;

export type Contract = typeof contract;
export type MethodName = keyof Contract & string;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events & string;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** What the UI holds: one object, whichever transport is behind it. */
export interface Bridge {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Connection to the back end, for the "mất kết nối" banner. */
  onConnection(listener: (connected: boolean) => void): () => void;
  /** Stores a file: a streamed binary upload over the hub, `files.put` over Electron IPC. */
  upload(bytes: Uint8Array<ArrayBuffer>): Promise<StoredFileInfo>;
}

/** The event frame sent over IPC and WebSocket. */
export const EventFrameSchema = z.object({ event: z.string(), payload: z.unknown() });
export type EventFrame = z.infer<typeof EventFrameSchema>;

export * from './define';
export * from './errors';
export * from './system';
export * from './hall';
export * from './files';
export * from './personal';
export * from './clean-text';
export * from './auth';
export * from './audit';
export * from './privacy';
export * from './queue';
export * from './catalog';
export * from './dossier';
export * from './sync';
export * from './digitize';
export * from './signing';

/**
 * What the preload script exposes on `window.motcua`: a single call channel
 * and a single event channel, nothing else of Electron or Node.
 */
export interface PreloadApi {
  /** `token`: the session or device credential the page holds (localStorage), checked by the main process. */
  call(method: string, input: unknown, token?: string): Promise<{ ok: true; result: unknown } | { ok: false; error: ErrorBody['error'] }>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
}
export const PRELOAD_GLOBAL = 'motcua';
/** Every IPC channel carries this prefix. */
export const IPC_CALL_CHANNEL = 'motcua:call';
export const IPC_EVENT_CHANNEL = 'motcua:event';
