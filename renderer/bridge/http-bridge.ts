import {
  AppError,
  ErrorBodySchema,
  StoredFileSchema,
  UPLOAD_PATH,
  UPLOAD_SHA256_HEADER,
  type Bridge,
  type EventName,
  type EventPayload,
} from '../../shared/contract';
import { EventListeners, parseEventFrame } from './listeners';

export interface HttpBridgeOptions {
  /** Origin of the hub, e.g. http://192.168.1.10:8080; the page's own origin by default. */
  baseUrl: string;
  /** Officer session or device credential; sent as `Authorization: Bearer`, and as `?token=` on the event socket. */
  token?: () => string | undefined;
  /** A call answered 401 or the hub closed the event socket with 4401 (revoked, logged out). */
  onUnauthorized?: () => void;
}

/** Close code the hub uses when a socket's credential is missing or was revoked. */
export const UNAUTHORIZED_CLOSE = 4401;

const RECONNECT_MIN_MS = 500;
// A hall TV must be back within 10 s of its hub (issue #13): 4 s with the ×1.5 jitter waits 6 s at most.
const RECONNECT_MAX_MS = 4_000;

/** The contract over the hub: POST /api/<method> and a WebSocket at /events. */
export function createHttpBridge(options: HttpBridgeOptions): Bridge {
  const listeners = new EventListeners();
  const base = options.baseUrl.replace(/\/$/, '');
  let delay = RECONNECT_MIN_MS;

  function headers(): Record<string, string> {
    const token = options.token?.();
    return { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  }

  function connect(): void {
    const token = options.token?.();
    // Without a credential the hub would refuse the socket: the page shows login or pairing and reloads after it.
    if (!token) return;
    const url = `${base.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(token)}`;
    const socket = new WebSocket(url);
    socket.onopen = () => {
      delay = RECONNECT_MIN_MS;
      listeners.setConnected(true);
    };
    socket.onmessage = (message) => {
      // A frame that is not JSON or not a frame is ignored; the next state event corrects the view.
      const frame = parseEventFrame(message.data);
      if (frame) listeners.dispatch(frame);
    };
    socket.onclose = (event) => {
      listeners.setConnected(false);
      if (event.code === UNAUTHORIZED_CLOSE) {
        options.onUnauthorized?.();
        return;
      }
      // Jitter keeps a hall full of displays from reconnecting in lockstep after a hub restart.
      const wait = delay * (0.5 + Math.random());
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
      setTimeout(connect, wait);
    };
  }
  connect();

  return {
    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: headers(),
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        throw new AppError('unavailable', 'Mất kết nối tới máy chủ sảnh. Đang thử kết nối lại…');
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (response.ok) return body as never;
      if (response.status === 401) options.onUnauthorized?.();
      const error = ErrorBodySchema.safeParse(body);
      if (error.success) throw AppError.fromBody(error.data);
      throw new AppError('internal', `Máy chủ trả lời lỗi ${response.status}.`);
    },
    async upload(bytes) {
      // The hub checks the bytes against this hash, so a file damaged on the way is refused, not stored.
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
      const token = options.token?.();
      let response: Response;
      try {
        response = await fetch(`${base}${UPLOAD_PATH}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/octet-stream',
            [UPLOAD_SHA256_HEADER]: sha256,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: new Blob([bytes]),
        });
      } catch {
        throw new AppError('unavailable', 'Mất kết nối tới máy chủ sảnh. Đang thử kết nối lại…');
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (response.ok) {
        const stored = StoredFileSchema.safeParse(body);
        if (stored.success) return stored.data;
      }
      if (response.status === 401) options.onUnauthorized?.();
      const error = ErrorBodySchema.safeParse(body);
      if (error.success) throw AppError.fromBody(error.data);
      throw new AppError('internal', `Máy chủ trả lời lỗi ${response.status}.`);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return listeners.add(event, listener as (payload: unknown) => void);
    },
    onConnection(listener) {
      return listeners.addConnection(listener);
    },
  };
}
