import fs from 'node:fs';
import type { CoreConfig } from '../config';
import type { HealthSource } from '../devices/health';
import { discoverModules } from '../devices/token/pkcs11-modules';
import { DemoDriver } from '../devices/scanner/demo';
import { EsclDriver } from '../devices/scanner/escl';
import { Naps2Driver } from '../devices/scanner/naps2';
import { SaneDriver } from '../devices/scanner/sane';
import type { DriverId, ScanDriver } from '../devices/scanner/types';

export function createScanDrivers(config: CoreConfig): Partial<Record<DriverId, ScanDriver>> {
  const scanner = config.devices.scanner ?? '';
  return {
    sane: new SaneDriver({ configDir: process.env.MOTCUA_SANE_CONFIG_DIR }),
    escl: new EsclDriver(scanner.startsWith('escl:') ? [scanner.slice(5)] : []),
    naps2: new Naps2Driver(process.env.MOTCUA_NAPS2_PATH),
    demo: new DemoDriver(),
  };
}

/** What `doctor` says about the scanner and the signing token. */
export function digitizeHealth(config: CoreConfig): HealthSource[] {
  return [
    {
      id: 'scanner',
      check: () => {
        const s = config.devices.scanner;
        if (!s)
          return { id: 'scanner', name: 'Máy quét', status: 'warn', detail: 'Chưa cấu hình máy quét: đang dùng máy quét mô phỏng (DEMO).' };
        if (s.startsWith('folder:') && !fs.existsSync(s.slice(7)))
          return { id: 'scanner', name: 'Máy quét', status: 'error', detail: `Không có thư mục quét ${s.slice(7)}.` };
        return { id: 'scanner', name: 'Máy quét', status: 'ok', detail: `Đã cấu hình: ${s}` };
      },
    },
    {
      id: 'signing-token',
      check: () => {
        const found = discoverModules({ configured: config.devices.pkcs11Module }).filter((m) => fs.existsSync(m.path));
        if (found.length === 0)
          return {
            id: 'signing-token',
            name: 'Token ký số',
            status: 'warn',
            detail: 'Không tìm thấy thư viện PKCS#11 của token nào: chỉ ký được bằng chứng thư DEMO.',
          };
        return {
          id: 'signing-token',
          name: 'Token ký số',
          status: 'ok',
          detail: `Thư viện PKCS#11: ${found.map((m) => `${m.vendor} (${m.path})`).join('; ')}`,
        };
      },
    },
  ];
}
