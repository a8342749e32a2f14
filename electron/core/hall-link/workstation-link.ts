/**
 * A workstation's side of the hall: the hub connection, the methods that go
 * to the hub (the queue, the hall's configuration, accounts), the hub's events
 * relayed to this PC's windows, logins checked by the hub with a cached
 * verifier for hub outages, the clock check and the periodic report.
 * The renderer keeps talking to its local core only.
 */
import {
  AppError,
  CLOCK_SKEW_LIMIT_MS,
  contract,
  events,
  isEventName,
  type DoctorCheck,
  type EventName,
  type HallLinkStatus,
  type MethodName,
  type MethodOutput,
  type ReplicationBacklog,
} from '../../../shared/contract';
import type { AccountsService } from '../accounts/accounts-service';
import type { CallContext, Caller, Handler, Handlers } from '../contract/router';
import type { Db } from '../db/database';
import { runChecks, type HealthSource } from '../devices/health';
import type { EventBus } from '../events';
import { CachedLogins, HubLoginSchema, type HubLogin } from './cached-login';
import type { CredentialStore, HallCredential } from './hall-credential';
import { HubConnection, type HubConnectionOptions } from './hub-connection';
import { HubLinkError, PIN_MISMATCH_MESSAGE, REVOKED_MESSAGE } from './pinned-https';
import { PendingResumes, SealedGrants } from './session-resume';
import type { SecretBox } from '../db/secret-box';

/** Calls that belong to the hall, not to this PC: answered by the hub. */
export function isHubMethod(method: MethodName): boolean {
  return (
    method.startsWith('queue.') ||
    method.startsWith('accounts.') ||
    ['hall.config', 'hall.saveService', 'hall.saveCounter'].includes(method)
  );
}

/** Hub events this PC's windows need: the hall queue and configuration. */
export function isRelayedEvent(event: string): event is EventName {
  return isEventName(event) && (event.startsWith('queue.') || event === 'hall.changed');
}

export const NOT_JOINED_MESSAGE =
  'Máy trạm chưa ghép nối với máy chủ sảnh. Tạo mã ở Giám sát → Ghép nối thiết bị (máy trạm) rồi chạy: npm run cli -- join-hall --hub URL --code MÃ --data THƯ_MỤC';
const OFFLINE_SESSION =
  'Bạn đăng nhập khi mất kết nối máy chủ sảnh, nên máy chủ chưa xác nhận phiên này. Hãy đăng xuất rồi đăng nhập lại để làm việc với hàng đợi.';
export const AWAITING_HUB =
  'Bạn đăng nhập khi mất kết nối máy chủ sảnh. Khi kết nối trở lại, máy chủ sẽ tự xác nhận phiên này (không cần đăng nhập lại); đến lúc đó hàng đợi tạm dừng.';

export interface WorkstationLinkOptions {
  db: Db;
  bus: EventBus;
  accounts: AccountsService;
  store: CredentialStore;
  hubUrl: string;
  station: number;
  version: string;
  reportEveryMs: number;
  /** This PC's health checks, sent to the hub in each report. */
  health: () => readonly HealthSource[];
  connection?: Partial<HubConnectionOptions>;
  /** Seals what must survive a restart but open nothing from a copy of the database: the pending resume grants. */
  secretBox: SecretBox;
}

export class WorkstationLink {
  readonly connection: HubConnection | null;
  private readonly credential: HallCredential | null;
  private readonly logins: CachedLogins;
  private backlogSource: () => ReplicationBacklog = () => ({ items: 0, bytes: 0, oldestAt: null });
  private reportTimer: NodeJS.Timeout | null = null;
  private lastEmitted = '';
  private reporting = false;
  private readonly sealed: SealedGrants;
  /** Sessions opened against the cached verifier, each with its grant, until the hub trades it. */
  private readonly pending: PendingResumes;
  /** One exchange per session at a time (parallel queue calls share it). */
  private readonly resuming = new Map<string, Promise<string | null>>();
  /** Why the hub refused an officer's resumed session, by username (told at their next login here) and by session. */
  private readonly refusals = new Map<string, string>();
  private readonly refusedSessions = new Map<string, string>();

