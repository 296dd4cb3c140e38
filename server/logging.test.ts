import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';
import { loggerOptions } from './core/http/logging';

describe('server logs', () => {
  it('are pretty on a terminal and JSON otherwise, in any environment', () => {
    for (const env of [{}, { NODE_ENV: 'production', FUGONG_SECRET_KEY: 'a'.repeat(64) }]) {
      const config = parseConfig(env);
      expect(loggerOptions(config, undefined, true)).toMatchObject({ transport: { target: 'pino-pretty' } });
      expect(loggerOptions(config, undefined, false)).not.toHaveProperty('transport');
      expect(loggerOptions(config, undefined, false).level).toBe(config.logLevel);
    }
  });
});
