/**
 * Turning a session opened offline at a workstation (cached verifier, hub
 * down) into a hub session once the hub is back, without the officer typing
 * the password again.
 *
 * Design: a resume grant, issued by the hub at each online login through a
 * workstation, bound to that workstation (its device credential) and that
 * account (role and password as they were), valid 7 days. The workstation
 * keeps it only sealed under a key derived from the officer's password
 * (scrypt, AES-256-GCM), so what lies on its disk opens nothing: the grant
 * comes out only when the officer types the right password at an offline
 * login, and then lives in memory for that session until it is exchanged.
 *
 * Why not keep the password in memory until the hub returns: it would sit in
 * the workstation's memory for a whole working day and be replayed to the
 * hub's `auth.login`, where a password changed meanwhile counts as a wrong
 * guess towards the lock-out, and a disabled account can only answer "wrong
 * password" (that answer must not tell which names exist). A grant is useless
 * without this workstation's credential over its pinned TLS, can be voided at
 * the hub, and lets the hub say exactly why it refuses: account disabled,
 * locked, role or password changed while the workstation was cut off.
 */
import { vnIsoMs } from '../../../shared/vn-time';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError, type OfficerRole } from '../../../shared/contract';
import type { AccountsService } from '../accounts/accounts-service';
import { tokenHash } from '../accounts/accounts-service';
import { passwordKey } from '../accounts/password';
import type { Caller } from '../contract/router';
import type { Db } from '../db/database';
import type { SecretBox } from '../db/secret-box';
import type { HubLogin } from './cached-login';
import {
  deletePendingResume,
  deleteResumeGrant,
  deleteResumeGrantsOf,
  deleteSealedGrant,
  hasPendingResume,
  insertResumeGrant,
  pendingResumeOf,
  pendingResumeSessions,
  putPendingResume,
  putSealedGrant,
  resumeGrantByHash,
  sealedGrantOf,
} from './hall-link-store';

export const RESUME_GRANT_DAYS = 7;
const GRANT_PREFIX = 'mcr_';

export const RESUME_REFUSED = {
  unknown:
    'Máy chủ sảnh không nhận phiên đăng nhập lúc mất kết nối (quá hạn hoặc đã bị thu hồi). Hãy đăng nhập lại để làm việc với hàng đợi.',
  gone: 'Tài khoản này không còn ở máy chủ sảnh: phiên làm việc ở máy này đã kết thúc.',
  disabled: 'Tài khoản đã bị vô hiệu hoá ở máy chủ sảnh trong lúc máy này mất kết nối: phiên làm việc ở máy này đã kết thúc.',
  locked: 'Tài khoản đang tạm khoá ở máy chủ sảnh (nhập sai mật khẩu nhiều lần): phiên làm việc ở máy này đã kết thúc.',
  role: 'Vai trò của tài khoản đã thay đổi ở máy chủ sảnh trong lúc máy này mất kết nối: hãy đăng nhập lại để nhận đúng quyền.',
  password: 'Mật khẩu của tài khoản đã được đổi ở máy chủ sảnh trong lúc máy này mất kết nối: hãy đăng nhập lại bằng mật khẩu mới.',
} as const;

/** The hub's side: grants for workstations, and their exchange for a session. */
export class ResumeGrants {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `hall.grantResume`: the caller is the workstation; `session` the officer's hub session it has just opened. */
  grant(session: string, caller: Caller): { grant: string; expiresAt: string } {
    const officer = this.accounts.callerForToken(session);
    if (caller.role !== 'counter-device' || !caller.deviceId)
      throw new AppError('forbidden', 'Chỉ máy trạm đã ghép nối mới nhận được quyền nối lại phiên.');
    if (!officer?.userId || !isOfficerRole(officer.role)) throw new AppError('unauthorized', RESUME_REFUSED.unknown);
    const grant = GRANT_PREFIX + randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = vnIsoMs(now.getTime() + RESUME_GRANT_DAYS * 86_400_000);
    const row = {
      hash: tokenHash(grant),
      account: officer.userId,
      device: caller.deviceId,
      role: officer.role,
      digest: this.accounts.passwordDigest(officer.userId),
      now: vnIsoMs(now),
      expiresAt,
    };
    this.db.transaction(() => {
      // One grant per officer and workstation: the newest login's.
      deleteResumeGrantsOf(this.db, row.account, row.device);
      insertResumeGrant(this.db, row);
    })();
    return { grant, expiresAt };
  }

