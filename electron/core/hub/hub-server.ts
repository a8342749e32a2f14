import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import type { WebSocket } from 'ws';
import type { Duplex, Readable } from 'node:stream';
import {
  AppError,
  HTTP_STATUS,
  MAX_UPLOAD_BYTES,
  STAFF,
  UPLOAD_SHA256_HEADER,
  contract,
  isMethodName,
  type ErrorCode,
  type EventFrame,
  type Role,
} from '../../../shared/contract';
import type { Core } from '../app';
import { ANONYMOUS, type Caller } from '../contract/router';
import { SECURITY_HEADERS } from '../security/csp';
import { bearerToken } from '../trust/authenticator';
import { eventFor } from '../trust/event-policy';
import { storageAppError } from '../system/storage-errors';
import { TOO_LARGE_MESSAGE, bodyLimitFor, parseBoundedJson, readLimited } from './request-body';
import { plainHttpRefusal } from './transport-policy';

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

/** The Vietnamese error body every error answer carries, with the security headers. */
function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string, details?: string[]): FastifyReply {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
  return reply.status(status).send({ error: { code, message, ...(details ? { details } : {}) } });
}

const UNAUTHORIZED_MESSAGE = 'Chưa đăng nhập hoặc thiết bị chưa được ghép nối với máy chủ sảnh.';

