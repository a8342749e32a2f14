/**
 * SANE through `scanimage` (Linux). Pages are written by `--batch` and reported
 * by `--batch-print` the moment each is complete, so progress is page by page;
 * cancelling sends SIGINT (scanimage cancels the scan cleanly) and keeps the
 * pages already done.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../../../shared/contract';
import type { ScanProfile } from '../../../../shared/digitize-rules';
import { parseAllOptions, parseDeviceList, profileArgs, saneError, type SaneOption } from './sane-parse';
import type { ScanDevice, ScanDriver, ScanResult, ScannedPage } from './types';

const run = promisify(execFile);

export interface SaneOptions {
  scanimage?: string;
  /** SANE_CONFIG_DIR for the child (tests point it at a test-backend-only config). */
  configDir?: string;
  /** Extra scanimage arguments (tests: `--test-picture`, `--read-return-value`). */
  extraArgs?: string[];
  /**
   * How long scanimage may take to exit once its batch is over or it was
   * cancelled. A backend can hang in its close (the SANE test backend did, 1 run
   * in 60 on a busy machine); the pages are already on disk by then.
   */
  closeGraceMs?: number;
}

/** scanimage's last line of a batch: after it only the backend's close is left. */
const BATCH_END = /^Batch terminated/m;

export class SaneDriver implements ScanDriver {
  readonly id = 'sane' as const;
  constructor(private readonly options: SaneOptions = {}) {}

  private env(): NodeJS.ProcessEnv {
    return this.options.configDir ? { ...process.env, SANE_CONFIG_DIR: this.options.configDir } : process.env;
  }

  private get bin(): string {
    return this.options.scanimage ?? 'scanimage';
  }

  async listDevices(): Promise<ScanDevice[]> {
    try {
      const { stdout } = await run(this.bin, ['-f', '%d|%v %m%n'], { env: this.env(), timeout: 30_000 });
      return parseDeviceList(stdout).map((d) => ({ ...d, driver: 'sane' as const }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('unavailable', 'Chưa cài SANE (scanimage) trên máy này.');
      throw new AppError('device_error', 'Không liệt kê được máy quét qua SANE.');
    }
  }

  async deviceOptions(deviceId: string): Promise<SaneOption[]> {
    try {
      const { stdout } = await run(this.bin, ['-d', deviceId, '--all-options'], { env: this.env(), timeout: 30_000 });
      return parseAllOptions(stdout);
    } catch {
      throw new AppError('device_error', `Không đọc được tùy chọn của máy quét ${deviceId}.`);
    }
  }

  async scan(
    deviceId: string,
    profile: ScanProfile,
    onPage: (page: ScannedPage) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<ScanResult> {
    const options = await this.deviceOptions(deviceId);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-scan-'));
    const args = [
      '-d',
      deviceId,
      ...profileArgs(profile, options),
      ...(this.options.extraArgs ?? []),
      '--format=jpeg',
      `--batch=${path.join(dir, 'p%04d.jpg')}`,
      '--batch-print',
    ];
    if (profile.source === 'flatbed') args.push('--batch-count=1');
    const resolution = Number(args[args.indexOf('--resolution') + 1]) || profile.resolution;
    const child = spawn(this.bin, args, { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let pages = 0;
    let cancelled = false;
    let chain = Promise.resolve();
    let buffer = '';
    let stopTimer: NodeJS.Timeout | undefined;
    let stoppedAfterBatchEnd = false;
    const stopIfStillRunning = () => {
      stopTimer ??= setTimeout(() => {
        stoppedAfterBatchEnd = !cancelled;
        child.kill('SIGKILL');
      }, this.options.closeGraceMs ?? 5_000);
    };
    const onAbort = () => {
      cancelled = true;
      child.kill('SIGINT');
      stopIfStillRunning();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort(); // cancelled while the options were being read
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (BATCH_END.test(stderr)) stopIfStillRunning();
    });
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const file of lines.map((l) => l.trim()).filter(Boolean)) {
        chain = chain.then(async () => {
          if (cancelled) return;
          const bytes = new Uint8Array(fs.readFileSync(file));
          fs.rmSync(file, { force: true });
          pages += 1;
          await onPage({ bytes, format: 'jpeg', dpi: resolution });
        });
      }
    });
    try {
      const code = await new Promise<number | null>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') throw new AppError('unavailable', 'Chưa cài SANE (scanimage) trên máy này.');
        throw error;
      });
      await chain;
      if (cancelled) return { pages, cancelled: true };
      // Killed after its batch was over: how the batch ended is in stderr, not in the exit.
      const error = saneError(stderr, pages, stoppedAfterBatchEnd ? 0 : code);
      return { pages, cancelled: false, ...(error ? { error } : {}) };
    } finally {
      clearTimeout(stopTimer);
      signal?.removeEventListener('abort', onAbort);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
