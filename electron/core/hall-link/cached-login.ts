/**
 * Hall accounts at a workstation: the hub checks every login; a successful
 * one leaves a cached verifier here (the local accounts row with a scrypt hash
 * made on this PC), so an officer who has logged in at this PC before can log
 * in while the hub is down, like cached domain credentials. An officer never
 * seen here cannot.
 */
import { AppError, MeSchema, OfficerRoleSchema, type Me } from '../../../shared/contract';
import { z } from 'zod';
import type { AccountsService } from '../accounts/accounts-service';
import {
  activeAccountNamed,
  deactivateAccount,
  renameOtherAccountNamed,
  setPassword,
  upsertCachedAccount,
} from '../accounts/accounts-store';
import { hashPassword } from '../accounts/password';
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import { vnIsoMs } from '../../../shared/vn-time';
import { deleteHubSession, hubTokenOf, putHubSession } from './hall-link-store';

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
    const role = OfficerRoleSchema.safeParse(me.role);
    if (me.kind !== 'officer' || !role.success) {
      throw new AppError('forbidden', 'Chỉ tài khoản cán bộ mới đăng nhập được ở máy trạm.');
    }
    const hash = await hashPassword(password);
    const now = vnIsoMs(new Date());
    this.db.transaction(() => {
      // A same-named local account from before this PC joined the hall steps aside.
      renameOtherAccountNamed(this.db, username, me.id);
      upsertCachedAccount(this.db, {
        id: me.id,
        username,
        name: me.name,
        role: role.data,
        passwordHash: hash,
        mustChangePassword: me.mustChangePassword,
        at: now,
      });
    })();
  }

  /** The hub's password changed through this PC: the cached verifier follows. */
  async changed(accountId: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    setPassword(this.db, accountId, hash, false);
  }

  /** The hub refused this account: no more offline logins here until the hub says yes again. */
  forgetVerifier(accountId: string): void {
    deactivateAccount(this.db, accountId);
  }

  known(username: string): boolean {
    return activeAccountNamed(this.db, username);
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
    putHubSession(this.db, sessionId, hub.token, vnIsoMs(hub.expiresAt));
  }

  hubToken(caller: Caller): string | null {
    if (!caller.sessionId) return null;
    return hubTokenOf(this.db, caller.sessionId, vnIsoMs(new Date())) ?? null;
  }

  forgetHubSession(caller: Caller): void {
    if (caller.sessionId) deleteHubSession(this.db, caller.sessionId);
  }
}