/** Errors that reach Fastify's handler (parsers, limits, framework): Vietnamese, never the framework's English words. */
function describeError(error: { statusCode?: number; message: string }): {
  status: number;
  code: ErrorCode;
  message: string;
  details?: string[];
} {
  if (error instanceof AppError) {
    const status = (error as { statusCode?: number }).statusCode ?? HTTP_STATUS[error.code];
    return { status, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return { status, code: 'invalid_input', message: TOO_LARGE_MESSAGE };
  if (status === 415) return { status, code: 'invalid_input', message: 'Yêu cầu không hợp lệ: kiểu dữ liệu gửi lên không được hỗ trợ.' };
  if (status < 500) return { status, code: 'invalid_input', message: 'Yêu cầu không hợp lệ.', details: [error.message] };
  return { status, code: 'internal', message: 'Lỗi nội bộ.' };
}

/**
 * Errors Node's HTTP parser meets before Fastify has a request (431 headers too large, 400 bad framing):
 * answered on the raw socket, still in Vietnamese and with the security headers.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const message = tooLarge ? 'Yêu cầu không hợp lệ: phần đầu (header) quá lớn.' : 'Yêu cầu không hợp lệ.';
  const body = JSON.stringify({ error: { code: 'invalid_input', message } });
  const headers = Object.entries(SECURITY_HEADERS)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${headers}connection: close\r\n\r\n${body}`,
  );
}

/** The part of /api/<method> after the prefix, before any query. */
function methodOfUrl(url: string): string {
  const rest = url.slice('/api/'.length);
  const q = rest.indexOf('?');
  return q === -1 ? rest : rest.slice(0, q);
}

export async function startHub(core: Core, options: HubOptions = {}): Promise<Hub> {
  const authenticate = options.authenticate ?? credentialAuth(core);
  const app = Fastify({
    logger: false,
    // Per caller and method below; this is only the ceiling for anything else.
    bodyLimit: 64 * 1024,
    // Found by the fuzzer: a malformed URL ("/api/%") got Fastify's English error shape, then without the CSP.
    frameworkErrors: (_error, _request, rawReply) => {
      void sendError(rawReply as unknown as FastifyReply, 400, 'invalid_input', 'Địa chỉ yêu cầu không hợp lệ.');
    },
    clientErrorHandler: answerClientError,
  });
  // Every socket remembers who opened it: events are filtered by role, and a revoked credential closes it.
  const sockets = new Map<WebSocket, { caller: Caller; request: FastifyRequest }>();
  // Who sent each API request, found from its headers before a byte of its body is read.
  const callers = new WeakMap<FastifyRequest, Caller>();

  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const { status, code, message, details } = describeError(error);
    if (status === 413) reply.header('connection', 'close');
    void sendError(reply, status, code, message, details);
  });

  // Found by the attack run: a 30 MB nested body to auth.login was parsed before anyone asked who sent it.
  // Now the caller comes from the headers, a stranger's non-public call ends here, and the body limit is
  // chosen for this caller and method before the body is read.
  app.addHook('onRequest', async (request, reply) => {
    const isApi = request.url.startsWith('/api/');
    if (!isApi && !request.url.startsWith('/files')) return;
    const name = isApi ? methodOfUrl(request.url) : 'files.upload';
    const isPublic = isApi && isMethodName(name) && 'public' in contract[name];
    const caller = (await authenticate(request)) ?? (isPublic ? { ...ANONYMOUS, deviceId: `ip:${request.ip}` } : null);
    if (!caller) {
      reply.header('connection', 'close');
      return sendError(reply, 401, 'unauthorized', UNAUTHORIZED_MESSAGE);
    }
    const refused = plainHttpRefusal(core, caller, request.raw, request.ip);
    if (refused) {
      reply.header('connection', 'close');
      return sendError(reply, 403, refused.code, refused.message);
    }
    callers.set(request, caller);
    const declared = Number(request.headers['content-length'] ?? 0);
    if (isApi && declared > bodyLimitFor(name, caller)) {
      reply.header('connection', 'close');
      return sendError(reply, 413, 'invalid_input', TOO_LARGE_MESSAGE);
    }
    return undefined;
  });

  // JSON and the streamed upload only: anything else is 415, in Vietnamese.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', async (request: FastifyRequest, payload: Readable) => {
    const limit = bodyLimitFor(methodOfUrl(request.url), callers.get(request) ?? null);
    const text = (await readLimited(payload, limit)).toString('utf8');
    return parseBoundedJson(text);
  });
  // The streamed upload's body is read by its handler, never buffered by a parser.
  app.addContentTypeParser('application/octet-stream', (_request, _payload, done) => done(null, undefined));

  app.get('/healthz', async () => ({ status: 'ok', product: 'motcua', time: new Date().toISOString() }));

  app.post<{ Params: { method: string } }>('/api/:method', async (request, reply) => {
    const caller = callers.get(request);
    if (!caller) return sendError(reply, 401, 'unauthorized', UNAUTHORIZED_MESSAGE);
    const outcome = await core.router.call(request.params.method, request.body, { caller });
    if (outcome.ok) {
      // A bare `null` (e.g. "no ticket waiting") must still be valid JSON on the wire.
      return reply
        .status(200)
        .type('application/json')
        .send(JSON.stringify(outcome.result ?? null));
    }
    return sendError(reply, HTTP_STATUS[outcome.error.code], outcome.error.code, outcome.error.message, outcome.error.details);
  });

  // Files travel as raw bytes with their SHA-256 announced in a header: no base64, no JSON, streamed to disk.
  app.post('/files', async (request, reply) => {
    const caller = callers.get(request);
    if (!caller || !STAFF.includes(caller.role as Role)) {
      return sendError(reply, 403, 'forbidden', 'Tài khoản hoặc thiết bị này không được phép thực hiện thao tác này.');
    }
    if (request.headers['content-type'] !== 'application/octet-stream') {
      return sendError(reply, 415, 'invalid_input', 'Tệp phải gửi dạng application/octet-stream.');
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_UPLOAD_BYTES) {
      reply.header('connection', 'close');
      return sendError(reply, 413, 'invalid_input', 'Tệp quá lớn (tối đa 24 MB).');
    }
    const expected = String(request.headers[UPLOAD_SHA256_HEADER] ?? '');
    try {
      return reply.status(200).send(await core.files.putStream(request.raw, expected, MAX_UPLOAD_BYTES));
    } catch (error) {
      const known = error instanceof AppError ? error : storageAppError(error);
      if (!known) throw error;
      if (HTTP_STATUS[known.code] >= 500 || (known as { statusCode?: number }).statusCode === 413) reply.header('connection', 'close');
      const status = (known as { statusCode?: number }).statusCode ?? HTTP_STATUS[known.code];
      return sendError(reply, status, known.code, known.message, known.details);
    }
  });

  await app.register(fastifyWebsocket);
  app.register(async (scope) => {
    scope.get('/events', { websocket: true }, async (socket, request) => {
      const caller = await authenticate(request);
      if (!caller || plainHttpRefusal(core, caller, request.raw, request.ip)) {
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
      if (still instanceof Promise)
        void still.then(
          (caller) => caller || cut(socket),
          () => cut(socket),
        );
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
    return sendError(reply, 404, 'not_found', 'Không tìm thấy.');
  });
}
