/**
 * How fast `npm run serve` answers /healthz when nothing changed (issue #10,
 * "the hub starts like a service"): process start → first /healthz answer,
 * against a plain `node -e` HTTP server started the same way in the same run,
 * and against the hub run from source through tsx (`npm run serve:dev` without
 * its renderer build). The bundles are built once before timing; the data
 * directory exists (a second start, as a service restarts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt } from '../tools/build-hub.mjs';
import { summarize } from './stats';
import type { Benchmark } from './types';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = 7;
const TSX_RUNS = 3;
const TARGET_MS = 1500;
const URL_LINE = /http:\/\/127\.0\.0\.1:(\d+)/;

const BASELINE = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port); });`;

/** Milliseconds from spawn to the first answer of /healthz (or / for the baseline), then stops the process. */
function timeToHealthz(command: string, args: string[], probe: string): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MOTCUA_ADMIN_PASSWORD: 'bench-admin-password-2026' },
  });
  return new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`no address printed within 60 s: ${command} ${args.join(' ')}`)), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.on('error', fail);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = URL_LINE.exec(output)?.[1];
      if (!port) return;
      output = '';
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      fetch(`http://127.0.0.1:${port}${probe}`).then(
        (response) => {
          const elapsed = performance.now() - started;
          clearTimeout(timer);
          if (!response.ok) return fail(new Error(`${probe} answered ${response.status}`));
          child.once('exit', () => resolve(elapsed));
          child.kill('SIGTERM');
        },
        (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
      );
    });
  });
}

export const serveStartBench: Benchmark = {
  name: 'serve-start',
  summary: '`npm run serve` to /healthz (bundled hub, nothing rebuilt) vs a plain node HTTP server and vs tsx',
  async run() {
    const buildStarted = performance.now();
    const rebuilt = await ensureBuilt();
    const buildMs = performance.now() - buildStarted;
    const checkStarted = performance.now();
    await ensureBuilt();
    const checkMs = performance.now() - checkStarted;

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-serve-'));
    const serveArgs = ['tools/serve.mjs', '--port', '0', '--host', '127.0.0.1', '--data', dataDir];
    const firstStart = await timeToHealthz(process.execPath, serveArgs, '/healthz');

    const baseline: number[] = [];
    const hub: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      baseline.push(await timeToHealthz(process.execPath, ['-e', BASELINE], '/'));
      hub.push(await timeToHealthz(process.execPath, serveArgs, '/healthz'));
    }
    const tsx: number[] = [];
    const tsxCli = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    for (let i = 0; i < TSX_RUNS; i++) {
      tsx.push(await timeToHealthz(process.execPath, [tsxCli, 'electron/core/hub/serve.ts', ...serveArgs.slice(1)], '/healthz'));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });

    const b = summarize(baseline);
    const h = summarize(hub);
    const t = summarize(tsx);
    return {
      lines: [
        `build check: ${rebuilt.length ? `rebuilt ${rebuilt.join(', ')} in ${buildMs.toFixed(0)} ms` : 'nothing to rebuild'}; an up-to-date check takes ${checkMs.toFixed(0)} ms`,
        `first start (new data directory): ${firstStart.toFixed(0)} ms`,
        `plain node http server: p50 ${b.p50.toFixed(0)} ms, max ${b.max.toFixed(0)} ms (${RUNS} runs)`,
        `npm run serve (bundle): p50 ${h.p50.toFixed(0)} ms, max ${h.max.toFixed(0)} ms — ${(h.p50 / b.p50).toFixed(1)}× the plain server`,
        `tsx from source:        p50 ${t.p50.toFixed(0)} ms (${TSX_RUNS} runs) — ${(t.p50 / h.p50).toFixed(1)}× the bundle`,
      ],
      targets: [
        {
          description: `/healthz < ${TARGET_MS} ms from process start, nothing changed (p50)`,
          actual: `${h.p50.toFixed(0)} ms`,
          met: h.p50 < TARGET_MS,
        },
      ],
      figures: { baselineP50: b.p50, hubP50: h.p50, hubMax: h.max, tsxP50: t.p50, firstStart, checkMs, buildMs },
    };
  },
};
