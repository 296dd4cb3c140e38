/** The password rules: length, letters and digits, the common list, the demo password in production. */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, MIN_PASSWORD_LENGTH, isCommonPassword, isStrongEnough } from './password';

describe('password rules', () => {
  it('asks for at least 10 characters everywhere; the demo password is exactly that long', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(DEMO_PASSWORD).toHaveLength(MIN_PASSWORD_LENGTH);
    for (const env of ['development', 'test', 'production'] as const) {
      expect(isStrongEnough('abcde1234', env)).toBe(false);
      expect(isStrongEnough('Kx7mQ2vLp9', env)).toBe(true);
    }
  });

  it('refuses common passwords whatever their case, and with digits or symbols added at the ends', () => {
    for (const p of ['password12', 'Password123', 'qwertyuiop1', 'Iloveyou2026', '2026dragon2026', 'Football!!2026', 'q1w2e3r4t5']) {
      expect(isCommonPassword(p), p).toBe(true);
      expect(isStrongEnough(p, 'development'), p).toBe(false);
    }
    // Letters inside are not stripped: only a listed password plus padding counts as common.
    expect(isCommonPassword('Neues2026Passwort')).toBe(false);
  });

  it('refuses the published demo password in production only', () => {
    expect(isStrongEnough(DEMO_PASSWORD, 'production')).toBe(false);
    expect(isStrongEnough(DEMO_PASSWORD, 'development')).toBe(true);
    expect(isStrongEnough(DEMO_PASSWORD, 'test')).toBe(true);
  });
});
