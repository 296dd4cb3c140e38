/**
 * Loading a network file for `chain simulate`: the JSON format read as a stream straight into
 * typed arrays, or the binary `.fgn` format (`chain.fgn.ts`), told apart by the first bytes.
 *
 * Why a streaming reader: a provincial map is 500+ MB of JSON. Reading it into one string
 * fails past V8's string limit (~512 MB), `JSON.parse` then builds millions of small objects,
 * and building the network from those objects keyed a Set and a Map by template strings per
 * link. Here the file is read in 16 MB chunks; ids and item names become small integers on
 * sight (one Map per string kind), every other value goes into a growing typed array, and the
 * needs are grouped by counting sort — no per-link object and no per-link key string. The
 * result is the same network `buildNetwork` makes from the same file (same numbering, same
 * order of every sum, the same validation codes and messages; tested).
 *
 * Speed (1M firms / 5M links, 702 MB: 18 s before, 6.3–7.3 s now, below JSON.parse's time on
 * the same bytes; bench/chain/CLI.md "JSON reader"): numbers are parsed from the bytes
 * bit-identically to JSON.parse (`json-number.ts`); plain decimal ids are found by value, other
 * ASCII names by their bytes, and a Map from strings exists only once an escaped or non-ASCII
 * name appears; a record's keys in the writers' order are matched whole; and when the links
 * come customer by customer, need by need, the parsed arrays become the network's without a
 * permutation (fresh memory is slow to touch).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  DEFAULT_THETA,
  finishNetwork,
  firmIndex,
  NetworkInputError,
  type Network,
  type NetworkIssue,
} from './engine/index';
import { MAX_LEAD_DAYS } from './engine/network';
import { isBinaryNetwork, readNetworkBinary } from './chain.fgn';
import { parseJsonNumberBytes, scanEnd, scanJsonNumber } from './json-number';

/** A loaded network file. */
export interface LoadedNetworkFile {
  network: Network;
  theta: number;
  horizon: number | undefined;
  /** Firm indices in file order: the order results are written in. */
  inputOrder: Int32Array;
}

