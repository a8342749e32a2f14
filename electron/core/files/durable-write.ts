import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that a crash or power cut leaves either the old file or the
 * complete new one, never a half-written file under the real name: write to a
 * temporary file, fsync it, rename over the target, then fsync the target's
 * directory (until then the rename itself may be lost in a power cut).
 */
export function writeAtomically(file: string, bytes: Uint8Array, tmpDir = path.dirname(file)): void {
  const tmp = path.join(tmpDir, `${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDirectorySync(path.dirname(file));
}

/** The same guarantee without blocking the event loop, for big files written while the UI runs. */
export async function writeAtomicallyAsync(file: string, bytes: Uint8Array, tmpDir = path.dirname(file)): Promise<void> {
  const tmp = path.join(tmpDir, `${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.promises.open(tmp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(tmp, file);
  await fsyncDirectory(path.dirname(file));
}

/**
 * Windows cannot open a directory as a file (EISDIR), and NTFS journals a rename with the
 * metadata it changes; there the rename itself is what can be done.
 */
const DIRECTORY_FSYNC = process.platform !== 'win32';

/** A file system that cannot fsync a directory says EINVAL: nothing more can be done there. */
function unsupported(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EINVAL';
}

/** Makes the directory's entries (a rename or a new file in it) durable. */
export function fsyncDirectorySync(dir: string): void {
  if (!DIRECTORY_FSYNC) return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (!unsupported(error)) throw error;
  } finally {
    fs.closeSync(fd);
  }
}

export async function fsyncDirectory(dir: string): Promise<void> {
  if (!DIRECTORY_FSYNC) return;
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if (!unsupported(error)) throw error;
  } finally {
    await handle.close();
  }
}

/** Creates a directory (and its parents) durably: each new entry is fsynced in its parent. */
export async function makeDirectoryDurably(dir: string): Promise<void> {
  const first = await fs.promises.mkdir(dir, { recursive: true });
  if (first === undefined) return;
  // `first` is the topmost directory created; every directory from its parent down gained an entry.
  for (let at = dir; at !== path.dirname(at); at = path.dirname(at)) {
    await fsyncDirectory(path.dirname(at));
    if (at === first) break;
  }
}

export function makeDirectoryDurablySync(dir: string): void {
  const first = fs.mkdirSync(dir, { recursive: true });
  if (first === undefined) return;
  for (let at = dir; at !== path.dirname(at); at = path.dirname(at)) {
    fsyncDirectorySync(path.dirname(at));
    if (at === first) break;
  }
}