  /** `hall.resumeSession`: only the workstation the grant was made for; the account as it is now decides. */
  resume(grant: string, caller: Caller): HubLogin {
    const row = resumeGrantByHash(this.db, tokenHash(grant));
    if (!row || row.device_id !== caller.deviceId || row.expires_at <= vnIsoMs(this.now())) {
      throw new AppError('unauthorized', RESUME_REFUSED.unknown);
    }
    const outcome = this.accounts.resumeSession(row.account_id, { role: row.role, passwordDigest: row.password_digest }, caller);
    if (outcome.ok) return outcome.login;
    // What the hub changed stays changed: this grant can never become good again.
    deleteResumeGrant(this.db, tokenHash(grant));
    throw new AppError('forbidden', RESUME_REFUSED[outcome.reason]);
  }
}

function isOfficerRole(role: string): role is OfficerRole {
  return role === 'officer' || role === 'supervisor' || role === 'admin';
}

/** The workstation's side: each officer's grant at rest, sealed under their password. */
export class SealedGrants {
  constructor(private readonly db: Db) {}

  async seal(accountId: string, password: string, grant: { grant: string; expiresAt: string }): Promise<void> {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await passwordKey(password, salt), iv);
    cipher.setAAD(Buffer.from(accountId, 'utf8'));
    const sealed = Buffer.concat([cipher.update(grant.grant, 'utf8'), cipher.final()]);
    putSealedGrant(this.db, accountId, {
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      sealed: sealed.toString('base64'),
      expires_at: grant.expiresAt,
    });
  }

  /** The grant, when this password seals it and it has not run out; null otherwise (no grant here, another password). */
  async open(accountId: string, password: string): Promise<string | null> {
    const row = sealedGrantOf(this.db, accountId);
    if (!row || row.expires_at <= vnIsoMs(Date.now())) return null;
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        await passwordKey(password, Buffer.from(row.salt, 'base64')),
        Buffer.from(row.iv, 'base64'),
      );
      decipher.setAAD(Buffer.from(accountId, 'utf8'));
      decipher.setAuthTag(Buffer.from(row.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(row.sealed, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  forget(accountId: string): void {
    deleteSealedGrant(this.db, accountId);
  }
}

/**
 * The workstation's side, after an offline login: sessions waiting for the hub and the grant each
 * will trade. Kept in the database (sealed by the secret box, as the provincial password is), not in
 * memory only, so a workstation restarted before the hub returns still resumes them.
 */
export class PendingResumes {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  hold(sessionId: string, username: string, grant: string): void {
    putPendingResume(this.db, sessionId, { username, sealed_grant: this.box.seal(grant) });
  }

  /** The grant waiting for this session, or null (none, or sealed under a key this machine no longer has). */
  grantFor(sessionId: string): { username: string; grant: string } | null {
    const row = pendingResumeOf(this.db, sessionId);
    if (!row) return null;
    try {
      return { username: row.username, grant: this.box.open(row.sealed_grant) };
    } catch {
      this.drop(sessionId);
      return null;
    }
  }

  has(sessionId: string): boolean {
    return hasPendingResume(this.db, sessionId);
  }

  sessions(): string[] {
    return pendingResumeSessions(this.db);
  }

  drop(sessionId: string): void {
    deletePendingResume(this.db, sessionId);
  }
}
