import { describe, expect, it } from 'vitest';
import { decodeModelName, encodeModelName } from './model-link';

describe('model links', () => {
  it('keep plain names readable and every other name to unreserved characters', () => {
    expect(encodeModelName('iris-mlp_v2.1')).toBe('iris-mlp_v2.1');
    for (const name of ['iris #1 ?50% & co', 'a~b~7E', "it's (x)*!", 'Ünïcødé 模型', '%41']) {
      const encoded = encodeModelName(name);
      expect(encoded).toMatch(/^[A-Za-z0-9\-_.~]+$/);
      expect(decodeModelName(encoded)).toBe(name);
      // What SvelteKit's decoding of the path does to it changes nothing.
      expect(decodeURIComponent(encoded)).toBe(encoded);
    }
    expect(encodeModelName('a b~')).toBe('a~20b~7E');
  });

  it('reject a parameter that is not an encoded name', () => {
    expect(decodeModelName('~zz')).toBeUndefined();
  });
});
