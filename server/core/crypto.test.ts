import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CryptoError, DEVELOPMENT_KEY_HEX, SecretBox, isSealed, secretBoxFor } from './crypto';

const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0';
const box = SecretBox.fromHex(KEY);

describe('SecretBox (AES-256-GCM)', () => {
  it('round-trips text, including Chinese, empty and long strings', () => {
    for (const plain of ['SECabc123', '13800138000', '330302199001011234', '张三 · 温州', '', 'x'.repeat(10_000)]) {
      const sealed = box.encrypt(plain);
      expect(box.decrypt(sealed)).toBe(plain);
      expect(isSealed(sealed)).toBe(true);
      if (plain) expect(sealed).not.toContain(plain);
    }
  });

  it('writes v1:<iv>:<tag>:<ciphertext> with a fresh 96-bit IV every time', () => {
    const a = box.encrypt('same');
    const b = box.encrypt('same');
    expect(a).not.toBe(b);
    const [version, iv, tag, body] = a.split(':');
    expect(version).toBe('v1');
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(body!, 'base64url')).toHaveLength(4);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
  });

  it('is standard AES-256-GCM: node:crypto opens it directly with the key, IV and tag', () => {
    const [, iv, tag, body] = box.encrypt('互操作', 'purpose.x').split(':');
    const d = createDecipheriv('aes-256-gcm', Buffer.from(KEY, 'hex'), Buffer.from(iv!, 'base64url'));
    d.setAAD(Buffer.from('purpose.x'));
    d.setAuthTag(Buffer.from(tag!, 'base64url'));
    expect(Buffer.concat([d.update(Buffer.from(body!, 'base64url')), d.final()]).toString('utf8')).toBe('互操作');
  });

  it('refuses altered values, another key and another purpose', () => {
    const sealed = box.encrypt('13800138000', 'employee.phone');
    const [v, iv, tag, body] = sealed.split(':') as [string, string, string, string];
    const flip = (s: string) => {
      const buf = Buffer.from(s, 'base64url');
      buf[0] = buf[0]! ^ 1;
      return buf.toString('base64url');
    };
    for (const bad of [[v, flip(iv), tag, body], [v, iv, flip(tag), body], [v, iv, tag, flip(body)]].map((p) => p.join(':'))) {
      expect(() => box.decrypt(bad, 'employee.phone')).toThrow(CryptoError);
    }
    expect(() => SecretBox.fromHex('ab'.repeat(32)).decrypt(sealed, 'employee.phone')).toThrow(CryptoError);
    expect(() => box.decrypt(sealed, 'employee.id_number')).toThrow(CryptoError);
    expect(() => box.decrypt(sealed)).toThrow(CryptoError);
    expect(box.decrypt(sealed, 'employee.phone')).toBe('13800138000');
  });

  it('refuses what is not a sealed value, and tells it apart from plain text', () => {
    for (const plain of ['SECabc123', 'v1:short', 'v2:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA', '']) {
      expect(isSealed(plain)).toBe(false);
      expect(() => box.decrypt(plain)).toThrow(CryptoError);
    }
  });

  it('needs a 32-byte key', () => {
    expect(() => SecretBox.fromHex('abcd')).toThrow(CryptoError);
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(CryptoError);
  });
});

describe('secretBoxFor(config)', () => {
  it('uses FUGONG_SECRET_KEY when set', () => {
    const sealed = secretBoxFor({ env: 'production', secretKeyHex: KEY }).encrypt('x');
    expect(box.decrypt(sealed)).toBe('x');
    // Upper-case hex is the same key.
    expect(secretBoxFor({ env: 'production', secretKeyHex: KEY.toUpperCase() }).decrypt(sealed)).toBe('x');
  });

  it('falls back to the published development key only outside production', () => {
    const sealed = secretBoxFor({ env: 'development', secretKeyHex: undefined }).encrypt('x');
    expect(SecretBox.fromHex(DEVELOPMENT_KEY_HEX).decrypt(sealed)).toBe('x');
    expect(() => box.decrypt(sealed)).toThrow(CryptoError);
    expect(() => secretBoxFor({ env: 'production', secretKeyHex: undefined })).toThrow(/FUGONG_SECRET_KEY/);
  });
});
