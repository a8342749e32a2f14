/**
 * Hall accounts at a workstation: the hub checks every login; a successful
 * one leaves a cached verifier here (the local accounts row with a scrypt hash
 * made on this PC), so an officer who has logged in at this PC before can log
 * in while the hub is down, like cached domain credentials. An officer never
 * seen here cannot.
 */
import { AppError, MeSchema, type Me } from '../../../shared/contract';
import { z } from 'zod';
import { parseRow, textColumn } from '../db/rows';
import type { AccountsService } from '../accounts/accounts-service';
import { hashPassword } from '../accounts/password';
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import { vnIsoMs } from '../../../shared/vn-time';

export const HubLoginSchema = z.object({ token: z.string().min(1).max(512), expiresAt: z.string(), me: MeSchema });
export type HubLogin = z.infer<typeof HubLoginSchema>;
export type LocalLogin = Awaited<ReturnType<AccountsService['login']>>;

export const NEVER_SEEN_OFFLINE =
  'Không liên lạc được máy chủ sảnh, và tài khoản này chưa từng đăng nhập ở máy này nên không kiểm tra được mật khẩu. ' +
  'Hãy đăng nhập lại khi có kết nối, hoặc dùng máy đã đăng nhập trước đây.';

export class CachedLogins {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
  ) {}

  /** After the hub said yes: this PC keeps the officer's account (hall id, name, role) and its own hash of the password. */
  async remember(username: string, password: string, me: Me): Promise<void> {
    if (me.kind !== 'officer' || me.role === 'kiosk' || me.role === 'display' || me.role === 'counter-device') {
      throw new AppError('forbidden', 'Chỉ tài khoản cán bộ mới đăng nhập được ở máy trạm.');
    }
    const hash = await hashPassword(password);
    const now = vnIsoMs(new Date());
    this.db.transaction(() => {
      // A same-named local account from before this PC joined the hall steps aside.
      this.db
        .prepare("UPDATE accounts SET username = username || '~' || substr(id, 1, 8), active = 0 WHERE username = ? AND id <> ?")
        .run(username, me.id);
      this.db
        .prepare(
          `INSERT INTO accounts (id, username, display_name, role, password_hash, must_change_password, active, created_at)
           VALUES (@id, @username, @name, @role, @hash, @must, 1, @now)
           ON CONFLICT(id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name, role = excluded.role,
             password_hash = excluded.password_hash, must_change_password = excluded.must_change_password, active = 1,
             failed_attempts = 0, locked_until = NULL`,
        )
        .run({ id: me.id, username, name: me.name, role: me.role, hash, must: me.mustChangePassword ? 1 : 0, now });
    })();
  }

  /** The hub's password changed through this PC: the cached verifier follows. */
  async changed(accountId: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    this.db.prepare('UPDATE accounts SET password_hash = ?, must_change_password = 0 WHERE id = ?').run(hash, accountId);
  }

  /** The hub refused this account: no more offline logins here until the hub says yes again. */
  forgetVerifier(accountId: string): void {
    this.db.prepare('UPDATE accounts SET active = 0 WHERE id = ?').run(accountId);
  }

  known(username: string): boolean {
    return this.db.prepare('SELECT 1 FROM accounts WHERE username = ? AND active = 1').get(username) !== undefined;
  }

  /** A local session, checked against the cached verifier (lock-out and audit as for any local login). */
  async login(username: string, password: string, from: Caller): Promise<LocalLogin> {
    if (!this.known(username)) throw new AppError('unauthorized', NEVER_SEEN_OFFLINE);
    return this.accounts.login(username, password, from);
  }

  bindHubSession(localToken: string, hub: HubLogin): void {
    const sessionId = this.accounts.callerForToken(localToken)?.sessionId;
    if (sessionId) this.bindSession(sessionId, hub);
  }

  /** The hub session behind a local one (after an online login, or when an offline session is resumed at the hub). */
  bindSession(sessionId: string, hub: HubLogin): void {
    this.db
      .prepare('INSERT OR REPLACE INTO hall_hub_sessions (session_id, hub_token, expires_at) VALUES (?, ?, ?)')
      .run(sessionId, hub.token, vnIsoMs(hub.expiresAt));
  }

  hubToken(caller: Caller): string | null {
    if (!caller.sessionId) return null;
    const row = this.db
      .prepare('SELECT hub_token FROM hall_hub_sessions WHERE session_id = ? AND expires_at > ?')
      .pluck()
      .get(caller.sessionId, vnIsoMs(new Date()));
    return parseRow('hall_hub_sessions', textColumn, row) ?? null;
  }

  forgetHubSession(caller: Caller): void {
    if (caller.sessionId) this.db.prepare('DELETE FROM hall_hub_sessions WHERE session_id = ?').run(caller.sessionId);
  }
}
