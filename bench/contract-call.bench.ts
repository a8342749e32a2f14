/**
 * Cost of the contract layer itself: a call over the hub's HTTP transport
 * against the same handler called directly, on loopback, in the same run.
 */
import { createCore } from '../electron/core/app';
import { defaultConfig } from '../electron/core/config';
import { startHub } from '../electron/core/hub/hub-server';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ms, summarize } from './stats';
import type { Benchmark } from './types';

const CALLS = 2000;

export const contractBench: Benchmark = {
  name: 'contract-call',
  summary: 'hall.config over HTTP vs the handler called directly',
  async run() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-'));
    const core = createCore(defaultConfig({ dataDir, hub: { host: '127.0.0.1', port: 0 } }));
    const hub = await startHub(core);
    // Calls carry a device credential, as a paired display's would (the hub answers 401 without one).
    const { credential } = core.devices.pairDirect('display', 'bench', 'system');
    try {
      const direct: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now();
        core.hall.config();
        direct.push(performance.now() - t);
      }
      const http: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now();
        const response = await fetch(`${hub.url}/api/hall.config`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
          body: '{}',
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        await response.json();
        http.push(performance.now() - t);
      }
      const d = summarize(direct);
      const h = summarize(http);
      return {
        lines: [
          `direct handler: p50 ${ms(d.p50)}  p95 ${ms(d.p95)}  p99 ${ms(d.p99)}`,
          `over HTTP:      p50 ${ms(h.p50)}  p95 ${ms(h.p95)}  p99 ${ms(h.p99)}`,
          `HTTP / direct at p50: ${(h.p50 / d.p50).toFixed(1)}×`,
        ],
        targets: [{ description: 'contract call over HTTP p95 < 10 ms', actual: ms(h.p95), met: h.p95 < 10 }],
        figures: { directP50: d.p50, directP95: d.p95, httpP50: h.p50, httpP95: h.p95, httpP99: h.p99 },
      };
    } finally {
      await hub.close();
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
