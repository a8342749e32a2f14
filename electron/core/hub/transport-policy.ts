/**
 * Which credentials a plain-HTTP connection may carry. A workstation's device
 * credential (counter-device) opens citizens' dossiers and officers' hub
 * sessions, so it travels only over the hub's pinned HTTPS; kiosks and display
 * boards in a browser stay on plain HTTP (they carry no personal data).
 *
 * A counter-device credential that arrives in clear text has crossed the LAN
 * readable by anyone on it, so it is treated as exposed: refused, revoked at
 * once (the workstation must be paired again) and written in the audit trail
 * with the address it came from. Only someone holding the credential can cause
 * this, and for them a revocation is the safe outcome; the real workstation
 * never sends it over HTTP (`HubConnection` refuses http:// addresses).
 */
import { TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../../../shared/contract';
import type { Core } from '../app';
import type { Caller } from '../contract/router';

export const PLAIN_HTTP_DEVICE_REFUSED =
  'Máy trạm chỉ được kết nối máy chủ sảnh qua HTTPS. Thông tin xác thực vừa gửi qua HTTP thường có thể đã bị lộ trên mạng ' +
  'nên đã bị thu hồi: hãy ghép nối lại máy trạm (Giám sát → Ghép nối thiết bị, máy trạm) và dùng địa chỉ https://.';

/**
 * Armed wherever workstations have an encrypted way in: a hub with its HTTPS
 * listener configured (`npm run serve`, default `--tls-port 8443`) and every
 * workstation. A hub without one (`--tls-port off`, in-process test and bench
 * hubs) has no workstations reaching it through the hall link.
 */
export function tlsOnlyArmed(config: Core['config']): boolean {
  return config.hall.role === 'workstation' || config.hall.tlsPort !== null;
}

export function isEncrypted(raw: IncomingMessage): boolean {
  return raw.socket instanceof TLSSocket;
}

/**
 * Null when the caller may use this connection; otherwise the refusal, after
 * the exposed credential has been revoked and audited.
 */
export function plainHttpRefusal(core: Core, caller: Caller, raw: IncomingMessage, ip: string): AppError | null {
  if (caller.role !== 'counter-device' || isEncrypted(raw) || !tlsOnlyArmed(core.config)) return null;
  if (caller.deviceId)
    core.devices.revoke(caller.deviceId, 'system', { reason: 'plain-http', from: ip, url: (raw.url ?? '').slice(0, 120) });
  return new AppError('forbidden', PLAIN_HTTP_DEVICE_REFUSED);
}
