import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testCore } from '../../../tests/support/core';
import { tempDir } from '../../../tests/support/temp-dir';
import { openDatabase } from './database';
import { GroupCommit } from './group-commit';

afterEach(() => vi.restoreAllMocks());

function database() {
  const db = openDatabase(`${tempDir()}/g.sqlite`, { groupCommit: true });
  db.exec('CREATE TABLE t (x)');
  return db;
}

/** An fsync that the test releases by hand, recording how many changes existed when each began. */
function heldFsync(db: ReturnType<typeof database>) {
  const started: number[] = [];
  const releases: Array<() => void> = [];
  const changes = () => Number(db.prepare('SELECT total_changes()').pluck().get());
  const fsync = (file: string) => {
    expect(file).toBe(`${db.name}-wal`);
    started.push(changes());
    return new Promise<void>((resolve) => releases.push(resolve));
  };
  return { started, fsync, releaseAll: () => releases.splice(0).forEach((r) => r()) };
}

describe('group commit', () => {
  it('the core connection runs synchronous=NORMAL; the CLI’s stays FULL', () => {
    const core = openDatabase(`${tempDir()}/a.sqlite`, { groupCommit: true });
    const cli = openDatabase(`${tempDir()}/b.sqlite`);
    expect(core.pragma('synchronous', { simple: true })).toBe(1);
    expect(cli.pragma('synchronous', { simple: true })).toBe(2);
    core.close();
    cli.close();
  });

  it('nothing committed since the last fsync: settle answers at once, without touching the disk', async () => {
    const db = database();
    const fsync = vi.fn(() => Promise.resolve());
    const group = new GroupCommit(db, fsync);
    db.prepare('INSERT INTO t VALUES (1)').run();
    await group.settle();
    await group.settle();
    db.prepare('SELECT * FROM t').all();
    await group.settle();
    expect(fsync).toHaveBeenCalledTimes(1);
  });

  it('20 parallel commits share fsyncs, and none is answered before an fsync that began after it', async () => {
    const db = database();
    const held = heldFsync(db);
    const group = new GroupCommit(db, held.fsync);
    const settled: number[] = [];
    const calls = Array.from({ length: 20 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i % 4));
      db.prepare('INSERT INTO t VALUES (?)').run(i);
      const mine = Number(db.prepare('SELECT total_changes()').pluck().get());
      await group.settle();
      settled.push(mine);
      // The fsync that let this call go began when its change was already written.
      expect(held.started.some((atStart) => atStart >= mine)).toBe(true);
    });
    const releaser = setInterval(held.releaseAll, 3);
    await Promise.all(calls);
    clearInterval(releaser);
    expect(settled).toHaveLength(20);
    expect(held.started.length).toBeGreaterThan(0);
    expect(held.started.length).toBeLessThan(20);
  });

  it('a failed fsync fails the calls waiting on it, and the next call tries again', async () => {
    const db = database();
    let fail = true;
    const group = new GroupCommit(db, () => (fail ? Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })) : Promise.resolve()));
    db.prepare('INSERT INTO t VALUES (1)').run();
    await expect(group.settle()).rejects.toThrow('EIO');
    fail = false;
    await expect(group.settle()).resolves.toBeUndefined();
  });

  it('close flushes what is still unflushed, synchronously', () => {
    const db = database();
    const group = new GroupCommit(db, () => Promise.resolve());
    const sync = vi.spyOn(fs, 'fsyncSync');
    group.settleNow();
    expect(sync).not.toHaveBeenCalled();
    db.prepare('INSERT INTO t VALUES (1)').run();
    group.settleNow();
    expect(sync).toHaveBeenCalledTimes(1);
    db.close();
  });
});

describe('group commit in the core', () => {
  /** Wraps the WAL's fsync so the test sees when it ends. */
  function watchWalSyncs(): { done: string[] } {
    const done: string[] = [];
    const open = fs.promises.open.bind(fs.promises);
    vi.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof fs.promises.open>) => {
      const handle = await open(...args);
      if (String(args[0]).endsWith('-wal')) {
        const sync = handle.sync.bind(handle);
        handle.sync = async () => {
          await sync();
          done.push('wal fsync');
        };
      }
      return handle;
    });
    return { done };
  }

  it('a ticket is printed, and its answer sent, only after the WAL holding it is on disk', async () => {
    const core = testCore();
    const log = watchWalSyncs().done;
    core.bus.subscribe((event) => {
      if (event === 'queue.printed') log.push('printed');
    });
    const kiosk = core.devices.pairDirect('kiosk', 'kiosk', 'system');
    const services = core.hall.config().services;
    const answer = await core.router.call(
      'queue.issueTicket',
      { serviceId: services[0]!.id },
      { caller: { role: 'kiosk', deviceId: kiosk.me.id } },
    );
    log.push('answered');
    expect(answer.ok).toBe(true);
    expect(log.indexOf('wal fsync')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('wal fsync')).toBeLessThan(log.indexOf('printed'));
    expect(log.indexOf('printed')).toBeLessThan(log.indexOf('answered'));
    await core.close();
  });

  it('an officer’s change is answered only after its fsync', async () => {
    const core = testCore();
    const log = watchWalSyncs().done;
    const answer = await core.router.call(
      'hall.saveCounter',
      { id: 'quay-9', number: 9, name: 'Quầy 9', serviceIds: [] },
      { caller: { role: 'admin', userId: 'u', name: 'Quản trị' } },
    );
    log.push('answered');
    expect(answer).toMatchObject({ ok: true });
    expect(log).toEqual(['wal fsync', 'answered']);
    await core.close();
  });
});
