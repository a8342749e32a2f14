import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface SimProcess {
  url: string;
  child: ChildProcess;
  state(): Promise<SimState>;
  admin(pathname: string, body: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export interface SimState {
  dossiers: { MaHoSo: string; TrangThaiHoSo: number; created: number; updated: number; progress: number }[];
  /** dvcqg mode: `fetched` counts whole, hash-checked downloads from our file listener; `fetchAttempts` every try. */
  files: { sha256: string; size: number; stored: number; fetched: number; fetchAttempts: number }[];
}

export type SimMode = 'motcua' | 'dvcqg';
export const SIM_MODES: SimMode[] = ['dvcqg', 'motcua'];
/** The dstcode the dvcqg-mode emulator of the tests demands. */
export const TEST_DSTCODE = '000.00.12.H56';

/** Emulator arguments for a mode: dvcqg with non-default paths and a dstcode, so the client must honour the configuration. */
export function simArgs(mode: SimMode, extra: string[] = []): string[] {
  return mode === 'dvcqg'
    ? ['--mode', 'dvcqg', '--auth-path', '/api/xac-thuc', '--service-path', '/api/dich-vu', '--dstcode', TEST_DSTCODE, ...extra]
    : extra;
}

/** The provincial link settings that talk to `simArgs(mode)`. */
export function linkFor(mode: SimMode) {
  return mode === 'dvcqg'
    ? {
        profile: 'dvcqg' as const,
        authPath: '/api/xac-thuc',
        servicePath: '/api/dich-vu',
        dstcode: TEST_DSTCODE,
        publicFiles: { host: '127.0.0.1', port: 0 },
      }
    : { profile: 'motcua' as const };
}

/** `sync --once` arguments that talk to `simArgs(mode)`. */
export function cliLinkArgs(mode: SimMode): string[] {
  return mode === 'dvcqg'
    ? [
        '--provincial-profile',
        'dvcqg',
        '--provincial-auth-path',
        '/api/xac-thuc',
        '--provincial-service-path',
        '/api/dich-vu',
        '--provincial-dstcode',
        TEST_DSTCODE,
        '--public-file-listen',
        '127.0.0.1:0',
      ]
    : ['--provincial-profile', 'motcua'];
}

/** The provincial emulator as its own process (`npm run tthc-sim`), on a random port. */
export function startSimProcess(dataDir: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<SimProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'tools/tthc-sim/main.ts'), '--port', '0', '--data', dataDir, ...extra],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (process.env.TTHC_SIM_LOG) fs.appendFileSync(process.env.TTHC_SIM_LOG, c);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${stderr}`)));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(https?:\/\/[^\s]+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const url = m[1]!;
      resolve({
        url,
        child,
        async state() {
          const r = await fetch(`${url}/admin/state`);
          return (await r.json()) as SimState;
        },
        async admin(pathname, body) {
          const r = await fetch(`${url}${pathname}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          return r.json();
        },
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
