/**
 * `npm run serve`: the whole product in web mode. Embedded SQLite in the data
 * directory, the hub on a port, simulated devices where none are configured.
 */
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { createCore } from '../app';
import { configFromArgs } from '../config';
import { startHub } from './hub-server';

export const RENDERER_DIST = path.resolve(import.meta.dirname, '../../../dist/renderer');

async function main(): Promise<void> {
  const config = configFromArgs(process.argv.slice(2));
  const core = createCore(config);
  const hub = await startHub(core, { staticDir: RENDERER_DIST });
  console.log(`Một Cửa đang chạy tại ${hub.url}  (dữ liệu: ${config.dataDir})`);
  console.log(`  Quầy: ${hub.url}/#/counter   Kiosk: ${hub.url}/#/kiosk`);
  console.log(`  Màn hình sảnh: ${hub.url}/#/display   Giám sát: ${hub.url}/#/supervisor`);

  const stop = async (): Promise<void> => {
    await hub.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof AppError ? `Lỗi: ${error.message}` : error);
  process.exit(1);
});
