import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir';
import { databasePath } from '../app';
import { openDatabase } from './database';

const WRITER = path.join(import.meta.dirname, '../../../tests/support/durability-writer.ts');

/** Starts the writer and SIGKILLs it the instant it reports its `count`-th save. */
function killAfterSaves(dataDir: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const reported: string[] = [];
    let buffer = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (killed) return;
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('saved ')) continue;
        reported.push(line.slice(6));
        if (reported.length === count) {
          // The tsx loader runs in this very process (--import), so SIGKILL hits the writer itself.
          killed = child.kill('SIGKILL');
          return;
        }
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(reported) : reject(new Error(`writer ended with ${signal}`))));
  });
}

describe('durability', () => {
  it.each([1, 7])('a row reported as saved survives SIGKILL right after (%i saves)', async (count) => {
    const dataDir = tempDir();
    const reported = await killAfterSaves(dataDir, count);
    expect(reported).toHaveLength(count);
    const db = openDatabase(databasePath(dataDir));
    const ids = db.prepare("SELECT id FROM services WHERE id LIKE 'durable-%'").pluck().all();
    db.close();
    for (const id of reported) expect(ids).toContain(id);
  });
});
