/**
 * `npm run serve`: the whole product in web mode. Embedded SQLite in the data
 * directory, the hub on a port, simulated devices where none are configured.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { createCore } from '../app';
import { configFromArgs } from '../config';
import { startHub } from './hub-server';
import { startHallServe } from '../hall-link/hall-serve';
import { installProcessGuards } from '../system/process-guards';
import { acquireServeLock } from '../db/serve-lock';

/**
 * The built UI: `dist/renderer` at the repository root, seen from the hub
 * bundle (dist-hub/serve.cjs, `npm run serve`) or from source (`serve:dev`).
 */
export function rendererDist(moduleDir = import.meta.dirname): string {
  const candidates = [path.resolve(moduleDir, '../dist/renderer'), path.resolve(moduleDir, '../../../dist/renderer')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[candidates.length - 1]!;
}

async function main(): Promise<void> {
  installProcessGuards();
  const config = configFromArgs(process.argv.slice(2));
  // One hub per data directory; the second refuses and names the first.
  const lock = acquireServeLock(config.dataDir);
  const core = createCore(config);
  core.forms.warm();
  // First start: an admin account. Its one-time password is printed here and stored nowhere else (only its hash).
  // Scripted installs and the e2e tests may choose it with MOTCUA_ADMIN_PASSWORD instead.
  // A workstation's accounts are the hall's (checked by the hub): it makes none of its own.
  const first = config.hall.role === 'hub' ? await core.accounts.bootstrapAdmin(process.env.MOTCUA_ADMIN_PASSWORD || undefined) : null;
  const hub = await startHub(core, { staticDir: rendererDist() });
  console.log(`Một Cửa đang chạy tại ${hub.url}  (dữ liệu: ${config.dataDir})`);
  console.log(`  Quầy: ${hub.url}/#/counter   Kiosk: ${hub.url}/#/kiosk`);
  console.log(`  Màn hình sảnh: ${hub.url}/#/display   Giám sát: ${hub.url}/#/supervisor`);
  const hall = await startHallServe(core, hub);
  if (first?.generated) {
    console.log('');
    console.log('  Lần chạy đầu tiên: đã tạo tài khoản quản trị.');
    console.log(`    Tên đăng nhập: ${first.username}`);
    console.log(`    Mật khẩu một lần: ${first.password}   (chỉ hiện lần này; đổi ngay khi đăng nhập)`);
    console.log('  Kiosk và màn hình sảnh: mở địa chỉ trên thiết bị, nhập mã ghép nối tạo ở trang Giám sát → Ghép nối thiết bị.');
  } else if (first) {
    console.log(`  Đã tạo tài khoản quản trị "${first.username}" với mật khẩu từ MOTCUA_ADMIN_PASSWORD.`);
  }

  const stop = async (): Promise<void> => {
    await hall.close();
    await hub.close();
    await core.close();
    lock.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof AppError ? `Lỗi: ${error.message}` : error);
  process.exit(1);
});
