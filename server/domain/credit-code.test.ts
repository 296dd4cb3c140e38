import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CREDIT_CODE_ALPHABET,
  CREDIT_CODE_WEIGHTS,
  computeCheckChar,
  createCreditCodeFactory,
  creditCodeFor,
  makeCreditCode,
  organisationCodeCheck,
  validateCreditCode,
} from './credit-code';
import { createRng } from './prng';

const codeChar = fc.constantFrom(...CREDIT_CODE_ALPHABET);
const body17 = fc.array(codeChar, { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));

describe('weights and alphabet', () => {
  it('are the GB 32100 constants: 31 symbols without I O Z S V, weights 3^i mod 31', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const ch of 'IOZSV') expect(CREDIT_CODE_ALPHABET).not.toContain(ch);
    CREDIT_CODE_WEIGHTS.forEach((w, i) => {
      let p = 1;
      for (let k = 0; k < i; k += 1) p = (p * 3) % 31;
      expect(w).toBe(p);
    });
  });
});

describe('published codes', () => {
  // Both are widely published examples, checked by hand against the algorithm before being
  // kept here (Σ value·weight mod 31 → 31 − r): both pass. Their organisation-code bodies
  // (M000100Y-4 and 71255822-1) also satisfy GB 11714.
  it.each(['91350100M000100Y43', '913300007125582210'])('%s validates', (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, code });
  });

  it('91330000MA27U0HJ4M, quoted in the brief with a question mark, does not: its check is 6', () => {
    expect(validateCreditCode('91330000MA27U0HJ4M')).toEqual({
      ok: false,
      reason: 'checkDigit',
      expected: '6',
    });
  });

  it('organisation-code checks of the published bodies', () => {
    expect(organisationCodeCheck('71255822')).toBe('1');
    expect(organisationCodeCheck('M000100Y')).toBe('4');
  });
});

describe('computeCheckChar', () => {
  it('matches a hand computation', () => {
    // 91330302 + MA0000000: values 9,1,3,3,0,3,0,2, M=21, A=10, then zeros.
    // Σ = 9·1 + 1·3 + 3·9 + 3·27 + 0 + 3·26 + 0 + 2·17 + 21·20 + 10·29 = 942; 942 mod 31 = 12;
    // 31 − 12 = 19 → 'K' (alphabet index 19).
    expect(computeCheckChar('91330302MA0000000')).toBe('K');
    // All zeros: Σ = 0 → 31 → 0.
    expect(computeCheckChar('00000000000000000')).toBe('0');
  });

  it('rejects malformed bodies', () => {
    expect(() => computeCheckChar('9133030')).toThrow(RangeError);
    expect(() => computeCheckChar('91330302MA000000I')).toThrow(RangeError);
    expect(() => computeCheckChar('91330302ma0000000')).toThrow(RangeError);
  });
});

describe('validateCreditCode', () => {
  it('normalises whitespace and case', () => {
    expect(validateCreditCode('  91350100m000100y43 \n')).toEqual({ ok: true, code: '91350100M000100Y43' });
  });

  it('reports length, then charset, then check digit', () => {
    expect(validateCreditCode('')).toEqual({ ok: false, reason: 'length' });
    expect(validateCreditCode('9135010')).toEqual({ ok: false, reason: 'length' });
    expect(validateCreditCode('91350100M000100Y430')).toEqual({ ok: false, reason: 'length' });
    expect(validateCreditCode('91350100M000100O43')).toEqual({ ok: false, reason: 'charset' });
    expect(validateCreditCode('91350100M000100Y4-')).toEqual({ ok: false, reason: 'charset' });
    expect(validateCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'checkDigit', expected: '3' });
  });

  it('accepts every 17-char body followed by its computed check', () => {
    fc.assert(
      fc.property(body17, (b) => {
        const code = makeCreditCode(b);
        expect(validateCreditCode(code)).toEqual({ ok: true, code });
        expect(validateCreditCode(code.toLowerCase())).toEqual({ ok: true, code });
      }),
    );
  });

  it('detects every single-character substitution (31 prime, weights non-zero mod 31)', () => {
    fc.assert(
      fc.property(body17, fc.nat(17), fc.integer({ min: 1, max: 30 }), (b, pos, delta) => {
        const code = makeCreditCode(b);
        const old = CREDIT_CODE_ALPHABET.indexOf(code[pos]);
        const replaced = CREDIT_CODE_ALPHABET[(old + delta) % 31];
        const typo = code.slice(0, pos) + replaced + code.slice(pos + 1);
        expect(typo).not.toBe(code);
        expect(validateCreditCode(typo).ok).toBe(false);
      }),
    );
  });

  it('every weight is invertible mod 31, which is why substitutions cannot collide', () => {
    for (const w of CREDIT_CODE_WEIGHTS) {
      const multiples = new Set(Array.from({ length: 31 }, (_, d) => (d * w) % 31));
      expect(multiples.size).toBe(31);
    }
  });
});

describe('creditCodeFor', () => {
  it('yields valid company codes registered in the requested division', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom('330302', '330381', '330206', '330200'), (seed, div) => {
        const code = creditCodeFor(createRng(seed), div);
        expect(validateCreditCode(code)).toEqual({ ok: true, code });
        expect(code.slice(0, 2)).toBe('91');
        expect(code.slice(2, 8)).toBe(div);
        expect(organisationCodeCheck(code.slice(8, 16))).toBe(code[16]);
      }),
    );
  });

  it('is deterministic and rejects bad division codes', () => {
    expect(creditCodeFor(createRng(1), '330302')).toBe(creditCodeFor(createRng(1), '330302'));
    expect(() => creditCodeFor(createRng(1), '3303')).toThrow(RangeError);
  });

  it('the factory never repeats and honours reserved codes', () => {
    const f = createCreditCodeFactory(createRng(2));
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i += 1) seen.add(f.next(i % 2 ? '330302' : '330282'));
    expect(seen.size).toBe(20_000);
    expect(f.size).toBe(20_000);
    expect(f.reserve('913300007125582210')).toBe(true);
    expect(f.reserve(' 913300007125582210 ')).toBe(false);
  });
});
