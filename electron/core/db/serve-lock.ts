import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { vnDateTimeText } from '../../../shared/vn-time';
import { unopenable } from './database';

/** Who holds a data directory: written by the running hub, read by a second one to say who is in the way. */
interface ServeLockOwner {
  pid: number;
  host: string;
  since: string;
  /**
   * Which life of the machine and of the process wrote the lock. Absent off Linux. A power cut leaves the
   * lock behind and the next boot may give its pid to any other program; a pid alone would then keep the
   * hub from ever starting again.
   */
  bootId?: string;
  startTicks?: string;
}

interface ProcessState {
  /** One letter from /proc/<pid>/stat: R, S, D, Z (zombie), X (dead)… */
  state: string;
  startTicks: string;
}

/** Linux only: the state and start time of a process, or null when there is no such process or no /proc. */
function procState(pid: number): ProcessState | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or ')': the fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const startTicks = fields[19];
    return state && startTicks ? { state, startTicks } : null;
  } catch {
    return null;
  }
}

function bootId(): string | undefined {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/**
 * Found in CI: a hub killed with SIGKILL stayed a zombie (the container's init never reaps), and a zombie
 * still answers kill(pid, 0), so the next hub refused to start, naming a dead process. A zombie or a
 * process started later than the lock's writer (its pid reused) does not hold the lock.
 */
export function holdsLock(owner: ServeLockOwner, here: { host: string; bootId: string | undefined }): boolean {
  if (owner.host !== here.host) return true;
  if (owner.bootId && here.bootId && owner.bootId !== here.bootId) return false;
  const proc = procState(owner.pid);
  if (proc) return proc.state !== 'Z' && proc.state !== 'X' && (!owner.startTicks || owner.startTicks === proc.startTicks);
  return signalable(owner.pid);
}

function readOwner(file: string): ServeLockOwner | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const pid: unknown = Reflect.get(parsed, 'pid');
    const host: unknown = Reflect.get(parsed, 'host');
    const since: unknown = Reflect.get(parsed, 'since');
    const boot: unknown = Reflect.get(parsed, 'bootId');
    const ticks: unknown = Reflect.get(parsed, 'startTicks');
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof since !== 'string') return null;
    return {
      pid,
      host,
      since,
      ...(typeof boot === 'string' ? { bootId: boot } : {}),
      ...(typeof ticks === 'string' ? { startTicks: ticks } : {}),
    };
  } catch {
    return null;
  }
}

function sinceText(since: string): string {
  try {
    return vnDateTimeText(since);
  } catch {
    return since;
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
  const here = { host: os.hostname(), bootId: bootId() };
  const startTicks = procState(process.pid)?.startTicks;
  const me: ServeLockOwner = {
    pid: process.pid,
    host: here.host,
    since: now().toISOString(),
    ...(here.bootId ? { bootId: here.bootId } : {}),
    ...(startTicks ? { startTicks } : {}),
  };
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
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw unopenable(file, error);
    }
    const owner = readOwner(file);
    if (owner && holdsLock(owner, here)) {
      throw new AppError(
        'conflict',
        `Thư mục dữ liệu ${dataDir} đang được một máy chủ khác dùng (tiến trình ${owner.pid} trên máy ${owner.host}, từ ${sinceText(owner.since)}). ` +
          'Mỗi thư mục dữ liệu chỉ chạy một máy chủ: hãy dừng máy chủ kia hoặc chọn thư mục khác bằng --data.',
      );
    }
    // A hub that died on this host left its lock: take it over.
    fs.rmSync(file, { force: true });
  }
  throw new AppError('conflict', `Không giữ được khoá thư mục dữ liệu ${dataDir}: hãy thử khởi động lại.`);
}
