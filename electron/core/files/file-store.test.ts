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

describe('files contract', () => {
  it('round-trips bytes through files.put and files.get, and says when a file is missing', async () => {
    const { testCore } = await import('../../../tests/support/core');
    const core = testCore();
    const ctx = { caller: { role: 'officer' as const } };
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    const put = await core.router.call('files.put', { base64: bytes.toString('base64') }, ctx);
    expect(put.ok).toBe(true);
    const sha256 = put.ok ? (put.result as { sha256: string }).sha256 : '';
    const got = await core.router.call('files.get', { sha256 }, ctx);
    expect(got.ok && Buffer.from((got.result as { base64: string }).base64, 'base64').equals(bytes)).toBe(true);
    const missing = await core.router.call('files.get', { sha256: 'f'.repeat(64) }, ctx);
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const kiosk = await core.router.call('files.get', { sha256 }, { caller: { role: 'kiosk' } });
    expect(kiosk).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await core.close();
  });
});

describe('file sizes', () => {
  it('reports a stored file’s size without reading it, and fails for a missing one', () => {
    const store = new FileStore(tempDir());
    const { sha256 } = store.put(Buffer.alloc(1234, 7));
    expect(store.size(sha256)).toBe(1234);
    expect(() => store.size('0'.repeat(64))).toThrow();
  });
});
