/**
 * The hub's view of its workstations for the supervisor's hall page: each
 * counter PC's last report (version, station, backlog, clock, device health)
 * joined with its pairing record and whether its event socket is open.
 */
import {
  AppError,
  CLOCK_SKEW_LIMIT_MS,
  DoctorCheckSchema,
  ReplicationBacklogSchema,
  type WorkstationReport,
  type WorkstationStatus,
} from '../../../shared/contract';
import { z } from 'zod';
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import type { EventBus } from '../events';
import type { DevicesService } from '../trust/devices-service';
import { upsertWorkstationReport, workstationReports } from './hall-link-store';
import { vnIsoMs } from '../../../shared/vn-time';

const StoredHealth = z.array(DoctorCheckSchema);

export class HallRegistry {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly devices: DevicesService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  report(report: WorkstationReport, caller: Caller): { receivedAt: string } {
    if (!caller.deviceId || caller.role !== 'counter-device') throw new AppError('forbidden', 'Chỉ máy trạm đã ghép nối mới gửi báo cáo.');
    const received = this.now();
    // The workstation's own measurement when it has one; else what this report's timestamp says (includes the LAN delay).
    const skew = report.clockSkewMs ?? received.getTime() - Date.parse(report.sentAt);
    upsertWorkstationReport(this.db, {
      device_id: caller.deviceId,
      station: report.station,
      version: report.version,
      clock_skew_ms: Number.isFinite(skew) ? Math.round(skew) : null,
      backlog_json: JSON.stringify(report.backlog),
      health_json: JSON.stringify(report.health),
      reported_at: vnIsoMs(received),
    });
    this.changed();
    return { receivedAt: vnIsoMs(received) };
  }

  list(): WorkstationStatus[] {
    const reports = new Map(workstationReports(this.db).map((r) => [r.device_id, r]));
    return this.devices
      .list()
      .filter((d) => d.role === 'counter-device' && !d.revokedAt)
      .map((device): WorkstationStatus => {
        const row = reports.get(device.id);
        const backlog = row ? ReplicationBacklogSchema.safeParse(JSON.parse(row.backlog_json)) : null;
        const health = row ? StoredHealth.safeParse(JSON.parse(row.health_json)) : null;
        const lastSeen =
          [device.lastSeenAt, row?.reported_at]
            .filter((t): t is string => Boolean(t))
            .sort()
            .at(-1) ?? null;
        const skew = row?.clock_skew_ms ?? null;
        return {
          deviceId: device.id,
          name: device.name,
          station: row?.station ?? null,
          online: device.connected,
          lastSeenAt: lastSeen,
          version: row?.version ?? null,
          clockSkewMs: skew,
          clockWarning: skew !== null && Math.abs(skew) > CLOCK_SKEW_LIMIT_MS,
          backlog: backlog?.success ? backlog.data : null,
          health: health?.success ? health.data : [],
          reportedAt: row?.reported_at ?? null,
        };
      })
      .sort((a, b) => (a.station ?? 999) - (b.station ?? 999) || a.name.localeCompare(b.name));
  }

  changed(): void {
    if (!this.db.open) return;
    this.bus.emit('hall.workstationsChanged', { workstations: this.list() });
  }
}
