/**
 * A workstation's link to its hall's hub: calls to the hub's contract over
 * pinned HTTPS, the hub's events over a pinned WebSocket, and whether the hub
 * is reachable (with reconnection and backoff). Replication and the queue
 * forwarding code against `HubTransport` only.
 *
 * `call` never retries by itself: a request whose answer was lost may have run
 * at the hub, so only the caller knows whether repeating it is safe (queue
 * tickets carry a requestId, replication an idempotency key).
 */
import https from 'node:https';
import { WebSocket } from 'ws';
import { EventFrameSchema, type EventFrame } from '../../../shared/contract';
import { HubLinkError, UNREACHABLE_MESSAGE, classify, pinnedTlsOptions, requestJson, type HubPin, type LinkFailure } from './pinned-https';

export interface HubCallOptions {
  /** Whose credential the hub checks: the officer's hub session; default the workstation's device credential. */
  token?: string;
  timeoutMs?: number;
}

/** What replication and the queue forwarding need of the hub. */
export interface HubTransport {
  /** Calls a contract method at the hub; throws AppError (the hub's own, or `unavailable` when it is unreachable). */
  call(method: string, input: unknown, options?: HubCallOptions): Promise<unknown>;
  /** True while the hub answers (its event socket is open). */
  readonly online: boolean;
  /** Called with each change of `online`; returns the unsubscribe function. */
  onState(listener: (online: boolean) => void): () => void;
}

export interface HubConnectionOptions {
  hubUrl: string;
  pin: HubPin;
  credential: string;
  /** First reconnection delay and its ceiling; each failure doubles it, with ±20 % jitter. */
  backoff?: { initialMs: number; maxMs: number };
  callTimeoutMs?: number;
  /** The socket is dead when no pong came back this long after a ping (a stalled link keeps TCP open). */
  pingEveryMs?: number;
  clockEveryMs?: number;
  now?: () => number;
}

export interface LinkSnapshot {
  online: boolean;
  lastContactAt: string | null;
  clockSkewMs: number | null;
  lastFailure: LinkFailure | null;
}

const DEFAULTS = { backoff: { initialMs: 500, maxMs: 15_000 }, callTimeoutMs: 15_000, pingEveryMs: 10_000, clockEveryMs: 60_000 };

export class HubConnection implements HubTransport {
  private readonly agent: https.Agent;
  private readonly base: URL;
  private readonly options: Required<Omit<HubConnectionOptions, 'now'>> & { now: () => number };
  private socket: WebSocket | null = null;
  private stopped = true;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private clockTimer: NodeJS.Timeout | null = null;
  private awaitingPong = false;
  private readonly stateListeners = new Set<(online: boolean) => void>();
  private readonly eventListeners = new Set<(frame: EventFrame) => void>();
  private snapshot: LinkSnapshot = { online: false, lastContactAt: null, clockSkewMs: null, lastFailure: null };