  constructor(private readonly options: WorkstationLinkOptions) {
    this.credential = options.store.load();
    this.logins = new CachedLogins(options.db, options.accounts);
    this.sealed = new SealedGrants(options.db);
    this.pending = new PendingResumes(options.db, options.secretBox);
    this.connection = this.credential
      ? new HubConnection({
          hubUrl: options.hubUrl,
          pin: { certPem: this.credential.certPem, fingerprint: this.credential.fingerprint },
          credential: this.credential.credential,
          ...options.connection,
        })
      : null;
  }

  /** Replication tells the report what waits to reach the hub. */
  setBacklogSource(source: () => ReplicationBacklog): void {
    this.backlogSource = source;
  }

  start(): void {
    const connection = this.connection;
    if (!connection) return;
    connection.onEvent((frame) => {
      if (!isRelayedEvent(frame.event)) return;
      const payload = events[frame.event].safeParse(frame.payload);
      if (payload.success) this.options.bus.emit(frame.event, payload.data as never);
    });
    connection.onState((online) => {
      this.emitStatus();
      if (!online) return;
      void this.resumeAll();
      void this.resyncQueue();
      void this.report();
    });
    connection.start();
    this.reportTimer = setInterval(() => void this.report(), this.options.reportEveryMs);
    this.reportTimer.unref();
  }

  async close(): Promise<void> {
    if (this.reportTimer) clearInterval(this.reportTimer);
    await this.connection?.close();
  }

  status(): HallLinkStatus {
    const state = this.connection?.state();
    return {
      role: 'workstation',
      hubUrl: this.options.hubUrl,
      station: this.options.station,
      joined: this.connection !== null,
      online: state?.online ?? false,
      lastContactAt: state?.lastContactAt ?? null,
      clockSkewMs: state?.clockSkewMs ?? null,
      warning: this.warning(),
    };
  }

  private warning(): string | null {
    const state = this.connection?.state();
    if (!state) return NOT_JOINED_MESSAGE;
    if (state.lastFailure === 'pin') return PIN_MISMATCH_MESSAGE;
    if (state.lastFailure === 'revoked') return REVOKED_MESSAGE;
    if (state.clockSkewMs !== null && Math.abs(state.clockSkewMs) > CLOCK_SKEW_LIMIT_MS) return clockMessage(state.clockSkewMs);
    if (!state.online) return 'Mất kết nối máy chủ sảnh: hàng đợi tạm dừng; hồ sơ vẫn tiếp nhận và lưu ở máy này.';
    return null;
  }

  private emitStatus(): void {
    const status = this.status();
    const key = JSON.stringify({ ...status, lastContactAt: null });
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    this.options.bus.emit('hall.linkChanged', status);
  }

  /** Events missed while the hub was away: the windows get the hub's whole queue again, as on a reconnect of their own. */
  private async resyncQueue(): Promise<void> {
    const state = await this.connection?.call('queue.state', {}).catch(() => null);
    const checked = events['queue.changed'].safeParse(state);
    if (checked.success) this.options.bus.emit('queue.changed', checked.data);
  }

  /** Version, station, clock, backlog and device health to the hub's supervisor page. */
  async report(): Promise<void> {
    const connection = this.connection;
    // Device checks can take seconds (a scanner, a printer): never two reports at once.
    if (!connection || this.reporting) return;
    this.reporting = true;
    try {
      if (connection.online) await connection.measureClock();
      this.emitStatus();
      const health = await runChecks(this.options.health().filter((s) => s.id !== 'hall-link'));
      await connection.call('hall.report', {
        station: this.options.station,
        version: this.options.version,
        sentAt: new Date().toISOString(),
        clockSkewMs: connection.state().clockSkewMs,
        backlog: this.backlogSource(),
        health,
      });
    } catch {
      // The next report tries again; the link state already says the hub is away.
    } finally {
      this.reporting = false;
    }
  }

