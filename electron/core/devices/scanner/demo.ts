/**
 * The simulated scanner of demo mode: yields the bundled sample pages
 * (resources/digitize/samples), one by one with a short delay like a feeder,
 * so a newcomer can run the whole flow without hardware.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ScanProfile } from '../../../../shared/digitize-rules';
import { resourcePath } from '../../resources';
import type { ScanDevice, ScanDriver, ScanResult, ScannedPage } from './types';

export const DEMO_DEVICE_ID = 'demo';
export const DEMO_DPI = 200;

export class DemoDriver implements ScanDriver {
  readonly id = 'demo' as const;
  constructor(
    private readonly dir = resourcePath('digitize', 'samples'),
    private readonly delayMs = 150,
  ) {}

  async listDevices(): Promise<ScanDevice[]> {
    return [{ id: DEMO_DEVICE_ID, name: 'Máy quét mô phỏng (DEMO)', driver: 'demo' }];
  }

  async scan(
    _deviceId: string,
    profile: ScanProfile,
    onPage: (page: ScannedPage) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<ScanResult> {
    const files = fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith('.jpg'))
      .sort();
    const chosen = profile.source === 'flatbed' ? files.slice(0, 1) : files;
    let pages = 0;
    for (const file of chosen) {
      if (signal?.aborted) return { pages, cancelled: true };
      await sleep(this.delayMs);
      if (signal?.aborted) return { pages, cancelled: true };
      await onPage({ bytes: new Uint8Array(fs.readFileSync(path.join(this.dir, file))), format: 'jpeg', dpi: DEMO_DPI });
      pages += 1;
    }
    return { pages, cancelled: false };
  }
}
