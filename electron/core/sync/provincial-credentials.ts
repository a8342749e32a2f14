import { z } from 'zod';
import { AppError } from '../../../shared/contract';
import type { Handlers } from '../contract/router';
import type { Db } from '../db/database';
import type { SecretBox } from '../db/secret-box';
import type { ProvincialConfig } from './adapter';
import { HttpLink } from './http-link';
import { SettingsStore } from './settings-store';

const KEYS = { url: 'link.url', username: 'link.username', password: 'link.password.sealed' } as const;

export interface SavedCredentials {
  url: string | null;
  username: string | null;
  hasPassword: boolean;
}

/** The provincial address and account set from the sync panel; the password sealed by a SecretBox. */
export class ProvincialCredentials {
  private readonly store: SettingsStore;
  constructor(
    db: Db,
    private readonly box: SecretBox,
  ) {
    this.store = new SettingsStore(db);
  }

  saved(): SavedCredentials {
    return {
      url: this.store.get(KEYS.url) ?? null,
      username: this.store.get(KEYS.username) ?? null,
      hasPassword: this.store.get(KEYS.password) !== undefined,
    };
  }

  /** A password left out keeps the saved one (the panel never receives it back). */
  save(input: { url: string; username: string; password?: string | undefined }): SavedCredentials {
    this.store.set(KEYS.url, input.url);
    this.store.set(KEYS.username, input.username);
    if (input.password !== undefined) this.store.set(KEYS.password, this.box.seal(input.password));
    return this.saved();
  }

  /** The account with its password opened, or null when the panel has not set one. */
  account(): { url: string; username: string; password: string } | null {
    const url = this.store.get(KEYS.url);
    const username = this.store.get(KEYS.username);
    const sealed = this.store.get(KEYS.password);
    return url && username && sealed ? { url, username, password: this.openPassword(sealed) } : null;
  }

  private openPassword(sealed: string): string {
    try {
      return this.box.open(sealed);
    } catch {
      throw new AppError(
        'internal',
        'Mật khẩu kết nối tỉnh đã lưu không mở được bằng khoá hiện có (khoá đã bị thay?). Hãy nhập lại mật khẩu.',
      );
    }
  }

  /** The link the app starts with when no start-up flag gave one. */
  provincialConfig(): ProvincialConfig | undefined {
    const account = this.account();
    return account ? { ...account, autoStart: true } : undefined;
  }
}

// The portal sends error_code as a string ("0"), our dialect as a number.
const SessionAnswerSchema = z.object({ session: z.string().min(1), error_code: z.coerce.number().optional() }).passthrough();
const ErrorAnswerSchema = z.object({ message: z.string().optional(), error_code: z.coerce.number().optional() }).passthrough();

export interface ConnectionCheck {
  ok: boolean;
  /** Vietnamese, for the supervisor. */
  message: string;
}

/** Logs in to the portal once with the given account (both dialects answer `{session}` on success). */
export async function checkProvincialLogin(
  account: { url: string; username: string; password: string },
  link: { authPath: string; dstcode: string; caFile?: string | undefined },
): Promise<ConnectionCheck> {
  let http: HttpLink;
  try {
    http = new HttpLink(account.url, link.caFile, 1);
  } catch {
    return { ok: false, message: `Địa chỉ hệ thống tỉnh không hợp lệ: ${account.url}` };
  }
  try {
    const r = await http.postJson(link.authPath, { username: account.username, password: account.password }, { dstcode: link.dstcode });
    const json = parseJson(r.body.toString('utf8'));
    const session = SessionAnswerSchema.safeParse(json);
    if (r.status >= 200 && r.status < 300 && session.success && (session.data.error_code ?? 0) === 0) {
      return { ok: true, message: `Kết nối thành công: đã đăng nhập hệ thống tỉnh bằng tài khoản ${account.username}.` };
    }
    if (r.status === 401 || r.status === 403 || (r.status < 300 && ErrorAnswerSchema.safeParse(json).success)) {
      return { ok: false, message: 'Hệ thống tỉnh từ chối đăng nhập: sai tên đăng nhập hoặc mật khẩu kết nối.' };
    }
    if (r.status === 404)
      return {
        ok: false,
        message: `Không tìm thấy trang đăng nhập ${link.authPath} trên hệ thống tỉnh: kiểm tra địa chỉ và đường dẫn xác thực.`,
      };
    return { ok: false, message: `Hệ thống tỉnh trả lời lỗi (mã ${r.status}).` };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'Mất kết nối đến hệ thống tỉnh.' };
  } finally {
    http.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The sync panel's account settings; `link` is the dialect in effect (auth path, dstcode) from the sync service. */
export function credentialHandlers(
  credentials: ProvincialCredentials,
  link: () => { authPath: string; dstcode: string; caFile?: string | undefined },
): Pick<Handlers, 'sync.credentials' | 'sync.setCredentials' | 'sync.testConnection'> {
  return {
    'sync.credentials': () => credentials.saved(),
    'sync.setCredentials': (input) => {
      if (input.password === undefined && !credentials.saved().hasPassword)
        throw new AppError('invalid_input', 'Cần mật khẩu kết nối tỉnh.', ['password: required']);
      return credentials.save(input);
    },
    'sync.testConnection': async (input) => {
      const saved = credentials.saved();
      const url = input.url ?? saved.url;
      const username = input.username ?? saved.username;
      const password = input.password ?? (saved.hasPassword && username === saved.username ? credentials.account()?.password : undefined);
      if (!url || !username || password === undefined)
        return { ok: false, message: 'Chưa đủ thông tin: cần địa chỉ, tên đăng nhập và mật khẩu kết nối tỉnh.' };
      return checkProvincialLogin({ url, username, password }, link());
    },
  };
}
