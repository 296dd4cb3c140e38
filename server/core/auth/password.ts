/**
 * Password hashing with Node's built-in scrypt (memory-hard, no native dependency).
 * Format: `scrypt$N$r$p$salt$hash`, all base64url, so parameters can be raised later without
 * invalidating stored hashes.
 */
import { readFileSync } from 'node:fs';
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

const N = 16384;
const r = 8;
const p = 1;
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n), r: Number(rr), p: Number(pp), maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

/** Shortest password accepted anywhere (ASVS 5.0 V6.2.1 asks for at least 8; we ask for 10). */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * The published demo password. Seeded demo accounts use it in development and tests; in
 * production nobody may choose it, since everyone who has read the README knows it.
 */
export const DEMO_PASSWORD = 'fugong2026';

let common: ReadonlySet<string> | undefined;
/** The shipped list of common passwords (`common-passwords.txt`, lower-cased), read on first use. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

/**
 * Whether a password is on the common list, ignoring case, also when it is a listed password
 * with digits or symbols added at either end (`Password123`, `!dragon2026`): those are the
 * first guesses of every cracking dictionary.
 */
export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  const lower = password.toLowerCase();
  if (list.has(lower)) return true;
  const core = lower.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
  return core.length >= 6 && list.has(core);
}

/**
 * At least 10 characters with both letters and digits (long enough to resist guessing, easy to
 * type on a phone), not a common password, and — in production — not the published demo one.
 */
export function isStrongEnough(password: string, env: 'development' | 'production' | 'test' = 'production'): boolean {
  if (password.length < MIN_PASSWORD_LENGTH || !/[A-Za-z]/.test(password) || !/\d/.test(password)) return false;
  if (env === 'production' && password === DEMO_PASSWORD) return false;
  return !isCommonPassword(password);
}

/** A hash that never matches, to spend the same time on unknown usernames as on known ones. */
export const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
