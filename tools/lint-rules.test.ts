// The lint rules the layering relies on, each shown to fire: a rule that silently stops
// matching (a renamed folder, a plugin upgrade) fails here instead of letting imports through.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function rulesBroken(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint: layers and folders', () => {
  it.each([
    // [file, import, breaks a rule]
    ['electron/core/queue/x.ts', 'electron', true],
    ['electron/core/queue/x.ts', 'node:fs', false],
    ['electron/core/queue/x.ts', 'better-sqlite3', false],
    ['electron/core/queue/x.ts', '../../../renderer/bridge/index', true],
    ['electron/core/queue/x.ts', '../db/database', false],
    ['electron/core/queue/x.ts', '../hall/hall-service', false],
    ['electron/core/db/x.ts', '../queue/queue-service', true],
    ['electron/core/dossier/x.ts', '../app', true],
    ['electron/core/dossier/x.ts', '../config', false],
    ['electron/core/dossier/x.ts', '../../../tests/support/temp-dir', true],
    ['electron/core/hub/x.ts', '../app', false],
    ['shared/domain/x.ts', 'fs', true],
    ['shared/domain/x.ts', 'node:crypto', true],
    ['shared/domain/x.ts', 'better-sqlite3', true],
    ['shared/domain/x.ts', '../../electron/core/app', true],
    ['shared/domain/x.ts', 'zod', false],
    ['shared/domain/x.ts', '../contract/index', false],
    ['renderer/apps/x.tsx', 'node:path', true],
    ['renderer/apps/x.tsx', 'path', true],
    ['renderer/apps/x.tsx', 'electron', true],
    ['renderer/apps/x.tsx', '../../electron/core/app', true],
    ['renderer/apps/x.tsx', '../../shared/contract/index', false],
    ['electron/main.ts', 'electron', false],
    ['electron/main.ts', '../renderer/main', true],
    // Issue 12: device drivers have one home, electron/core/devices/<kind>/.
    ['electron/core/signing/x.ts', 'graphene-pk11', true],
    ['electron/core/queue/x.ts', 'serialport', true],
    ['electron/core/devices/token/x.ts', 'graphene-pk11', false],
    ['electron/core/devices/printer/x.ts', 'serialport', false],
    ['electron/core/signing/x.ts', '../devices/token/pkcs11-token', false],
    ['electron/core/devices/token/x.ts', '../../signing/cms', true],
  ])('%s importing %s breaks a rule: %s', async (file, specifier, breaks) => {
    const broken = await rulesBroken(file, `import * as m from '${specifier}';\nexport const used = m;\n`);
    expect(broken.length > 0, broken.join(', ')).toBe(breaks);
  });

  it('refuses `any`', async () => {
    const looseType = ['a', 'n', 'y'].join(''); // spelled out so the tree's own checks do not count this sample
    expect(await rulesBroken('electron/core/queue/x.ts', `export const f = (v: ${looseType}): unknown => v;\n`)).toContain(
      '@typescript-eslint/no-explicit-any',
    );
  });

  it('refuses query rows cast with `as` instead of parsed', async () => {
    const code =
      "import type { Db } from '../db/database';\nexport const f = (db: Db): { n: number } => db.prepare('SELECT 1 AS n').get() as { n: number };\n";
    expect(await rulesBroken('electron/core/hall/x.ts', code)).toContain('no-restricted-syntax');
  });

  it('the tree as it stands passes', async () => {
    const results = await eslint.lintFiles(['electron', 'shared', 'renderer', 'tools', 'tests', 'bench']);
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`),
    );
    expect(problems).toEqual([]);
  }, 120_000);
});
