/**
 * HTTP request-path benchmark (issue 16):
 *
 *   node --import tsx bench/http/run.ts [--rounds 5] [--seconds 3] [--connections 32] [--no-write]
 *
 * Starts, each in its own process, the platform (SQLite, info logging as `serve` runs it), the
 * same with Fastify's default per-request logging, and a bare `node:http` server that answers
 * with the bytes and headers of the platform's `GET /api/health`. A keep-alive loopback client
 * in this process measures requests per second of `GET /api/health` on each and of a signed-in
 * `GET /api/session` (the secretary) on the platform, interleaving the variants round by round;
 * prints best and median and (unless --no-write) writes the "HTTP request path" section of
 * bench/RESULTS.md. The client shares the machine's two cores with the server under test, so
 * absolute figures are a floor; the ratios compare like with like.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const num = (name: string, d: number) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? d : Number(argv[i + 1]);
};
const ROUNDS = num('rounds', 5);
const SECONDS = num('seconds', 3);
const CONNECTIONS = num('connections', 32);
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

async function start(args: string[]): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{"port"'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.on('exit', (code) => reject(new Error(`server ${args[0]} exited (${code})`)));
  });
  return { port, child };
}

function request(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: opts.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** CPU time (user + system, ms) a process has used so far, from Linux's /proc (10 ms ticks). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

/** Requests per second over `seconds`, CONNECTIONS keep-alive requests in flight; every answer must be 200. */
async function load(port: number, path: string, headers: Record<string, string>, seconds: number): Promise<{ rps: number; n: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let done = 0;
  let bad = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
        if (res.statusCode !== 200) bad++;
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < end) {
      await one();
      done++;
    }
  }));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  if (bad) throw new Error(`${bad} answers to ${path} were not 200`);
  return { rps: done / elapsed, n: done };
}

