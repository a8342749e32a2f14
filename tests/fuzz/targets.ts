/**
 * Every parser of outside input, one entry each. A feature adds its parser
 * here with one `defineTarget` entry (CCCD QR strings, catalog import files,
 * ESC/POS status bytes, scanner output, sync server responses …).
 */
import fc from 'fast-check';
import { z } from 'zod';
import {
  ERROR_CODES,
  METHOD_NAMES,
  PairingCodeSchema,
  ROLES,
  contract,
  events,
  EVENT_NAMES,
  type CallerRole,
  type MethodName,
} from '../../shared/contract';
import { maskIdNumber } from '../../shared/privacy/mask';
import { parseCccdQr } from '../../shared/domain/cccd';
import { parseCsvCatalog, parseJsonCatalog, parseXlsxCatalog } from '../../electron/core/catalog/catalog-import';
import { LineSplitter } from '../../electron/core/devices/qr-scanner';
import { HidPosAssembler, MAX_READ_BYTES, decodeRead, encodeReports } from '../../electron/core/devices/hid-pos-report';
import { checkCccdRead } from '../../shared/domain/code-read-check';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProvincialError } from '../../electron/core/sync/adapter';
import { TthcHttpAdapter } from '../../electron/core/sync/motcua-adapter';
import { DvcqgAdapter } from '../../electron/core/sync/dvcqg-adapter';
import { FileUrlSigner, PublicFileServer } from '../../electron/core/sync/file-server';
import { ProcedureMap } from '../../electron/core/sync/procedure-map';
import { BUNDLE_MAGIC, BundleError, decodeBundle } from '../../electron/core/sync/bundle-format';
import { decodeStatus, describeStatus } from '../../electron/core/devices/printer/escpos';
import { parsePrinterTarget } from '../../electron/core/devices/printer/printer-target';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../electron/core/app';
import { defaultConfig } from '../../electron/core/config';
import { startHub } from '../../electron/core/hub/hub-server';
import { parseCliOptions } from '../../electron/core/cli/command';
import { configFromArgs } from '../../electron/core/config';
import type { Hub } from '../../electron/core/hub/hub-server';
import { bearerToken } from '../../electron/core/trust/authenticator';
import { deviceRoleFromArg } from '../../electron/core/trust/devices-service';
import { EventListeners, parseEventFrame } from '../../renderer/bridge/listeners';
import { Finding, assertClearMessage, defineTarget, expectClearOutcome, type FuzzTarget } from './harness';
import { hubAnswers, joinCodes } from './hall-targets';

/** A core on its own temporary directory (this file also runs outside vitest, in `npm run fuzz`). */
function fuzzCore(): { core: Core; dispose: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-fuzz-'));
  const core = createCore(defaultConfig({ dataDir: dir, hub: { host: '127.0.0.1', port: 0 } }));
  return {
    core,
    dispose: async () => {
      await core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Values of every JSON shape, plus the strings that break naive parsers. */
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    'toString',
    '\u0000',
    '\ud800',
    'ệ'.repeat(300),
    '9'.repeat(400),
    '-1',
    'NaN',
    '1e309',
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const jsonish = fc.oneof({ depthSize: 'small' }, fc.jsonValue(), fc.array(nasty, { maxLength: 5 }), fc.dictionary(fc.string(), nasty));

/** Objects with the method's own field names and wrong-ish values: reaches past the first "not an object" check. */
function shapedInput(method: MethodName): fc.Arbitrary<unknown> {
  const input = contract[method].input;
  const keys = input instanceof z.ZodObject ? Object.keys(input.shape) : [];
  if (keys.length === 0) return jsonish;
  return fc.oneof(jsonish, fc.dictionary(fc.constantFrom(...keys), fc.oneof(nasty, jsonish), { maxKeys: keys.length + 1 }));
}

const methodCall = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...METHOD_NAMES).chain((m) => fc.tuple(fc.constant<string>(m), shapedInput(m))) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'hall.config.', '../system.info')), jsonish),
  },
);
const callerRole = fc.oneof(fc.constant<CallerRole>('admin'), fc.constantFrom<CallerRole>(...ROLES, 'anonymous'));

