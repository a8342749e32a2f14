/**
 * A watched folder for scan-to-folder devices. Polling (not fs.watch, which
 * misses events on network shares): a file is taken once its size has stayed
 * the same for one interval, handed over, then moved to `da-nhap/` so it is
 * never imported twice and never lost.
 */
import fs from 'node:fs';
import path from 'node:path';

export const IMPORTED_DIR = 'da-nhap';
export const FAILED_DIR = 'loi';

export class WatchedFolder {
  private timer?: NodeJS.Timeout;
  private readonly sizes = new Map<string, number>();
  private busy = false;

  constructor(
    readonly dir: string,
    private readonly onFile: (bytes: Uint8Array, name: string) => Promise<void>,
    private readonly intervalMs = 1000,
    private readonly onError: (name: string, error: unknown) => void = () => undefined,
  ) {}

  start(): void {
    fs.mkdirSync(path.join(this.dir, IMPORTED_DIR), { recursive: true });
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass; public so tests can drive it without waiting. */
  async poll(): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    let taken = 0;
    try {
      const names = fs
        .readdirSync(this.dir, { withFileTypes: true })
        .filter((e) => e.isFile() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort();
      for (const name of names) {
        const file = path.join(this.dir, name);
        const size = fs.statSync(file).size;
        const before = this.sizes.get(name);
        this.sizes.set(name, size);
        if (size === 0 || before !== size) continue; // still being written
        this.sizes.delete(name);
        try {
          await this.onFile(new Uint8Array(fs.readFileSync(file)), name);
          fs.renameSync(file, path.join(this.dir, IMPORTED_DIR, name));
          taken += 1;
        } catch (error) {
          fs.mkdirSync(path.join(this.dir, FAILED_DIR), { recursive: true });
          fs.renameSync(file, path.join(this.dir, FAILED_DIR, name));
          this.onError(name, error);
        }
      }
    } finally {
      this.busy = false;
    }
    return taken;
  }
}