/** Loads a network file in either format (JSON or `.fgn`, by content). */
export function loadNetworkFile(path: string): LoadedNetworkFile {
  const fd = openSync(path, 'r');
  const head = new Uint8Array(4);
  let got: number;
  try {
    got = readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (got === 4 && isBinaryNetwork(head)) {
    const { network, meta } = readNetworkBinary(path);
    return { network, theta: meta.theta, horizon: meta.horizon, inputOrder: meta.inputOrder };
  }
  return readNetworkJson(path);
}

const CHUNK = 1 << 24;

/*
 * Growing typed arrays, one class per element type: a shared generic `push` saw four array
 * kinds and stayed polymorphic (7 % of the reader's time); each class here sees one.
 */
class GrowF64 {
  length = 0;
  constructor(public data: Float64Array) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(Math.max(1024, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
class GrowI32 {
  length = 0;
  constructor(public data: Int32Array) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(Math.max(1024, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
class GrowU8 {
  length = 0;
  constructor(public data: Uint8Array) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(Math.max(1024, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
}

const NO = -1;
/** Longest plain decimal firm id indexed by value (at most a 40 MB index). */
const NUMERIC_NAME_DIGITS = 7;

/** The file format's keys, by length, as bytes and as the constant string `readKey` returns. */
const FORMAT_KEYS = ['firms', 'links', 'stocks', 'theta', 'horizon', 'id', 'capacity', 'actual', 'weight', 'supplier', 'customer', 'item', 'share', 'essential', 'leadDays', 'firm', 'days'];
const KEY_MAX = Math.max(...FORMAT_KEYS.map((k) => k.length));
const KEYS_BY_LENGTH: (Array<[Uint8Array, string]> | undefined)[] = [];
/** A link's keys in the order the writers put them, and their bytes with quotes and colon. */
const LINK_KEYS = ['supplier', 'customer', 'item', 'share', 'essential', 'leadDays'];
const LINK_KEY_BYTES = LINK_KEYS.map((k) => Buffer.from(`"${k}":`, 'latin1'));
const FIRM_KEYS = ['id', 'capacity', 'actual', 'weight'];
const FIRM_KEY_BYTES = FIRM_KEYS.map((k) => Buffer.from(`"${k}":`, 'latin1'));
const STOCK_KEYS = ['firm', 'item', 'days'];
const STOCK_KEY_BYTES = STOCK_KEYS.map((k) => Buffer.from(`"${k}":`, 'latin1'));
for (const key of FORMAT_KEYS) (KEYS_BY_LENGTH[key.length] ??= []).push([Buffer.from(key, 'latin1'), key]);

/** FNV-1a over bytes b[from, to). */
function hashBytes(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h | 0;
}

/**
 * Open-addressing hash table from byte strings to small integers (FNV-1a over the bytes), its
 * keys copied into one growing byte pool: interning a million link ends without a string each.
 * A slot holds [value + 1 (0: empty), hash, length, pool offset] side by side, so a lookup
 * touches one slot's cache line and compares bytes only when hash and length agree.
 */
class ByteTable {
  private slots = new Int32Array(4 << 12);
  private mask = (1 << 12) - 1;
  private pool = new Uint8Array(1 << 16);
  private used = 0;
  private count = 0;

  /** The value stored for bytes b[from, to) whose `hashBytes` is h, or -1. */
  find(b: Uint8Array, from: number, to: number, h: number): number {
    const slots = this.slots;
    const len = to - from;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const at = s << 2;
      const v = slots[at];
      if (v === 0) return NO;
      if (slots[at + 1] !== h || slots[at + 2] !== len) continue;
      const off = slots[at + 3];
      const pool = this.pool;
      let i = 0;
      while (i < len && pool[off + i] === b[from + i]) i++;
      if (i === len) return v - 1;
    }
  }

  /** Stores `v` for bytes b[from, to) with hash h (not present yet). */
  add(b: Uint8Array, from: number, to: number, h: number, v: number): void {
    const len = to - from;
    if (this.used + len > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.used + len));
      bigger.set(this.pool.subarray(0, this.used));
      this.pool = bigger;
    }
    this.pool.set(b.subarray(from, to), this.used);
    this.place(this.slots, this.mask, h, len, this.used, v + 1);
    this.used += len;
    this.count++;
    if (this.count * 2 > this.mask + 1) {
      const old = this.slots;
      const mask = (this.mask << 1) | 1;
      const slots = new Int32Array((mask + 1) << 2);
      for (let at = 0; at < old.length; at += 4) if (old[at] !== 0) this.place(slots, mask, old[at + 1], old[at + 2], old[at + 3], old[at]);
      this.slots = slots;
      this.mask = mask;
    }
  }

  private place(slots: Int32Array, mask: number, h: number, len: number, off: number, stored: number): void {
    let s = h & mask;
    while (slots[s << 2] !== 0) s = (s + 1) & mask;
    const at = s << 2;
    slots[at] = stored;
    slots[at + 1] = h;
    slots[at + 2] = len;
    slots[at + 3] = off;
  }
}

/** Streams a JSON network file into a network (see the module comment). */
export function readNetworkJson(path: string): LoadedNetworkFile {
  const fd = openSync(path, 'r');
  // Arrays sized from the file's size so that they rarely grow: a link takes about 110 bytes
  // in a compact file, a firm or a stock 40–100 (an overestimate costs memory only).
  const fileBytes = fstatSync(fd).size;
  const linkGuess = Math.max(1024, Math.floor(fileBytes / 128));
  const recordGuess = Math.max(1024, Math.floor(fileBytes / 512));
  let buf = Buffer.allocUnsafe(CHUNK);
  let pos = 0;
  let end = 0;
  let filePos = 0;
  let eof = false;
  const typeIssues: NetworkIssue[] = [];
  const bad = (p: string, message: string): void => {
    if (typeIssues.length < 1000) typeIssues.push({ path: p, code: 'invalid_type', message });
  };
  const syntax = (what: string): never => {
    throw new NetworkInputError([{ path: '', code: 'invalid_type', message: `not valid JSON: ${what} at byte ${filePos - (end - pos)}` }]);
  };

  /** Moves bytes from `keep` on to the front and reads more; false at end of file. */
  const refill = (keep: number): boolean => {
    if (eof) return false;
    if (keep > 0) {
      buf.copyWithin(0, keep, end);
      end -= keep;
      pos -= keep;
    }
    if (end === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, end);
      buf = bigger;
    }
    const r = readSync(fd, buf, end, buf.length - end, filePos);
    if (r === 0) {
      eof = true;
      return false;
    }
    filePos += r;
    end += r;
    return true;
  };
  /** Next non-space byte without consuming it; -1 at end of file. */
  const peek = (): number => {
    for (;;) {
      while (pos < end) {
        const ch = buf[pos];
        if (ch !== 0x20 && ch !== 0x0a && ch !== 0x0d && ch !== 0x09) return ch;
        pos++;
      }
      if (!refill(pos)) return -1;
    }
  };
  const expect = (ch: number): void => {
    if (peek() !== ch) syntax(`expected '${String.fromCharCode(ch)}'`);
    pos++;
  };
  const readString = (): string => {
    if (peek() !== 0x22) syntax('expected a string');
    let start = pos + 1;
    let i = start;
    let escaped = false;
    for (;;) {
      while (i < end) {
        const ch = buf[i];
        if (ch === 0x22) {
          pos = i + 1;
          return escaped ? (JSON.parse(buf.toString('utf8', start - 1, i + 1)) as string) : buf.toString('utf8', start, i);
        }
        if (ch === 0x5c) {
          escaped = true;
          i += 2;
        } else i++;
      }
      const keep = start - 1;
      const before = pos;
      if (!refill(keep)) syntax('unterminated string');
      const shift = before - pos;
      start -= shift;
      i -= shift;
    }
  };
  const NUMBER_CHAR = new Uint8Array(256);
  for (const c of '0123456789+-.eE') NUMBER_CHAR[c.charCodeAt(0)] = 1;
  const readNumber = (): number => {
    peek();
    // Plain decimals straight from the bytes (bit-identical to JSON.parse), when what follows
    // cannot continue a number; anything else as before: the number's characters, Number().
    if (end - pos < 64 && !eof) refill(pos);
    const fast = scanJsonNumber(buf, pos, end);
    if (fast === fast && (scanEnd < end ? NUMBER_CHAR[buf[scanEnd]] === 0 : eof)) {
      pos = scanEnd;
      return fast;
    }
    let i = pos;
    for (;;) {
      while (i < end && NUMBER_CHAR[buf[i]] === 1) i++;
      if (i < end || eof) break;
      const before = pos;
      const more = refill(pos);
      i -= before - pos;
      if (!more) break;
    }
    const first = buf[pos];
    if (i === pos || !(first === 0x2d || (first >= 0x30 && first <= 0x39))) syntax('expected a number');
    let v = parseJsonNumberBytes(buf, pos, i);
    if (v !== v) v = Number(buf.toString('latin1', pos, i));
    if (Number.isNaN(v)) syntax('malformed number');
    pos = i;
    return v;
  };
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k++) {
      if (pos >= end && !refill(pos)) syntax('unexpected end');
      if (buf[pos] !== word.charCodeAt(k)) syntax(`expected ${word}`);
      pos++;
    }
  };
  const skipValue = (): void => {
    const ch = peek();
    if (ch === 0x22) readString();
    else if (ch === 0x7b || ch === 0x5b) {
      pos++;
      const close = ch === 0x7b ? 0x7d : 0x5d;
      if (peek() === close) {
        pos++;
        return;
      }
      for (;;) {
        if (ch === 0x7b) {
          readString();
          expect(0x3a);
        }
        skipValue();
        const next = peek();
        pos++;
        if (next === close) return;
        if (next !== 0x2c) syntax("expected ',' or a closing bracket");
      }
    } else if (ch === 0x74) literal('true');
    else if (ch === 0x66) literal('false');
    else if (ch === 0x6e) literal('null');
    else readNumber();
  };
  /**
   * An object key: the format's own keys come back as constant strings matched on the bytes (no
   * new string per key of a million links), any other key as a new string.
   */
  const readKey = (): string => {
    if (peek() !== 0x22) syntax('expected a string');
    const start = pos + 1;
    const max = start + KEY_MAX + 1;
    for (let i = start; i < end && i < max; i++) {
      const ch = buf[i];
      if (ch === 0x5c) break;
      if (ch !== 0x22) continue;
      const known = KEYS_BY_LENGTH[i - start];
      if (known !== undefined) {
        for (let k = 0; k < known.length; k++) {
          const bytes = known[k][0];
          let same = true;
          for (let b = 0; b < bytes.length && same; b++) same = buf[start + b] === bytes[b];
          if (same) {
            pos = i + 1;
            return known[k][1];
          }
        }
      }
      break;
    }
    return readString();
  };
  /** Whether `"key":` (its bytes `want`) is next, consumed if so. */
  const matchKey = (want: Uint8Array): boolean => {
    if (pos + want.length > end) return false;
    for (let b = 0; b < want.length; b++) if (buf[pos + b] !== want[b]) return false;
    pos += want.length;
    return true;
  };
  /** Calls `each(key)` for every key of an object (the callback consumes the value). */
  const object = (each: (key: string) => void): void => {
    expect(0x7b);
    if (peek() === 0x7d) {
      pos++;
      return;
    }
    for (;;) {
      const key = readKey();
      expect(0x3a);
      each(key);
      const next = peek();
      pos++;
      if (next === 0x7d) return;
      if (next !== 0x2c) syntax("expected ',' or '}'");
    }
  };
  const array = (each: (index: number) => void): void => {
    expect(0x5b);
    if (peek() === 0x5d) {
      pos++;
      return;
    }
    for (let i = 0; ; i++) {
      each(i);
      const next = peek();
      pos++;
      if (next === 0x5d) return;
      if (next !== 0x2c) syntax("expected ',' or ']'");
    }
  };
  const isNumberStart = (ch: number): boolean => ch === 0x2d || (ch >= 0x30 && ch <= 0x39);

  /*
   * Strings seen as firm ids or link ends, interned; `nameFirm` maps a name to its firm (or -1).
   * A name's identity is its string. Names whose raw bytes are plain ASCII (no escape) are
   * found by their bytes in `nameBytes` and need no Map: ASCII bytes and strings correspond one
   * to one. The Map from strings is built only when a name arrives that is escaped or not
   * ASCII (several byte spellings can then decode to one string), and kept from then on.
   */
  let names: Map<string, number> | null = null;
  const nameList: string[] = [];
  const nameFirm = new GrowI32(new Int32Array(recordGuess));
  const nameMap = (): Map<string, number> => {
    if (names === null) {
      names = new Map();
      for (let k = 0; k < nameList.length; k++) names.set(nameList[k], k);
    }
    return names;
  };
  const intern = (s: string): number => {
    const map = nameMap();
    let k = map.get(s);
    if (k === undefined) {
      k = nameList.length;
      map.set(s, k);
      nameList.push(s);
      nameFirm.push(NO);
    }
    return k;
  };
  /** A name of ASCII bytes that `nameBytes` does not hold. */
  const internAscii = (s: string): number => {
    if (names !== null) return intern(s);
    // Without the Map every name so far is ASCII and in `nameBytes`: this one is new.
    const k = nameList.length;
    nameList.push(s);
    nameFirm.push(NO);
    return k;
  };
  const itemIndex = new Map<string, number>();
  const itemNames: string[] = [];
  const itemOf = (s: string): number => {
    let k = itemIndex.get(s);
    if (k === undefined) {
      k = itemNames.length;
      itemIndex.set(s, k);
      itemNames.push(s);
    }
    return k;
  };
  const nameBytes = new ByteTable();
  /**
   * Names that are plain decimals of at most NUMERIC_NAME_DIGITS digits without a leading zero
   * (generated maps number their firms) are found by value here (index + 1; 0: not seen) instead
   * of in `nameBytes`: one array read. Which structure holds a name depends only on its bytes.
   */
  let numericName = new Int32Array(1024);
  const itemBytes = new ByteTable();
  /**
   * A firm name (id or link end), interned: looked up by its raw bytes while they are in the
   * buffer, so a name seen before costs no string. Escaped strings (rare) take the string path;
   * the table only ever caches unescaped bytes, which decode to exactly one string, so both
   * paths agree.
   */
  const readName = (): number => {
    if (peek() !== 0x22) syntax('expected a string');
    if (end - pos < 4096 && !eof) refill(pos); // a name cut by the buffer's end: read on first
    const start = pos + 1;
    let h = 0x811c9dc5;
    let high = 0;
    let num = 0;
    let digits = true;
    for (let i = start; i < end; i++) {
      const ch = buf[i];
      if (ch === 0x5c) break;
      if (ch !== 0x22) {
        h = Math.imul(h ^ ch, 0x01000193);
        high |= ch;
        const d = ch - 0x30;
        if (d >= 0 && d <= 9) num = num * 10 + d;
        else digits = false;
        continue;
      }
      const len = i - start;
      if (digits && len > 0 && len <= NUMERIC_NAME_DIGITS && (buf[start] !== 0x30 || len === 1)) {
        // A plain decimal id ("0", "17", "999999"): indexed by its value, no hashing.
        if (num < numericName.length && numericName[num] !== 0) {
          pos = i + 1;
          return numericName[num] - 1;
        }
        const k = internAscii(buf.toString('latin1', start, i));
        if (num >= numericName.length) {
          const bigger = new Int32Array(Math.min(10 ** NUMERIC_NAME_DIGITS, Math.max(num + 1, numericName.length * 2)));
          bigger.set(numericName);
          numericName = bigger;
        }
        numericName[num] = k + 1;
        pos = i + 1;
        return k;
      }
      const found = nameBytes.find(buf, start, i, h);
      if (found !== NO) {
        pos = i + 1;
        return found;
      }
      const text = buf.toString(high < 0x80 ? 'latin1' : 'utf8', start, i);
      const k = high < 0x80 ? internAscii(text) : intern(text);
      nameBytes.add(buf, start, i, h, k);
      pos = i + 1;
      return k;
    }
    return intern(readString());
  };
  /** An item name interned by `table` / `of` (as `readName`; items are few: always with their Map). */
  const readItem = (table: ByteTable, of: (s: string) => number): number => {
    if (peek() !== 0x22) syntax('expected a string');
    if (end - pos < 4096 && !eof) refill(pos);
    const start = pos + 1;
    for (let i = start; i < end; i++) {
      const ch = buf[i];
      if (ch === 0x5c) break;
      if (ch !== 0x22) continue;
      const h = hashBytes(buf, start, i);
      const found = table.find(buf, start, i, h);
      if (found !== NO) {
        pos = i + 1;
        return found;
      }
      const k = of(buf.toString('utf8', start, i));
      table.add(buf, start, i, h, k);
      pos = i + 1;
      return k;
    }
    return of(readString());
  };

  const modelIssues: NetworkIssue[] = [];
  const issue = (i: NetworkIssue): void => {
    if (modelIssues.length < 1000) modelIssues.push(i);
  };
  const inUnit = (v: number): boolean => Number.isFinite(v) && v >= 0 && v <= 1;

  // firms
  const firmIds: string[] = [];
  const capacity = new GrowF64(new Float64Array(recordGuess));
  const actual = new GrowF64(new Float64Array(recordGuess));
  const weight = new GrowF64(new Float64Array(recordGuess));
  const capSeries = new Map<number, number[]>();
  let capDays = 1;
  // links
  // The links' columns share one count and grow together (one check per link, direct stores).
  let linkCount = 0;
  let linkS = new Int32Array(linkGuess);
  let linkC = new Int32Array(linkGuess);
  let linkItem = new Int32Array(linkGuess);
  let linkShare = new Float64Array(linkGuess);
  let linkLead = new Uint16Array(linkGuess);
  let linkEss = new Uint8Array(linkGuess);
  const growLinks = (): void => {
    const size = linkS.length * 2;
    const grow = <T extends Int32Array | Float64Array | Uint16Array | Uint8Array>(a: T, b: T): T => {
      b.set(a as never);
      return b;
    };
    linkS = grow(linkS, new Int32Array(size));
    linkC = grow(linkC, new Int32Array(size));
    linkItem = grow(linkItem, new Int32Array(size));
    linkShare = grow(linkShare, new Float64Array(size));
    linkLead = grow(linkLead, new Uint16Array(size));
    linkEss = grow(linkEss, new Uint8Array(size));
  };
  // stocks: firm as a name index, item as an index into `stockItemNames` (their own table:
  // stock items are numbered after every link's item, as buildNetwork does), days
  const stockName = new GrowI32(new Int32Array(recordGuess));
  const stockItemLocal = new GrowI32(new Int32Array(recordGuess));
  const stockDays = new GrowF64(new Float64Array(recordGuess));
  const stockItemIndex = new Map<string, number>();
  const stockItemNames: string[] = [];
  const stockItemOf = (s: string): number => {
    let k = stockItemIndex.get(s);
    if (k === undefined) {
      k = stockItemNames.length;
      stockItemIndex.set(s, k);
      stockItemNames.push(s);
    }
    return k;
  };
  const stockItemBytes = new ByteTable();
  let theta = DEFAULT_THETA;
  let horizon: number | undefined;
  let sawFirms = false;
  let sawLinks = false;

  let recordProblem: [string, string] | null = null;
  /** Notes a firm's or link's first type problem and skips the value. */
  const flag = (path: string, message: string): void => {
    if (recordProblem === null) recordProblem = [path, message];
    skipValue();
  };
  const readFirm = (i: number): void => {
    if (peek() !== 0x7b) {
      bad(`firms[${i}]`, 'firm must be an object');
      skipValue();
      return;
    }
    let idK = NO;
    let cap: number | number[] | null = null;
    let act = 1;
    let wt = 1;
    recordProblem = null;
    // The object's keys in a plain loop: no closure per firm (keys as for links).
    expect(0x7b);
    let expected = 0;
    if (peek() === 0x7d) pos++;
    else for (;;) {
      let key: string;
      if (expected < FIRM_KEYS.length && matchKey(FIRM_KEY_BYTES[expected])) key = FIRM_KEYS[expected++];
      else {
        key = readKey();
        expect(0x3a);
      }
      const ch = peek();
      switch (key) {
        case 'id':
          if (ch === 0x22) idK = readName();
          else flag(`firms[${i}].id`, 'firm id must be a string');
          break;
        case 'capacity':
          if (isNumberStart(ch)) cap = readNumber();
          else if (ch === 0x5b) {
            const list: number[] = [];
            let ok = true;
            array(() => {
              if (isNumberStart(peek())) list.push(readNumber());
              else {
                ok = false;
                skipValue();
              }
            });
            if (ok) cap = list;
            else if (recordProblem === null) recordProblem = [`firms[${i}].capacity`, 'capacity must be a number or an array of numbers (one per day)'];
          } else flag(`firms[${i}].capacity`, 'capacity must be a number or an array of numbers (one per day)');
          break;
        case 'actual':
          if (isNumberStart(ch)) act = readNumber();
          else flag(`firms[${i}].actual`, 'actual must be a number');
          break;
        case 'weight':
          if (isNumberStart(ch)) wt = readNumber();
          else flag(`firms[${i}].weight`, 'weight must be a number');
          break;
        default:
          skipValue();
      }
      const next = peek();
      pos++;
      if (next === 0x7d) break;
      if (next !== 0x2c) syntax("expected ',' or '}'");
    }
    let problem = recordProblem as [string, string] | null;
    if (problem === null && idK === NO) problem = [`firms[${i}].id`, 'firm id must be a string'];
    if (problem === null && cap === null) problem = [`firms[${i}].capacity`, 'capacity must be a number or an array of numbers (one per day)'];
    if (problem !== null) {
      bad(problem[0], problem[1]);
      return;
    }
    const f = firmIds.length;
    const k = idK;
    const fid = nameList[k];
    if (fid.length === 0) issue({ path: `firms[${i}].id`, code: 'invalid_type', message: 'firm id must be a non-empty string' });
    if (nameFirm.data[k] !== NO) issue({ path: `firms[${i}].id`, code: 'duplicate_firm', message: `firm id "${fid}" appears more than once` });
    else nameFirm.data[k] = f;
    firmIds.push(fid);
    const c = cap as unknown as number | number[];
    if (typeof c === 'number') {
      if (!inUnit(c)) issue({ path: `firms[${i}].capacity`, code: 'capacity_invalid', message: `capacity must be a number in [0,1], got ${String(c)}` });
      capacity.push(c);
    } else {
      if (c.length === 0) issue({ path: `firms[${i}].capacity`, code: 'capacity_invalid', message: 'per-day capacity needs at least one day' });
      c.forEach((v, d) => {
        if (!inUnit(v)) issue({ path: `firms[${i}].capacity[${d}]`, code: 'capacity_invalid', message: `capacity must be a number in [0,1], got ${String(v)}` });
      });
      capSeries.set(f, c);
      if (c.length > capDays) capDays = c.length;
      capacity.push(c.length > 0 ? c[0] : 0);
    }
    if (!inUnit(act)) issue({ path: `firms[${i}].actual`, code: 'actual_invalid', message: `actual output must be a number in [0,1], got ${String(act)}` });
    if (!(Number.isFinite(wt) && wt >= 0)) issue({ path: `firms[${i}].weight`, code: 'weight_invalid', message: `weight must be a finite number ≥ 0, got ${String(wt)}` });
    actual.push(act);
    weight.push(wt);
  };

  const readLink = (i: number): void => {
    if (peek() !== 0x7b) {
      bad(`links[${i}]`, 'link must be an object');
      skipValue();
      return;
    }
    let s = NO;
    let c = NO;
    let item = NO;
    let share = Number.NaN;
    let hasShare = false;
    let ess = 1;
    let lead = 1;
    recordProblem = null;
    // The object's keys in a plain loop: no closure per link. The key expected next in the
    // writers' order is matched with its quotes and colon at once; any other spelling
    // (whitespace, another order, unknown keys) goes through `readKey`.
    expect(0x7b);
    let expected = 0;
    if (peek() === 0x7d) pos++;
    else for (;;) {
      let key: string;
      if (expected < LINK_KEYS.length && matchKey(LINK_KEY_BYTES[expected])) key = LINK_KEYS[expected++];
      else {
        key = readKey();
        expect(0x3a);
      }
      const ch = peek();
      switch (key) {
        case 'supplier':
          if (ch === 0x22) s = readName();
          else flag(`links[${i}].supplier`, 'supplier must be a string');
          break;
        case 'customer':
          if (ch === 0x22) c = readName();
          else flag(`links[${i}].customer`, 'customer must be a string');
          break;
        case 'item':
          if (ch === 0x22) item = readItem(itemBytes, itemOf);
          else flag(`links[${i}].item`, 'item must be a string');
          break;
        case 'share':
          if (isNumberStart(ch)) {
            share = readNumber();
            hasShare = true;
          } else flag(`links[${i}].share`, 'share must be a number');
          break;
        case 'essential':
          if (ch === 0x74) literal('true');
          else if (ch === 0x66) {
            literal('false');
            ess = 0;
          } else flag(`links[${i}].essential`, 'essential must be true or false');
          break;
        case 'leadDays':
          if (isNumberStart(ch)) lead = readNumber();
          else flag(`links[${i}].leadDays`, 'leadDays must be a number');
          break;
        default:
          skipValue();
      }
      const next = peek();
      pos++;
      if (next === 0x7d) break;
      if (next !== 0x2c) syntax("expected ',' or '}'");
    }
    let problem = recordProblem as [string, string] | null;
    if (problem === null) {
      if (s === NO) problem = [`links[${i}].supplier`, 'supplier must be a string'];
      else if (c === NO) problem = [`links[${i}].customer`, 'customer must be a string'];
      else if (item === NO) problem = [`links[${i}].item`, 'item must be a string'];
      else if (!hasShare) problem = [`links[${i}].share`, 'share must be a number'];
    }
    if (problem !== null) {
      bad(problem[0], problem[1]);
      return;
    }
    if (itemNames[item].length === 0) issue({ path: `links[${i}].item`, code: 'invalid_type', message: 'item must be a non-empty string' });
    if (!inUnit(share)) issue({ path: `links[${i}].share`, code: 'share_range', message: `share must be a number in [0,1], got ${String(share)}` });
    if (!Number.isInteger(lead) || lead < 1 || lead > MAX_LEAD_DAYS) {
      issue({ path: `links[${i}].leadDays`, code: 'lead_invalid', message: `lead time must be a whole number of days from 1 to ${MAX_LEAD_DAYS}, got ${String(lead)}` });
      lead = 1;
    }
    if (linkCount === linkS.length) growLinks();
    linkS[linkCount] = s;
    linkC[linkCount] = c;
    linkItem[linkCount] = item;
    linkShare[linkCount] = share;
    linkLead[linkCount] = lead;
    linkEss[linkCount] = ess;
    linkCount++;
  };

  try {
    refill(0);
    if (peek() !== 0x7b) {
      if (peek() === -1) syntax('empty file');
      throw new NetworkInputError([{ path: '', code: 'invalid_type', message: 'network file must be a JSON object' }]);
    }
    object((key) => {
      if (key === 'firms') {
        if (peek() === 0x5b) {
          sawFirms = true;
          array(readFirm);
        } else skipValue();
      } else if (key === 'links') {
        if (peek() === 0x5b) {
          sawLinks = true;
          array(readLink);
        } else skipValue();
      } else if (key === 'stocks') {
        if (peek() !== 0x5b) {
          bad('stocks', 'stocks must be an array');
          skipValue();
          return;
        }
        array((i) => {
          if (peek() !== 0x7b) {
            bad(`stocks[${i}]`, 'stock must be an object');
            skipValue();
            return;
          }
          let firm = NO;
          let item = NO;
          let days = Number.NaN;
          let hasDays = false;
          expect(0x7b);
          let expected = 0;
          if (peek() === 0x7d) pos++;
          else for (;;) {
            let k: string;
            if (expected < STOCK_KEYS.length && matchKey(STOCK_KEY_BYTES[expected])) k = STOCK_KEYS[expected++];
            else {
              k = readKey();
              expect(0x3a);
            }
            const ch = peek();
            if (k === 'firm' && ch === 0x22) firm = readName();
            else if (k === 'item' && ch === 0x22) item = readItem(stockItemBytes, stockItemOf);
            else if (k === 'days' && isNumberStart(ch)) {
              days = readNumber();
              hasDays = true;
            } else skipValue();
            const next = peek();
            pos++;
            if (next === 0x7d) break;
            if (next !== 0x2c) syntax("expected ',' or '}'");
          }
          if (firm === NO) bad(`stocks[${i}].firm`, 'firm must be a string');
          else if (item === NO) bad(`stocks[${i}].item`, 'item must be a string');
          else if (!hasDays) bad(`stocks[${i}].days`, 'days must be a number');
          else {
            stockName.push(firm);
            stockItemLocal.push(item);
            stockDays.push(days);
          }
        });
      } else if (key === 'theta') {
        const v = isNumberStart(peek()) ? readNumber() : (skipValue(), Number.NaN);
        if (!(v > 0 && v <= 1)) bad('theta', 'theta must be a number in (0,1]');
        else theta = v;
      } else if (key === 'horizon') {
        const v = isNumberStart(peek()) ? readNumber() : (skipValue(), Number.NaN);
        if (!Number.isInteger(v) || v < 1) bad('horizon', 'horizon must be a whole number of days ≥ 1');
        else horizon = v;
      } else skipValue();
    });
    if (peek() !== -1) syntax('unexpected data after the network object');
  } finally {
    closeSync(fd);
  }
  if (!sawFirms) bad('firms', 'firms must be an array');
  if (!sawLinks) bad('links', 'links must be an array');

  const network = assemble();
  return { network, theta, horizon, inputOrder: inputOrderOf(network, firmIds) };

  function assemble(): Network {
    const n = firmIds.length;
    const L = linkCount;
    const firmOfName = nameFirm.done();
    const sup = linkS.subarray(0, L);
    const cus = linkC.subarray(0, L);
    const items = linkItem.subarray(0, L);
    const shares = linkShare.subarray(0, L);
    const ess = linkEss.subarray(0, L);
    // Resolve link ends to firms (reusing the name arrays in place).
    let customerOrder = true; // links listed customer by customer (as the map writers list them)
    for (let l = 0; l < L; l++) {
      const s = firmOfName[sup[l]];
      const c = firmOfName[cus[l]];
      if (s === NO) issue({ path: `links[${l}].supplier`, code: 'unknown_firm', message: `unknown supplier firm "${nameList[sup[l]]}"` });
      if (c === NO) issue({ path: `links[${l}].customer`, code: 'unknown_firm', message: `unknown customer firm "${nameList[cus[l]]}"` });
      sup[l] = s;
      cus[l] = c;
      if (l > 0 && c < cus[l - 1]) customerOrder = false;
    }
    if (typeIssues.length > 0 || modelIssues.length > 0) throw new NetworkInputError([...typeIssues, ...modelIssues]);
    /*
     * Links by customer, input order kept within a customer (counting sort). Fresh memory is
     * dear (first writes to a new 90 MB array took 360 ms on the benchmark machine), so when
     * the file already lists links customer by customer the order is the identity and no array
     * is made (`byCustomer` null), and below, when each need's links are also contiguous, the
     * link arrays are the parsed ones.
     */
    const byCustomerStart = new Int32Array(n + 1);
    for (let l = 0; l < L; l++) byCustomerStart[cus[l] + 1]++;
    for (let c = 0; c < n; c++) byCustomerStart[c + 1] += byCustomerStart[c];
    let byCustomer: Int32Array | null = null;
    if (!customerOrder) {
      byCustomer = new Int32Array(L);
      const fillAt = byCustomerStart.slice(0, n);
      for (let l = 0; l < L; l++) byCustomer[fillAt[cus[l]]++] = l;
    }
    // Stocks: resolve, intern their items after every link's (as buildNetwork does).
    const S = stockName.length;
    const stockNames = stockName.done();
    const stockItemOfLocal = stockItemLocal.done();
    const stockDay = stockDays.done();
    const stockFirm = new Int32Array(S);
    const stockItem = new Int32Array(S);
    const stockStart = new Int32Array(n + 1);
    const globalItem = new Int32Array(stockItemNames.length).fill(NO);
    for (let i = 0; i < S; i++) {
      const f = firmOfName[stockNames[i]];
      const local = stockItemOfLocal[i];
      const days = stockDay[i];
      stockFirm[i] = NO;
      if (f === NO) issue({ path: `stocks[${i}].firm`, code: 'unknown_firm', message: `unknown firm "${nameList[stockNames[i]]}"` });
      else if (stockItemNames[local].length === 0) issue({ path: `stocks[${i}].item`, code: 'invalid_type', message: 'item must be a non-empty string' });
      else if (!(Number.isFinite(days) && days >= 0)) issue({ path: `stocks[${i}].days`, code: 'stock_invalid', message: `days of cover must be a finite number ≥ 0, got ${String(days)}` });
      else {
        stockFirm[i] = f;
        if (globalItem[local] === NO) globalItem[local] = itemOf(stockItemNames[local]);
        stockItem[i] = globalItem[local];
        stockStart[f + 1]++;
      }
    }
    for (let c = 0; c < n; c++) stockStart[c + 1] += stockStart[c];
    const stockOrder = new Int32Array(S);
    const stockFill = stockStart.slice(0, n);
    for (let i = 0; i < S; i++) if (stockFirm[i] !== NO) stockOrder[stockFill[stockFirm[i]]++] = i;

    const K = itemNames.length;
    const itemStamp = new Int32Array(K).fill(NO);
    const itemNeed = new Int32Array(K);
    const supStamp = new Int32Array(n).fill(NO);
    const needStart = new Int32Array(n + 1);
    const needItemG = new GrowI32(new Int32Array(Math.max(1024, L)));
    const needEssG = new GrowU8(new Uint8Array(Math.max(1024, L)));
    const needStockG = new GrowF64(new Float64Array(Math.max(1024, L)));
    const needCount = new GrowI32(new Int32Array(Math.max(1024, L)));
    const linkNeed = new Int32Array(L);
    let m = 0;
    for (let c = 0; c < n; c++) {
      needStart[c] = m;
      const first = m;
      for (let p = byCustomerStart[c]; p < byCustomerStart[c + 1]; p++) {
        const l = byCustomer === null ? p : byCustomer[p];
        const k = items[l];
        let q = itemStamp[k] === c ? itemNeed[k] : NO;
        if (q === NO) {
          q = m++;
          itemStamp[k] = c;
          itemNeed[k] = q;
          needItemG.push(k);
          needEssG.push(ess[l]);
          needStockG.push(0);
          needCount.push(0);
        } else if (needEssG.data[q] !== ess[l]) {
          issue({ path: `links[${l}].essential`, code: 'essential_conflict', message: `item "${itemNames[k]}" of "${firmIds[c]}" is flagged both essential and non-essential` });
        }
        linkNeed[l] = q;
        needCount.data[q]++;
      }
      for (let i = stockStart[c]; i < stockStart[c + 1]; i++) {
        const st = stockOrder[i];
        const k = stockItem[st];
        let q = itemStamp[k] === c ? itemNeed[k] : NO;
        if (q === NO) {
          q = m++;
          itemStamp[k] = c;
          itemNeed[k] = q;
          needItemG.push(k);
          needEssG.push(1);
          needStockG.push(stockDay[st]);
          needCount.push(0);
        } else if (needStockG.data[q] < 0) {
          issue({ path: `stocks[${st}]`, code: 'duplicate_stock', message: `stock of "${stockItemNames[stockItemOfLocal[st]]}" at "${nameList[stockNames[st]]}" is declared more than once` });
        } else needStockG.data[q] = stockDay[st];
        // Mark as declared (restored below) so a second declaration is caught.
        needStockG.data[q] = -1 - needStockG.data[q];
      }
      for (let q = first; q < m; q++) if (needStockG.data[q] < 0) needStockG.data[q] = -1 - needStockG.data[q];
    }
    needStart[n] = m;
    // Links grouped by need, input order kept within a need.
    const linkStart = new Int32Array(m + 1);
    const counts = needCount.done();
    for (let q = 0; q < m; q++) linkStart[q + 1] = linkStart[q] + counts[q];
    const leads = linkLead.subarray(0, L);
    // Each need's links contiguous, needs in order: link l is at slot l.
    let inPlace = byCustomer === null;
    for (let l = 1; l < L && inPlace; l++) if (linkNeed[l] < linkNeed[l - 1]) inPlace = false;
    let linkSupplier = tight(sup);
    let outShare = tight(shares);
    let outLead = tight(leads);
    let linkOf: Int32Array | null = null; // slot → input link; null: the identity
    if (!inPlace) {
      const at = linkStart.slice(0, m);
      linkSupplier = new Int32Array(L);
      outShare = new Float64Array(L);
      outLead = new Uint16Array(L);
      linkOf = new Int32Array(L);
      groupLinks(L, byCustomer, linkNeed, at, sup, shares, leads, linkSupplier, outShare, outLead, linkOf);
    }
    const needOutside = new Float64Array(m);
    for (let q = 0; q < m; q++) {
      let sum = 0;
      let over = NO;
      for (let s = linkStart[q]; s < linkStart[q + 1]; s++) {
        const supplier = linkSupplier[s];
        if (supStamp[supplier] === q) {
          const l = linkOf === null ? s : linkOf[s];
          issue({ path: `links[${l}]`, code: 'duplicate_link', message: `link ${firmIds[supplier]} → ${firmIds[cus[l]]} for item "${itemNames[items[l]]}" appears more than once` });
        }
        supStamp[supplier] = q;
        sum += outShare[s];
        if (over === NO && sum > 1 + 1e-9) over = linkOf === null ? s : linkOf[s];
      }
      if (over !== NO) {
        const pct = (v: number): string => `${(Math.round(v * 10000) / 100).toString()} %`;
        issue({
          path: `links[${over}]`,
          code: 'share_sum',
          message: `shares of item "${itemNames[needItemG.data[q]]}" for "${firmIds[cus[over]]}" total ${pct(sum)}, exceeding 100 % by ${pct(sum - 1)}`,
        });
      }
      needOutside[q] = sum >= 1 ? 0 : 1 - sum;
    }
    if (modelIssues.length > 0) throw new NetworkInputError(modelIssues);

    const cap = capacity.done();
    let capArr = cap;
    if (capDays > 1) {
      capArr = new Float64Array(n * capDays);
      for (let i = 0; i < n; i++) {
        const series = capSeries.get(i);
        for (let d = 0; d < capDays; d++) capArr[i * capDays + d] = series === undefined ? cap[i] : series[d < series.length ? d : series.length - 1];
      }
    }
    return finishNetwork({
      n,
      ids: firmIds,
      items: itemNames,
      capDays,
      capacity: capArr.slice(),
      actual: actual.done().slice(),
      weight: weight.done().slice(),
      needStart,
      needItem: needItemG.done().slice(),
      needEssential: needEssG.done().slice(),
      needOutside,
      needStock0: needStockG.done().slice(),
      linkStart,
      linkSupplier,
      linkShare: outShare,
      linkLead: outLead,
    });
  }
}

/**
 * `a` itself when it fills most of its buffer, else a copy: the network's arena copies whole
 * buffers, so a view of a much larger one would waste arena bytes.
 */
function tight<T extends Int32Array | Float64Array | Uint16Array>(a: T): T {
  return a.byteLength * 8 >= a.buffer.byteLength * 7 ? a : (a.slice() as T);
}

/**
 * Places the links, taken in customer order (`byCustomer`), at their need's next slot. A
 * function of its own: inside the long `assemble` V8 ran this loop long before optimizing it.
 */
function groupLinks(
  L: number,
  byCustomer: Int32Array | null,
  linkNeed: Int32Array,
  at: Int32Array,
  sup: Int32Array,
  shares: Float64Array,
  leads: Uint16Array,
  linkSupplier: Int32Array,
  outShare: Float64Array,
  outLead: Uint16Array,
  linkOf: Int32Array,
): void {
  for (let p = 0; p < L; p++) {
    const l = byCustomer === null ? p : byCustomer[p];
    const slot = at[linkNeed[l]]++;
    linkSupplier[slot] = sup[l];
    outShare[slot] = shares[l];
    outLead[slot] = leads[l];
    linkOf[slot] = l;
  }
}

/** Firm indices of `net` in the order of `ids` (the file's order). */
export function inputOrderOf(net: Network, ids: readonly string[]): Int32Array {
  const out = new Int32Array(ids.length);
  if (net.ids === ids) {
    for (let i = 0; i < ids.length; i++) out[i] = i;
    return out;
  }
  const index = firmIndex(net);
  for (let i = 0; i < ids.length; i++) out[i] = index.get(ids[i]) as number;
  return out;
}
