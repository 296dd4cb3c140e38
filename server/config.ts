/**
 * Configuration, parsed once at boot from the environment. This is the only module that reads
 * `process.env`; everything else receives a `Config`. A bad value stops the process with a
 * message naming the variable.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Group-chat robot endpoints: DingTalk custom robots and WeCom group robots. */
export const DEFAULT_WEBHOOK_HOSTS = ['oapi.dingtalk.com', 'qyapi.weixin.qq.com'] as const;

/**
 * A host outbound webhooks may reach; `http` when plain HTTP was allowed explicitly. Only the
 * scheme's default port is allowed, unless a plain-HTTP entry names one (`http://host:8088`) or
 * any (`http://host:*`, for a local relay or the test suite's receiver).
 */
export interface WebhookHost {
  host: string;
  http: boolean;
  port?: number | '*';
}

/** `host`, `https://host` or `http://host[:port|:*]` (a DNS name, IPv4 address or [IPv6] address); no path or user. */
export function parseWebhookHost(entry: string): WebhookHost | null {
  const m = /^(?:(https?):\/\/)?([^/:?#@\s]+|\[[0-9a-f:.]+\])(?::(\d{1,5}|\*))?\/?$/i.exec(entry.trim());
  if (!m) return null;
  let host: string;
  try {
    host = new URL(`https://${m[2]}`).hostname;
  } catch {
    return null;
  }
  if (!/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/.test(host)) return null;
  const http = m[1]?.toLowerCase() === 'http';
  if (m[3] === undefined) return { host, http };
  // HTTPS robots are reached on 443 only: another port of an allowed host is another service.
  if (!http) return null;
  if (m[3] === '*') return { host, http, port: '*' };
  const port = Number(m[3]);
  return port >= 1 && port <= 65535 ? { host, http, port } : null;
}

/**
 * Which proxies' `X-Forwarded-*` headers to believe: `false` (none: the peer is the client), a
 * hop count (the client is the address that many hops from the front), or the proxies'
 * addresses and CIDR ranges (the client is the right-most address that is not one of them). As
 * Fastify's `trustProxy` takes it (through proxy-addr).
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's names for well-known ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [addr, prefix, ...rest] = entry.split('/');
  const family = isIP(addr ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `false`/`0`/empty: trust none; a positive integer: hop count; otherwise a comma-separated list of addresses/CIDRs. */
const trustProxy = z
  .string()
  .default('false')
  .transform((raw, ctx): TrustProxy => {
    const v = raw.trim().toLowerCase();
    if (v === '' || v === 'false' || v === 'no' || v === '0') return false;
    if (v === 'true' || v === 'yes') {
      ctx.addIssue({ code: 'custom', message: '"true" (trust every hop) is no longer accepted: it lets a client choose its own address. Give the number of proxies in front of the server (e.g. 1) or their addresses/CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1)' });
      return z.NEVER;
    }
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops > 10) {
        ctx.addIssue({ code: 'custom', message: `${hops} hops: give at most 10, or the proxies' addresses` });
        return z.NEVER;
      }
      return hops;
    }
    const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.find((e) => !isAddressOrRange(e));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `"${bad}" is neither a hop count nor an IP address or CIDR range (e.g. 1, or 10.0.0.0/8,127.0.0.1)` });
      return z.NEVER;
    }
    return entries;
  });

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** `postgres://user:pass@host:5432/db` for PostgreSQL; otherwise SQLite at FUGONG_DATA_DIR/fugong.sqlite. */
  DATABASE_URL: z.string().min(1).optional(),
  FUGONG_DATA_DIR: z.string().min(1).default('./data'),
  /** 64 hex chars (32 bytes): key for personal data encrypted at rest. Required in production. */
  FUGONG_SECRET_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Reverse proxies whose X-Forwarded-* to believe (client address for sign-in limits, HTTPS for Secure cookies and HSTS). */
  FUGONG_TRUST_PROXY: trustProxy,
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** How long a process trusts its cached copy of a session against changes made by other processes (0: no cache; unset: 2 on SQLite, 0 on PostgreSQL). */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).optional(),
  /** Seed the demo city on `start` when the database has no users. */
  FUGONG_SEED_DEMO: bool.default(true),
  /** A running chain analysis whose process sent no heartbeat for this long is failed (analysis_interrupted). */
  FUGONG_ANALYSIS_STALE_SECONDS: z.coerce.number().int().min(10).max(24 * 3600).default(120),
  /** Finished chain analysis jobs (and their results) are kept this long. */
  FUGONG_ANALYSIS_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24),
  /**
   * Hosts outbound webhooks may post to, comma-separated: HTTPS only, unless an entry is written
   * `http://host` (a local relay, the test suite's receiver). Empty: no webhooks at all.
   */
  FUGONG_WEBHOOK_HOSTS: z
    .string()
    .default(DEFAULT_WEBHOOK_HOSTS.join(','))
    .transform((raw, ctx) => {
      const out: WebhookHost[] = [];
      for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
        const host = parseWebhookHost(entry);
        if (!host) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not a host name (optionally prefixed https://, or http:// with an optional :port or :*)` });
          return z.NEVER;
        }
        out.push(host);
      }
      return out;
    }),
  FUGONG_TEST_PG_URL: z.string().optional(),
  /**
   * The Chromium to drive (browser tests, PDF printing): an executable's path, or `bundled` for
   * the build inside the npm package @sparticuz/chromium. Unset: /usr/bin/chromium, else bundled.
   */
  FUGONG_CHROMIUM: z.string().trim().min(1).optional(),
  /** When the daily briefings are generated and posted (Asia/Shanghai, HH:MM); weekly ones on Mondays at the same time. */
  FUGONG_BRIEFING_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, Asia/Shanghai)').default('18:00'),
  /** The address users open the platform at (links in robot messages), e.g. https://fugong.example.cn. */
  FUGONG_PUBLIC_URL: z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string;
  dataDir: string;
  secretKeyHex: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** FUGONG_TRUST_PROXY: which proxies' X-Forwarded-* headers are believed. */
  trustProxy: TrustProxy;
  session: { idleMinutes: number; absoluteHours: number; cacheSeconds: number | null };
  seedDemo: boolean;
  /** Chain analysis jobs: heartbeat age that counts as a dead process; how long finished jobs stay. */
  analysisJobs: { staleSeconds: number; retentionHours: number };
  /** Where outbound webhooks may post (FUGONG_WEBHOOK_HOSTS). */
  webhookHosts: readonly WebhookHost[];
  /** PostgreSQL URL for the test suite's second dialect (tests only). */
  testPgUrl: string | undefined;
  /** FUGONG_CHROMIUM: a Chromium executable, `bundled`, or unset (see core/chromium.ts). */
  chromium: string | undefined;
  /** Scheduled briefings: daily at `at` (HH:MM Asia/Shanghai), weekly on Mondays; links start with `publicUrl`. */
  briefings: { at: string; publicUrl: string | undefined };
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.FUGONG_SECRET_KEY) {
    throw new ConfigError('Invalid configuration:\n  FUGONG_SECRET_KEY: required in production');
  }
  const dataDir = resolve(e.FUGONG_DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${resolve(dataDir, 'fugong.sqlite')}`,
    dataDir,
    secretKeyHex: e.FUGONG_SECRET_KEY,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.FUGONG_TRUST_PROXY,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS, cacheSeconds: e.SESSION_CACHE_SECONDS ?? null },
    seedDemo: e.FUGONG_SEED_DEMO,
    analysisJobs: { staleSeconds: e.FUGONG_ANALYSIS_STALE_SECONDS, retentionHours: e.FUGONG_ANALYSIS_RETENTION_HOURS },
    webhookHosts: e.FUGONG_WEBHOOK_HOSTS,
    testPgUrl: e.FUGONG_TEST_PG_URL,
    chromium: e.FUGONG_CHROMIUM,
    briefings: { at: e.FUGONG_BRIEFING_AT, publicUrl: e.FUGONG_PUBLIC_URL?.replace(/\/+$/, '') },
  };
}

let cached: Config | undefined;
/** The process configuration, parsed on first use. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
