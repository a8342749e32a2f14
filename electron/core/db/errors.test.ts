import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from './errors';

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('the statement did not fail');
}

describe('SQLite failures by code', () => {
  const db = new Database(':memory:');
  db.exec(`
    CREATE TABLE t (n INTEGER UNIQUE, label TEXT NOT NULL);
    CREATE TRIGGER t_guard BEFORE INSERT ON t WHEN NEW.label = 'guarded' BEGIN SELECT RAISE(ABORT, 'UNIQUE label is reserved'); END;
    INSERT INTO t VALUES (1, 'one');
  `);

  it('a UNIQUE constraint is one', () => {
    expect(isUniqueViolation(failure(() => db.prepare('INSERT INTO t VALUES (1, ?)').run('again')))).toBe(true);
  });

  // The queue used to match "UNIQUE" in the message: a trigger's or another constraint's words fooled it.
  it('a failure whose message merely says UNIQUE is not', () => {
    const guarded = failure(() => db.prepare('INSERT INTO t VALUES (2, ?)').run('guarded'));
    expect(String(guarded)).toContain('UNIQUE');
    expect(isUniqueViolation(guarded)).toBe(false);
    expect(isUniqueViolation(failure(() => db.prepare('INSERT INTO t VALUES (3, NULL)').run()))).toBe(false);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed: t.n'))).toBe(false);
  });
});
