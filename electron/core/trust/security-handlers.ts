import { AppError } from '../../../shared/contract';
import type { AccountsService } from '../accounts/accounts-service';
import { assertStrongPassword } from '../accounts/password-policy';
import { listAudit, verifyAudit } from '../audit/audit-log';
import type { Handlers } from '../contract/router';
import type { Db } from '../db/database';
import type { PrivacyService } from '../privacy/privacy-service';
import type { DevicesService } from './devices-service';

type SecurityMethods =
  | 'auth.login'
  | 'auth.pair'
  | 'auth.whoami'
  | 'auth.logout'
  | 'auth.changePassword'
  | 'accounts.list'
  | 'accounts.save'
  | 'accounts.resetPassword'
  | 'accounts.unlock'
  | 'devices.createPairingCode'
  | 'devices.list'
  | 'devices.revoke'
  | 'audit.list'
  | 'audit.verify'
  | 'privacy.retention'
  | 'privacy.setRetention'
  | 'privacy.exportCitizen';

/** The officer's username and name: a password built from them is the first thing an attacker tries. */
function personalWords(accounts: AccountsService, userId: string | undefined): string[] {
  const account = userId ? accounts.list().find((a) => a.id === userId) : undefined;
  return account ? [account.username, account.displayName] : [];
}

export function securityHandlers(deps: {
  db: Db;
  accounts: AccountsService;
  devices: DevicesService;
  privacy: PrivacyService;
}): Pick<Handlers, SecurityMethods> {
  const { db, accounts, devices, privacy } = deps;
  return {
    'auth.login': (input, ctx) => accounts.login(input.username, input.password, ctx.caller),
    'auth.pair': (input, ctx) => devices.pair(input.code, input.name, ctx.caller),
    'auth.whoami': (_input, { caller }) => {
      if (caller.userId) return accounts.meFor(caller.userId);
      if (caller.deviceId && caller.role !== 'anonymous' && ['kiosk', 'display', 'counter-device'].includes(caller.role)) {
        return devices.meFor(caller.deviceId);
      }
      // The Electron window of the counter PC before anyone logs in never reaches here: it is anonymous.
      throw new AppError('unauthorized', 'Chưa đăng nhập.');
    },
    'auth.logout': (_input, { caller }) => {
      accounts.logout(caller);
      return null;
    },
    'auth.changePassword': async (input, { caller }) => {
      // Judged before the current password is checked or anything is hashed: the reason names only the new one.
      assertStrongPassword(input.newPassword, personalWords(accounts, caller.userId));
      await accounts.changePassword(caller, input.currentPassword, input.newPassword);
      return null;
    },
    'accounts.list': () => accounts.list(),
    'accounts.save': (input, { caller }) => accounts.save(input, caller),
    'accounts.resetPassword': async (input, { caller }) => ({ oneTimePassword: await accounts.resetPassword(input.id, caller) }),
    'accounts.unlock': (input, { caller }) => accounts.unlock(input.id, caller),
    'devices.createPairingCode': (input, { caller }) => devices.createPairingCode(input.role, input.name, caller),
    'devices.list': () => devices.list(),
    'devices.revoke': (input, { caller }) => devices.revoke(input.id, caller),
    'audit.list': (input) => listAudit(db, input.limit, input.beforeSeq),
    'audit.verify': () => verifyAudit(db),
    'privacy.retention': () => privacy.retention(),
    'privacy.setRetention': (input) => privacy.setRetention(input),
    'privacy.exportCitizen': (input, { caller }) => privacy.exportCitizen(input.idNumber, caller),
  };
}
