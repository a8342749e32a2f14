import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that a crash or power cut leaves either the old file or the
 * complete new one, never a half-written file under the real name: write to a
 * temporary file, fsync it, then rename over the target.
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
}
