/**
 * eSCL (AirScan / Mopria) client: network scanners driven over plain HTTP.
 * POST ScanSettings to /eSCL/ScanJobs, then GET {job}/NextDocument until 404;
 * a failed page is explained from /eSCL/ScannerStatus (jam, empty feeder).
 */
import { AppError } from '../../../../shared/contract';
import { PAGE_SIZES, type ScanProfile } from '../../../../shared/digitize-rules';
import type { ScanDevice, ScanDriver, ScanResult, ScannedPage } from './types';

const COLOR = { color: 'RGB24', gray: 'Grayscale8', bw: 'BlackAndWhite1' } as const;

/** The ScanSettings document for a profile (sizes in 1/300 inch, as eSCL wants). */
export function scanSettingsXml(profile: ScanProfile): string {
  const [wmm, hmm] = PAGE_SIZES[profile.pageSize];
  const toUnits = (mm: number) => Math.round((mm / 25.4) * 300);
  const source = profile.source === 'flatbed' ? 'Platen' : 'Feeder';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<scan:ScanSettings xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">',
    '  <pwg:Version>2.6</pwg:Version>',
    '  <pwg:ScanRegions><pwg:ScanRegion>',
    `    <pwg:Height>${toUnits(hmm)}</pwg:Height><pwg:Width>${toUnits(wmm)}</pwg:Width>`,
    '    <pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset>',
    '    <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>',
    '  </pwg:ScanRegion></pwg:ScanRegions>',
    `  <pwg:InputSource>${source}</pwg:InputSource>`,
    ...(profile.source === 'duplex' ? ['  <scan:Duplex>true</scan:Duplex>'] : []),
    `  <scan:ColorMode>${COLOR[profile.colorMode]}</scan:ColorMode>`,
    `  <scan:XResolution>${profile.resolution}</scan:XResolution>`,
    `  <scan:YResolution>${profile.resolution}</scan:YResolution>`,
    '  <pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat>',
    '</scan:ScanSettings>',
  ].join('\n');
}

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<(?:[a-z]+:)?${name}>([^<]*)</(?:[a-z]+:)?${name}>`).exec(xml)?.[1]?.trim();
}

/** Vietnamese explanation of a ScannerStatus document, or null. */
export function esclStatusError(statusXml: string, pages: number): AppError | null {
  const adf = tag(statusXml, 'AdfState') ?? '';
  if (/Jam/i.test(adf))
    return new AppError('device_error', `Máy quét bị kẹt giấy. Đã giữ lại ${pages} trang đã quét; gỡ giấy kẹt rồi quét tiếp.`);
  if (/Empty/i.test(adf) && pages === 0)
    return new AppError('device_error', 'Khay nạp giấy của máy quét đang trống: hãy đặt giấy vào rồi quét lại.');
  if (/Open/i.test(adf)) return new AppError('device_error', 'Nắp khay nạp giấy đang mở.');
  return null;
}

export class EsclDriver implements ScanDriver {
  readonly id = 'escl' as const;
  constructor(
    private readonly urls: string[] = [],
    private readonly retryDelayMs = 500,
  ) {}

  async listDevices(): Promise<ScanDevice[]> {
    const devices: ScanDevice[] = [];
    for (const url of this.urls) {
      try {
        const caps = await (await fetch(new URL('eSCL/ScannerCapabilities', withSlash(url)))).text();
        devices.push({ id: url, name: tag(caps, 'MakeAndModel') ?? url, driver: 'escl' });
      } catch {
        /* unreachable scanners are simply not listed */
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
    const base = withSlash(deviceId);
    let pages = 0;
    let job: string;
    try {
      const res = await fetch(new URL('eSCL/ScanJobs', base), {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: scanSettingsXml(profile),
        signal,
      });
      const location = res.headers.get('location');
      if (res.status === 503) throw new AppError('device_error', 'Máy quét đang bận; hãy thử lại sau ít phút.');
      if (res.status !== 201 || !location) throw new AppError('device_error', `Máy quét từ chối lệnh quét (HTTP ${res.status}).`);
      job = new URL(location, base).href;
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (signal?.aborted) return { pages, cancelled: true };
      throw new AppError('device_error', 'Không kết nối được máy quét qua mạng (eSCL). Kiểm tra địa chỉ và nguồn điện của máy quét.');
    }
    const cancelJob = () => void fetch(job, { method: 'DELETE' }).catch(() => undefined);
    try {
      for (;;) {
        if (signal?.aborted) {
          cancelJob();
          return { pages, cancelled: true };
        }
        let res: Response;
        try {
          res = await fetch(`${job.replace(/\/$/, '')}/NextDocument`, { signal });
        } catch {
          if (signal?.aborted) {
            cancelJob();
            return { pages, cancelled: true };
          }
          return {
            pages,
            cancelled: false,
            error: new AppError('device_error', `Mất kết nối với máy quét. Đã giữ lại ${pages} trang đã quét.`),
          };
        }
        if (res.status === 200) {
          const bytes = new Uint8Array(await res.arrayBuffer());
          pages += 1;
          await onPage({ bytes, format: 'jpeg', dpi: profile.resolution });
          if (profile.source === 'flatbed') return { pages, cancelled: false };
          continue;
        }
        if (res.status === 503) {
          await new Promise((r) => setTimeout(r, this.retryDelayMs));
          continue;
        }
        const status = await fetch(new URL('eSCL/ScannerStatus', base))
          .then((r) => r.text())
          .catch(() => '');
        const error = esclStatusError(status, pages);
        if (res.status === 404 && !error) return { pages, cancelled: false };
        return {
          pages,
          cancelled: false,
          error: error ?? new AppError('device_error', `Máy quét báo lỗi (HTTP ${res.status}). Đã giữ lại ${pages} trang đã quét.`),
        };
      }
    } catch (error) {
      if (error instanceof AppError) return { pages, cancelled: false, error };
      throw error;
    }
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
