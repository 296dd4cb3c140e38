import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { immutableResponse, serializerCompiler } from './serializer';

const Answer = z.object({ n: z.number().int(), tags: z.array(z.string()) });

function appAnswering(value: () => unknown) {
  const app = Fastify();
  app.setSerializerCompiler(serializerCompiler);
  app.get('/x', { schema: { response: { 200: Answer } } }, async () => value());
  return app;
}

describe('response serializer', () => {
  it('encodes through the schema: unknown keys dropped, an answer off the contract refused', async () => {
    const ok = await appAnswering(() => ({ n: 1, tags: ['a'], secret: 'x' })).inject({ url: '/x' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('{"n":1,"tags":["a"]}');
    const bad = await appAnswering(() => ({ n: 'one', tags: [] })).inject({ url: '/x' });
    expect(bad.statusCode).toBe(500);
    const badFrozen = await appAnswering(() => immutableResponse({ n: 1.5, tags: [] })).inject({ url: '/x' });
    expect(badFrozen.statusCode).toBe(500);
  });

  it('encodes an immutable answer once and sends the same text again; it cannot be changed', async () => {
    const answer = immutableResponse({ n: 2, tags: ['b'], extra: true });
    let encodes = 0;
    const counted = new Proxy(answer, {
      get(target, key, receiver) {
        if (key === 'n') encodes++;
        return Reflect.get(target, key, receiver);
      },
    });
    immutableResponse(counted);
    const app = appAnswering(() => counted);
    const first = await app.inject({ url: '/x' });
    const second = await app.inject({ url: '/x' });
    expect(first.body).toBe('{"n":2,"tags":["b"]}');
    expect(second.body).toBe(first.body);
    expect(encodes).toBe(1);
    expect(Object.isFrozen(answer.tags)).toBe(true);
    expect(() => (answer.tags as string[]).push('c')).toThrow(TypeError);
  });

  it('encodes an ordinary object every time (it may change between answers)', async () => {
    const answer = { n: 3, tags: ['c'] };
    const app = appAnswering(() => answer);
    expect((await app.inject({ url: '/x' })).body).toBe('{"n":3,"tags":["c"]}');
    answer.n = 4;
    expect((await app.inject({ url: '/x' })).body).toBe('{"n":4,"tags":["c"]}');
  });
});