const contractPayloads = defineTarget<[[string, unknown], CallerRole], Core>({
  name: 'contract payloads through the router (every method, every role)',
  prepare: async () => {
    const { core, dispose } = fuzzCore();
    return { context: core, dispose };
  },
  arbitrary: fc.tuple(methodCall, callerRole),
  async check([[method, input], role], core) {
    const outcome = await core.router.call(method, input, { caller: { role, userId: 'fuzz', name: 'fuzz' } });
    if (outcome.ok) return;
    if (!ERROR_CODES.includes(outcome.error.code)) throw new Finding(`unknown code ${outcome.error.code}`);
    if (outcome.error.code === 'internal') throw new Finding(`${method} answered internal for ${JSON.stringify(input)}`);
    assertClearMessage(outcome.error.message);
  },
});

const hubBodies = defineTarget<
  { path: string; body: string; contentType: string | undefined; auth: 'none' | 'valid' | 'garbage'; garbage: string },
  { hub: Hub; token: string }
>({
  name: 'HTTP requests to the hub (raw bodies, content types, paths, Authorization headers)',
  prepare: async () => {
    const { core, dispose } = fuzzCore();
    const hub = await startHub(core);
    const { oneTimePassword } = await core.accounts.save({ username: 'fuzz', displayName: 'Fuzz', role: 'officer' }, { role: 'admin' });
    const first = await core.accounts.login('fuzz', oneTimePassword ?? '', { role: 'anonymous' });
    await core.accounts.changePassword(core.auth.callerFor(first.token)!, oneTimePassword ?? '', 'fuzz-own-password');
    const token = first.token;
    return {
      context: { hub, token },
      dispose: async () => {
        await hub.close();
        await dispose();
      },
    };
  },
  arbitrary: fc.record({
    path: fc.oneof(fc.constantFrom(...METHOD_NAMES), fc.string(), fc.constantFrom('%', '%zz', '..%2F..%2Fetc', 'a/b', '')),
    body: fc.oneof(fc.json(), fc.string(), fc.constantFrom('{', '[', '"', '{"__proto__":{"x":1}}', 'null', '1'.repeat(5000))),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      undefined,
    ),
    auth: fc.constantFrom('none', 'valid', 'garbage'),
    garbage: fc.string(),
  }),
  async check(input, { hub, token }) {
    const headers: Record<string, string> = {};
    if (input.contentType) headers['content-type'] = input.contentType;
    if (input.auth === 'valid') headers.authorization = `Bearer ${token}`;
    if (input.auth === 'garbage') headers.authorization = input.garbage.replace(/[\r\n]/g, '');
    let url: string;
    try {
      url = `/api/${encodeURIComponent(input.path).replace(/%25/g, '%')}`;
    } catch {
      return; // a lone surrogate cannot be put in a URL by any client
    }
    const response = await hub.app.inject({ method: 'POST', url, payload: input.body, headers });
    if (response.statusCode >= 500) throw new Finding(`HTTP ${response.statusCode} for ${url}: ${response.body}`);
    if (response.statusCode >= 400) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.body);
      } catch {
        throw new Finding(`HTTP ${response.statusCode} without a JSON error body: ${response.body.slice(0, 200)}`);
      }
      const error = (parsed as { error?: { message?: unknown } }).error;
      assertClearMessage(error?.message);
    }
  },
});

const eventFrames = defineTarget<string, { listeners: EventListeners; received: unknown[] }>({
  name: 'event frames in the renderer bridge (WebSocket text)',
  prepare: async () => {
    const listeners = new EventListeners();
    const received: unknown[] = [];
    for (const name of EVENT_NAMES) {
      listeners.add(name, (payload) => {
        // A listener must only ever see a payload its schema accepts.
        if (!events[name].safeParse(payload).success) throw new Finding(`${name} listener got an invalid payload`);
        received.push(payload);
      });
    }
    const warn = console.warn;
    console.warn = () => undefined;
    return { context: { listeners, received }, dispose: async () => void (console.warn = warn) };
  },
  arbitrary: fc.oneof(
    fc.string(),
    fc.json(),
    fc
      .record({ event: fc.oneof(fc.constantFrom(...EVENT_NAMES, '__proto__', 'hello'), fc.string()), payload: jsonish })
      .map((frame) => JSON.stringify(frame)),
  ),
  check(text, { listeners }) {
    const frame = parseEventFrame(text);
    if (frame) listeners.dispatch(frame);
  },
});

