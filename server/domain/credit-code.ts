/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * Layout of the 18 characters:
 *   1      registration authority (登记管理部门代码; 9 = market regulation / 工商)
 *   2      organisation category (机构类别代码; under 9: 1 company, 2 individual business, 3 co-op)
 *   3–8    administrative division of the registering authority (GB/T 2260, 6 digits)
 *   9–17   organisation code body (主体标识码, itself a GB 11714 code: 8 chars + its own check)
 *   18     check character over positions 1–17
 *
 * The alphabet has 31 symbols (digits plus 21 letters, without I, O, Z, S, V, which read like
 * 1, 0, 2, 5, U). Weights are 3^i mod 31, and the check is (−Σ value·weight) mod 31. Because 31
 * is prime and every weight is non-zero mod 31, changing any single character always changes the
 * check: the scheme detects every single substitution.
 *
 * Validation here is the arithmetic one (length, alphabet, check character). It does not decide
 * whether a code was ever issued, nor whether positions 1–8 hold assigned authority, category or
 * division codes; callers that need that compare with their own reference data.
 */
import type { Rng } from './prng';

/** The 31 symbols of the code, in value order (value = index). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1–17 (3^i mod 31). */
export const CREDIT_CODE_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

const VALUE: ReadonlyMap<string, number> = new Map(
  Array.from(CREDIT_CODE_ALPHABET, (ch, i) => [ch, i] as const),
);

/** Result of {@link validateCreditCode}. */
export type CreditCodeValidation =
  | { ok: true; code: string }
  | {
      ok: false;
      reason: 'length' | 'charset' | 'checkDigit';
      /** For `checkDigit` only: the check character positions 1–17 call for. */
      expected?: string;
    };

/** The canonical form users' input is compared in: surrounding whitespace removed, upper case. */
export function normaliseCreditCode(input: string): string {
  return input.trim().toUpperCase();
}

function checkOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += (VALUE.get(first17[i]) ?? 0) * CREDIT_CODE_WEIGHTS[i];
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

function allInAlphabet(s: string): boolean {
  for (const ch of s) if (!VALUE.has(ch)) return false;
  return true;
}

/**
 * The check character (position 18) for the first 17 characters. Expects them already
 * normalised (upper case); throws RangeError on a wrong length or a character outside the
 * alphabet, because a check character computed over garbage would look authoritative.
 */
export function computeCheckChar(first17: string): string {
  if (first17.length !== 17) {
    throw new RangeError(`computeCheckChar: expected 17 characters, got ${first17.length}`);
  }
  if (!allInAlphabet(first17)) {
    throw new RangeError(`computeCheckChar: "${first17}" has characters outside the code alphabet`);
  }
  return checkOf(first17);
}

/** The full 18-character code for a 17-character body (see {@link computeCheckChar}). */
export function makeCreditCode(first17: string): string {
  return first17 + computeCheckChar(first17);
}

/**
 * Validates user input. Normalises first (trim, upper case), so a code pasted with spaces or
 * typed in lower case is accepted and returned in canonical form. Checks run in the order
 * length → charset → check character, and `expected` is set only when the first 17 characters
 * are well-formed and the 18th alone is wrong — that is the case where "did you mean …X?" is a
 * useful hint. Note a typo in positions 1–17 also surfaces as `checkDigit`; `expected` then
 * points at the 18th character although the mistake is elsewhere, so UIs should phrase it as
 * "the code does not check out" rather than blame the last character.
 */
export function validateCreditCode(input: string): CreditCodeValidation {
  const code = normaliseCreditCode(input);
  if (code.length !== 18) return { ok: false, reason: 'length' };
  if (!allInAlphabet(code)) return { ok: false, reason: 'charset' };
  const expected = checkOf(code.slice(0, 17));
  if (code[17] !== expected) return { ok: false, reason: 'checkDigit', expected };
  return { ok: true, code };
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * The check character of an 8-character organisation code body (GB 11714-1997), which occupies
 * positions 9–16 of a credit code with its check at 17. Letters count A=10 … Z=35; the check is
 * 11 − (Σ mod 11), written X for 10 and 0 for 11. Used to make generated codes internally
 * consistent like real ones; {@link validateCreditCode} does not require it, since not every
 * issuer followed it for every body.
 */
export function organisationCodeCheck(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) {
    throw new RangeError(`organisationCodeCheck: expected 8 chars of [0-9A-Z], got "${body8}"`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += parseInt(body8[i], 36) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

// Letters allowed in a generated body: the credit-code alphabet's letters.
const BODY_LETTERS = 'ABCDEFGHJKLMNPQRTUWXY';
const DIGITS = '0123456789';

/**
 * A random, arithmetically valid enterprise credit code registered in `divisionCode` (6 digits,
 * e.g. a `DistrictCode` from ./districts). It starts with "91" (market regulation,
 * company), and its body looks like one of the two forms seen in practice: a legacy all-digit
 * organisation code (pre-2015 enterprises), or the "MA" + 6 characters form issued since
 * 2015 — each with a correct GB 11714 check at position 17 and a correct check at 18.
 * Random codes can repeat; use {@link createCreditCodeFactory} when they must be unique.
 */
export function creditCodeFor(rng: Rng, divisionCode: string): string {
  if (!/^\d{6}$/.test(divisionCode)) {
    throw new RangeError(`creditCodeFor: division code must be 6 digits, got "${divisionCode}"`);
  }
  let body = '';
  if (rng.next() < 0.4) {
    for (let i = 0; i < 8; i += 1) body += DIGITS[rng.int(0, 9)];
  } else {
    body = 'MA';
    for (let i = 0; i < 6; i += 1) {
      body += rng.next() < 0.6 ? DIGITS[rng.int(0, 9)] : BODY_LETTERS[rng.int(0, BODY_LETTERS.length - 1)];
    }
  }
  return makeCreditCode(`91${divisionCode}${body}${organisationCodeCheck(body)}`);
}

/** A source of credit codes that never returns the same code twice; see {@link createCreditCodeFactory}. */
export interface CreditCodeFactory {
  /** A fresh code for the division (same form as {@link creditCodeFor}). */
  next(divisionCode: string): string;
  /** Marks an existing code as taken (e.g. loaded from a database); false if it already was. */
  reserve(code: string): boolean;
  /** How many codes are taken. */
  readonly size: number;
}

/**
 * Unique credit codes for bulk demo data: redraws on collision. The space per division is ~10^8
 * legacy + ~10^9 "MA" bodies, so collisions are rare and the redraw loop is short.
 */
export function createCreditCodeFactory(rng: Rng): CreditCodeFactory {
  const taken = new Set<string>();
  return {
    next(divisionCode) {
      for (;;) {
        const code = creditCodeFor(rng, divisionCode);
        if (!taken.has(code)) {
          taken.add(code);
          return code;
        }
      }
    },
    reserve(code) {
      const c = normaliseCreditCode(code);
      if (taken.has(c)) return false;
      taken.add(c);
      return true;
    },
    get size() {
      return taken.size;
    },
  };
}
