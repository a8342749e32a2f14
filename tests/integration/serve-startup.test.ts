import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnServe, type ServeProcess } from '../support/serve-process';
import { tempDir } from '../support/temp-dir';
import { mountTmpfs } from '../support/tmpfs';

let running: ServeProcess[] = [];
const unmounts: (() => void)[] = [];
afterEach(async () => {
  for (const p of running) await p.stop('SIGKILL');
  running = [];
  for (const u of unmounts.splice(0)) u();
});

describe('serve start-up on a data directory it cannot use', () => {
  // Repro (issue 11): a read-only data directory ended start-up with SQLITE_CANTOPEN's English stack.
  it('says in Vietnamese that a read-only data directory cannot be opened', async () => {
    const disk = mountTmpfs(1, 'ro');
    unmounts.push(disk.unmount);
    const serve = spawnServe(disk.dir);
    running.push(serve);
    expect(await serve.exited).toBe(1);
    expect(serve.output()).toContain('Không mở được cơ sở dữ liệu');
    expect(serve.output()).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('says the same when the data directory is a file', async () => {
    const file = path.join(tempDir(), 'not-a-dir');
    fs.writeFileSync(file, 'x');
    const serve = spawnServe(file);
    running.push(serve);
    expect(await serve.exited).toBe(1);
    expect(serve.output()).toContain('Không mở được cơ sở dữ liệu');
    expect(serve.output()).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('one serve per data directory', () => {
  // Repro (issue 11): two `serve` processes on one data directory both started; 20 % of tickets then failed
  // with "database is locked".
  it('the second refuses to start and names the first (pid, host, since when); the CLI still writes', async () => {
    const dataDir = tempDir();
    const first = spawnServe(dataDir);
    running.push(first);
    await first.ready;
    const second = spawnServe(dataDir);
    running.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('đang được một máy chủ khác dùng');
    expect(second.output()).toMatch(/tiến trình \d+ trên máy .+, từ \d/);
    expect(second.output()).toContain(os.hostname());
    const cli = spawnSync('npx', ['tsx', 'electron/core/cli/main.ts', 'pair-device', '--role', 'display', '--data', dataDir], {
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    // A hub stopped by SIGKILL leaves its lock behind: the next start takes it over.
    await first.stop('SIGKILL');
    const third = spawnServe(dataDir);
    running.push(third);
    await third.ready;
  }, 90_000);
});
