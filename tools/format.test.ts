// Formatting is Prettier's (`npm run format` writes it, `.prettierrc.json` says how): one reformat commit made
// the tree conform, and this keeps it so. The second case shows the check can fail.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

describe('format', () => {
  it('every source file is formatted as Prettier writes it', () => {
    const run = spawnSync(path.join(root, 'node_modules/.bin/prettier'), ['--check', '--log-level', 'warn', '.'], {
      cwd: root,
      encoding: 'utf8',
    });
    // Prettier names each file that differs; the list is the useful failure message.
    expect(run.stderr + run.stdout).toBe('');
    expect(run.status).toBe(0);
  }, 120_000);

  it('a file written by hand the other way is caught', async () => {
    const options = await prettier.resolveConfig(path.join(root, 'electron/core/app.ts'));
    const badly = 'export const a = {b:1,\n  c : "d"}\n';
    expect(await prettier.check(badly, { ...options, filepath: path.join(root, 'electron/core/x.ts') })).toBe(false);
    expect(await prettier.check(await prettier.format(badly, { ...options, filepath: 'x.ts' }), { ...options, filepath: 'x.ts' })).toBe(
      true,
    );
  });
});