  constructor(options: HubConnectionOptions) {
    this.options = { ...DEFAULTS, now: Date.now, ...options };
    this.base = new URL(options.hubUrl);
    if (this.base.protocol !== 'https:') throw new HubLinkError('network', 'Địa chỉ máy chủ sảnh phải là https://');
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 16, ...pinnedTlsOptions(options.pin) });
  }

  get online(): boolean {
    return this.snapshot.online;
  }

  state(): LinkSnapshot {
    return { ...this.snapshot };
  }

  onState(listener: (online: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Every event frame the hub sends this workstation (already filtered by the hub's event policy). */
  onEvent(listener: (frame: EventFrame) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async call(method: string, input: unknown, options: HubCallOptions = {}): Promise<unknown> {
    const url = new URL(`/api/${encodeURIComponent(method)}`, this.base).toString();
    try {
      const result = await requestJson(this.agent, url, {
        method: 'POST',
        body: input ?? {},
        token: options.token ?? this.options.credential,
        timeoutMs: options.timeoutMs ?? this.options.callTimeoutMs,
      });
      this.contact();
      return result;
    } catch (error) {
      if (error instanceof HubLinkError) this.lost(error.failure);
      else this.contact(); // the hub answered, with an error of its own
      throw error;
    }
  }

  /** Measures hub clock − local clock from /healthz, halfway through the round trip. */
  async measureClock(): Promise<number | null> {
    const before = this.options.now();
    const body = await requestJson(this.agent, new URL('/healthz', this.base).toString(), { method: 'GET', timeoutMs: 5_000 }).catch(
      (error: unknown) => {
        if (error instanceof HubLinkError) this.lost(error.failure);
        return null;
      },
    );
    const after = this.options.now();
    const time = typeof body === 'object' && body && 'time' in body && typeof body.time === 'string' ? Date.parse(body.time) : NaN;
    if (Number.isNaN(time)) return null;
    this.snapshot.clockSkewMs = Math.round(time - (before + after) / 2);
    this.contact();
    return this.snapshot.clockSkewMs;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.terminate();
    this.agent.destroy();
    this.setOnline(false);
  }

  private connect(): void {
    if (this.stopped) return;
    const url = new URL('/events', this.base);
    url.protocol = 'wss:';
    const socket = new WebSocket(url, {
      agent: this.agent,
      headers: { authorization: `Bearer ${this.options.credential}` },
      handshakeTimeout: this.options.callTimeoutMs,
      maxPayload: 16 * 1024 * 1024,
      ...pinnedTlsOptions(this.options.pin),
    });
    this.socket = socket;
    socket.on('open', () => {
      this.attempt = 0;
      this.setOnline(true);
      this.startPings(socket);
      void this.measureClock();
    });
    socket.on('message', (data) => this.dispatch(String(data)));
    socket.on('pong', () => {
      this.awaitingPong = false;
      this.contact();
    });
    socket.on('error', (error) => {
      this.snapshot.lastFailure = classify(error).failure;
    });
    socket.on('close', (code) => {
      // 4401: the hub refused or revoked this workstation's credential; retrying cannot help.
      if (code === 4401) {
        this.snapshot.lastFailure = 'revoked';
        this.stopped = true;
      }
      this.dropped(socket);
    });
  }

  private dispatch(text: string): void {
    this.contact();
    let frame: EventFrame;
    try {
      const parsed = EventFrameSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return;
      frame = parsed.data;
    } catch {
      return;
    }
    for (const listener of this.eventListeners) listener(frame);
  }

  private startPings(socket: WebSocket): void {
    this.clearTimers();
    this.awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (this.awaitingPong) {
        // No pong since the last ping: the link is stalled even if TCP still looks open.
        socket.terminate();
        return;
      }
      this.awaitingPong = true;
      socket.ping();
    }, this.options.pingEveryMs);
    this.pingTimer.unref();
    this.clockTimer = setInterval(() => void this.measureClock(), this.options.clockEveryMs);
    this.clockTimer.unref();
  }

  private dropped(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.clearTimers();
    this.setOnline(false);
    if (this.stopped) {
      this.stateChanged();
      return;
    }
    const { initialMs, maxMs } = this.options.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(this.attempt, 16));
    this.attempt++;
    const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
    this.reconnectTimer = setTimeout(() => this.connect(), jittered);
    this.reconnectTimer.unref();
  }

  private lost(failure: LinkFailure): void {
    this.snapshot.lastFailure = failure;
    // A failed call while the socket claims to be open: let the ping decide sooner.
    if (this.socket && this.snapshot.online) this.socket.ping();
  }

  private contact(): void {
    this.snapshot.lastContactAt = new Date(this.options.now()).toISOString();
  }

  private setOnline(online: boolean): void {
    if (this.snapshot.online === online) return;
    this.snapshot.online = online;
    if (online) this.snapshot.lastFailure = null;
    this.stateChanged();
  }

  private stateChanged(): void {
    for (const listener of this.stateListeners) listener(this.snapshot.online);
  }

  private clearTimers(): void {
    for (const timer of [this.reconnectTimer, this.pingTimer, this.clockTimer]) if (timer) clearTimeout(timer);
    this.reconnectTimer = this.pingTimer = this.clockTimer = null;
  }
}

export { UNREACHABLE_MESSAGE };
