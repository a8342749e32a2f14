import type { z } from 'zod';
import {
  AppError,
  cleanInput,
  contract,
  hasNul,
  isMethodName,
  type Contract,
  type ErrorBody,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
  type CallerRole,
  type Role,
} from '../../../shared/contract';

/** Who made a call, established by the transport before the router sees it. */
export interface Caller {
  /** `anonymous`: no credential; only `public` methods (log in, pair) let it through. */
  role: CallerRole;
  /** Paired device or the Electron window that called. */
  deviceId?: string;
  userId?: string;
  /** Officer session, so a logout or lock ends exactly this one. */
  sessionId?: string;
  /** Display name of the officer or device, for the audit trail. */
  name?: string;
  /** Logged in with a one-time password: only `auth.*` calls until the officer chooses their own. */
  mustChangePassword?: boolean;
}

/** What a caller who must change a one-time password may still do. */
const WHILE_CHANGING_PASSWORD: ReadonlySet<string> = new Set(['auth.whoami', 'auth.logout', 'auth.changePassword', 'system.info']);

export const ANONYMOUS: Caller = { role: 'anonymous' };

export interface CallContext {
  caller: Caller;
}

export type Handler<M extends MethodName> = (input: MethodParsedInput<M>, ctx: CallContext) => MethodOutput<M> | Promise<MethodOutput<M>>;

export type Handlers = { [M in MethodName]: Handler<M> };

export type CallResult = { ok: true; result: unknown } | { ok: false; error: ErrorBody['error'] };

export interface Router {
  /** Validates, checks the caller's role, runs the handler, validates the answer. Never throws. */
  call(method: string, rawInput: unknown, ctx: CallContext): Promise<CallResult>;
}

export interface RouterOptions {
  /** Where unexpected errors go; their text never reaches the caller. */
  logError?: (method: string, error: unknown) => void;
  /**
   * Awaited after every call, before its answer leaves: the core's group commit, so nothing is answered
   * "done" before it is on disk. A failure there is the call's failure.
   */
  settle?: () => Promise<void>;
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const logError = options.logError ?? ((method, error) => console.error(`[${method}]`, error));
  const settle = options.settle ?? (() => Promise.resolve());

  async function dispatch<M extends MethodName>(name: M, rawInput: unknown, ctx: CallContext): Promise<unknown> {
    const spec: Contract[M] = contract[name];
    const isPublic = 'public' in spec && spec.public === true;
    if (!isPublic && ctx.caller.role === 'anonymous') {
      throw new AppError('unauthorized', 'Chưa đăng nhập hoặc thiết bị chưa được ghép nối với máy chủ sảnh.');
    }
    if (!isPublic && !spec.roles.includes(ctx.caller.role as Role)) {
      throw new AppError('forbidden', 'Tài khoản hoặc thiết bị này không được phép thực hiện thao tác này.');
    }
    if (ctx.caller.mustChangePassword && !WHILE_CHANGING_PASSWORD.has(name)) {
      throw new AppError('forbidden', 'Bạn đang dùng mật khẩu một lần: hãy đặt mật khẩu mới trước.');
    }
    if (hasNul(rawInput)) throw new AppError('invalid_input', 'Dữ liệu gửi lên chứa ký tự NUL không hợp lệ.');
    const parsed = spec.input.safeParse(cleanInput(rawInput ?? {}));
    if (!parsed.success) {
      throw new AppError('invalid_input', 'Dữ liệu gửi lên không hợp lệ.', formatIssues(parsed.error));
    }
    const handler = handlers[name] as Handler<M>;
    const result = await handler(parsed.data as MethodParsedInput<M>, ctx);
    // Answers are checked too: a handler that drifts from the contract fails loudly here, not in the UI.
    const checked = spec.output.safeParse(result);
    if (!checked.success) {
      logError(name, new Error(`output does not match contract: ${formatIssues(checked.error).join('; ')}`));
      throw new AppError('internal', 'Lỗi nội bộ: dữ liệu trả về không đúng hợp đồng.');
    }
    return checked.data;
  }

  return {
    async call(method, rawInput, ctx) {
      if (!isMethodName(method)) {
        return { ok: false, error: { code: 'unknown_method', message: `Không có chức năng "${method}".` } };
      }
      try {
        const result = await dispatch(method, rawInput, ctx).finally(settle);
        return { ok: true, result };
      } catch (error) {
        if (error instanceof AppError) return { ok: false, error: error.toBody().error };
        logError(method, error);
        return { ok: false, error: { code: 'internal', message: 'Lỗi nội bộ. Vui lòng thử lại hoặc báo bộ phận kỹ thuật.' } };
      }
    },
  };
}
