import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with Node's built-in scrypt (memory-hard, runs on libuv's
 * thread pool so the event loop never waits for it). The parameters live in
 * the stored string, so they can be raised later without breaking old hashes:
 * `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** N=2^15, r=8: 32 MiB and roughly 50–100 ms per hash on a counter PC (OWASP's scrypt minimum is N=2^17/r=8/p=1 or equivalent; see README). */
export const DEFAULT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** A 32-byte key from a password (the hall workstation seals its resume grant with it; never stored). */
export function passwordKey(password: string, salt: Buffer): Promise<Buffer> {
  return derive(password, salt, DEFAULT_PARAMS);
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!N || !r || !p || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await derive(password, salt, { N, r, p });
  return timingSafeEqual(key, expected);
}

/** A hash of a random password, verified against for unknown usernames so timing does not reveal which names exist. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

// No 0/O, 1/l/I: read aloud or from a console and typed correctly the first time.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** One-time password: 12 characters in groups of four, about 59 bits. */
export function oneTimePassword(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((g) => g.join('')).join('-');
}
