/**
 * NAPS2's console program on Windows (WIA and TWAIN; NAPS2 ships its own
 * 32-bit TWAIN worker). We build its command line, let it write one JPEG per
 * page into a temporary folder and hand the pages over in order. Untested on
 * Windows here (no Windows build machine): the command line is unit-tested.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../../../shared/contract';
import type { ScanProfile } from '../../../../shared/digitize-rules';
import type { ScanDevice, ScanDriver, ScanResult, ScannedPage } from './types';

export const NAPS2_DEFAULT_PATHS = ['C:\\Program Files\\NAPS2\\NAPS2.Console.exe', 'C:\\Program Files (x86)\\NAPS2\\NAPS2.Console.exe'];

const SOURCE = { flatbed: 'glass', feeder: 'feeder', duplex: 'duplex' } as const;
const BITDEPTH = { color: 'color', gray: 'gray', bw: 'bw' } as const;

/** `naps2:wia:<device name>` or `naps2:twain:<device name>`. */
export function parseNaps2Device(id: string): { driver: 'wia' | 'twain'; device: string } {
  const [driver, ...rest] = id.split(':');
  return { driver: driver === 'twain' ? 'twain' : 'wia', device: rest.join(':') };
}

export function naps2Args(deviceId: string, profile: ScanProfile, outDir: string): string[] {
  const { driver, device } = parseNaps2Device(deviceId);
  return [
    '--noprofile',
    '--driver',
    driver,
    ...(device ? ['--device', device] : []),
    '--source',
    SOURCE[profile.source],
    '--dpi',
    String(profile.resolution),
    '--bitdepth',
    BITDEPTH[profile.colorMode],
    '--pagesize',
    profile.pageSize.toLowerCase(),
    '--jpegquality',
    String(profile.jpegQuality),
    '--force',
    '-o',
    path.win32.join(outDir, 'page-$(nnnn).jpg'),
  ];
}

export class Naps2Driver implements ScanDriver {
  readonly id = 'naps2' as const;
  constructor(private readonly exe?: string) {}

  private find(): string {
    const found = [this.exe, ...NAPS2_DEFAULT_PATHS].find((p): p is string => Boolean(p) && fs.existsSync(p as string));
    if (!found) throw new AppError('unavailable', 'Chưa cài NAPS2 (NAPS2.Console.exe) trên máy này.');
    return found;
  }

  async listDevices(): Promise<ScanDevice[]> {
    const exe = this.find();
    const devices: ScanDevice[] = [];
    for (const driver of ['wia', 'twain'] as const) {
      try {
        const { stdout } = await promisify(execFile)(exe, ['--listdevices', '--driver', driver], { timeout: 30_000 });
        for (const name of stdout
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean))
          devices.push({ id: `${driver}:${name}`, name: `${name} (${driver.toUpperCase()})`, driver: 'naps2' });
      } catch {
        /* that driver has no device */
      }
    }
    return devices;
  }

  async scan(
    deviceId: string,
    profile: ScanProfile,
    onPage: (page: ScannedPage) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<ScanResult> {
    const exe = this.find();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-naps2-'));
    try {
      const child = spawn(exe, naps2Args(deviceId, profile, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const onAbort = () => child.kill();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      signal?.removeEventListener('abort', onAbort);
      const files = fs
        .readdirSync(dir)
        .filter((f) => /\.jpe?g$/i.test(f))
        .sort();
      for (const f of files)
        await onPage({ bytes: new Uint8Array(fs.readFileSync(path.join(dir, f))), format: 'jpeg', dpi: profile.resolution });
      if (signal?.aborted) return { pages: files.length, cancelled: true };
      if (code !== 0 || files.length === 0) {
        return {
          pages: files.length,
          cancelled: false,
          error: new AppError(
            'device_error',
            `NAPS2 không quét được${/jam/i.test(output) ? ' (kẹt giấy)' : ''}. Đã giữ lại ${files.length} trang.`,
            [output.trim().slice(-300)],
          ),
        };
      }
      return { pages: files.length, cancelled: false };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
