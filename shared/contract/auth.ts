import { z } from 'zod';
import { EVERYONE, MANAGERS, STAFF, RoleSchema, method } from './define';

/** Officer roles (from a password login) and device roles (from pairing). */
export const OfficerRoleSchema = z.enum(['officer', 'supervisor', 'admin']);
export type OfficerRole = z.infer<typeof OfficerRoleSchema>;
export const DeviceRoleSchema = z.enum(['kiosk', 'display', 'counter-device']);
export type DeviceRole = z.infer<typeof DeviceRoleSchema>;

const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,40}$/, 'Tên đăng nhập gồm 2–40 chữ thường, số, dấu chấm, gạch dưới hoặc gạch ngang');
export const PasswordSchema = z.string().min(1, 'Chưa nhập mật khẩu').max(200, 'Mật khẩu quá dài');
export const NewPasswordSchema = z.string().min(10, 'Mật khẩu mới phải có ít nhất 10 ký tự').max(200, 'Mật khẩu quá dài');
const IdSchema = z.string().min(1).max(64);

/** Who the current credential belongs to. */
export const MeSchema = z.object({
  kind: z.enum(['officer', 'device']),
  id: z.string(),
  role: RoleSchema,
  name: z.string(),
  /** The first admin and reset accounts log in with a one-time password and must choose their own. */
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof MeSchema>;

export const AccountSchema = z.object({
  id: IdSchema,
  username: z.string(),
  displayName: z.string(),
  role: OfficerRoleSchema,
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  failedAttempts: z.number().int(),
  lastLoginAt: z.string().nullable(),
});
export type Account = z.infer<typeof AccountSchema>;

export const DeviceSchema = z.object({
  id: IdSchema,
  name: z.string(),
  role: DeviceRoleSchema,
  pairedAt: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Open event sockets of this device on the hub right now. */
  connected: z.boolean(),
});
export type Device = z.infer<typeof DeviceSchema>;

/** The one-time code typed on a new device: 8 digits, spaces and dashes ignored. */
export const PairingCodeSchema = z
  .string()
  .max(40)
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{8}$/, 'Mã ghép nối gồm 8 chữ số'));

export const authMethods = {
  'auth.login': method({
    summary: 'Officer login with username and password; answers a session token (public)',
    input: z.object({ username: UsernameSchema, password: PasswordSchema }),
    output: z.object({ token: z.string(), expiresAt: z.string(), me: MeSchema }),
    roles: [],
    public: true,
  }),
  'auth.pair': method({
    summary: 'A new device trades the one-time pairing code for its own credential (public)',
    input: z.object({ code: PairingCodeSchema, name: z.string().trim().min(1).max(80).optional() }),
    output: z.object({ credential: z.string(), me: MeSchema }),
    roles: [],
    public: true,
  }),
  'auth.whoami': method({
    summary: 'The officer or device behind the current credential',
    input: z.object({}),
    output: MeSchema,
    roles: EVERYONE,
  }),
  'auth.logout': method({
    summary: 'Ends the officer’s session',
    input: z.object({}),
    output: z.null(),
    roles: EVERYONE,
  }),
  'auth.changePassword': method({
    summary: 'The officer changes their own password',
    input: z.object({ currentPassword: PasswordSchema, newPassword: NewPasswordSchema }),
    output: z.null(),
    roles: STAFF,
  }),
  'accounts.list': method({
    summary: 'Officer accounts with their lock state',
    input: z.object({}),
    output: z.array(AccountSchema),
    roles: MANAGERS,
  }),
  'accounts.save': method({
    summary: 'Create or update an officer account; a new account answers its one-time password',
    input: z.object({
      id: IdSchema.optional(),
      username: UsernameSchema,
      displayName: z.string().trim().min(1).max(120),
      role: OfficerRoleSchema,
      active: z.boolean().optional(),
    }),
    output: z.object({ account: AccountSchema, oneTimePassword: z.string().nullable() }),
    roles: ['admin'],
  }),
  'accounts.resetPassword': method({
    summary: 'Give an officer a new one-time password (and unlock the account)',
    input: z.object({ id: IdSchema }),
    output: z.object({ oneTimePassword: z.string() }),
    roles: ['admin'],
  }),
  'accounts.unlock': method({
    summary: 'Unlock an account locked by wrong passwords',
    input: z.object({ id: IdSchema }),
    output: AccountSchema,
    roles: MANAGERS,
  }),
  'devices.createPairingCode': method({
    summary: 'One-time code (valid 10 minutes) that pairs a kiosk, display or counter PC with this hub',
    input: z.object({ role: DeviceRoleSchema, name: z.string().trim().min(1).max(80) }),
    output: z.object({ code: z.string(), expiresAt: z.string() }),
    roles: MANAGERS,
  }),
  'devices.list': method({
    summary: 'Paired devices, revoked ones included',
    input: z.object({}),
    output: z.array(DeviceSchema),
    roles: MANAGERS,
  }),
  'devices.revoke': method({
    summary: 'Revoke a device: its credential stops working and its open connections close at once',
    input: z.object({ id: IdSchema }),
    output: DeviceSchema,
    roles: MANAGERS,
  }),
};

export const authEvents = {
  'devices.changed': z
    .object({ devices: z.array(DeviceSchema) })
    .describe('The device list after a pairing or a revocation (supervisors only)'),
};
