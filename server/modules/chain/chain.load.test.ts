import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResult, jsonNumber, parseNetworkJson, simulateFile, writeResultFile } from './chain.cli';
import { readNetworkBinary, writeNetworkBinary } from './chain.fgn';
import { loadNetworkFile, readNetworkJson } from './chain.load';
import { NETWORK_ARRAYS } from './engine/arena';
import { buildNetwork, criticality, firmId, generateNetwork, helpPriority, NetworkInputError, networkToInput, runDynamic, solveStatic, type Network, type NetworkInput } from './engine/index';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fugong-chain-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A generated map as a file's plain objects: loops, per-day capacity, stocks, firms listed customer-first. */
function sampleInput(seed: number, cycleFraction: number): NetworkInput {
  const input = networkToInput(generateNetwork({ firms: 600, links: 3000, seed, cycleFraction, capacityDays: 3 }));
  return { firms: [...input.firms].reverse(), links: input.links, stocks: input.stocks };
}

function expectSameNetwork(a: Network, b: Network): void {
  expect(b.n).toBe(a.n);
  expect(b.ids).toEqual(a.ids);
  expect(b.items).toEqual(a.items);
  expect(b.capDays).toBe(a.capDays);
  for (const field of NETWORK_ARRAYS) {
    const x = a[field];
    const y = b[field];
    expect(Buffer.from(y.buffer, y.byteOffset, y.byteLength).equals(Buffer.from(x.buffer, x.byteOffset, x.byteLength)), field).toBe(true);
  }
}

describe('streaming JSON reader', () => {
  it('builds the same network as buildNetwork from the parsed file (acyclic and with loops)', async () => {
    for (const [seed, loops] of [[1, 0], [2, 0.05]] as const) {
      const input = sampleInput(seed, loops);
      const path = join(dir, `net-${seed}.json`);
      // Pretty-printed with unknown keys: whitespace and extra fields are skipped.
      await writeFile(path, JSON.stringify({ note: { any: [1, 'x', null, true] }, ...input, theta: 0.75, horizon: 12 }, null, 1));
      const loaded = readNetworkJson(path);
      expectSameNetwork(buildNetwork(input), loaded.network);
      expect(loaded.theta).toBe(0.75);
      expect(loaded.horizon).toBe(12);
      expect(Array.from(loaded.inputOrder, (i) => firmId(loaded.network, i))).toEqual(input.firms.map((f) => f.id));
    }
  });

  it('builds the same network whatever the links\' order (customer order, needs interleaved, shuffled)', async () => {
    const input = sampleInput(3, 0.05);
    const byCustomer = [...input.links].sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
    // Within a customer, alternate items so that a need's links are not contiguous.
    const interleaved = [...byCustomer].sort((a, b) => (a.customer === b.customer ? (a.share < b.share ? -1 : 1) : a.customer < b.customer ? -1 : 1));
    let seed = 7;
    const shuffled = input.links.map((l) => ({ l, k: (seed = (seed * 48271) % 2147483647) })).sort((a, b) => a.k - b.k).map((e) => e.l);
    for (const links of [input.links, byCustomer, interleaved, shuffled]) {
      const file = { ...input, links };
      const path = join(dir, 'order.json');
      await writeFile(path, JSON.stringify(file));
      expectSameNetwork(buildNetwork(file), readNetworkJson(path).network);
    }
  });

  it('reads strings across its 16 MB chunks and escaped strings', async () => {
    const long = 'z'.repeat(20 << 20);
    const path = join(dir, 'long.json');
    await writeFile(
      path,
      JSON.stringify({
        firms: [{ id: long, capacity: 1 }, { id: 'B "quoted" 供应', capacity: [0.5, 1] }],
        links: [{ supplier: long, customer: 'B "quoted" 供应', item: 'steel\nplate', share: 0.25 }],
      }),
    );
    const net = readNetworkJson(path).network;
    expect(net.ids).toContain('B "quoted" 供应');
    expect(net.ids).toContain(long);
    expect(net.items).toEqual(['steel\nplate']);
  });

  it('interns names by their bytes: escaped and plain spellings of one id are one firm, and many names grow the table', async () => {
    const path = join(dir, 'escaped.json');
    await writeFile(
      path,
      '{"firms":[{"id":"A","capacity":1},{"\\u0042":1,"id":"\\u0042","capacity":0.5}],' +
        '"links":[{"supplier":"\\u0041","customer":"B","item":"k","share":0.5},{"supplier":"A","customer":"\\u0042","item":"\\u006b2","share":0.25}]}',
    );
    const net = readNetworkJson(path).network;
    expect(net.ids).toEqual(expect.arrayContaining(['A', 'B']));
    expect(net.n).toBe(2);
    expect(net.items).toEqual(['k', 'k2']);
    const big = networkToInput(generateNetwork({ firms: 9000, links: 30000, seed: 4 }));
    const bigPath = join(dir, 'many.json');
    await writeFile(bigPath, JSON.stringify(big));
    expectSameNetwork(buildNetwork(big), readNetworkJson(bigPath).network);
  });

  it('reports the same problems as the object parser', async () => {
    const bad = {
      firms: [{ id: 'A', capacity: 'full' }, { id: 'B', capacity: 1 }, { id: 'C', capacity: 1.5 }, { id: 'B', capacity: 1 }],
      links: [
        { supplier: 'B', customer: 'C', item: 'k', share: 0.75 },
        { supplier: 'X', customer: 'C', item: 'k', share: 0.5 },
        { supplier: 'B', customer: 'C', item: 7, share: 0.5 },
        { supplier: 'B', customer: 'C', item: 'k', share: 0.5, leadDays: 0 },
      ],
      theta: 2,
    };
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify(bad));
    const codes = (fn: () => unknown): string[] => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(NetworkInputError);
        return (err as NetworkInputError).issues.map((i) => `${i.path} ${i.code}`).sort();
      }
      throw new Error('expected a NetworkInputError');
    };
    const streamed = codes(() => readNetworkJson(path));
    expect(streamed).toEqual(expect.arrayContaining(['firms[0].capacity invalid_type', 'links[2].item invalid_type', 'theta invalid_type', 'links[1].supplier unknown_firm']));
    expect(codes(() => parseNetworkJson(bad))).toEqual(expect.arrayContaining(['firms[0].capacity invalid_type', 'links[2].item invalid_type', 'theta invalid_type']));
    await writeFile(path, '{"firms": [');
    expect(() => readNetworkJson(path)).toThrow(NetworkInputError);
    await writeFile(path, '[]');
    expect(() => readNetworkJson(path)).toThrow(NetworkInputError);
  });
});

