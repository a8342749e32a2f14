import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir';
import { FileStore } from './file-store';

describe('content-addressed file store', () => {
  it('stores bytes under their SHA-256 and once only', () => {
    const store = new FileStore(tempDir());
    const bytes = Buffer.from('Giấy khai sinh — bản sao');
    const first = store.put(bytes);
    const second = store.put(bytes);
    expect(first.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(second).toEqual(first);
    expect(store.get(first.sha256).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.join(store.root, 'tmp'))).toEqual([]);
  });

  it('refuses paths that are not hashes, so a name can never escape the store', () => {
    const store = new FileStore(tempDir());
    expect(() => store.pathOf('../../etc/passwd')).toThrow();
    expect(() => store.get('abc')).toThrow();
  });

  it('removes files for retention purges', () => {
    const store = new FileStore(tempDir());
    const { sha256 } = store.put(Buffer.from('x'));
    expect(store.remove(sha256)).toBe(true);
    expect(store.has(sha256)).toBe(false);
    expect(store.remove(sha256)).toBe(false);
  });
});
