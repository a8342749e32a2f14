/**
 * The hall queue under a busy hall on loopback: 5 kiosks issuing tickets to a
 * TCP ticket printer, 30 counters calling, 3 display boards on the WebSocket.
 *  - ticket issue: kiosk request sent → last byte of that ticket (its cut) at the printer peer;
 *  - call → display: counter request sent → the call event at each display.
 * Baseline in the same run: a bare HTTP round trip to /healthz.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createCore } from '../electron/core/app';
import { defaultConfig } from '../electron/core/config';
import { startHub } from '../electron/core/hub/hub-server';
import { startTcpPrinterPeer } from '../tests/support/escpos-decoder';
import { ms, summarize } from './stats';
import type { Benchmark } from './types';

const KIOSKS = 5;
const TICKETS_PER_KIOSK = 40;
const COUNTERS = 30;
const CALLS_PER_COUNTER = 6;
const DISPLAYS = 3;
const SERVICES = ['ho-tich', 'chung-thuc', 'cu-tru', 'dat-dai', 'kinh-doanh', 'xa-hoi'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: string, body: unknown, token: string): Promise<unknown> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const json: unknown = await response.json();
  if (!response.ok) throw new Error(JSON.stringify(json));
  return json;
}

export const queueBench: Benchmark = {
  name: 'queue',
  summary: 'ticket issue → printer and call → display, 5 kiosks, 30 counters, 3 displays on loopback',
  async run() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-queue-'));
    const printer = await startTcpPrinterPeer();
    const core = createCore(
      defaultConfig({ dataDir, hub: { host: '127.0.0.1', port: 0 }, devices: { printer: `tcp://127.0.0.1:${printer.port}` } }),
    );
    for (let n = 7; n <= COUNTERS; n++) core.hall.saveCounter({ id: `quay-${n}`, number: n, name: `Quầy ${n}`, serviceIds: SERVICES });
    const hub = await startHub(core);
    // Kiosks and counters call as a paired counter PC (allowed both), displays as paired displays.
    const { credential } = core.devices.pairDirect('counter-device', 'bench', 'system');
    const board = core.devices.pairDirect('display', 'bench board', 'system').credential;
    const displays: WebSocket[] = [];
    try {
      // Display boards on the event socket, noting when each call arrives.
      const arrivals = new Map<string, number[]>();
      for (let d = 0; d < DISPLAYS; d++) {
        const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/events?token=${board}`);
        await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
        socket.on('message', (data: Buffer) => {
          const frame = JSON.parse(data.toString()) as { event: string; payload: { ticketId?: string } };
          if (frame.event !== 'queue.called' || !frame.payload.ticketId) return;
          const list = arrivals.get(frame.payload.ticketId) ?? [];
          list.push(performance.now());
          arrivals.set(frame.payload.ticketId, list);
        });
        displays.push(socket);
      }

      // Baseline: a bare HTTP round trip.
      const baseline: number[] = [];
      for (let i = 0; i < 300; i++) {
        const t = performance.now();
        await (await fetch(`${hub.url}/healthz`)).json();
        baseline.push(performance.now() - t);
      }

      // 5 kiosks, each a citizen every 150–350 ms (a real kiosk serves one every few seconds: this is 10× a rush).
      const issue: number[] = [];
      await Promise.all(
        Array.from({ length: KIOSKS }, async (_, k) => {
          for (let i = 0; i < TICKETS_PER_KIOSK; i++) {
            await sleep(150 + Math.random() * 200);
            const t0 = performance.now();
            const ticket = (await post(
              `${hub.url}/api/queue.issueTicket`,
              { serviceId: SERVICES[(k + i) % SERVICES.length] },
              credential,
            )) as {
              number: string;
              print: { status: string };
            };
            if (ticket.print.status !== 'printed') throw new Error(`print failed: ${JSON.stringify(ticket.print)}`);
            for (let w = 0; w < 100 && !printer.arrivals.has(ticket.number); w++) await sleep(2);
            const t1 = printer.arrivals.get(ticket.number);
            if (t1 === undefined) throw new Error(`ticket ${ticket.number} never reached the printer`);
            issue.push(t1 - t0);
          }
        }),
      );

      // 30 counters calling, each every 0.3–0.9 s (real counters call every few minutes: this is 100× a busy hall).
      const call: number[] = [];
      await Promise.all(
        Array.from({ length: COUNTERS }, async (_, c) => {
          for (let i = 0; i < CALLS_PER_COUNTER; i++) {
            await sleep(300 + Math.random() * 600);
            const t0 = performance.now();
            const ticket = (await post(`${hub.url}/api/queue.callNext`, { counterId: `quay-${c + 1}` }, credential)) as {
              id: string;
            } | null;
            if (!ticket) continue;
            for (let w = 0; w < 200 && (arrivals.get(ticket.id)?.length ?? 0) < DISPLAYS; w++) await sleep(1);
            const seen = arrivals.get(ticket.id) ?? [];
            if (seen.length < DISPLAYS) throw new Error(`call of ${ticket.id} reached ${seen.length} displays`);
            for (const at of seen.slice(0, DISPLAYS)) call.push(at - t0);
          }
        }),
      );

      const b = summarize(baseline);
      const i = summarize(issue);
      const c = summarize(call);
      return {
        lines: [
          `baseline GET /healthz:              p50 ${ms(b.p50)}  p95 ${ms(b.p95)}  p99 ${ms(b.p99)}  (n=${baseline.length})`,
          `ticket issue → last byte at printer: p50 ${ms(i.p50)}  p95 ${ms(i.p95)}  p99 ${ms(i.p99)}  (n=${issue.length}, ${KIOSKS} kiosks)`,
          `call → display event:               p50 ${ms(c.p50)}  p95 ${ms(c.p95)}  p99 ${ms(c.p99)}  (n=${call.length}, ${COUNTERS} counters × ${DISPLAYS} displays)`,
          `ratio to baseline at p50: issue ${(i.p50 / b.p50).toFixed(1)}×, call ${(c.p50 / b.p50).toFixed(1)}×`,
        ],
        targets: [
          { description: 'ticket issue → printer p95 < 100 ms', actual: ms(i.p95), met: i.p95 < 100 },
          { description: 'call → display p95 < 100 ms', actual: ms(c.p95), met: c.p95 < 100 },
        ],
        figures: {
          baselineP50: b.p50,
          baselineP95: b.p95,
          issueP50: i.p50,
          issueP95: i.p95,
          issueP99: i.p99,
          callP50: c.p50,
          callP95: c.p95,
          callP99: c.p99,
        },
      };
    } finally {
      for (const socket of displays) socket.terminate();
      await hub.close();
      await core.close();
      await printer.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
