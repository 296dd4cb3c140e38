/**
 * Quantities with a unit of measure, in integers only.
 *
 * A quantity is `{ amount, unit }` where `amount` is an integer count of the *base unit* of the
 * unit's dimension (grams for mass, millimetres for length, millilitres for volume, pieces…) and
 * `unit` is the unit people entered and read it in. 2.5 kg is `{ amount: 2500, unit: 'kg' }`.
 * Quantities of one dimension add and compare as plain integers whatever unit they were entered
 * in; nothing is ever a binary fraction (0.1 + 0.2 kg is exactly 300 g).
 *
 * Each unit is an integer multiple of its dimension's base. Reading a quantity in another unit
 * of the same dimension is exact or refused: 2500 g in kg is 2.5, which is not a whole number of
 * kilograms, so `amountIn` refuses it instead of rounding; `toDecimal` gives "2.5" as text.
 * Packaging units (box, pair, set) have no fixed content, so each is a dimension of its own and
 * never converts to pieces. Money is not a quantity here: it stays integer fen (分) everywhere.
 *
 * Pure and shared with the web app: no I/O, no floating point on amounts.
 */
export const DIMENSIONS = ['count', 'mass', 'length', 'area', 'volume', 'box', 'pair', 'set'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface UnitDef {
  readonly dimension: Dimension;
  /** How many base units one of this unit is (an integer ≥ 1; the base unit has 1). */
  readonly factor: number;
  /** Symbol / name as written after a number, in each language. */
  readonly zh: string;
  readonly en: string;
}

/** Every unit of measure. The base unit of each dimension has factor 1. */
export const UNITS = {
  pcs: { dimension: 'count', factor: 1, zh: '件', en: 'pcs' },
  dozen: { dimension: 'count', factor: 12, zh: '打', en: 'dozen' },
  g: { dimension: 'mass', factor: 1, zh: '克', en: 'g' },
  kg: { dimension: 'mass', factor: 1_000, zh: '千克', en: 'kg' },
  t: { dimension: 'mass', factor: 1_000_000, zh: '吨', en: 't' },
  mm: { dimension: 'length', factor: 1, zh: '毫米', en: 'mm' },
  cm: { dimension: 'length', factor: 10, zh: '厘米', en: 'cm' },
  m: { dimension: 'length', factor: 1_000, zh: '米', en: 'm' },
  km: { dimension: 'length', factor: 1_000_000, zh: '千米', en: 'km' },
  cm2: { dimension: 'area', factor: 1, zh: '平方厘米', en: 'cm²' },
  m2: { dimension: 'area', factor: 10_000, zh: '平方米', en: 'm²' },
  mL: { dimension: 'volume', factor: 1, zh: '毫升', en: 'mL' },
  L: { dimension: 'volume', factor: 1_000, zh: '升', en: 'L' },
  m3: { dimension: 'volume', factor: 1_000_000, zh: '立方米', en: 'm³' },
  box: { dimension: 'box', factor: 1, zh: '箱', en: 'box' },
  pair: { dimension: 'pair', factor: 1, zh: '双', en: 'pair' },
  set: { dimension: 'set', factor: 1, zh: '套', en: 'set' },
} as const satisfies Record<string, UnitDef>;

export type UnitCode = keyof typeof UNITS;
export const UNIT_CODES = Object.keys(UNITS) as [UnitCode, ...UnitCode[]];

/** A quantity: an integer number of base units of `unit`'s dimension, shown in `unit`. */
export interface Quantity {
  amount: number;
  unit: UnitCode;
}

export type QuantityLocale = 'zh-CN' | 'en-US';

/** Raised when a conversion would lose precision, mix dimensions or leave the safe integers. */
export class UnitError extends Error {
  constructor(
    readonly code: 'lossy_conversion' | 'incompatible_units' | 'amount_out_of_range' | 'invalid_amount',
    message: string,
  ) {
    super(message);
    this.name = 'UnitError';
  }
}

export function isUnit(code: string): code is UnitCode {
  return Object.prototype.hasOwnProperty.call(UNITS, code);
}

export function dimensionOf(unit: UnitCode): Dimension {
  return UNITS[unit].dimension;
}

/** The base unit of a dimension (the one with factor 1). */
export function baseUnitOf(dimension: Dimension): UnitCode {
  return UNIT_CODES.find((u) => UNITS[u].dimension === dimension && UNITS[u].factor === 1)!;
}

/** Units of one dimension, smallest first (for unit pickers). */
export function unitsOf(dimension: Dimension): UnitCode[] {
  return UNIT_CODES.filter((u) => UNITS[u].dimension === dimension).sort((a, b) => UNITS[a].factor - UNITS[b].factor);
}

export function sameDimension(a: UnitCode, b: UnitCode): boolean {
  return UNITS[a].dimension === UNITS[b].dimension;
}

function checkSafe(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) throw new UnitError('amount_out_of_range', `${what} is not a safe integer`);
  return n;
}

/** `count` whole units of `unit` as a quantity (exact; refuses results past 2^53). */
export function quantityOf(count: number, unit: UnitCode): Quantity {
  if (!Number.isSafeInteger(count)) throw new UnitError('invalid_amount', 'count must be an integer');
  return { amount: checkSafe(count * UNITS[unit].factor, 'amount'), unit };
}

