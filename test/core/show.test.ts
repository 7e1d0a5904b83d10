import { describe, expect, it } from 'vitest';
import { show } from '../../src/core/index.js';

describe('show (the value in an error message)', () => {
  it('quotes strings, prints JSON values, and names non-finite numbers as they are (JSON would print null)', () => {
    expect(show('x')).toBe('"x"');
    expect(show(undefined)).toBe('undefined');
    expect(show(null)).toBe('null');
    expect(show(2.5)).toBe('2.5');
    expect(show([1, 'a'])).toBe('[1,"a"]');
    expect(show(Number.NaN)).toBe('NaN');
    expect(show(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
  });

  it('shortens long JSON values to 80 characters (strings are shown whole)', () => {
    expect(show('a'.repeat(200))).toHaveLength(202);
    const text = show({ a: 'a'.repeat(200) });
    expect(text).toHaveLength(80);
    expect(text.endsWith('...')).toBe(true);
  });
});
