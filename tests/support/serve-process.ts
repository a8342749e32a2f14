import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export interface ServeProcess {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the hub's URL once it listens, or rejects with the output when the process ends first. */
  ready: Promise<string>;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `npm run serve` without the renderer build: the real entry point as a child process. */
export function spawnServe(dataDir: string, extraArgs: string[] = [], env: Record<string, string> = {}): ServeProcess {
  const child = spawn(
    TSX,
    [path.join(ROOT, 'electron/core/hub/serve.ts'), '--data', dataDir, '--host', '127.0.0.1', '--port', '0', ...extraArgs],
    {
      cwd: ROOT,
      env: { ...process.env, MOTCUA_ADMIN_PASSWORD: 'mat-khau-thu-nghiem', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: tsx runs the hub in a child, and a kill must reach that child too.
      detached: true,
    },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /đang chạy tại (http:\/\/\S+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', look);
    void exited.then(() => reject(new Error(`serve ended before listening:\n${text}`)));
  });
  // A test that expects the process to refuse never awaits `ready`; its rejection is not an error then.
  ready.catch(() => undefined);
  return {
    child,
    output: () => text,
    ready,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // already gone
        }
      }
      return exited;
    },
  };
}
