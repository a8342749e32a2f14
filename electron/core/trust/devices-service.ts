import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { AppError, type Device, type DeviceRole, type Me } from '../../../shared/contract';
import { record } from '../audit/audit-log';
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import type { EventBus } from '../events';
import * as store from './devices-store';
import type { DeviceRow } from './devices-store';
import type { RevocationSignal } from './revocation';
import { vnIsoMs } from '../../../shared/vn-time';

export { devicesMigrations } from './devices-store';

export const DEVICE_PREFIX = 'mcd_';
const CODE_MINUTES = 10;
/** Wrong codes typed (on any device) before every open code is voided: 10 guesses in 10^8. */
const MAX_WRONG_CODES = 10;
/** last_seen_at is written at most this often per device: each commit is an fsync. */
const SEEN_EVERY_MS = 60_000;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** CLI and URL spelling of device roles. */
export function deviceRoleFromArg(value: string | undefined): DeviceRole | null {
  switch (value) {
    case 'kiosk':
      return 'kiosk';
    case 'display':
      return 'display';
    case 'counter':
    case 'counter-device':
      return 'counter-device';
    default:
      return null;
  }
}

/**
 * LAN trust: devices (kiosk, display board, another counter PC) pair with the
 * hub once, with a one-time code a supervisor reads off the hub's screen; they
 * then hold their own credential. Only a hash of it is stored here.
 */
export class DevicesService {
  private wrongCodes = 0;
  private readonly lastSeenWrite = new Map<string, number>();
  /** Tells the supervisor list which devices have an open socket (set by the hub). */
  connectedIds: () => ReadonlySet<string> = () => new Set();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly revocations: RevocationSignal,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  createPairingCode(role: DeviceRole, name: string, caller: Caller): { code: string; expiresAt: string } {
    const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const now = this.clock();
    const expiresAt = vnIsoMs(now.getTime() + CODE_MINUTES * 60_000);
    this.db.transaction(() => {
      store.insertPairingCode(this.db, { id: randomUUID(), codeHash: sha256(code), role, name, createdAt: vnIsoMs(now), expiresAt });
      record(this.db, { actor: caller, action: 'device.pairingCode', subjectType: 'device', detail: { role, name, expiresAt } });
    })();
    this.wrongCodes = 0;
    return { code: `${code.slice(0, 4)} ${code.slice(4)}`, expiresAt };
  }

  /** Trades a one-time code for a device credential. */
  pair(code: string, name: string | undefined, from: Caller): { credential: string; me: Me } {
    const now = vnIsoMs(this.clock());
    const pending = store.openPairingCode(this.db, sha256(code), now);
    if (!pending) {
      this.wrongCodes++;
      const voided = this.wrongCodes >= MAX_WRONG_CODES;
      this.db.transaction(() => {
        record(this.db, { actor: from, action: 'device.pair.failed', subjectType: 'device', detail: { voided } });
        if (voided) store.voidOpenPairingCodes(this.db, now);
      })();
      if (voided) {
        this.wrongCodes = 0;
        throw new AppError('unauthorized', 'Nhập sai mã quá nhiều lần: mọi mã đang chờ đã bị huỷ. Hãy tạo mã mới ở trang Giám sát.');
      }
      throw new AppError('unauthorized', 'Mã ghép nối không đúng hoặc đã hết hạn. Hãy tạo mã mới ở trang Giám sát.');
    }
    const issued = this.db.transaction(() => {
      const fresh = this.issue(pending.role, name ?? pending.name, from);
      store.usePairingCode(this.db, pending.id, fresh.me.id, now);
      return fresh;
    })();
    this.changed();
    return issued;
  }

  /** Scripted set-up (`npm run cli -- pair-device`): a credential without a code. */
  pairDirect(role: DeviceRole, name: string, from: Caller | 'system'): { credential: string; me: Me } {
    const issued = this.db.transaction(() => this.issue(role, name, from))();
    this.changed();
    return issued;
  }

  private issue(role: DeviceRole, name: string, from: Caller | 'system'): { credential: string; me: Me } {
    const id = randomUUID();
    const credential = `${DEVICE_PREFIX}${randomBytes(32).toString('base64url')}`;
    store.insertDevice(this.db, { id, name, role, credentialHash: sha256(credential), pairedAt: vnIsoMs(this.clock()) });
    record(this.db, { actor: from, action: 'device.pair', subjectType: 'device', subjectId: id, detail: { role, name } });
    return { credential, me: { kind: 'device', id, role, name, mustChangePassword: false } };
  }

  callerForCredential(credential: string): Caller | null {
    if (!credential.startsWith(DEVICE_PREFIX)) return null;
    const row = store.activeDeviceByCredential(this.db, sha256(credential));
    if (!row) return null;
    const nowMs = this.clock().getTime();
    if ((this.lastSeenWrite.get(row.id) ?? 0) + SEEN_EVERY_MS < nowMs) {
      this.lastSeenWrite.set(row.id, nowMs);
      store.markSeen(this.db, row.id, vnIsoMs(nowMs));
    }
    return { role: row.role, deviceId: row.id, name: row.name };
  }

  /** Whether a device was revoked; a device this hub never paired counts as not revoked. */
  isRevoked(id: string): boolean {
    return (store.deviceById(this.db, id)?.revoked_at ?? null) !== null;
  }

  meFor(id: string): Me {
    const row = this.row(id);
    return { kind: 'device', id: row.id, role: row.role, name: row.name, mustChangePassword: false };
  }

  private row(id: string): DeviceRow {
    const row = store.deviceById(this.db, id);
    if (!row) throw new AppError('not_found', 'Không có thiết bị này.');
    return row;
  }

  private toDevice(r: DeviceRow, connected: ReadonlySet<string>): Device {
    return {
      id: r.id,
      name: r.name,
      role: r.role,
      pairedAt: r.paired_at,
      lastSeenAt: r.last_seen_at,
      revokedAt: r.revoked_at,
      connected: connected.has(r.id),
    };
  }

  list(): Device[] {
    const connected = this.connectedIds();
    return store.allDevices(this.db).map((r) => this.toDevice(r, connected));
  }

  /** The credential stops working now; the hub closes the device's open sockets in the same tick. */
  revoke(id: string, caller: Caller | 'system', why?: Record<string, string>): Device {
    const row = this.row(id);
    if (!row.revoked_at) {
      this.db.transaction(() => {
        store.markRevoked(this.db, id, vnIsoMs(this.clock()));
        record(this.db, {
          actor: caller,
          action: 'device.revoke',
          subjectType: 'device',
          subjectId: id,
          detail: { name: row.name, role: row.role, ...why },
        });
      })();
      this.revocations.fire();
      this.changed();
    }
    return this.toDevice(this.row(id), this.connectedIds());
  }

  changed(): void {
    if (!this.db.open) return;
    this.bus.emit('devices.changed', { devices: this.list() });
  }
}
