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
import type { EventFrame } from './ipc';
import { filesMethods, type StoredFileInfo } from './files';
import { authEvents, authMethods } from './auth';
import { auditMethods } from './audit';
import { privacyMethods } from './privacy';
import { catalogEvents, catalogMethods } from './catalog';
import { dossierEvents, dossierMethods } from './dossier';
import { hallEvents, hallMethods } from './hall';
import { hallLinkEvents, hallLinkMethods } from './hall-link';
import { queueEvents, queueMethods } from './queue';
import { systemEvents, systemMethods } from './system';
import { syncEvents, syncMethods } from './sync';
import { digitizeEvents, digitizeMethods } from './digitize';
import { signingEvents, signingMethods } from './signing';
import { replicationMethods } from './replication';

export const contract = {
  ...systemMethods,
  ...hallMethods,
  ...hallLinkMethods,
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
  ...replicationMethods,
} satisfies ContractShape;

export const events = {
  ...systemEvents,
  ...hallEvents,
  ...hallLinkEvents,
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
export const EventFrameSchema = z.object({ event: z.string(), payload: z.unknown() }) satisfies z.ZodType<EventFrame>;

export * from './define';
export * from './errors';
export * from './system';
export * from './hall';
export * from './hall-link';
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
export * from './replication';

export * from './ipc';
