/**
 * Which role this installation plays in the hall. Nothing configured = hub,
 * which is also today's single-desk commune: hub and counter in one process.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/contract';
import { storedHubUrl } from './hall-credential';

export const DEFAULT_HUB_TLS_PORT = 8443;

export const HallRoleConfigSchema = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('hub'),
    /** HTTPS listener for workstations (its own certificate); null = none (tests, a hub with no workstations). */
    tlsPort: z.number().int().min(0).max(65535).nullable(),
  }),
  z.object({
    role: z.literal('workstation'),
    /** The hub's HTTPS address, e.g. https://192.168.1.10:8443. */
    hubUrl: z.url({ protocol: /^https$/, error: 'Địa chỉ máy chủ sảnh phải là https://MÁY:CỔNG' }),
    /** The report to the hub every this many milliseconds (supervisor's hall page). */
    reportEveryMs: z.number().int().min(200).max(3_600_000).default(30_000),
  }),
]);
export type HallRoleConfig = z.output<typeof HallRoleConfigSchema>;

export const HUB_ROLE: HallRoleConfig = { role: 'hub', tlsPort: null };

/** Command-line options of the hall role (serve). */
export const HALL_OPTIONS = {
  'hall-hub': { type: 'string' },
  'tls-port': { type: 'string' },
} as const;

/** `--hall-hub URL` makes a workstation; otherwise a hub, with `--tls-port N|off` for workstations' HTTPS. */
export function hallFromArgs(values: { 'hall-hub'?: string; 'tls-port'?: string }): HallRoleConfig {
  const candidate = values['hall-hub']
    ? { role: 'workstation', hubUrl: values['hall-hub'] }
    : { role: 'hub', tlsPort: tlsPortFrom(values['tls-port']) };
  const parsed = HallRoleConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new AppError('invalid_input', parsed.error.issues[0]?.message ?? 'Cấu hình vai trò trong sảnh không hợp lệ.');
  }
  return parsed.data;
}

function tlsPortFrom(text: string | undefined): number | null {
  if (text === undefined) return DEFAULT_HUB_TLS_PORT;
  if (text === 'off') return null;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('invalid_input', `Cổng HTTPS không hợp lệ: ${text}`);
  return port;
}

/** doctor checks a workstation's link and clock when its data directory holds a pairing. */
export function hallForDoctor(dataDir: string): HallRoleConfig {
  const hubUrl = storedHubUrl(dataDir);
  return hubUrl ? { role: 'workstation', hubUrl, reportEveryMs: 3_600_000 } : HUB_ROLE;
}