describe('streaming JSON reader: numbers and names', () => {
  const file = async (name: string, text: string | Buffer): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const outcome = (path: string): string => {
    try {
      const { network, theta } = readNetworkJson(path);
      return `ok theta=${theta} share=${network.linkShare[0]} lead=${network.linkLead[0]}`;
    } catch (err) {
      expect(err).toBeInstanceOf(NetworkInputError);
      return (err as NetworkInputError).issues.map((i) => `${i.path} ${i.code} ${i.message}`).join(' | ');
    }
  };
  const withLiteral = (lit: string): string =>
    `{"firms":[{"id":"A","capacity":1},{"id":"B","capacity":1}],"links":[{"supplier":"A","customer":"B","item":"k","share":${lit},"leadDays":${lit}}],"theta":${lit}}`;

  it('reads every number as JSON.parse does: exponents, negative zero, many digits', async () => {
    const lits = ['0.5', '-0', '-0.0', '1e-7', '2.5E-1', '0.1e1', '0.30000000000000004', '0.8654623912647368', '0.12345678901234567', '0.123456789012345678901', '1.0000000000000002', '0.9999999999999999', '0.99999999999999999', '5e-324'];
    for (const lit of lits) {
      const path = await file('num.json', `{"firms":[{"id":"A","capacity":${lit},"actual":${lit},"weight":1}],"links":[],"theta":0.5}`);
      try {
        const { network } = readNetworkJson(path);
        expect(Object.is(network.capacity[0], JSON.parse(lit)), lit).toBe(true);
        expect(Object.is(network.actual[0], JSON.parse(lit)), lit).toBe(true);
      } catch (err) {
        // Out of [0,1]: the message prints JSON.parse's value.
        expect((err as NetworkInputError).issues[0].message, lit).toBe(`capacity must be a number in [0,1], got ${String(JSON.parse(lit))}`);
      }
    }
  });

  it('gives the same problems for odd and invalid literals as before the fast number path', async () => {
    // Outcomes recorded from the reader before this change (the byte offset is where the literal starts).
    const expected: Record<string, string> = {
      '01': 'ok theta=1 share=1 lead=1',
      '1.': 'ok theta=1 share=1 lead=1',
      '-.5': 'theta invalid_type theta must be a number in (0,1] | links[0].share share_range share must be a number in [0,1], got -0.5 | links[0].leadDays lead_invalid lead time must be a whole number of days from 1 to 65535, got -0.5',
      '.5': ' invalid_type not valid JSON: expected a number at byte 118',
      '+1': ' invalid_type not valid JSON: expected a number at byte 118',
      '1-2': ' invalid_type not valid JSON: malformed number at byte 118',
      '1e': ' invalid_type not valid JSON: malformed number at byte 118',
      '-': ' invalid_type not valid JSON: malformed number at byte 118',
      '0x1': " invalid_type not valid JSON: expected ',' or '}' at byte 120",
      '1e-7': 'links[0].leadDays lead_invalid lead time must be a whole number of days from 1 to 65535, got 1e-7',
      '12345678901234567890': 'theta invalid_type theta must be a number in (0,1] | links[0].share share_range share must be a number in [0,1], got 12345678901234567000 | links[0].leadDays lead_invalid lead time must be a whole number of days from 1 to 65535, got 12345678901234567000',
      '1e400': 'theta invalid_type theta must be a number in (0,1] | links[0].share share_range share must be a number in [0,1], got Infinity | links[0].leadDays lead_invalid lead time must be a whole number of days from 1 to 65535, got Infinity',
    };
    for (const [lit, want] of Object.entries(expected)) expect(outcome(await file('lit.json', withLiteral(lit))), lit).toBe(want);
  });

  it('keeps names apart or together exactly by their strings (ASCII by bytes, the rest through the Map)', async () => {
    // Two invalid UTF-8 bytes decode to the same U+FFFD: one id, so a duplicate.
    const dup = Buffer.concat([Buffer.from('{"firms":[{"id":"'), Buffer.from([0xff]), Buffer.from('","capacity":1},{"id":"'), Buffer.from([0xfe]), Buffer.from('","capacity":1}],"links":[]}')]);
    expect(outcome(await file('dup.json', dup))).toBe('firms[1].id duplicate_firm firm id "\ufffd" appears more than once'.replace('\ufffd', '�'));
    // An escaped and a raw spelling of a non-ASCII id are one firm; an escaped ASCII link end finds its firm.
    expect(outcome(await file('esc.json', '{"firms":[{"id":"é","capacity":1},{"id":"B","capacity":1},{"id":"\u00e9","capacity":1}],"links":[{"supplier":"\u0041","customer":"B","item":"k","share":0.5}]}'))).toBe(
      'firms[2].id duplicate_firm firm id "é" appears more than once | links[0].supplier unknown_firm unknown supplier firm "A"',
    );
    // Stocks name firms by string: ASCII found by bytes, unknown and non-ASCII names reported.
    expect(outcome(await file('stock.json', '{"firms":[{"id":"A","capacity":1},{"id":"B","capacity":1}],"links":[{"supplier":"A","customer":"B","item":"k","share":0.5}],"stocks":[{"firm":"B","item":"z","days":1},{"firm":"Q","item":"z","days":1},{"firm":"é","item":"z","days":1}]}'))).toBe(
      'stocks[1].firm unknown_firm unknown firm "Q" | stocks[2].firm unknown_firm unknown firm "é"',
    );
    const { network } = readNetworkJson(await file('stock-ok.json', '{"firms":[{"id":"A","capacity":1},{"id":"B","capacity":1}],"links":[{"supplier":"A","customer":"B","item":"k","share":0.5}],"stocks":[{"firm":"B","item":"z","days":2.5}]}'));
    expect(Array.from(network.needStock0)).toEqual([0, 2.5]);
  });
});

