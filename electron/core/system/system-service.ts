import fs from 'node:fs';
import pkg from '../../../package.json';
import type { DoctorCheck, SystemInfo } from '../../../shared/contract';
import type { CoreConfig } from '../config';
import type { Handlers } from '../contract/router';
import type { Db } from '../db/database';
import { runChecks, type HealthSource } from '../devices/health';

export const PRODUCT_NAME = 'Một Cửa — Bàn làm việc';

export function databaseHealth(db: Db, file: string): HealthSource {
  return {
    id: 'database',
    check(): DoctorCheck {
      const result = db.pragma('quick_check', { simple: true });
      const mode = db.pragma('journal_mode', { simple: true });
      const ok = result === 'ok' && mode === 'wal';
      return {
        id: 'database',
        name: 'Cơ sở dữ liệu',
        status: ok ? 'ok' : 'error',
        detail: ok ? `Hoạt động bình thường (${file})` : `Kiểm tra thất bại: ${String(result)}, chế độ ${String(mode)}`,
      };
    },
  };
}

export function dataDirHealth(dir: string): HealthSource {
  return {
    id: 'data-dir',
    check(): DoctorCheck {
      try {
        fs.accessSync(dir, fs.constants.W_OK);
        const stats = fs.statfsSync(dir);
        const freeMb = Math.floor((stats.bavail * stats.bsize) / 1024 / 1024);
        const low = freeMb < 1024;
        return {
          id: 'data-dir',
          name: 'Thư mục dữ liệu',
          status: low ? 'warn' : 'ok',
          detail: low ? `Sắp hết dung lượng: còn ${freeMb} MB tại ${dir}` : `Còn trống ${freeMb} MB tại ${dir}`,
        };
      } catch {
        return { id: 'data-dir', name: 'Thư mục dữ liệu', status: 'error', detail: `Không ghi được vào ${dir}` };
      }
    },
  };
}

export function systemHandlers(
  config: CoreConfig,
  healthSources: () => readonly HealthSource[],
): Pick<Handlers, 'system.info' | 'system.doctor'> {
  const info: SystemInfo = {
    product: PRODUCT_NAME,
    version: pkg.version,
    transport: config.transport,
    startedAt: new Date().toISOString(),
    agencyName: config.agency.name,
    agencyCode: config.agency.code,
  };
  return {
    'system.info': () => info,
    'system.doctor': async () => ({ checks: await runChecks(healthSources()) }),
  };
}
