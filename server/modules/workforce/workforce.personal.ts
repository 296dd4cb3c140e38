/**
 * Personal data of lent workers (PIPL): phone and ID number sealed at rest with the configured key
 * (`core/crypto.ts`, AES-256-GCM, one purpose per column so a value copied elsewhere does not
 * open), a keyed hash of the ID number to find duplicates without the value, and masked forms
 * for display. No I/O.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Config } from '../../config';
import { DEVELOPMENT_KEY_HEX, secretBoxFor } from '../../core/crypto';

const PHONE = 'workforce.phone';
const ID_NUMBER = 'workforce.id_number';

type KeyConfig = Pick<Config, 'env' | 'secretKeyHex'>;

export const normalisePhone = (phone: string) => phone.replace(/[\s-]/g, '');
export const normaliseIdNumber = (id: string) => id.replace(/\s/g, '').toUpperCase();

/** 138****5678; shorter numbers keep only their last 2 digits. */
export function maskPhone(phone: string): string {
  const p = normalisePhone(phone);
  if (p.length >= 11) return `${p.slice(0, 3)}****${p.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, p.length - 2))}${p.slice(-2)}`;
}

/** 330302********123X: region code and the last 4 characters. */
export function maskIdNumber(id: string): string {
  const v = normaliseIdNumber(id);
  if (v.length < 10) return '*'.repeat(v.length);
  return `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`;
}

export const sealPhone = (config: KeyConfig, phone: string) => secretBoxFor(config).encrypt(normalisePhone(phone), PHONE);
export const openPhone = (config: KeyConfig, sealed: string) => secretBoxFor(config).decrypt(sealed, PHONE);
export const sealIdNumber = (config: KeyConfig, id: string) => secretBoxFor(config).encrypt(normaliseIdNumber(id), ID_NUMBER);
export const openIdNumber = (config: KeyConfig, sealed: string) => secretBoxFor(config).decrypt(sealed, ID_NUMBER);

/** HMAC-SHA-256 of the normalised ID number under a key derived from the configured one. */
export function idNumberHash(config: KeyConfig, id: string): string {
  const master = (config.secretKeyHex ?? DEVELOPMENT_KEY_HEX).toLowerCase();
  const key = createHash('sha256').update(`${master}:workforce.id_number.hash`).digest();
  return createHmac('sha256', key).update(normaliseIdNumber(id)).digest('base64url');
}
