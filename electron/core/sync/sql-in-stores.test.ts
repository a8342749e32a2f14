import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 12 ("SQL lives inside every service"): the sync module prepared statements in the engine, the
// upload pipeline, the metrics, the status puller, the procedure map, the CLI, the file listener and
// the service. Its SQL now lives in `*-store.ts` files (and the migrations); any other file of the
// folder that prepares or executes a statement fails here.

const dir = path.dirname(new URL(import.meta.url).pathname);
/** Schema changes stay with the migrations, where they were written. */
const MIGRATIONS = new Set(['migrations.ts']);

/** The code without comments, so a sentence about `.prepare(` does not count. */
const code = (file: string) =>
  fs
    .readFileSync(path.join(dir, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');

/** `.prepare(` anywhere; `.exec(` unless it is a regular expression literal's (`/…/.exec(`). */
const SQL_CALL = /\.prepare\(|(?<!\/)\.exec\(/;

function filesWithSql(files: { name: string; text: string }[]): string[] {
  return files.filter((f) => !f.name.endsWith('-store.ts') && !MIGRATIONS.has(f.name) && SQL_CALL.test(f.text)).map((f) => f.name);
}

describe('sync SQL lives in its stores', () => {
  it('tells a statement outside a store, and lets a regular expression and a store be', () => {
    const found = filesWithSql([
      { name: 'engine.ts', text: "db.prepare('SELECT 1')" },
      { name: 'metrics.ts', text: "this.db\n  .exec('DELETE FROM sync_backlog')" },
      { name: 'file-server.ts', text: 'const m = /^\\/files$/.exec(url.pathname);' },
      { name: 'sync-store.ts', text: "db.prepare('SELECT 1')" },
      { name: 'migrations.ts', text: "db.exec('CREATE TABLE sync_x (a)')" },
    ]);
    expect(found).toEqual(['engine.ts', 'metrics.ts']);
  });

  it('no non-test file of electron/core/sync outside a store prepares or executes SQL', () => {
    const files = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => ({ name, text: code(name) }));
    expect(files.length).toBeGreaterThan(10);
    expect(filesWithSql(files)).toEqual([]);
  });
});
