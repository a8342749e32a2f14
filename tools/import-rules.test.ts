import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImport, findViolations, importsOf } from './import-rules';

describe('layering rule', () => {
  it('holds for the whole tree', () => {
    expect(findViolations(path.resolve(import.meta.dirname, '..'))).toEqual([]);
  });

  it.each([
    ['electron/core/queue/x.ts', 'electron', true],
    ['electron/core/queue/x.ts', 'node:fs', false],
    ['electron/core/queue/x.ts', '../../../renderer/App', true],
    ['shared/domain/x.ts', 'fs', true],
    ['shared/domain/x.ts', 'node:crypto', true],
    ['shared/domain/x.ts', '../../electron/core/app', true],
    ['shared/domain/x.ts', 'zod', false],
    ['renderer/apps/x.tsx', 'node:path', true],
    ['renderer/apps/x.tsx', 'electron', true],
    ['renderer/apps/x.tsx', '../../electron/core/app', true],
    ['renderer/apps/x.tsx', '../../shared/contract', false],
    ['electron/main.ts', 'electron', false],
    ['electron/main.ts', '../renderer/App', true],
  ])('%s importing %s is a violation: %s', (file, specifier, violates) => {
    expect(checkImport(file, specifier) !== null).toBe(violates);
  });

  it('finds every kind of import and ignores comments', () => {
    const source = `
      import a from 'a';
      import type { B } from "b";
      export * from './c';
      import 'd';
      const e = await import('e');
      const f = require('f');
      // import g from 'g';
      /* import h from 'h'; */
    `;
    expect(importsOf(source)).toEqual(['a', 'b', './c', 'd', 'e', 'f']);
  });
});
