import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ADMIN } from './auth';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface RunningHub {
  url: string;
  child: ChildProcess;
}

/** Starts a hub of its own (`npm run serve` without the build) on `port` over `dataDir`; resolves once it listens. */
export function startHub(port: number, dataDir: string): Promise<RunningHub> {
  const env = { ...process.env, MOTCUA_ADMIN_PASSWORD: ADMIN.password };
  const args = ['--import', 'tsx', 'electron/core/hub/serve.ts', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`hub exited ${code}: ${out}`));
    child.once('exit', onExit);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /đang chạy tại (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        child.off('exit', onExit);
        resolve({ url: m[1], child });
      }
    });
  });
}

/** kill -9, as a power cut or a crash would; resolves when the process is gone. */
export function killHard(hub: RunningHub): Promise<void> {
  return new Promise((resolve) => {
    if (hub.child.exitCode !== null || hub.child.signalCode !== null) return resolve();
    hub.child.once('exit', () => resolve());
    hub.child.kill('SIGKILL');
  });
}
