/**
 * Issue #10 (left over): the hub trusted the station number a workstation
 * claimed in its pushed items and lease requests, so one paired PC could take
 * another counter's numbers or speak for it. A paired device is bound to the
 * first station it claims; another claim by it, or a claim of a station an
 * active device holds, is refused. A revoked device's station is free again.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/contract';
import type { Caller } from '../contract/router';
import type { Db, Migration } from '../db/database';
import { integerColumn, parseRow, textColumn } from '../db/rows';
import { vnIsoMs } from '../../../shared/vn-time';

export const stationBindingMigration: Migration = {
  id: 'replication/002-station-bindings',
  up: (db) =>
    db.exec(`
      -- Hub: which paired workstation speaks for which station.
      CREATE TABLE hall_station_bindings (device_id TEXT PRIMARY KEY, station INTEGER NOT NULL UNIQUE, bound_at INTEGER NOT NULL);
    `),
};

const HolderRow = z.object({ device_id: textColumn, revoked_at: textColumn.nullable() });

/** Throws unless `caller` may speak for `station`; binds it on the device's first claim. */
export function checkStationClaim(db: Db, caller: Caller, station: number): void {
  // Officers and the hub's own desk draw numbers inside the hub; only paired workstations claim stations.
  if (caller.role !== 'counter-device') return;
  const deviceId = caller.deviceId;
  if (!deviceId) throw new AppError('forbidden', 'Thiết bị chưa được ghép nối với máy chủ sảnh.');
  db.transaction(() => {
    const bound = parseRow(
      'hall_station_bindings',
      integerColumn.optional(),
      db.prepare('SELECT station FROM hall_station_bindings WHERE device_id = ?').pluck().get(deviceId),
    );
    if (bound === station) return;
    if (bound !== undefined) {
      throw new AppError(
        'forbidden',
        `Máy trạm này đã ghép nối là máy số ${bound}, không thể gửi thay cho máy số ${station}. Hãy kiểm tra số máy trạm (--station).`,
      );
    }
    const holder = parseRow(
      'hall_station_bindings',
      HolderRow.optional(),
      db
        .prepare(
          'SELECT b.device_id, d.revoked_at FROM hall_station_bindings b LEFT JOIN devices d ON d.id = b.device_id WHERE b.station = ?',
        )
        .get(station),
    );
    if (holder && holder.revoked_at === null) {
      throw new AppError('forbidden', `Số máy trạm ${station} đã thuộc một máy trạm khác của sảnh. Hãy chọn số máy trạm khác (--station).`);
    }
    if (holder) db.prepare('DELETE FROM hall_station_bindings WHERE device_id = ?').run(holder.device_id);
    db.prepare('INSERT INTO hall_station_bindings (device_id, station, bound_at) VALUES (?, ?, ?)').run(
      deviceId,
      station,
      vnIsoMs(Date.now()),
    );
  })();
}
