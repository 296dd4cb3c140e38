/**
 * Encryption at rest for short secrets (today: group-robot webhook signing secrets and webhook
 * addresses, which carry the robot's access token): AES-256-GCM with the 32-byte key of FUGONG_SECRET_KEY, a random 96-bit
 * IV per value and a 128-bit authentication tag. A sealed value is one line of text,
 *
 *     v1:<iv>:<tag>:<ciphertext>        (each part base64url)
 *
 * so it fits any text column on both dialects, and the version prefix leaves room for a new
 * algorithm or key later. An optional `purpose` (additional authenticated data, e.g.
 * `webhook.secret`) binds a value to where it belongs: a ciphertext copied into another column
 * does not decrypt there. Tampering, a wrong key or a wrong purpose all fail with `CryptoError`.
 *
 * Without FUGONG_SECRET_KEY (development and tests only — production refuses to start without
 * it) a fixed, published development key is used: values are sealed the same way, but anyone
 * with this source can open them.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^v1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

/** The key used when FUGONG_SECRET_KEY is not set (never in production). Not a secret. */
export const DEVELOPMENT_KEY_HEX = createHash('sha256').update('fugong development key: not secret').digest('hex');

export class CryptoError extends Error {}

/** Whether `value` has the shape of a sealed value (as opposed to legacy plain text). */
export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new CryptoError('the key must be 32 bytes');
    this.#key = Buffer.from(key);
  }

  static fromHex(hex: string): SecretBox {
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new CryptoError('the key must be 64 hex characters');
    return new SecretBox(Buffer.from(hex, 'hex'));
  }

  /** Seals `plain`; every call gives a different text (fresh IV). */
  encrypt(plain: string, purpose = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  /** Opens a sealed value; throws `CryptoError` when it is malformed, altered, or sealed with another key or purpose. */
  decrypt(sealed: string, purpose = ''): string {
    const m = SEALED.exec(sealed);
    if (!m) throw new CryptoError('not a sealed value');
    const decipher = createDecipheriv(ALGORITHM, this.#key, Buffer.from(m[1]!, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(Buffer.from(m[2]!, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(m[3]!, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new CryptoError('the value cannot be opened with this key (altered, or sealed with another key or purpose)');
    }
  }
}

const boxes = new Map<string, SecretBox>();

/** The box of the configured key (FUGONG_SECRET_KEY), or of the development key when none is set outside production. */
export function secretBoxFor(config: Pick<Config, 'env' | 'secretKeyHex'>): SecretBox {
  if (!config.secretKeyHex && config.env === 'production') throw new CryptoError('FUGONG_SECRET_KEY is required in production');
  const hex = (config.secretKeyHex ?? DEVELOPMENT_KEY_HEX).toLowerCase();
  let box = boxes.get(hex);
  if (!box) {
    box = SecretBox.fromHex(hex);
    boxes.set(hex, box);
  }
  return box;
}
