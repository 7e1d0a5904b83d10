import { describe, expect, it } from 'vitest';
import { autoScale, el, escapeXml, linearScale, logScale, tickLabel } from '../../src/report/svg.js';
import { expectWellFormedSvg } from './svg-check.js';

describe('svg helpers', () => {
  it('escapes text and attribute values', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
    expect(el('text', { x: 1.23456, 'data-k': 'a"b' }, escapeXml('|x~0|<'))).toBe('<text x="1.23" data-k="a&quot;b">|x~0|&lt;</text>');
    expect(el('circle', { r: 3, skip: undefined })).toBe('<circle r="3"/>');
  });

  it('the well-formedness check catches broken markup', () => {
    expect(() => expectWellFormedSvg('<svg xmlns="http://www.w3.org/2000/svg"><g><text>x</g></text></svg>')).toThrow(/closes/);
    expect(() => expectWellFormedSvg('<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>')).toThrow(/unescaped &/);
    expect(() => expectWellFormedSvg('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>')).toThrow();
  });

  it('widens a linear scale to round ticks that cover the data', () => {
    const s = linearScale([84.3, 91.11], [0, 100]);
    expect(s.ticks).toEqual([84, 86, 88, 90, 92]);
    expect(s(84)).toBe(0);
    expect(s(92)).toBe(100);
    expect(linearScale([0.1, 0.7], [0, 1]).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    // A flat extent still gets an axis around the value.
    const flat = linearScale([5, 5], [0, 1]);
    expect(flat.domain[0]).toBeLessThan(5);
    expect(flat.domain[1]).toBeGreaterThan(5);
  });

  it('switches to a log scale for positive data spanning two decades or more', () => {
    expect(autoScale([1e-4, 1.2], [0, 1]).log).toBe(true);
    expect(autoScale([1, 50], [0, 1]).log).toBeUndefined();
    expect(autoScale([-1, 500], [0, 1]).log).toBeUndefined();
    const s = logScale([0.3, 40], [0, 300]);
    expect(s.ticks).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]);
    expect(s(0.1)).toBe(0);
    expect(s(100)).toBeCloseTo(300, 9);
    expect(s(1)).toBeCloseTo(100, 9);
  });

  it('labels ticks without float noise', () => {
    expect(tickLabel(0.30000000000000004)).toBe('0.3');
    expect(tickLabel(1e-4)).toBe('1e-4');
    expect(tickLabel(2e6)).toBe('2e6');
    expect(tickLabel(0)).toBe('0');
  });
});