const best = (xs: number[]) => Math.max(...xs);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const load1 = loadavg()[0]!;
const fugong = await start(['fugong']);
const legacy = await start(['fugong', '--default-request-log']);
const health = await request(fugong.port, '/api/health');
const keep = ['content-type', 'content-length'];
const bareHeaders = Object.fromEntries(Object.entries(health.headers).filter(([k]) => keep.includes(k)).map(([k, v]) => [k, String(v)]));
const bare = await start(['bare', JSON.stringify(bareHeaders), health.body]);
const signIn = await request(fugong.port, '/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'secretary', password: 'fugong2026' }) });
if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${signIn.body}`);
const cookie = String(signIn.headers['set-cookie']![0]).split(';')[0]!;

const variants = [
  { key: 'bare', label: 'bare node:http, same bytes as /api/health', port: bare.port, path: '/api/health', headers: {} },
  { key: 'health', label: 'GET /api/health', port: fugong.port, path: '/api/health', headers: {} },
  { key: 'healthLegacy', label: 'GET /api/health, Fastify default request logging (before)', port: legacy.port, path: '/api/health', headers: {} },
  { key: 'session', label: 'GET /api/session, signed in (secretary)', port: fugong.port, path: '/api/session', headers: { cookie } },
] as const;
const pids: Record<string, number> = { bare: bare.child.pid!, health: fugong.child.pid!, healthLegacy: legacy.child.pid!, session: fugong.child.pid! };
const results: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.key, []]));
const cpuPerRequest: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.key, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const v of variants) {
    await load(v.port, v.path, v.headers, 0.5); // warm-up
    const cpu0 = cpuMsOf(pids[v.key]!);
    const { rps, n } = await load(v.port, v.path, v.headers, SECONDS);
    const cpuUs = ((cpuMsOf(pids[v.key]!) - cpu0) * 1000) / n;
    results[v.key]!.push(rps);
    cpuPerRequest[v.key]!.push(cpuUs);
    process.stderr.write(`round ${round}/${ROUNDS} ${v.key}: ${Math.round(rps)} req/s, server CPU ${cpuUs.toFixed(1)} µs/request\n`);
  }
}
for (const s of [fugong, legacy, bare]) s.child.kill('SIGTERM');

const r = (k: string) => ({ best: best(results[k]!), median: median(results[k]!) });
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const cpu = (k: string) => median(cpuPerRequest[k]!);
const rows = variants.map((v) => `| ${v.label} | ${fmt(r(v.key).best)} | ${fmt(r(v.key).median)} | ${cpu(v.key).toFixed(1)} | ${fmt(1e6 / cpu(v.key))} |`);
const ratio = (k: string) => `${(r(k).best / r('bare').best).toFixed(2)}× / ${(r(k).median / r('bare').median).toFixed(2)}×`;
const section = [
  '<!-- http:begin -->',
  '## HTTP request path',
  '',
  `Run on ${new Date().toISOString().slice(0, 10)}: ${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}; 1-minute load average at start ${load1.toFixed(2)} (the machine is shared, so figures vary between runs).`,
  `Command: \`node --import tsx bench/http/run.ts --rounds ${ROUNDS} --seconds ${SECONDS} --connections ${CONNECTIONS}\` — each server in its own process, the keep-alive loopback client (${CONNECTIONS} requests in flight) in the parent on the same two cores; variants interleaved round by round.`,
  '',
  '| Variant | req/s best | req/s median | server CPU µs/request (median) | one core\'s worth, req/s |',
  '|---|---:|---:|---:|---:|',
  ...rows,
  '',
  '| Ratio | best / median | Target | |',
  '|---|---|---|---|',
  `| /api/health ÷ bare node:http | ${ratio('health')} | ≥ 0.6× | ${r('health').best / r('bare').best >= 0.6 ? 'met' : 'not met'} |`,
  `| /api/health with default request logging ÷ bare | ${ratio('healthLegacy')} | | |`,
  `| by server CPU per request: bare ÷ /api/health | ${(cpu('bare') / cpu('health')).toFixed(2)}× | ≥ 0.6× | ${cpu('bare') / cpu('health') >= 0.6 ? 'met' : 'not met'} |`,
  `| by server CPU per request: signed-in /api/session, one core | ${fmt(1e6 / cpu('session'))} req/s | ≥ 15,000/s | ${1e6 / cpu('session') >= 15000 ? 'met' : 'not met'} |`,
  `| signed-in /api/session | ${fmt(r('session').best)} / ${fmt(r('session').median)} req/s | ≥ 15,000/s | ${r('session').best >= 15000 ? 'met' : 'not met'} |`,
  '',
  '- Server CPU per request is read from /proc for the server\'s process over each timed run; on a loaded machine it is the steadier figure (the req/s of a server starved of CPU by other work says little). "One core\'s worth" is 10⁶ ÷ that figure: what the server answers per second when it has a core to itself.',
  '- At info level the platform logs one line per request only for 4xx/5xx answers and requests slower than 1 s (`server/core/http/request-log.ts`); "before" is Fastify\'s default two lines per request, to /dev/null here (a real log file costs more).',
  '- SQLite statements are prepared once and reused (`StatementCache` in `server/core/db/database.ts`); a signed-in request reads its session, account, roles and their enterprises\' alliances in one query (city-wide roles add the alliance list, commissioners their caseload).',
  '- Where the time went (`node --cpu-prof` on `bench/http/server.ts` under this client, load average 2–7, samples outside idle and the socket write — `writev`, which on a loaded machine mostly counts the server being preempted by the client it wakes — and outside Node\'s own HTTP parsing and writing): on `GET /api/session`, the zod encode of the answer (`fastify-type-provider-zod`\'s serializer, a `safeEncode` per response) was about 30 % of the server\'s JavaScript time, the token\'s SHA-256 (`createHash`) about 5 %, and the promise of the session lookup; on `GET /api/health`, the zod encode about 15 %, the `select 1` round trip through Kysely about 12 %, the per-request pino child logger about 7 % (pino rebinds every level method per child), and `@fastify/multipart`\'s two async hooks per request (for a disk mode the platform does not use). Cookie parsing, CSRF, the policy check and the request id were each under 2 %; the rest is Fastify\'s request and reply objects and hook runner, and Node\'s HTTP.',
  '- Cut (2026-12-03): an answer that cannot change (`immutableResponse` in `server/core/http/serializer.ts`: deep-frozen, encoded once through the same zod schema, its JSON kept beside the object) — the health answer and a session as presented until anything it is built from changes; every other answer is encoded as before, and an answer off its schema is still a 500. A signed-in request whose session is cached and needs no activity recorded resolves without a promise (`resolveCachedActor`); session ids hashed with one-shot `crypto.hash` (a quarter of `createHash`\'s time); each request\'s logger is built only when it writes a line (`server/core/http/request-logger.ts`); `@fastify/multipart` registered without its disk-mode hooks (`server/core/http/multipart.ts`). Headers, errors, CSRF, session expiry and sign-out are unchanged (their tests pass on SQLite and PostgreSQL).',
  '- The bare server sends only `content-type` and `content-length`; the platform adds its security headers (about 700 bytes). A bare server sending all of them measured the same CPU per request within noise (38 against 37 µs, 34 against 32 µs), so the ratios hold either way.',
  '<!-- http:end -->',
].join('\n');
process.stdout.write(`${section}\n`);
if (!argv.includes('--no-write')) {
  const path = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
  const text = readFileSync(path, 'utf8');
  const re = /<!-- http:begin -->[\s\S]*?<!-- http:end -->/;
  writeFileSync(path, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`);
}
