/**
 * Events to Electron windows, filtered like the hub's sockets: each window is
 * remembered with the caller of its latest call (its officer, or anonymous on
 * the login screen), and gets only the events that caller may see. Written
 * against small interfaces so it is tested without an Electron runtime.
 */
import { IPC_EVENT_CHANNEL, type EventFrame, type EventName } from '../../shared/contract';
import { ANONYMOUS, type Caller } from '../core/contract/router';
import { eventFor, type RedactOptions } from '../core/trust/event-policy';

export interface WindowLike {
  webContents: { id: number; send(channel: string, frame: EventFrame): void };
}

export class WindowEvents {
  private readonly callers = new Map<number, Caller>();

  constructor(private readonly options: RedactOptions) {}

  /** Called for every IPC call with the caller its token resolved to. */
  remember(webContentsId: number, caller: Caller): void {
    this.callers.set(webContentsId, caller);
  }

  forget(webContentsId: number): void {
    this.callers.delete(webContentsId);
  }

  send(windows: readonly WindowLike[], event: EventName, payload: unknown): void {
    for (const window of windows) {
      const caller = this.callers.get(window.webContents.id) ?? ANONYMOUS;
      const visible = eventFor(event, payload, caller, this.options, 'window');
      if (visible.send) window.webContents.send(IPC_EVENT_CHANNEL, { event, payload: visible.payload });
    }
  }
}
