import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../shared/contract';
import { openDatabase } from './database';
import { parseRow, parseRows, textColumn } from './rows';

const Row = z.object({ id: z.number().int(), name: z.string() });

describe('rows parsed once at the store', () => {
  it('passes rows that fit and undefined for no row', () => {
    const db = openDatabase(':memory:');
    db.exec("CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES (1, 'Hà Nội'), (2, 'Huế')");
    expect(parseRows('t', Row, db.prepare('SELECT * FROM t ORDER BY id').all())).toEqual([
      { id: 1, name: 'Hà Nội' },
      { id: 2, name: 'Huế' },
    ]);
    expect(parseRow('t', Row, db.prepare('SELECT * FROM t WHERE id = 9').get())).toBeUndefined();
    expect(parseRow('t', Row, db.prepare('SELECT * FROM t WHERE id = 2').get())).toEqual({ id: 2, name: 'Huế' });
    expect(parseRows('t', textColumn, db.prepare('SELECT name FROM t ORDER BY id').pluck().all())).toEqual(['Hà Nội', 'Huế']);
  });

  it('refuses a damaged row with a Vietnamese internal error naming the table', () => {
    const db = openDatabase(':memory:');
    db.exec("CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES ('x', NULL)");
    const read = () => parseRow('t', Row, db.prepare('SELECT * FROM t').get());
    expect(read).toThrow(AppError);
    expect(read).toThrow(/cơ sở dữ liệu/);
    try {
      read();
    } catch (error) {
      expect(error instanceof AppError && error.code).toBe('internal');
      expect(error instanceof AppError && error.message).toContain('bảng t');
      expect(error instanceof AppError && error.details?.[0]).toMatch(/^t\.id: /);
    }
  });

  it('names the damaged row of a list by its place', () => {
    const db = openDatabase(':memory:');
    db.exec("CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES (1, 'Huế'), ('x', 'Vinh')");
    const read = () => parseRows('t', Row, db.prepare('SELECT * FROM t ORDER BY rowid').all());
    expect(read).toThrow(/bảng t/);
    try {
      read();
    } catch (error) {
      expect(error instanceof AppError && error.details).toEqual([expect.stringMatching(/^t\.1\.id: /)]);
    }
  });
});