/**
 * The quantity as a whole number of `unit` (same dimension). Refuses (`lossy_conversion`) when
 * it is not a whole number of that unit — 2500 g is not a whole number of kilograms.
 */
export function amountIn(q: Quantity, unit: UnitCode = q.unit): number {
  if (!sameDimension(q.unit, unit)) throw new UnitError('incompatible_units', `${q.unit} and ${unit} measure different things`);
  const f = UNITS[unit].factor;
  if (q.amount % f !== 0) throw new UnitError('lossy_conversion', `${q.amount} ${baseUnitOf(dimensionOf(unit))} is not a whole number of ${unit}`);
  return q.amount / f;
}

/** The same amount shown in another unit of its dimension (always exact: the amount is unchanged). */
export function withUnit(q: Quantity, unit: UnitCode): Quantity {
  if (!sameDimension(q.unit, unit)) throw new UnitError('incompatible_units', `${q.unit} and ${unit} measure different things`);
  return { amount: q.amount, unit };
}

/** Sum of quantities of one dimension, shown in the first one's unit (or `unit`). */
export function addQuantities(qs: readonly Quantity[], unit?: UnitCode): Quantity {
  const target = unit ?? qs[0]?.unit;
  if (!target) throw new UnitError('invalid_amount', 'nothing to add and no unit given');
  let sum = 0;
  for (const q of qs) {
    if (!sameDimension(q.unit, target)) throw new UnitError('incompatible_units', `${q.unit} and ${target} measure different things`);
    sum = checkSafe(sum + q.amount, 'sum');
  }
  return { amount: sum, unit: target };
}

/** Compares two quantities of one dimension: negative, 0 or positive. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (!sameDimension(a.unit, b.unit)) throw new UnitError('incompatible_units', `${a.unit} and ${b.unit} measure different things`);
  return a.amount - b.amount;
}

/** Decimal digits `unit` can carry exactly (kg over grams: 3), or null when its factor is not a power of ten (dozen). */
function decimalsOf(unit: UnitCode): number | null {
  const f = UNITS[unit].factor;
  const digits = String(f).length - 1;
  return 10 ** digits === f ? digits : null;
}

/**
 * The amount in its unit as decimal text, computed on the integers: `{ amount: 2500, unit: 'kg' }`
 * → "2.5"; trailing zeros dropped. Amounts that are no decimal of the unit (13 pcs in dozens)
 * are refused: show them in the base unit instead.
 */
export function toDecimal(q: Quantity): string {
  const f = UNITS[q.unit].factor;
  const sign = q.amount < 0 ? '-' : '';
  const abs = Math.abs(q.amount);
  const whole = Math.floor(abs / f);
  const rest = abs - whole * f;
  if (rest === 0) return `${sign}${whole}`;
  const digits = decimalsOf(q.unit);
  if (digits === null) throw new UnitError('lossy_conversion', `${q.amount} is not a whole number of ${q.unit}`);
  return `${sign}${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

const DECIMAL = /^(-?)(\d{1,16})(?:\.(\d{1,16}))?$/;

/**
 * Reads decimal text ("2.5", "1,200.75" is not accepted: no grouping) in `unit` as a quantity,
 * exactly: "2.5" kg → 2500 g. More decimals than the unit's base can carry ("2.5004" kg) are
 * refused, not rounded.
 */
export function parseQuantity(text: string, unit: UnitCode): Quantity {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new UnitError('invalid_amount', `"${text}" is not a decimal number`);
  const [, sign, whole, frac = ''] = m;
  const f = UNITS[unit].factor;
  const digits = decimalsOf(unit);
  const fracDigits = frac.replace(/0+$/, '');
  if (fracDigits.length > 0 && (digits === null || fracDigits.length > digits)) {
    throw new UnitError('lossy_conversion', `${text} ${unit} is not a whole number of ${baseUnitOf(dimensionOf(unit))}`);
  }
  const fracBase = fracDigits.length ? Number(fracDigits.padEnd(digits!, '0')) : 0;
  const magnitude = checkSafe(Number(whole) * f + fracBase, 'amount');
  return { amount: sign === '-' && magnitude !== 0 ? -magnitude : magnitude, unit };
}

/** "2.5 千克" / "2.5 kg", with digit grouping of the whole part ("12,000 件"). */
export function formatQuantity(q: Quantity, locale: QuantityLocale = 'zh-CN'): string {
  const text = toDecimal(q);
  const sign = text.startsWith('-') ? '-' : '';
  const [whole, frac] = text.slice(sign.length).split('.');
  const grouped = BigInt(whole!).toLocaleString(locale);
  const def = UNITS[q.unit];
  return `${sign}${grouped}${frac ? `.${frac}` : ''} ${locale === 'zh-CN' ? def.zh : def.en}`;
}

/** The name of a unit in a language (unit pickers). */
export function unitLabel(unit: UnitCode, locale: QuantityLocale = 'zh-CN'): string {
  return locale === 'zh-CN' ? UNITS[unit].zh : UNITS[unit].en;
}

// The wire schemas (zod) live in units.schema.ts, so the web app's use of these helpers never pulls zod in.
