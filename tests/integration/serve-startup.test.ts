import fs from 'node:fs';
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
