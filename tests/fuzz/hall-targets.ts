/** Fuzz targets of the hall link: what a hub (or whatever answers at its address) sends a workstation, and join codes. */
import fc from 'fast-check';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { AppError, ERROR_CODES } from '../../shared/contract';
import { HubConnection } from '../../electron/core/hall-link/hub-connection';
import { makeSelfSigned, parseJoinCode } from '../../electron/core/hall-link/hub-tls';
import { Finding, assertClearMessage, defineTarget } from './harness';

interface HubReply {
  status: number;
  body: string;
}

const hubReply: fc.Arbitrary<HubReply> = fc.record({
  status: fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 409, 413, 500, 502, 503),
  body: fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.json({ maxDepth: 3 }),
    fc
      .record({
        error: fc.record({ code: fc.oneof(fc.constantFrom(...ERROR_CODES), fc.string()), message: fc.oneof(fc.string(), fc.integer()) }),
      })
      .map((b) => JSON.stringify(b)),
    fc.constant(''),
  ),
});

export const hubAnswers = defineTarget<HubReply, { next: { reply: HubReply }; connection: HubConnection }>({
  name: 'hub answers to a workstation (pinned HTTPS: status codes, bodies, error shapes)',
  prepare: async () => {
    const tls = await makeSelfSigned('fuzz hub');
    const next = { reply: { status: 200, body: '{}' } };
    const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(next.reply.status, { 'content-type': 'application/json' }).end(next.reply.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const connection = new HubConnection({
      hubUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      pin: tls,
      credential: 'mcd_fuzz',
    });
    const dispose = async () => {
      await connection.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
    return { context: { next, connection }, dispose };
  },
  arbitrary: hubReply,
  async check(reply, context) {
    context.next.reply = reply;
    try {
      await context.connection.call('queue.state', {});
      if (reply.status >= 300) throw new Finding(`accepted HTTP ${reply.status}`);
    } catch (error) {
      if (error instanceof Finding) throw error;
      if (!(error instanceof AppError)) throw new Finding(`not an AppError: ${String(error).slice(0, 200)}`);
      if (!ERROR_CODES.includes(error.code)) throw new Finding(`unknown error code ${error.code}`);
      assertClearMessage(error.message);
    }
  },
});

export const joinCodes = defineTarget<string>({
  name: 'workstation join codes (parseJoinCode)',
  arbitrary: fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^\d{4} ?\d{4}[ ·-]{0,3}[0-9A-Za-z ]{10,24}$/)),
  check(text) {
    const parsed = parseJoinCode(text);
    if (parsed && (!/^\d{8}$/.test(parsed.code) || !/^[0-9A-HJKMNP-TV-Z]{16}$/.test(parsed.pin)))
      throw new Finding(`join code ${JSON.stringify(parsed)}`);
  },
});
