/**
 * What the store promises for a power cut: a file reported stored has its bytes
 * fsynced AND its name (the rename into place) fsynced in the directory. Repro
 * (issue 14): put, putAsync and putStream fsynced the file and renamed it, but
 * never fsynced the directory, so a power cut after "done" could lose the
 * rename and with it the signed copy. The fs calls are observed on the real
 * file system; the order rename → open(directory) → fsync is what counts.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir';
import { FileStore, StagedFile } from './file-store';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Records renames and fsyncs, with the path each synced descriptor was opened on. */
async function observeFs(): Promise<string[]> {
  const events: string[] = [];
  const byFd = new Map<number, string>();
  const realOpenSync = fs.openSync.bind(fs);
  const realFsyncSync = fs.fsyncSync.bind(fs);
  const realRenameSync = fs.renameSync.bind(fs);
  const realOpen = fs.promises.open.bind(fs.promises);
  const realRename = fs.promises.rename.bind(fs.promises);
  vi.spyOn(fs, 'openSync').mockImplementation((file, flags, mode) => {
    const fd = realOpenSync(file, flags, mode);
    byFd.set(fd, String(file));
    return fd;
  });
  vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
    events.push(`fsync ${byFd.get(fd) ?? fd}`);
    realFsyncSync(fd);
  });
  vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    events.push(`rename ${String(to)}`);
    realRenameSync(from, to);
  });
  vi.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
    events.push(`rename ${String(to)}`);
    await realRename(from, to);
  });
  vi.spyOn(fs.promises, 'open').mockImplementation(async (file, flags, mode) => {
    const handle = await realOpen(file, flags, mode);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      events.push(`fsync ${String(file)}`);
      await sync();
    };
    return handle;
  });
  return events;
}

/** The directory fsyncs that follow the rename of `target` into place. */
function directorySyncsAfterRename(events: string[], target: string): string[] {
  const renamed = events.indexOf(`rename ${target}`);
  expect(renamed).toBeGreaterThanOrEqual(0);
  return events.slice(renamed + 1).filter((e) => e === `fsync ${path.dirname(target)}`);
}

describe('a stored file survives a power cut once reported stored', () => {
  it('put: the shard directory is fsynced after the rename', async () => {
    const store = new FileStore(tempDir());
    const events = await observeFs();
    const { sha256 } = store.put(Buffer.from('Bản sao chứng thực'));
    expect(directorySyncsAfterRename(events, store.pathOf(sha256))).toHaveLength(1);
  });

  it('putAsync: the shard directory is fsynced after the rename', async () => {
    const store = new FileStore(tempDir());
    const events = await observeFs();
    const { sha256 } = await store.putAsync(Buffer.from('Bản số hóa'));
    expect(directorySyncsAfterRename(events, store.pathOf(sha256))).toHaveLength(1);
  });

  it('putStream: the shard directory is fsynced after the rename', async () => {
    const store = new FileStore(tempDir());
    const bytes = Buffer.from('Tệp gửi lên theo luồng');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const events = await observeFs();
    await store.putStream(Readable.from([bytes]), sha, 1 << 20);
    expect(directorySyncsAfterRename(events, store.pathOf(sha))).toHaveLength(1);
  });

  it('a new shard directory is itself fsynced in the store root before the file is named in it', async () => {
    const store = new FileStore(tempDir());
    const events = await observeFs();
    const { sha256 } = await store.putAsync(Buffer.from('Tệp đầu tiên của thư mục'));
    const target = store.pathOf(sha256);
    expect(events.indexOf(`fsync ${store.root}`)).toBeGreaterThanOrEqual(0);
    expect(events.indexOf(`fsync ${store.root}`)).toBeLessThan(events.indexOf(`rename ${target}`));
  });
});

describe('staged files (written by the digitize worker, adopted by the main thread)', () => {
  it('writes parts without joining them, fsyncs once, and is adopted under its hash with one directory fsync', async () => {
    const store = new FileStore(tempDir());
    const parts = [Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 7), Buffer.from('%%EOF\n')];
    const sha = createHash('sha256').update(Buffer.concat(parts)).digest('hex');
    const events = await observeFs();
    const staged = await StagedFile.open(store.stagingDir);
    await staged.append(parts.slice(0, 2));
    await staged.append(parts.slice(2));
    await staged.sync();
    expect(events.filter((e) => e === `fsync ${staged.path}`)).toHaveLength(1);
    await store.adopt(staged.path, sha, staged.size);
    expect(directorySyncsAfterRename(events, store.pathOf(sha))).toHaveLength(1);
    expect(store.get(sha).equals(Buffer.concat(parts))).toBe(true);
    expect(fs.readdirSync(store.stagingDir)).toEqual([]);
  });

  it('writes more parts than one gathered write may carry (IOV_MAX is 1024; a 200-page scan has ~2,600 parts)', async () => {
    const store = new FileStore(tempDir());
    const parts = Array.from({ length: 5000 }, (_, i) => Buffer.from(`phần ${i} `.repeat(1 + (i % 7))));
    const staged = await StagedFile.open(store.stagingDir);
    await staged.append(parts);
    await staged.sync();
    expect(fs.readFileSync(staged.path).equals(Buffer.concat(parts))).toBe(true);
    await staged.discard();
  });

  it('the same content adopted twice is stored once and leaves no staged copy', async () => {
    const store = new FileStore(tempDir());
    const sha = createHash('sha256').update('hai lần').digest('hex');
    for (let i = 0; i < 2; i++) {
      const staged = await StagedFile.open(store.stagingDir);
      await staged.append([Buffer.from('hai lần')]);
      await staged.sync();
      await store.adopt(staged.path, sha, staged.size);
    }
    expect(fs.readdirSync(path.dirname(store.pathOf(sha)))).toEqual([sha]);
    expect(fs.readdirSync(store.stagingDir)).toEqual([]);
  });

  it('refuses to adopt a file outside the staging directory', async () => {
    const store = new FileStore(tempDir());
    const outside = path.join(store.root, '..', 'elsewhere.pdf');
    fs.writeFileSync(outside, 'x');
    await expect(store.adopt(outside, createHash('sha256').update('x').digest('hex'), 1)).rejects.toThrow(/not a staged file/);
    expect(fs.existsSync(outside)).toBe(true);
  });

  it('discard leaves nothing behind', async () => {
    const store = new FileStore(tempDir());
    const staged = await StagedFile.open(store.stagingDir);
    await staged.append([Buffer.from('nửa chừng')]);
    await staged.discard();
    expect(fs.readdirSync(store.stagingDir)).toEqual([]);
  });

  it('a staged file abandoned by a killed process is removed at the next start; a recent one is left to its writer', async () => {
    const root = tempDir();
    const store = new FileStore(root);
    const abandoned = await StagedFile.open(store.stagingDir);
    await abandoned.append([Buffer.from('bỏ dở')]);
    await abandoned.sync();
    const hourAndMore = new Date(Date.now() - 61 * 60 * 1000);
    fs.utimesSync(abandoned.path, hourAndMore, hourAndMore);
    const recent = await StagedFile.open(store.stagingDir);
    await recent.append([Buffer.from('đang ghi')]);
    new FileStore(root);
    expect(fs.existsSync(abandoned.path)).toBe(false);
    expect(fs.existsSync(recent.path)).toBe(true);
    await recent.discard();
  });
});