describe('binary .fgn format', () => {
  it('round-trips a network (acyclic and with loops) with its input order, θ and horizon', async () => {
    for (const [seed, loops] of [[3, 0], [4, 0.05]] as const) {
      const input = sampleInput(seed, loops);
      const jsonPath = join(dir, `rt-${seed}.json`);
      await writeFile(jsonPath, JSON.stringify({ ...input, theta: 0.6 }));
      const loaded = loadNetworkFile(jsonPath);
      const path = join(dir, `rt-${seed}.fgn`);
      writeNetworkBinary(path, loaded.network, { theta: loaded.theta, horizon: 9, inputOrder: loaded.inputOrder });
      const back = readNetworkBinary(path);
      expectSameNetwork(loaded.network, back.network);
      expect(back.meta.theta).toBe(0.6);
      expect(back.meta.horizon).toBe(9);
      expect(Array.from(back.meta.inputOrder)).toEqual(Array.from(loaded.inputOrder));
      expect(loadNetworkFile(path).network.n).toBe(loaded.network.n);
    }
    // Generated maps (ids are indices) too.
    const gen = generateNetwork({ firms: 300, links: 1200, seed: 5, cycleFraction: 0.1 });
    const path = join(dir, 'gen.fgn');
    writeNetworkBinary(path, gen, { theta: 0.5, horizon: undefined, inputOrder: Int32Array.from({ length: gen.n }, (_, i) => i) });
    expectSameNetwork(gen, readNetworkBinary(path).network);
  });

  it('refuses a damaged file', async () => {
    const gen = generateNetwork({ firms: 50, links: 200, seed: 6 });
    const path = join(dir, 'damaged.fgn');
    writeNetworkBinary(path, gen, { theta: 0.5, horizon: undefined, inputOrder: Int32Array.from({ length: gen.n }, (_, i) => i) });
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 100));
    expect(() => readNetworkBinary(path)).toThrow(NetworkInputError);
    // A header whose firm count disagrees with the blocks that follow.
    const swapped = Buffer.from(bytes);
    swapped.writeUInt32LE(gen.n + 5, 8);
    await writeFile(path, swapped);
    expect(() => readNetworkBinary(path)).toThrow(NetworkInputError);
  });

  it('gives results identical to the JSON file, static and dynamic, acyclic and with loops', async () => {
    for (const [seed, loops] of [[7, 0], [8, 0.05]] as const) {
      const input = sampleInput(seed, loops);
      const jsonPath = join(dir, `same-${seed}.json`);
      await writeFile(jsonPath, JSON.stringify(input));
      const loaded = loadNetworkFile(jsonPath);
      const fgnPath = join(dir, `same-${seed}.fgn`);
      writeNetworkBinary(fgnPath, loaded.network, { theta: loaded.theta, horizon: loaded.horizon, inputOrder: loaded.inputOrder });
      for (const isStatic of [false, true]) {
        const fromJson = join(dir, `out-json-${seed}-${isStatic}.json`);
        const fromFgn = join(dir, `out-fgn-${seed}-${isStatic}.json`);
        await simulateFile({ inPath: jsonPath, outPath: fromJson, horizon: 10, static: isStatic, candidates: 50 });
        await simulateFile({ inPath: fgnPath, outPath: fromFgn, horizon: 10, static: isStatic, candidates: 50 });
        const a = await readFile(fromJson, 'utf8');
        expect(await readFile(fromFgn, 'utf8')).toBe(a);
        expect((JSON.parse(a) as { firms: { id: string }[] }).firms.map((f) => f.id)).toEqual(input.firms.map((f) => f.id));
      }
    }
  });
});

