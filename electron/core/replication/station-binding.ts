/**
 * Issue #10 (left over): the hub trusted the station number a workstation
 * claimed in its pushed items and lease requests, so one paired PC could take
 * another counter's numbers or speak for it. A paired device is bound to the
 * first station it claims; another claim by it, or a claim of a station an
 * active device holds, is refused. A revoked device's station is free again.
 */
import { AppError } from '../../../shared/contract';
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import { vnIsoMs } from '../../../shared/vn-time';
import { bindStation, boundStation, stationHolder, unbindDevice } from './hall-register-store';

/** Whether a paired device was revoked (the devices table belongs to trust, which hands this in). */
export type DeviceRevoked = (deviceId: string) => boolean;

/** Throws unless `caller` may speak for `station`; binds it on the device's first claim. */
export function checkStationClaim(db: Db, caller: Caller, station: number, deviceRevoked: DeviceRevoked): void {
  // Officers and the hub's own desk draw numbers inside the hub; only paired workstations claim stations.
  if (caller.role !== 'counter-device') return;
  const deviceId = caller.deviceId;
  if (!deviceId) throw new AppError('forbidden', 'Thiết bị chưa được ghép nối với máy chủ sảnh.');
  db.transaction(() => {
    const bound = boundStation(db, deviceId);
    if (bound === station) return;
    if (bound !== undefined) {
      throw new AppError(
        'forbidden',
        `Máy trạm này đã ghép nối là máy số ${bound}, không thể gửi thay cho máy số ${station}. Hãy kiểm tra số máy trạm (--station).`,
      );
    }
    const holder = stationHolder(db, station);
    if (holder !== undefined && !deviceRevoked(holder)) {
      throw new AppError('forbidden', `Số máy trạm ${station} đã thuộc một máy trạm khác của sảnh. Hãy chọn số máy trạm khác (--station).`);
    }
    if (holder !== undefined) unbindDevice(db, holder);
    bindStation(db, deviceId, station, vnIsoMs(Date.now()));
  })();
}
