import { expect } from 'vitest';

/**
 * A strict-enough XML check for our SVGs: one root `<svg>`, every tag closed in order, attribute
 * values quoted, no stray `<` or unescaped `&` in text.
 */
export function expectWellFormedSvg(svg: string): void {
  const body = svg.trim();
  expect(body.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(body.endsWith('</svg>')).toBe(true);
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let roots = 0;
  for (const m of body.matchAll(token)) {
    const [, closing, name, , selfClosing, textPart, stray] = m;
    if (stray) throw new Error(`stray "<" at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    if (textPart !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(textPart)) throw new Error(`unescaped & in ${JSON.stringify(textPart)}`);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? 'nothing'}> at ${m.index}`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name as string);
    } else if (stack.length === 0) roots++;
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}
