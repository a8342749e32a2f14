import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { parseRows, textColumn } from './rows';

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
 * synchronous=FULL because a printed receipt or an issued ticket must survive a
 * power cut, not only a process crash: with NORMAL, WAL commits since the last
 * checkpoint can be lost on power loss. The cost is one fsync per commit,
 * which is small next to a human pressing a button.
 */
export function openDatabase(file: string): Db {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
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
function unopenable(file: string, error: unknown): AppError {
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
  const applied = new Set(
    parseRows('schema_migrations', textColumn, db.prepare('SELECT id FROM schema_migrations').pluck().all()),
  );
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      m.up(db);
      record.run(m.id, new Date().toISOString());
    })();
    done.push(m.id);
  }
  return done;
}

/** Who holds a data directory: written by the running hub, read by a second one to say who is in the way. */
interface ServeLockOwner {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): ServeLockOwner | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { pid, host, since } = parsed as Record<string, unknown>;
    return typeof pid === 'number' && typeof host === 'string' && typeof since === 'string' ? { pid, host, since } : null;
  } catch {
    return null;
  }
}

/**
 * Found by the attack run: two `serve` processes on one data directory both started; 20 % of tickets then
 * failed with "database is locked" and each kept its own settings cache. One hub per data directory: the
 * lock file is created exclusively; a second hub refuses and names the first (pid, host, since when). A
 * lock left by a hub that died on this host is taken over. The CLI does not take it: its writes are short
 * transactions in WAL mode, safe beside a running hub, which learns of them (data_version).
 */
export function acquireServeLock(dataDir: string, now: () => Date = () => new Date()): { release: () => void } {
  const file = path.join(dataDir, 'serve.lock');
  const me: ServeLockOwner = { pid: process.pid, host: os.hostname(), since: now().toISOString() };
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw unopenable(file, error);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      return {
        release: () => {
          if (readOwner(file)?.pid === me.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unopenable(file, error);
    }
    const owner = readOwner(file);
    if (owner && (owner.host !== me.host || isAlive(owner.pid))) {
      const since = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(owner.since));
      throw new AppError(
        'conflict',
        `Thư mục dữ liệu ${dataDir} đang được một máy chủ khác dùng (tiến trình ${owner.pid} trên máy ${owner.host}, từ ${since}). ` +
          'Mỗi thư mục dữ liệu chỉ chạy một máy chủ: hãy dừng máy chủ kia hoặc chọn thư mục khác bằng --data.',
      );
    }
    // A hub that died on this host left its lock: take it over.
    fs.rmSync(file, { force: true });
  }
  throw new AppError('conflict', `Không giữ được khoá thư mục dữ liệu ${dataDir}: hãy thử khởi động lại.`);
}
