/** What `npm run serve` starts for the hall role, after the hub's HTTP listener. */
import type { Core } from '../app';
import type { Hub } from '../hub/hub-server';
import { ensureHubTls } from './hub-tls';
import { startTlsListener } from './hub-tls-listener';

export interface HallServe {
  close(): Promise<void>;
}

export async function startHallServe(core: Core, hub: Hub, log: (line: string) => void = console.log): Promise<HallServe> {
  const hall = core.config.hall;
  if (hall.role === 'workstation') {
    const status = core.hallRole.link?.status();
    log(`  Máy trạm số ${core.config.station} của máy chủ sảnh ${hall.hubUrl}${status?.joined ? '' : ' — CHƯA GHÉP NỐI (join-hall)'}`);
    return { close: async () => undefined };
  }
  if (hall.tlsPort === null) return { close: async () => undefined };
  const tls = await ensureHubTls(core.config.dataDir, core.config.agency.name);
  try {
    const listener = await startTlsListener(hub, tls, core.config.hub.host, hall.tlsPort);
    log(`  Máy trạm kết nối tại ${listener.url}  (vân tay chứng chỉ: ${tls.fingerprint.match(/.{4}/g)?.join(' ')})`);
    return listener;
  } catch (error) {
    // A single-desk commune needs no workstation port: a busy one must not stop the counter.
    log(`  Không mở được cổng HTTPS ${hall.tlsPort} cho máy trạm (${(error as Error).message}); chọn cổng khác bằng --tls-port.`);
    return { close: async () => undefined };
  }
}
