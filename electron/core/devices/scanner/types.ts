import type { AppError } from '../../../../shared/contract';
import type { ScanProfile } from '../../../../shared/digitize-rules';

export interface ScanDevice {
  /** Driver-specific id: `test:0` for SANE, a URL for eSCL, a name for NAPS2. */
  id: string;
  name: string;
  driver: DriverId;
}

export type DriverId = 'sane' | 'naps2' | 'escl' | 'demo';

export interface ScannedPage {
  bytes: Uint8Array;
  format: 'jpeg' | 'png';
  dpi: number;
}

export interface ScanResult {
  pages: number;
  cancelled: boolean;
  /** A jam, an empty feeder at the first page, a lost device: the pages before it are kept. */
  error?: AppError;
}

/** One way to get pages from a scanner. Pages arrive one by one through `onPage`. */
export interface ScanDriver {
  readonly id: DriverId;
  listDevices(): Promise<ScanDevice[]>;
  scan(deviceId: string, profile: ScanProfile, onPage: (page: ScannedPage) => Promise<void>, signal?: AbortSignal): Promise<ScanResult>;
}
