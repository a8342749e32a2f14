import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { AppError } from '../../../shared/contract';
import { VIETNAMESE_WORDS } from './vietnamese-words';

/**
 * zxcvbn's score 3 is "safely unguessable: moderate protection from offline slow-hash scenario"
 * (about 10^8 guesses), the level its authors suggest as a floor for accounts that matter.
 */
export const MINIMUM_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
/** Built on first use: the dictionaries take a moment to index and most processes never set a password. */
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, vietnamese: [...VIETNAMESE_WORDS] },
  });
  return estimator;
}

export interface PasswordVerdict {
  ok: boolean;
  score: number;
  /** Vietnamese, for the officer; absent when the password is accepted. */
  reason?: string;
}

/** Why the estimator found the password weak, in words an officer understands. */
function reasonFor(patterns: readonly string[]): string {
  if (patterns.includes('dictionary')) return 'Mật khẩu chứa từ, tên riêng hoặc mật khẩu phổ biến, dễ bị đoán.';
  if (patterns.includes('sequence')) return 'Mật khẩu là dãy ký tự liên tiếp (như 123456 hoặc abcdef), dễ bị đoán.';
  if (patterns.includes('repeat')) return 'Mật khẩu lặp lại cùng một ký tự hoặc cụm ký tự, dễ bị đoán.';
  if (patterns.includes('spatial')) return 'Mật khẩu là các phím liền nhau trên bàn phím, dễ bị đoán.';
  if (patterns.includes('date')) return 'Mật khẩu chứa ngày tháng (như ngày sinh), dễ bị đoán.';
  return 'Mật khẩu quá dễ đoán.';
}

/**
 * Rates a new password with zxcvbn (English common passwords, names and keyboard patterns, plus our
 * Vietnamese words) and the officer's own names as extra dictionary words.
 */
export function judgePassword(password: string, personal: readonly string[] = []): PasswordVerdict {
  const inputs = personalInputs(personal);
  // Telex users type both "mậtkhẩu" and "matkhau": the weaker reading of the two counts.
  const readings = [...new Set([password, withoutMarks(password)])].map((p) => strength().check(p, inputs));
  const result = readings.reduce((weakest, r) => (r.score < weakest.score ? r : weakest));
  if (result.score >= MINIMUM_SCORE) return { ok: true, score: result.score };
  const patterns = result.sequence.map((m) => m.pattern);
  const mentionsPersonal = result.sequence.some(
    (m) => m.pattern === 'dictionary' && 'dictionaryName' in m && m.dictionaryName === 'userInputs',
  );
  const reason = mentionsPersonal ? 'Mật khẩu chứa tên đăng nhập hoặc họ tên của cán bộ, dễ bị đoán.' : reasonFor(patterns);
  return { ok: false, score: result.score, reason: `${reason} Hãy dùng một câu dài gồm nhiều từ không liên quan.` };
}

/** Vietnamese without its tone and vowel marks, as typed on a keyboard without Telex. */
function withoutMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** A name as the officer would type it in a password: whole, joined, and word by word, without marks. */
function personalInputs(personal: readonly string[]): string[] {
  const words = personal.flatMap((p) => {
    const plain = withoutMarks(p).toLowerCase();
    return [plain, plain.replace(/\s+/g, ''), ...plain.split(/\s+/)];
  });
  return [...new Set(words)].filter((w) => w.length > 1);
}

/** Throws the Vietnamese reason as an invalid_input error, naming the field, when the password is weak. */
export function assertStrongPassword(password: string, personal: readonly string[] = []): void {
  const verdict = judgePassword(password, personal);
  if (!verdict.ok) {
    throw new AppError('invalid_input', verdict.reason ?? 'Mật khẩu quá dễ đoán.', ['newPassword: weak password']);
  }
}
