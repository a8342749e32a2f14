/**
 * Child process of `npm run bench -- hall`: the hub alone in its process, as
 * `npm run serve` runs it on the hall's server, so that the clients, the
 * printer peer and the bench's own bookkeeping do not run on its event loop.
 * It measures its own event-loop delay and tells the parent when each
 * replicated dossier is committed in the register (wall-clock times).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../electron/core/app';
import { defaultConfig } from '../electron/core/config';
import { startHub } from '../electron/core/hub/hub-server';

export type ToHub = { type: 'eld-start' } | { type: 'eld-stop' } | { type: 'stop' };
export type FromHub =
  | { type: 'ready'; url: string; kiosk: string; board: string; workstations: string[] }
  | { type: 'at-hub'; codes: Array<[string, number]> }
  | { type: 'eld'; p50: number; p99: number; max: number };

const wall = () => performance.timeOrigin + performance.now();
const send = (m: FromHub) => process.send?.(m);

const counters = Number(process.env.HALL_COUNTERS);
const services = (process.env.HALL_SERVICES ?? '').split(',');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-hall-hub-'));
const core = createCore(
  defaultConfig({
    dataDir,
    hub: { host: '127.0.0.1', port: 0 },
    devices: { printer: process.env.HALL_PRINTER ?? 'off' },
    replication: { role: 'hub' },
  }),
);
for (let n = 7; n <= counters; n++) core.hall.saveCounter({ id: `quay-${n}`, number: n, name: `Quầy ${n}`, serviceIds: services });

// Commit times go to the parent in batches: one IPC message per dossier would load this loop more than the work measured.
let committed: Array<[string, number]> = [];
core.dossiers.addRecordListener((_db, change) => {
  if (change.type === 'received') queueMicrotask(() => committed.push([change.dossier.code, wall()]));
});
setInterval(() => {
  if (committed.length === 0) return;
  send({ type: 'at-hub', codes: committed });
  committed = [];
}, 20).unref();

let histogram: ReturnType<typeof monitorEventLoopDelay> | null = null;
const hub = await startHub(core);
process.on('message', (m: ToHub) => {
  if (m.type === 'eld-start') {
    histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
  } else if (m.type === 'eld-stop' && histogram) {
    histogram.disable();
    send({ type: 'eld', p50: histogram.percentile(50) / 1e6, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 });
  } else if (m.type === 'stop') {
    void hub
      .close()
      .then(() => core.close())
      .then(() => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  }
});
send({
  type: 'ready',
  url: hub.url,
  kiosk: core.devices.pairDirect('kiosk', 'bench kiosk', 'system').credential,
  board: core.devices.pairDirect('display', 'bench board', 'system').credential,
  workstations: Array.from(
    { length: counters },
    (_, i) => core.devices.pairDirect('counter-device', `Máy trạm ${i + 1}`, 'system').credential,
  ),
});