const cliArgs = defineTarget<string[]>({
  name: 'command-line arguments (serve options and CLI commands)',
  arbitrary: fc.array(
    fc.oneof(
      fc.constantFrom(
        '--port',
        '--host',
        '--data',
        '--printer',
        '--no-demo',
        '--display-names',
        '--role',
        '--days',
        '-p',
        '--',
        '--port=',
        '--no-demo=1',
      ),
      fc.string(),
    ),
    { maxLength: 8 },
  ),
  check(argv) {
    const config = expectClearOutcome(() => configFromArgs(argv));
    if (!(config instanceof Error) && (!Number.isInteger(config.hub.port) || config.hub.port < 0 || config.hub.port > 65535)) {
      throw new Finding(`accepted port ${config.hub.port}`);
    }
    expectClearOutcome(() =>
      parseCliOptions(argv, {
        role: { type: 'string' },
        data: { type: 'string' },
        days: { type: 'string' },
        'dry-run': { type: 'boolean' },
      }),
    );
    const role = deviceRoleFromArg(argv[0]);
    if (role !== null && !['kiosk', 'display', 'counter-device'].includes(role)) throw new Finding(`role ${role}`);
  },
});

const credentials = defineTarget<string, Core>({
  name: 'credentials (Authorization header, session tokens, device credentials, pairing codes)',
  prepare: async () => {
    const { core, dispose } = fuzzCore();
    return { context: core, dispose };
  },
  arbitrary: fc.oneof(
    fc.string(),
    fc.string().map((s) => `Bearer ${s}`),
    fc.string().map((s) => `mcs_${s}`),
    fc.string().map((s) => `mcd_${s}`),
  ),
  check(text, core) {
    const token = bearerToken(text);
    if (token !== undefined && (token.length === 0 || /\s/.test(token))) throw new Finding(`bearer token ${JSON.stringify(token)}`);
    if (core.auth.callerFor(text) !== null || core.auth.callerFor(token) !== null) throw new Finding(`forged credential accepted: ${text}`);
    const code = PairingCodeSchema.safeParse(text);
    if (code.success && !/^\d{8}$/.test(code.data)) throw new Finding(`pairing code ${code.data}`);
  },
});

const idMasking = defineTarget<string>({
  name: 'ID numbers masked for displays and tickets',
  arbitrary: fc.oneof(fc.string(), fc.stringMatching(/^\d{9,12}$/)),
  check(value) {
    const masked = maskIdNumber(value);
    const compact = [...value.replace(/\s+/g, '')];
    if ([...masked].length !== compact.length) throw new Finding(`length changed: ${value} → ${masked}`);
    const visible = [...masked].filter((c) => c !== '•').length;
    if (visible > 4 && !compact.includes('•')) throw new Finding(`${visible} characters left visible: ${masked}`);
  },
});

/** A plausible CCCD QR: 12-digit id | old id | name | ddMMyyyy | sex | address | issue date, then mangled. */
const cccdLike = fc
  .tuple(
    fc.stringMatching(/^\d{12}$/),
    fc.stringMatching(/^\d{0,9}$/),
    fc.string(),
    fc.stringMatching(/^\d{8}$/),
    fc.string(),
    fc.string(),
    fc.string(),
  )
  .map((fields) => fields.join('|'));

const cccdQr = defineTarget<string>({
  name: 'CCCD QR strings (parseCccdQr: kiosk and reception)',
  arbitrary: fc.oneof(
    fc.string(),
    cccdLike,
    cccdLike.map((s) => s.replace(/\|/g, '||')),
    cccdLike.map((s) => `\uFEFF${s}\r\n`),
    fc.string().map((s) => `${s}|${s}|${s}|${s}|${s}|${s}|${s}`),
  ),
  check(text) {
    const result = parseCccdQr(text, { today: new Date('2026-11-23T00:00:00Z') });
    if (!result.ok) {
      assertClearMessage(result.error);
      return;
    }
    if (!/^\d{12}$/.test(result.applicant.idNumber)) throw new Finding(`accepted id ${result.applicant.idNumber}`);
  },
});

