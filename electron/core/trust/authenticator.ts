import type { AccountsService } from '../accounts/accounts-service';
import { ANONYMOUS, type Caller } from '../contract/router';
import type { DevicesService } from './devices-service';
import type { RevocationSignal } from './revocation';

/** `Authorization: Bearer <token>` → token; anything else → undefined. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+([A-Za-z0-9_.~+/=-]{1,512})\s*$/i.exec(header);
  return match?.[1];
}

/**
 * One place that turns a credential into a caller, for every transport:
 * officer session tokens (`mcs_…`, from a password login) and device
 * credentials (`mcd_…`, from pairing). No credential → null; the transport
 * answers 401 for everything but the public methods (log in, pair).
 */
export class Authenticator {
  constructor(
    private readonly accounts: AccountsService,
    private readonly devices: DevicesService,
    readonly revocations: RevocationSignal,
  ) {}

  callerFor(token: string | undefined | null): Caller | null {
    if (!token) return null;
    return this.accounts.callerForToken(token) ?? this.devices.callerForCredential(token);
  }

  /** The caller, or the anonymous caller that only public methods accept. */
  callerOrAnonymous(token: string | undefined | null): Caller {
    return this.callerFor(token) ?? ANONYMOUS;
  }
}
