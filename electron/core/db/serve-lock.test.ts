import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireServeLock, holdsLock } from './serve-lock';

const dirs: string[] = [];
const children: Array<{ kill: () => void }> = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-lock-'));
  dirs.push(dir);
  return dir;
}

function writeLock(dir: string, owner: object): void {
  fs.writeFileSync(path.join(dir, 'serve.lock'), JSON.stringify(owner));
}

const bootId = fs.existsSync('/proc/sys/kernel/random/boot_id')
  ? fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  : undefined;

/**
 * A process that stays a zombie: `sh` starts a short `sleep` in the background, then becomes a long
 * `sleep` that never reaps it. Resolves with the zombie's pid once the kernel shows it as Z.
 */
async function zombiePid(): Promise<number> {
  const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push({ kill: () => parent.kill('SIGKILL') });
  const pid = await new Promise<number>((resolve) =>
    parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  for (let i = 0; i < 100; i++) {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return pid;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the background sleep never became a zombie');
}

describe('serve lock', () => {
  it('a second hub on the same directory is refused and told who holds it, in Vietnamese, with a 24-hour Vietnam time', () => {
    const dir = tempDir();
    const first = acquireServeLock(dir, () => new Date('2026-12-01T11:48:04Z'));
    expect(() => acquireServeLock(dir)).toThrow(new RegExp(`tiến trình ${process.pid} trên máy .+, từ 01/12/2026 18:48`));
    first.release();
    acquireServeLock(dir).release();
    expect(fs.existsSync(path.join(dir, 'serve.lock'))).toBe(false);
  });

  it('a lock left by a process that no longer exists is taken over', () => {
    const dir = tempDir();
    writeLock(dir, { pid: 2 ** 22 + 17, host: os.hostname(), since: '2026-12-01T01:00:00Z' });
    const lock = acquireServeLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'serve.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('a lock held on another machine (shared folder) is never taken over', () => {
    const dir = tempDir();
    writeLock(dir, { pid: 2 ** 22 + 17, host: 'may-khac', since: '2026-12-01T01:00:00Z' });
    expect(() => acquireServeLock(dir)).toThrow(/trên máy may-khac/);
  });

  it.runIf(process.platform === 'linux')(
    'repro (CI): a hub killed with SIGKILL left a zombie that answered kill(pid, 0), and the next hub refused to start',
    async () => {
      const pid = await zombiePid();
      expect(() => process.kill(pid, 0)).not.toThrow();
      const dir = tempDir();
      writeLock(dir, { pid, host: os.hostname(), since: '2026-12-01T01:00:00Z' });
      acquireServeLock(dir).release();
    },
  );

  it.runIf(process.platform === 'linux')(
    'a pid reused by a later process, or a lock from before a power cut, does not hold the directory',
    () => {
      const here = { host: os.hostname(), bootId };
      // This very process is alive: it holds the lock only if it is the process that wrote it.
      expect(holdsLock({ pid: process.pid, host: here.host, since: '' }, here)).toBe(true);
      expect(holdsLock({ pid: process.pid, host: here.host, since: '', startTicks: '1' }, here)).toBe(false);
      expect(holdsLock({ pid: process.pid, host: here.host, since: '', bootId: 'an-earlier-boot' }, here)).toBe(bootId === undefined);
      const lock = acquireServeLock(tempDir());
      lock.release();
    },
  );

  it.runIf(process.platform === 'linux')(
    'the lock written by a live hub names its boot and its start, and holds against a second start',
    () => {
      const dir = tempDir();
      const lock = acquireServeLock(dir);
      const written: unknown = JSON.parse(fs.readFileSync(path.join(dir, 'serve.lock'), 'utf8'));
      expect(written).toMatchObject({ pid: process.pid, bootId, startTicks: expect.stringMatching(/^\d+$/) });
      expect(() => acquireServeLock(dir)).toThrow(/đang được một máy chủ khác dùng/);
      lock.release();
    },
  );
});