/** A catalog table: header row then rows of short cells, as CSV (`,` or `;`) or JSON. */
const catalogCells = fc.array(
  fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"', '""', '1.001234', 'Hộ tịch', '5', '')), { maxLength: 8 }),
  { maxLength: 6 },
);
const catalogFiles = defineTarget<{ kind: 'csv' | 'json' | 'xlsx'; text: string; bytes: Uint8Array }>({
  name: 'catalog import files (CSV, JSON, XLSX)',
  arbitrary: fc.record({
    kind: fc.constantFrom('csv', 'json', 'xlsx'),
    text: fc.oneof(
      fc.string(),
      catalogCells.map((rows) => rows.map((r) => r.join(',')).join('\n')),
      catalogCells.map((rows) => rows.map((r) => r.join(';')).join('\r\n')),
      fc.json(),
      fc
        .array(fc.dictionary(fc.constantFrom('code', 'name', 'field', 'days', 'fee', 'components'), jsonish), { maxLength: 4 })
        .map((a) => JSON.stringify(a)),
    ),
    bytes: fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constant(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))),
  }),
  async check({ kind, text, bytes }) {
    const parsed = kind === 'csv' ? parseCsvCatalog(text) : kind === 'json' ? parseJsonCatalog(text) : await parseXlsxCatalog(bytes);
    for (const error of parsed.errors) assertClearMessage(error.message);
    if (parsed.errors.length === 0 && parsed.procedures.some((p) => !p.code || !p.name))
      throw new Finding('a procedure without code or name');
  },
});

const scannerLines = defineTarget<Uint8Array[]>({
  name: 'serial QR scanner output (LineSplitter)',
  arbitrary: fc.array(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 5000, maxLength: 5000 })), { maxLength: 6 }),
  check(chunks) {
    const splitter = new LineSplitter();
    for (const chunk of chunks) {
      for (const line of splitter.push(Buffer.from(chunk))) {
        if (/[\r\n]/.test(line) || line.length === 0) throw new Finding(`line with a break or empty: ${JSON.stringify(line)}`);
        parseCccdQr(line);
      }
    }
  },
});

/** Reports as a HID-POS reader sends them (valid sequences, cut or corrupted), and raw noise. */
const hidReports = fc.oneof(
  fc.array(fc.uint8Array({ minLength: 0, maxLength: 80 }), { maxLength: 8 }),
  fc
    .tuple(
      fc.uint8Array({ maxLength: 400 }),
      fc.constantFrom('aim' as const, 'newland' as const),
      fc.nat({ max: 12 }),
      fc.nat({ max: 255 }),
    )
    .map(([data, layout, cut, flip]) => {
      const reports = encodeReports(data, layout).map((r) => r.slice());
      const victim = reports[cut % reports.length]!;
      const at = flip % victim.length;
      victim[at] = (victim[at] ?? 0) ^ flip;
      return reports.slice(0, Math.max(1, reports.length - (cut % 2)));
    }),
);

const hidPosReports = defineTarget<Uint8Array[]>({
  name: 'HID-POS reader reports (HidPosAssembler, UTF-8 decode, read check)',
  arbitrary: hidReports,
  check(reports) {
    for (const layout of ['aim', 'newland'] as const) {
      const assembler = new HidPosAssembler(layout);
      for (const report of [...reports, undefined]) {
        const output = report ? assembler.push(report) : assembler.abandon();
        if (!output) continue;
        if (output.kind === 'garbage') {
          if (assembler.pending) throw new Finding('garbage left a read half assembled');
          continue;
        }
        if (output.bytes.length > MAX_READ_BYTES) throw new Finding(`read of ${output.bytes.length} bytes passed the bound`);
        const check = checkCccdRead(decodeRead(output.bytes), 'hid-pos');
        if (!check.ok) assertClearMessage(check.error);
        else if (check.text.includes('\uFFFD')) throw new Finding('a replacement character passed the read check');
      }
    }
  },
});

const escposStatus = defineTarget<Uint8Array>({
  name: 'ESC/POS status bytes from the ticket printer (decodeStatus)',
  arbitrary: fc.oneof(
    fc.uint8Array({ maxLength: 8 }),
    fc
      .array(
        fc.integer({ min: 0, max: 255 }).map((b) => (b & ~0x93) | 0x12),
        { minLength: 4, maxLength: 4 },
      )
      .map((a) => Uint8Array.from(a)),
  ),
  check(answers) {
    const flags = decodeStatus(answers);
    if (flags === null) return;
    const described = describeStatus(flags);
    assertClearMessage(described.message);
    if (flags.paperOut && described.level !== 'error') throw new Finding('paper out not reported as an error');
  },
});

