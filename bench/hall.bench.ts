/**
 * A hall on loopback: one hub (this process), 30 counters as workstation
 * cores (3 child processes of 10), 5 kiosks issuing tickets to a TCP ticket
 * printer, 3 display boards on the WebSocket; every counter receives dossiers
 * (scan + receipt PDF) that replicate to the hub while it calls tickets.
 *  - ticket issue → printer: kiosk request sent → last byte of the ticket at the printer peer;
 *  - call → display through a workstation: the workstation's call to the hub → the event at each display;
 *  - replication lag: receipt committed at the workstation → dossier committed in the hub register;
 *  - hub event-loop delay (perf_hooks.monitorEventLoopDelay) under this load.
 * Baselines in the same run: a bare GET /healthz, and the hub's event-loop delay while idle.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createCore } from '../electron/core/app';
import { defaultConfig } from '../electron/core/config';
import { startHub } from '../electron/core/hub/hub-server';
import { startTcpPrinterPeer } from '../tests/support/escpos-decoder';
import { ms, summarize } from './stats';
import type { Benchmark } from './types';

const COUNTERS = 30;
const PER_PROCESS = 10;
const KIOSKS = 5;
const DISPLAYS = 3;
const RUN_MS = Number(process.env.HALL_BENCH_MS ?? 40_000);
const SERVICES = ['ho-tich', 'chung-thuc', 'cu-tru', 'dat-dai', 'kinh-doanh', 'xa-hoi'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const wall = () => performance.timeOrigin + performance.now();

type FromChild =
  | { type: 'ready' }
  | { type: 'received'; seq: number; code: string; committedAt: number; tookMs: number }
  | { type: 'called'; seq: number; sentAt: number; ticketId: string | null }
  | { type: 'error'; seq: number; message: string };

function eld(h: ReturnType<typeof monitorEventLoopDelay>): { p50: number; p99: number; max: number } {
  return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
}

export const hallBench: Benchmark = {
  name: 'hall',
  summary: 'one hub, 30 counters as workstation cores replicating receipts, 5 kiosks, 3 displays on loopback',
  async run() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-hall-'));
    const printer = await startTcpPrinterPeer();
    const core = createCore(defaultConfig({ dataDir, hub: { host: '127.0.0.1', port: 0 }, devices: { printer: `tcp://127.0.0.1:${printer.port}` }, replication: { role: 'hub' } }));
    for (let n = 7; n <= COUNTERS; n++) core.hall.saveCounter({ id: `quay-${n}`, number: n, name: `Quầy ${n}`, serviceIds: SERVICES });
    const hub = await startHub(core);
    const kiosk = core.devices.pairDirect('kiosk', 'bench kiosk', 'system').credential;
    const board = core.devices.pairDirect('display', 'bench board', 'system').credential;
    const children: ChildProcess[] = [];
    const displays: WebSocket[] = [];
    try {
      // The register takes a replicated dossier in a transaction; right after its commit is the end of the lag.
      const atHub = new Map<string, number>();
      core.dossiers.addRecordListener((_db, change) => {
        if (change.type === 'received') queueMicrotask(() => atHub.set(change.dossier.code, wall()));
      });
      const arrivals = new Map<string, number[]>();
      for (let d = 0; d < DISPLAYS; d++) {
        const socket = new WebSocket(`${hub.url.replace('http', 'ws')}/events?token=${board}`);
        await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
        socket.on('message', (data: Buffer) => {
          const frame = JSON.parse(data.toString()) as { event: string; payload: { ticketId?: string } };
          if (frame.event !== 'queue.called' || !frame.payload.ticketId) return;
          const list = arrivals.get(frame.payload.ticketId) ?? [];
          list.push(wall());
          arrivals.set(frame.payload.ticketId, list);
        });
        displays.push(socket);
      }

      const idle = monitorEventLoopDelay({ resolution: 1 });
      idle.enable();
      const baseline: number[] = [];
      for (let i = 0; i < 300; i++) {
        const t = performance.now();
        await (await fetch(`${hub.url}/healthz`)).json();
        baseline.push(performance.now() - t);
      }
      await sleep(1000);
      idle.disable();

      // 30 workstation cores in 3 processes, each paired with the hub as a counter PC.
      const pending = new Map<number, (m: FromChild) => void>();
      let seq = 0;
      const send = (child: ChildProcess, m: unknown) =>
        new Promise<FromChild>((resolve) => {
          const id = ++seq;
          pending.set(id, resolve);
          child.send({ ...(m as object), seq: id });
        });
      for (let p = 0; p < COUNTERS / PER_PROCESS; p++) {
        const stations = Array.from({ length: PER_PROCESS }, (_, i) => p * PER_PROCESS + i + 1);
        const tokens = stations.map((s) => core.devices.pairDirect('counter-device', `Máy trạm ${s}`, 'system').credential);
        const child = fork(path.join(import.meta.dirname, 'hall-workstations.ts'), [], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, HALL_HUB_URL: hub.url, HALL_STATIONS: stations.join(','), HALL_TOKENS: tokens.join(',') },
        });
        await new Promise<void>((resolve) => {
          child.on('message', (m: FromChild) => {
            if (m.type === 'ready') return resolve();
            if ('seq' in m) {
              pending.get(m.seq)?.(m);
              pending.delete(m.seq);
            }
          });
        });
        children.push(child);
      }
      const childOf = (station: number) => children[Math.floor((station - 1) / PER_PROCESS)]!;
      await sleep(3000); // first leases and pulls settle

      const load = monitorEventLoopDelay({ resolution: 1 });
      load.enable();
      const until = Date.now() + RUN_MS;
      const issue: number[] = [];
      const call: number[] = [];
      const receipts: { code: string; committedAt: number; tookMs: number }[] = [];
      const errors: string[] = [];
      const kiosks = Array.from({ length: KIOSKS }, async (_, k) => {
        for (let i = 0; Date.now() < until; i++) {
          await sleep(300 + Math.random() * 300);
          const t0 = wall();
          const r = await fetch(`${hub.url}/api/queue.issueTicket`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk}` },
            body: JSON.stringify({ serviceId: SERVICES[(k + i) % SERVICES.length] }),
          });
          const ticket = (await r.json()) as { number: string; print: { status: string } };
          for (let w = 0; w < 200 && !printer.arrivals.has(ticket.number); w++) await sleep(2);
          const t1 = printer.arrivals.get(ticket.number);
          if (t1 !== undefined) issue.push(t1 + performance.timeOrigin - t0);
        }
      });
      const counters = Array.from({ length: COUNTERS }, async (_, c) => {
        const station = c + 1;
        for (let i = 0; Date.now() < until; i++) {
          await sleep(1500 + Math.random() * 1500);
          if (i % 3 === 0) {
            const m = await send(childOf(station), { type: 'receive', station });
            if (m.type === 'received') receipts.push(m);
            else if (m.type === 'error') errors.push(m.message);
          } else {
            const m = await send(childOf(station), { type: 'call', station, counterId: `quay-${station}` });
            if (m.type !== 'called' || !m.ticketId) continue;
            for (let w = 0; w < 200 && (arrivals.get(m.ticketId)?.length ?? 0) < DISPLAYS; w++) await sleep(2);
            for (const at of (arrivals.get(m.ticketId) ?? []).slice(0, DISPLAYS)) call.push(at - m.sentAt);
          }
        }
      });
      await Promise.all([...kiosks, ...counters]);
      // Receipts still on their way when the load stops are waited for (bounded).
      for (let w = 0; w < 200 && receipts.some((r) => !atHub.has(r.code)); w++) await sleep(50);
      load.disable();

      const lag = receipts.filter((r) => atHub.has(r.code)).map((r) => atHub.get(r.code)! - r.committedAt);
      const b = summarize(baseline);
      const i = summarize(issue);
      const c = summarize(call);
      const l = summarize(lag);
      const rc = summarize(receipts.map((r) => r.tookMs));
      const e0 = eld(idle);
      const e1 = eld(load);
      return {
        lines: [
          `baseline GET /healthz:                 p50 ${ms(b.p50)}  p95 ${ms(b.p95)}  p99 ${ms(b.p99)}  (n=${baseline.length})`,
          `ticket issue → printer:                p50 ${ms(i.p50)}  p95 ${ms(i.p95)}  p99 ${ms(i.p99)}  (n=${issue.length}, ${KIOSKS} kiosks)`,
          `call → display (via a workstation):    p50 ${ms(c.p50)}  p95 ${ms(c.p95)}  p99 ${ms(c.p99)}  (n=${call.length}, ${COUNTERS} counters × ${DISPLAYS} displays)`,
          `replication lag (commit → hub):        p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  (n=${lag.length} of ${receipts.length} receipts${errors.length ? `, ${errors.length} errors: ${errors[0]}` : ''})`,
          `receipt at the workstation (with PDF): p50 ${ms(rc.p50)}  p95 ${ms(rc.p95)}  p99 ${ms(rc.p99)}`,
          `hub event-loop delay idle:             p50 ${ms(e0.p50)}  p99 ${ms(e0.p99)}  max ${ms(e0.max)}`,
          `hub event-loop delay under load:       p50 ${ms(e1.p50)}  p99 ${ms(e1.p99)}  max ${ms(e1.max)}`,
          `ratio to baseline at p50: issue ${(i.p50 / b.p50).toFixed(1)}×, call ${(c.p50 / b.p50).toFixed(1)}×; event-loop p99 ${(e1.p99 / Math.max(e0.p99, 0.001)).toFixed(1)}× idle`,
        ],
        targets: [
          { description: 'ticket issue → printer p95 < 100 ms', actual: ms(i.p95), met: i.p95 < 100 },
          { description: 'call → display via a workstation p95 < 100 ms', actual: ms(c.p95), met: c.p95 < 100 },
          { description: 'replication lag p95 < 2 s', actual: ms(l.p95), met: l.p95 < 2000 && lag.length === receipts.length && receipts.length > 0 },
          { description: 'hub event-loop delay p99 < 20 ms', actual: ms(e1.p99), met: e1.p99 < 20 },
        ],
        figures: {
          baselineP50: b.p50, issueP50: i.p50, issueP95: i.p95, issueP99: i.p99, callP50: c.p50, callP95: c.p95, callP99: c.p99,
          lagP50: l.p50, lagP95: l.p95, lagP99: l.p99, receipts: receipts.length, eldIdleP99: e0.p99, eldLoadP50: e1.p50, eldLoadP99: e1.p99,
        },
      };
    } finally {
      for (const child of children) child.send({ type: 'stop' });
      await Promise.all(children.map((child) => new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))));
      for (const socket of displays) socket.terminate();
      await hub.close();
      await core.close();
      await printer.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
