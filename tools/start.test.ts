import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tests/support/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('npm start without an Electron runtime', () => {
  it('says so in one line and serves web mode', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'tools/start.mjs'), '--port', '0', '--host', '127.0.0.1', '--data', tempDir()], {
      cwd: ROOT,
      detached: true, // its own process group, so the npm → tsx → node chain is stopped as one
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 45_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /đang chạy tại (http:\/\/\S+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const notices = output.split('\n').filter((line) => line.includes('Không có Electron'));
      expect(notices).toHaveLength(1);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
  }, 60_000);
});
