/**
 * Request logs. A URL's query string can carry personal data — the member search sends phone
 * numbers and names as `?q=` — so the request serializer keeps the path and the parameter names
 * and drops every value (`/api/enterprises?q=…&page=…`). Cookies and authorization headers are
 * redacted too; bodies are never logged.
 */
import type { Writable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config';

/** The URL with each query value replaced by `…` (names kept: they say what was asked, not who). */
export function redactQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const name = pair.split('=')[0]!.slice(0, 40);
      return `${name}=…`;
    });
  return `${url.slice(0, q)}?${names.join('&')}`;
}

/** Fastify's own request serializer, less the query values. */
export function serializeRequest(req: FastifyRequest) {
  return { method: req.method, url: redactQuery(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/**
 * pino options for the server; `stream` (tests) replaces standard output. Pretty lines for a
 * person at a terminal, in any environment; JSON for anything else (files, pipes, collectors).
 */
export function loggerOptions(config: Config, stream?: Writable, stdoutIsTTY = process.stdout.isTTY === true) {
  const pretty = !stream && stdoutIsTTY;
  return {
    level: config.logLevel,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    serializers: { req: serializeRequest },
    ...(stream ? { stream } : {}),
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
}