describe('writeResultFile', () => {
  it('writes exactly JSON.stringify(formatResult(…))', async () => {
    const input = sampleInput(9, 0.05);
    const net = buildNetwork(input);
    const order = Int32Array.from(input.firms.map((f) => net.ids!.indexOf(f.id)));
    for (const result of [solveStatic(net), runDynamic(net, { horizon: 8, history: true })]) {
      const mode = 'horizon' in result ? 'dynamic' : 'static';
      const crit = criticality(net, { mode, horizon: 8, top: 5 });
      const prio = helpPriority(net, { mode, horizon: 8, steps: 3 });
      const path = join(dir, `fmt-${mode}.json`);
      writeResultFile(path, net, result, crit, prio, order);
      expect(await readFile(path, 'utf8')).toBe(`${JSON.stringify(formatResult(net, result, crit, prio, input.firms.map((f) => f.id)))}\n`);
    }
  });

  it('writes the same bytes through a tiny buffer, with non-ASCII ids and texts longer than the buffer', async () => {
    // Firm ids in Chinese (3 bytes each in UTF-8) and buffers of 64 bytes (most texts written past
    // it) and 4 KiB (many flushes): every path of the writer runs.
    const base = sampleInput(4, 0);
    const rename = (id: string): string => `企业-${id}-甲乙丙`;
    const input: NetworkInput = {
      firms: base.firms.map((f) => ({ ...f, id: rename(f.id) })),
      links: base.links.map((l) => ({ ...l, supplier: rename(l.supplier), customer: rename(l.customer) })),
      stocks: base.stocks?.map((s) => ({ ...s, firm: rename(s.firm) })),
    };
    const net = buildNetwork(input);
    const order = Int32Array.from(input.firms.map((f) => net.ids!.indexOf(f.id)));
    for (const result of [solveStatic(net), runDynamic(net, { horizon: 8, history: true })]) {
      const mode = 'horizon' in result ? 'dynamic' : 'static';
      const crit = criticality(net, { mode, horizon: 8, top: 5 });
      const prio = helpPriority(net, { mode, horizon: 8, steps: 3 });
      const want = `${JSON.stringify(formatResult(net, result, crit, prio, input.firms.map((f) => f.id)))}\n`;
      for (const bytes of [64, 4096]) {
        const path = join(dir, `fmt-small-${mode}-${bytes}.json`);
        writeResultFile(path, net, result, crit, prio, order, bytes);
        expect(await readFile(path, 'utf8')).toBe(want);
      }
    }
  });
});

describe('jsonNumber', () => {
  it('formats every number as JSON.stringify does', () => {
    const values = [0, -0, 1, -1, 0.1, 1 / 3, 2 ** 53, 1e21, 1e-7, -1.5e-300, Number.MIN_VALUE, Number.MAX_VALUE, NaN, Infinity, -Infinity];
    for (const v of values) expect(jsonNumber(v)).toBe(JSON.stringify(v));
  });
});
