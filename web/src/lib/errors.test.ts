import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { requiredRule, zodRule } from './errors';
import { i18n } from './i18n';

describe('form rules', () => {
  const t = i18n.getFixedT('zh-CN');

  it('a required field left empty fails only its required rule (one message)', async () => {
    const schema = z.number().int().min(0);
    const rules = [requiredRule(t), zodRule(t, schema)];
    expect(rules[0]).toMatchObject({ required: true });
    for (const empty of [undefined, null, '']) await expect(zodRule(t, schema).validator(null, empty)).resolves.toBeUndefined();
  });

  it('a filled field is checked against the schema', async () => {
    await expect(zodRule(t, z.number().int().min(0)).validator(null, -1)).rejects.toThrow();
    await expect(zodRule(t, z.number().int().min(0)).validator(null, 3)).resolves.toBeUndefined();
  });
});