const printerTargets = defineTarget<string>({
  name: 'printer addresses from the command line (parsePrinterTarget)',
  arbitrary: fc.oneof(
    fc.string(),
    fc
      .tuple(
        fc.constantFrom('tcp://', 'serial:', 'file:', 'tcp://[', ''),
        fc.string(),
        fc.constantFrom('', ':9100', ':0', ':99999', '?baud=9600', '?baud=7'),
      )
      .map((p) => p.join('')),
  ),
  check(value) {
    const target = expectClearOutcome(() => parsePrinterTarget(value));
    if (!(target instanceof Error) && target.kind === 'tcp' && (target.port < 1 || target.port > 65535))
      throw new Finding(`port ${target.port}`);
  },
});

/** Answers of the provincial system, served by a real HTTP peer: status code, headers and body chosen per case. */
interface ProvincialReply {
  status: number;
  body: string;
  retryAfter: string | undefined;
}
const provincialReply: fc.Arbitrary<ProvincialReply> = fc.record({
  status: fc.constantFrom(200, 200, 200, 201, 400, 401, 403, 404, 409, 429, 500, 503),
  body: fc.oneof(
    fc.string(),
    fc.json(),
    fc
      .record({
        error_code: fc.oneof(fc.constant(0), fc.integer({ min: -5, max: 1000 })),
        message: fc.oneof(fc.string(), fc.constant(undefined)),
        changes: fc.oneof(
          fc.constant(undefined),
          fc.array(fc.dictionary(fc.constantFrom('MaHoSo', 'TrangThai', 'ThoiGian', 'GhiChu'), jsonish), { maxLength: 3 }),
          jsonish,
        ),
        next: fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)),
      })
      .map((o) => JSON.stringify(o)),
  ),
  retryAfter: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 6 }), fc.constantFrom('1', '-1', '1e9', 'NaN')),
});

const syncResponses = defineTarget<ProvincialReply, { next: { reply: ProvincialReply }; url: string; dispose: () => Promise<void> }>({
  name: 'sync server responses (provincial system over HTTP: status changes)',
  prepare: async () => {
    const next = { reply: { status: 200, body: '{}', retryAfter: undefined } as ProvincialReply };
    const server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        // The login always works: the fuzzed answer is the service call's.
        if (request.url === '/auth') {
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: 0, message: '', session: 's' }));
          return;
        }
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (next.reply.retryAfter !== undefined) headers['retry-after'] = next.reply.retryAfter.replace(/[^\x20-\x7e]/g, '');
        response.writeHead(next.reply.status, headers).end(next.reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dispose = () => new Promise<void>((resolve) => server.close(() => resolve()));
    return { context: { next, url, dispose }, dispose };
  },
  arbitrary: provincialReply,
  async check(reply, context) {
    context.next.reply = reply;
    const adapter = new TthcHttpAdapter({ url: context.url, username: 'u', password: 'p', autoStart: false }, '000.00.12.H56', 1);
    try {
      const answer = await adapter.statusChanges(0);
      if (!Array.isArray(answer.changes) || !Number.isInteger(answer.next)) throw new Finding(`accepted ${reply.body}`);
    } catch (error) {
      if (error instanceof Finding) throw error;
      if (!(error instanceof ProvincialError))
        throw new Finding(`not a ProvincialError: ${String(error).slice(0, 200)} for ${reply.status} ${reply.body.slice(0, 200)}`);
      assertClearMessage(error.message);
      if (error.extra.retryAfterMs !== undefined && !Number.isFinite(error.extra.retryAfterMs)) throw new Finding('retry-after not finite');
    } finally {
      adapter.close();
    }
  },
});

/** The portal's TraCuuHoSo answers (string or number codes, hostile `result` records). */
const dvcqgReply: fc.Arbitrary<ProvincialReply> = fc.record({
  status: fc.constantFrom(200, 200, 200, 400, 401, 403, 404, 429, 500, 503),
  body: fc.oneof(
    fc.string(),
    fc.json(),
    fc
      .record({
        error_code: fc.oneof(fc.constantFrom('0', ' 0', '-3', 'x'), fc.integer({ min: -5, max: 5 })),
        message: fc.oneof(fc.string(), fc.constant(null), fc.constant('Hồ sơ đã tồn tại')),
        result: fc.oneof(
          jsonish,
          fc.array(
            fc.record({
              mahoso: fc.constantFrom('X', 'Y', ''),
              TrangThaiHoSo: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.string(), fc.constantFrom('4', '10', '1e1')),
            }),
            { maxLength: 3 },
          ),
        ),
      })
      .map((o) => JSON.stringify(o)),
  ),
  retryAfter: fc.oneof(fc.constant(undefined), fc.constantFrom('1', 'NaN')),
});

