import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { parseRows, textColumn } from './rows';
import { vnIsoMs } from '../../../shared/vn-time';

export type Db = Database.Database;

export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'motcua.sqlite');
}

export interface Migration {
  /** Unique and stable forever: "<module>/<nnn>-<what>". */
  id: string;
  up: (db: Db) => void;
}

/**
 * Opens the workbench database.
 *
 * WAL lets readers (search, statistics) run while the single writer commits.
 * A printed receipt or an issued ticket must survive a power cut, not only a
 * process crash. By default (the CLI, tools) synchronous=FULL: one fsync per
 * commit, on the calling thread. The core passes `groupCommit`: NORMAL, and
 * the WAL is fsynced off the event loop before any answer leaves
 * (`group-commit.ts`), which gives the same promise without stalling the hub.
 */
export function openDatabase(file: string, options: { groupCommit?: boolean } = {}): Db {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(options.groupCommit ? 'synchronous = NORMAL' : 'synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    throw unopenable(file, error);
  }
}

/**
 * Found on a read-only data directory: start-up died with SQLITE_CANTOPEN's English stack. The person
 * starting the hub gets what is wrong and what to do; the original text stays in `details`.
 */
export function unopenable(file: string, error: unknown): AppError {
  const detail = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
  return new AppError(
    'storage_error',
    `Không mở được cơ sở dữ liệu ${file}: thư mục dữ liệu chỉ đọc, không tồn tại được hoặc không có quyền ghi. ` +
      'Hãy chọn thư mục khác bằng --data hoặc cấp quyền ghi cho tài khoản chạy phần mềm.',
    [detail],
  );
}

/** Applies, in order, every migration not yet recorded; each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    seen.add(m.id);
  }
  const applied = new Set(parseRows('schema_migrations', textColumn, db.prepare('SELECT id FROM schema_migrations').pluck().all()));
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      m.up(db);
      record.run(m.id, vnIsoMs(new Date()));
    })();
    done.push(m.id);
  }
  return done;
}
