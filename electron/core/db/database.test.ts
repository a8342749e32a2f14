import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir';
import { migrate, openDatabase, type Migration } from './database';

describe('database', () => {
  it('opens in WAL mode with full synchronous writes', () => {
    const db = openDatabase(`${tempDir()}/t.sqlite`);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('applies migrations once, in order, and rolls back a failing one', () => {
    const db = openDatabase(`${tempDir()}/t.sqlite`);
    const order: string[] = [];
    const migrations: Migration[] = [
      {
        id: 'a/001',
        up: (d) => {
          order.push('a');
          d.exec('CREATE TABLE a (x)');
        },
      },
      {
        id: 'b/001',
        up: (d) => {
          order.push('b');
          d.exec('CREATE TABLE b (x)');
        },
      },
    ];
    expect(migrate(db, migrations)).toEqual(['a/001', 'b/001']);
    expect(migrate(db, migrations)).toEqual([]);
    expect(order).toEqual(['a', 'b']);

    const failing: Migration = {
      id: 'c/001',
      up: (d) => {
        d.exec('CREATE TABLE c (x)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...migrations, failing])).toThrow('boom');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
    expect(() => migrate(db, [migrations[0]!, migrations[0]!])).toThrow('duplicate');
    db.close();
  });
});