const dvcqgLookups = defineTarget<
  ProvincialReply,
  { next: { reply: ProvincialReply }; adapter: DvcqgAdapter; dispose: () => Promise<void> }
>({
  name: 'sync server responses (DVCQG portal over HTTP: TraCuuHoSo)',
  prepare: async () => {
    const next = { reply: { status: 200, body: '{}', retryAfter: undefined } as ProvincialReply };
    const server = http.createServer((request, response) => {
      let text = '';
      request.on('data', (c: Buffer) => (text += c.toString()));
      request.on('end', () => {
        if (request.url === '/auth') {
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error_code: '0', message: '', session: 's' }));
          return;
        }
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (next.reply.retryAfter !== undefined) headers['retry-after'] = next.reply.retryAfter;
        response.writeHead(next.reply.status, headers).end(next.reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-fuzz-dvcqg-'));
    const core = createCore(defaultConfig({ dataDir, seedDemo: false }));
    const files = new PublicFileServer(core.db, core.files, new FileUrlSigner(Buffer.alloc(32), 60), {
      host: '127.0.0.1',
      port: 0,
      ttlSeconds: 60,
    });
    const adapter = new DvcqgAdapter({ url, username: 'u', password: 'p', autoStart: false }, '000.00.12.H56', 1, {
      files,
      procedures: new ProcedureMap(core.db),
      lookupPerSecond: 10_000,
    });
    const dispose = async () => {
      adapter.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    return { context: { next, adapter, dispose }, dispose };
  },
  arbitrary: dvcqgReply,
  async check(reply, context) {
    context.next.reply = reply;
    try {
      const statuses = await context.adapter.lookup(['X']);
      for (const s of statuses) {
        if (s.MaHoSo !== 'X' || !Number.isInteger(s.TrangThaiHoSo) || s.TrangThaiHoSo < 1 || s.TrangThaiHoSo > 10)
          throw new Finding(`accepted ${JSON.stringify(s)}`);
      }
    } catch (error) {
      if (error instanceof Finding) throw error;
      if (!(error instanceof ProvincialError))
        throw new Finding(`not a ProvincialError: ${String(error).slice(0, 200)} for ${reply.status} ${reply.body.slice(0, 200)}`);
      assertClearMessage(error.message);
    }
  },
});

const syncBundles = defineTarget<Uint8Array>({
  name: 'offline sync bundles (decodeBundle)',
  arbitrary: fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc
      .tuple(fc.nat({ max: 300 }), fc.oneof(fc.json(), fc.string()), fc.string(), fc.uint8Array({ maxLength: 50 }))
      .map(([n, manifest, sig, rest]) => Buffer.concat([Buffer.from(`${BUNDLE_MAGIC}${n}\n${manifest}${sig}\n`), Buffer.from(rest)])),
    fc
      .record({
        publicKey: fc.base64String(),
        files: fc.array(fc.record({ sha256: fc.stringMatching(/^[0-9a-f]{64}$/), size: fc.nat({ max: 10 }) }), { maxLength: 2 }),
      })
      .map((m) => {
        const manifest = Buffer.from(JSON.stringify({ version: 1, ...m }));
        return Buffer.concat([Buffer.from(`${BUNDLE_MAGIC}${manifest.length}\n`), manifest, Buffer.from('AAAA\n')]);
      }),
  ),
  check(bytes) {
    try {
      decodeBundle(Buffer.from(bytes));
    } catch (error) {
      if (!(error instanceof BundleError)) throw new Finding(`not a BundleError: ${String(error).slice(0, 200)}`);
      assertClearMessage(error.message);
    }
  },
});

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  contractPayloads,
  hubBodies,
  eventFrames,
  cliArgs,
  credentials,
  idMasking,
  cccdQr,
  escposStatus,
  printerTargets,
  catalogFiles,
  scannerLines,
  hidPosReports,
  syncResponses,
  dvcqgLookups,
  syncBundles,
  hubAnswers,
  joinCodes,
];