  /** doctor and the supervisor page: the link and the clock, measured now if the socket is not up yet. */
  health(): HealthSource {
    return {
      id: 'hall-link',
      check: async (): Promise<DoctorCheck> => {
        const name = 'Kết nối máy chủ sảnh';
        const connection = this.connection;
        if (!connection) return { id: 'hall-link', name, status: 'error', detail: NOT_JOINED_MESSAGE };
        const skew = await connection.measureClock();
        const state = connection.state();
        if (state.lastFailure === 'pin') return { id: 'hall-link', name, status: 'error', detail: PIN_MISMATCH_MESSAGE };
        if (skew === null) return { id: 'hall-link', name, status: 'warn', detail: `Không liên lạc được ${this.options.hubUrl}.` };
        if (Math.abs(skew) > CLOCK_SKEW_LIMIT_MS) return { id: 'hall-link', name, status: 'warn', detail: clockMessage(skew) };
        return {
          id: 'hall-link',
          name,
          status: 'ok',
          detail: `Đã kết nối ${this.options.hubUrl}; đồng hồ lệch ${Math.round(skew / 1000)} giây.`,
        };
      },
    };
  }

  /** Handlers that replace the local ones at a workstation. */
  overrides(local: Handlers): Partial<Handlers> {
    const forwarded: Partial<Record<MethodName, unknown>> = {};
    for (const method of Object.keys(contract) as MethodName[]) if (isHubMethod(method)) forwarded[method] = this.forward(method);
    return {
      ...(forwarded as Partial<Handlers>),
      'hall.linkStatus': () => this.status(),
      'auth.login': (input, ctx) => this.login(input.username, input.password, ctx),
      'auth.logout': async (input, ctx) => {
        const token = this.logins.hubToken(ctx.caller);
        this.logins.forgetHubSession(ctx.caller);
        if (ctx.caller.sessionId) this.pending.drop(ctx.caller.sessionId);
        if (token && this.connection) void this.connection.call('auth.logout', {}, { token }).catch(() => undefined);
        return local['auth.logout'](input, ctx);
      },
      'auth.changePassword': async (input, ctx) => {
        await this.toHub('auth.changePassword', input, ctx);
        if (ctx.caller.userId) await this.logins.changed(ctx.caller.userId, input.newPassword);
        // The hub's grant was made under the old password and no longer resumes: a new one, sealed under the new one.
        const token = this.logins.hubToken(ctx.caller);
        if (ctx.caller.userId && token) await this.keepGrant(ctx.caller.userId, input.newPassword, token);
        return null;
      },
    };
  }

  private async login(username: string, password: string, ctx: CallContext): Promise<MethodOutput<'auth.login'>> {
    if (this.connection) {
      try {
        const hub = HubLoginSchema.parse(await this.connection.call('auth.login', { username, password }));
        await this.logins.remember(username, password, hub.me);
        const local = await this.options.accounts.login(username, password, ctx.caller);
        this.logins.bindHubSession(local.token, hub);
        this.refusals.delete(username);
        await this.keepGrant(hub.me.id, password, hub.token);
        return local;
      } catch (error) {
        // Only an unreachable hub falls back to the cached verifier; a hub that said no has said no.
        if (!(error instanceof HubLinkError)) throw this.toldRefusal(username, error);
      }
    }
    const local = await this.logins.login(username, password, ctx.caller);
    await this.holdGrant(username, password, local.token);
    return local;
  }

  /** A hub that refused this officer's resumed session answers any login "wrong password": say what really happened. */
  private toldRefusal(username: string, error: unknown): unknown {
    const refusal = this.refusals.get(username);
    return refusal && error instanceof AppError && error.code === 'unauthorized' ? new AppError('unauthorized', refusal) : error;
  }

  /** After an online login: the hub's resume grant for this officer here, sealed under the password just checked. */
  private async keepGrant(accountId: string, password: string, hubSession: string): Promise<void> {
    try {
      const answer = await this.connection?.call('hall.grantResume', { session: hubSession });
      const grant = contract['hall.grantResume'].output.safeParse(answer);
      if (grant.success) await this.sealed.seal(accountId, password, grant.data);
    } catch {
      // Without a grant an offline session here cannot be resumed; the login itself stands.
    }
  }

  /** An offline login: its grant comes out of the seal with the password and waits for the hub (across restarts). */
  private async holdGrant(username: string, password: string, localToken: string): Promise<void> {
    const caller = this.options.accounts.callerForToken(localToken);
    if (!caller?.sessionId || !caller.userId) return;
    const grant = await this.sealed.open(caller.userId, password);
    if (!grant) return;
    this.pending.hold(caller.sessionId, username, grant);
    if (this.connection?.online) void this.resume(caller.sessionId).catch(() => undefined);
  }

