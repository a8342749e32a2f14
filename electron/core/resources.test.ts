import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';
import { resourceCandidates } from './resources';

const REPO_RESOURCES = path.resolve(import.meta.dirname, '../../resources');

afterEach(() => {
  Reflect.deleteProperty(process, 'resourcesPath');
});

describe('resources/ is found packaged and unpackaged (issue #16)', () => {
  test('from source and from dist-electron/ the repository folder is a candidate', () => {
    expect(resourceCandidates(import.meta.dirname)).toContain(REPO_RESOURCES);
    expect(resourceCandidates(path.resolve(REPO_RESOURCES, '../dist-electron'))).toContain(REPO_RESOURCES);
  });

  test('a packaged app looks in <process.resourcesPath>/resources before anything else but MOTCUA_RESOURCES', () => {
    const packaged = tempDir();
    fs.mkdirSync(path.join(packaged, 'resources'));
    Reflect.set(process, 'resourcesPath', packaged);
    const saved = process.env.MOTCUA_RESOURCES;
    delete process.env.MOTCUA_RESOURCES;
    try {
      expect(resourceCandidates('/opt/app/resources/app.asar/dist-electron')[0]).toBe(path.join(packaged, 'resources'));
    } finally {
      if (saved !== undefined) process.env.MOTCUA_RESOURCES = saved;
    }
  });
});
