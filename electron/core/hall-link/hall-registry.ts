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
import { parseRows } from '../db/rows';
import type { Caller } from '../contract/router';
import type { Db, Migration } from '../db/database';
import type { EventBus } from '../events';
import type { DevicesService } from '../trust/devices-service';
import { sessionResumeMigrations } from './session-resume';
import { vnIsoMs } from '../../../shared/vn-time';
import { rewriteInstants } from '../db/instants';

export const hallLinkMigrations: Migration[] = [
  {
    id: 'hall/002-workstations-link',
    up: (db) =>
      db.exec(`
        -- At the hub: each workstation's latest report.
        CREATE TABLE hall_workstations (
          device_id TEXT PRIMARY KEY,
          station INTEGER NOT NULL,
          version TEXT NOT NULL,
          clock_skew_ms INTEGER,
          backlog_json TEXT NOT NULL,
          health_json TEXT NOT NULL,
          reported_at TEXT NOT NULL
        );
        -- At a workstation: the hub session behind each local officer session (hub actions are checked by the hub).
        CREATE TABLE hall_hub_sessions (
          session_id TEXT PRIMARY KEY,
          hub_token TEXT NOT NULL,
          expires_at TEXT NOT NULL
        );
      `),
  },
  ...sessionResumeMigrations,
  {
    // Issue 12: instants are stored as Vietnam ISO text (vnIsoMs); rows written as UTC "…Z" text are rewritten.
    id: 'hall-link/001-vn-instants',
    up: (db) => {
      rewriteInstants(db, 'hall_workstations', ['reported_at']);
      rewriteInstants(db, 'hall_hub_sessions', ['expires_at']);
    },
  },
];

const RowSchema = z.object({
  device_id: z.string(),
  station: z.number().int(),
  version: z.string(),
  clock_skew_ms: z.number().nullable(),
  backlog_json: z.string(),
  health_json: z.string(),
  reported_at: z.string(),
});

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
    this.db
      .prepare(
        `INSERT INTO hall_workstations (device_id, station, version, clock_skew_ms, backlog_json, health_json, reported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(device_id) DO UPDATE SET station = excluded.station, version = excluded.version,
           clock_skew_ms = excluded.clock_skew_ms, backlog_json = excluded.backlog_json,
           health_json = excluded.health_json, reported_at = excluded.reported_at`,
      )
      .run(
        caller.deviceId,
        report.station,
        report.version,
        Number.isFinite(skew) ? Math.round(skew) : null,
        JSON.stringify(report.backlog),
        JSON.stringify(report.health),
        vnIsoMs(received),
      );
    this.changed();
    return { receivedAt: vnIsoMs(received) };
  }

  list(): WorkstationStatus[] {
    const reports = new Map(
      parseRows('hall_workstations', RowSchema, this.db.prepare('SELECT * FROM hall_workstations').all()).map((r) => [r.device_id, r]),
    );
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