  private async resumeAll(): Promise<void> {
    await Promise.all(this.pending.sessions().map((sessionId) => this.resume(sessionId).catch(() => undefined)));
  }

  /** The hub session for an offline session, once the hub is back; null while it is not. Throws the hub's refusal. */
  private resume(sessionId: string): Promise<string | null> {
    const running = this.resuming.get(sessionId);
    if (running) return running;
    const exchange = this.exchange(sessionId).finally(() => this.resuming.delete(sessionId));
    this.resuming.set(sessionId, exchange);
    return exchange;
  }

  private async exchange(sessionId: string): Promise<string | null> {
    const connection = this.connection;
    if (!connection) return null;
    const entry = this.pending.grantFor(sessionId);
    if (!entry) return null;
    const caller = this.options.accounts.callerForSession(sessionId);
    if (!caller) {
      // Ended or run out here meanwhile: nothing left to resume.
      this.pending.drop(sessionId);
      return null;
    }
    let hub: HubLogin;
    try {
      hub = HubLoginSchema.parse(await connection.call('hall.resumeSession', { grant: entry.grant }));
    } catch (error) {
      // Still away (or an answer cut on the way): the grant waits for the next reconnect.
      if (!(error instanceof AppError) || error instanceof HubLinkError || (error.code !== 'unauthorized' && error.code !== 'forbidden'))
        return null;
      this.refuse(sessionId, caller, entry.username, error.message);
      throw error;
    }
    this.pending.drop(sessionId);
    if (!this.options.accounts.callerForSession(sessionId)) {
      // Logged out here while the exchange ran: the hub session ends too.
      void connection.call('auth.logout', {}, { token: hub.token }).catch(() => undefined);
      return null;
    }
    this.logins.bindSession(sessionId, hub);
    return hub.token;
  }

  /** The hub has said no to this officer (disabled, locked, role or password changed): nothing of theirs goes on here. */
  private refuse(sessionId: string, caller: Caller, username: string, message: string): void {
    this.pending.drop(sessionId);
    this.refusals.set(username, message);
    this.refusedSessions.set(sessionId, message);
    if (caller.userId) {
      this.sealed.forget(caller.userId);
      this.logins.forgetVerifier(caller.userId);
    }
    this.options.accounts.logout(caller);
  }

  private forward<M extends MethodName>(method: M): Handler<M> {
    return (input, ctx) => this.toHub(method, input, ctx);
  }

  private async toHub<M extends MethodName>(method: M, input: unknown, ctx: CallContext): Promise<MethodOutput<M>> {
    const connection = this.connection;
    if (!connection) throw new AppError('unavailable', NOT_JOINED_MESSAGE);
    const sessionId = ctx.caller.sessionId;
    let token = sessionId ? this.logins.hubToken(ctx.caller) : undefined;
    if (token === null && sessionId && this.pending.has(sessionId)) {
      token = await this.resume(sessionId);
      if (token === null) throw new AppError('unavailable', AWAITING_HUB);
    }
    const refused = sessionId ? this.refusedSessions.get(sessionId) : undefined;
    if (token === null && refused) throw new AppError('forbidden', refused);
    if (token === null) throw new AppError('unavailable', OFFLINE_SESSION);
    let answer: unknown;
    try {
      answer = await connection.call(method, input, token ? { token } : {});
    } catch (error) {
      // The hub ended the officer's session (logout elsewhere, account disabled): so does this PC.
      if (error instanceof AppError && error.code === 'unauthorized' && token) {
        this.logins.forgetHubSession(ctx.caller);
        this.options.accounts.logout(ctx.caller);
      }
      throw error;
    }
    const checked = contract[method].output.safeParse(answer);
    if (!checked.success) throw new AppError('unavailable', 'Máy chủ sảnh trả lời không đúng định dạng (có thể khác phiên bản phần mềm).');
    return checked.data as MethodOutput<M>;
  }
}

export function clockMessage(skewMs: number): string {
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  const way = skewMs > 0 ? 'chậm' : 'nhanh';
  return `Đồng hồ máy này ${way} ${minutes} phút so với máy chủ sảnh: mã hồ sơ và ngày hẹn trả dùng đồng hồ của máy này. Hãy chỉnh giờ (đồng bộ NTP).`;
}
