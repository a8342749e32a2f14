import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { HTTP_STATUS, contract, isMethodName, type EventFrame } from '../../../shared/contract';
import type { Core } from '../app';
import { ANONYMOUS, type Caller } from '../contract/router';
import { SECURITY_HEADERS } from '../security/csp';
import { bearerToken } from '../trust/authenticator';
import { eventFor } from '../trust/event-policy';

/** Decides who a LAN request comes from; `null` means "not allowed in". */
export type Authenticate = (request: FastifyRequest) => Caller | null | Promise<Caller | null>;

/**
 * The credential of a request: `Authorization: Bearer <token>`, or, for the
 * WebSocket only (browsers cannot set headers on it), `/events?token=<token>`.
 */
export function requestToken(request: FastifyRequest, allowQuery: boolean): string | undefined {
  const fromHeader = bearerToken(request.headers.authorization);
  if (fromHeader || !allowQuery) return fromHeader;
  const query = request.query as Record<string, unknown> | undefined;
  const token = query?.token;
  return typeof token === 'string' && token.length <= 512 ? token : undefined;
}

export interface HubOptions {
  /** Built renderer (vite build output); the hub serves it as the web UI. */
  staticDir?: string;
  authenticate?: Authenticate;
}

export interface Hub {
  readonly app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /** Open event sockets, for tests and the supervisor's device list. */
  socketCount(): number;
  /** Devices with at least one open event socket. */
  connectedDeviceIds(): ReadonlySet<string>;
  close(): Promise<void>;
}

/** Officers and paired devices by their credential; the audit trail learns the LAN address of officers' browsers. */
function credentialAuth(core: Core): Authenticate {
  return (request) => {
    const caller = core.auth.callerFor(requestToken(request, request.url.startsWith('/events')));
    if (!caller) return null;
    return caller.deviceId ? caller : { ...caller, deviceId: `ip:${request.ip}` };
  };
}

const HEARTBEAT_MS = 15_000;

export async function startHub(core: Core, options: HubOptions = {}): Promise<Hub> {
  const authenticate = options.authenticate ?? credentialAuth(core);
  const app = Fastify({
    logger: false,
    bodyLimit: 32 * 1024 * 1024,
    // Found by the fuzzer: a malformed URL ("/api/%") got Fastify's English error shape; answer like every other error.
    frameworkErrors: (_error, _request, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      void reply.status(400).send({ error: { code: 'invalid_input', message: 'Địa chỉ yêu cầu không hợp lệ.' } });
    },
  });
  // Every socket remembers who opened it: events are filtered by role, and a revoked credential closes it.
  const sockets = new Map<WebSocket, { caller: Caller; request: FastifyRequest }>();

  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });

  // JSON bodies that do not parse become a Vietnamese invalid_input, like every other contract error.
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    const code = status === 413 ? 'invalid_input' : status < 500 ? 'invalid_input' : 'internal';
    const message =
      status === 413 ? 'Dữ liệu gửi lên quá lớn.' : status < 500 ? `Yêu cầu không hợp lệ: ${error.message}` : 'Lỗi nội bộ.';
    void reply.status(status).send({ error: { code, message } });
  });

  app.get('/healthz', async () => ({ status: 'ok', product: 'motcua', time: new Date().toISOString() }));

  app.post<{ Params: { method: string } }>('/api/:method', async (request, reply) => {
    const name = request.params.method;
    const isPublic = isMethodName(name) && 'public' in contract[name];
    // Log in and pair are the only calls a stranger may make; everything else, unknown names included, is 401.
    const caller = (await authenticate(request)) ?? (isPublic ? { ...ANONYMOUS, deviceId: `ip:${request.ip}` } : null);
    if (!caller) {
      return reply
        .status(401)
        .send({ error: { code: 'unauthorized', message: 'Chưa đăng nhập hoặc thiết bị chưa được ghép nối với máy chủ sảnh.' } });
    }
    const outcome = await core.router.call(request.params.method, request.body, { caller });
    if (outcome.ok) {
      // A bare `null` (e.g. "no ticket waiting") must still be valid JSON on the wire.
      return reply.status(200).type('application/json').send(JSON.stringify(outcome.result ?? null));
    }
    return reply.status(HTTP_STATUS[outcome.error.code]).send({ error: outcome.error });
  });

  await app.register(fastifyWebsocket);
  app.register(async (scope) => {
    scope.get('/events', { websocket: true }, async (socket, request) => {
      const caller = await authenticate(request);
      if (!caller) {
        socket.close(4401, 'unauthorized');
        return;
      }
      sockets.set(socket, { caller, request });
      // The supervisor's device list shows who is online: tell it when a device comes and goes.
      const deviceChanged = () => {
        if (caller.deviceId && !caller.deviceId.startsWith('ip:')) core.devices.changed();
      };
      const gone = () => {
        if (sockets.delete(socket)) deviceChanged();
      };
      socket.on('close', gone);
      socket.on('error', gone);
      deviceChanged();
      socket.send(JSON.stringify({ event: 'hello', payload: {} }));
    });
  });

  const redactOptions = { displayCitizenNames: core.config.privacy.displayCitizenNames };
  const unsubscribe = core.bus.subscribe((event, payload) => {
    for (const [socket, { caller }] of sockets) {
      if (socket.readyState !== socket.OPEN) continue;
      const visible = eventFor(event, payload, caller, redactOptions);
      if (!visible.send) continue;
      const frame: EventFrame = { event, payload: visible.payload };
      socket.send(JSON.stringify(frame));
    }
  });
  // A revoked device or ended session loses its open sockets in the same tick, not at its next call.
  const cut = (socket: WebSocket): void => {
    socket.close(4401, 'revoked');
  };
  const unsubscribeRevocations = core.auth.revocations.subscribe(() => {
    for (const [socket, { request }] of sockets) {
      const still = authenticate(request);
      if (still instanceof Promise) void still.then((caller) => caller || cut(socket), () => cut(socket));
      else if (!still) cut(socket);
    }
  });
  const connectedDeviceIds = (): ReadonlySet<string> =>
    new Set([...sockets.values()].map((s) => s.caller.deviceId).filter((id): id is string => Boolean(id)));
  core.devices.connectedIds = connectedDeviceIds;
  const heartbeat = setInterval(() => {
    for (const socket of sockets.keys()) socket.ping();
  }, HEARTBEAT_MS);
  heartbeat.unref();

  await registerStatic(app, options.staticDir);

  await app.listen({ host: core.config.hub.host, port: core.config.hub.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : core.config.hub.port;
  const host = core.config.hub.host === '0.0.0.0' ? '127.0.0.1' : core.config.hub.host;

  return {
    app,
    url: `http://${host}:${port}`,
    socketCount: () => sockets.size,
    connectedDeviceIds,
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      unsubscribeRevocations();
      const open = [...sockets.keys()];
      sockets.clear();
      for (const socket of open) socket.terminate();
      await app.close();
    },
  };
}

async function registerStatic(app: FastifyInstance, staticDir: string | undefined): Promise<void> {
  const index = staticDir ? path.join(staticDir, 'index.html') : undefined;
  if (!staticDir || !index || !fs.existsSync(index)) {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><p>Chưa có giao diện: hãy chạy <code>npm run build</code>.</p>'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: staticDir, wildcard: false });
  // The UI routes by hash; any other GET that is not a file falls back to the app shell.
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.status(404).send({ error: { code: 'not_found', message: 'Không tìm thấy.' } });
  });
}
