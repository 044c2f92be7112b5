/**
 * Hostile and broken input: every case returns `ok: false` with a positioned error or a clear
 * limit error, and never throws. (Each call must simply return; timings are measured by the
 * benchmark, not asserted here.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseStatements } from '../../src/parse/index.js';
import { LIMITS } from '../../src/parse/lexer.js';

function failure(source: string, options = {}): { code: string; line: number; column: number; message: string } {
  const r = parse(source, options);
  if (r.ok) throw new Error(`expected ${JSON.stringify(source.slice(0, 40))} to fail`);
  expect(r.error.line).toBeGreaterThanOrEqual(1);
  expect(r.error.column).toBeGreaterThanOrEqual(1);
  expect(r.error.message.length).toBeGreaterThan(0);
  return r.error;
}

describe('broken input', () => {
  it.each([
    ['unbalanced braces', '\\frac{1}{1+e^{-z}', 'unexpected-end'],
    ['an extra closing brace', '\\sigma(z)}', 'unexpected-token'],
    ['an unknown command', '\\foo(x)', 'unknown-command'],
    ['empty input', '', 'empty'],
    ['bare bars that nest two ways', '|a|b|c|', 'ambiguous'],
    ['a dangling operator', '\\sigma(z) \\cdot', 'unexpected-end'],
  ])('%s', (_, source, code) => {
    expect(failure(source).code).toBe(code);
  });
});

describe('limits', () => {
  it('100 kB of `(` is a limit error', () => {
    expect(failure('('.repeat(100_000)).code).toBe('too-many-tokens');
  });

  it('more than 100 kB is refused before lexing', () => {
    expect(failure('x'.repeat(LIMITS.maxLength + 1)).code).toBe('too-long');
  });

  it('10,000-deep nesting is a limit error, whatever the brackets', () => {
    for (const [open, close] of [['(', ')'], ['{', '}'], ['\\left(', '\\right)'], ['\\sqrt{', '}'], ['\\frac{1}{', '}']]) {
      const e = failure(`${open!.repeat(10_000)}x${close!.repeat(10_000)}`);
      expect(['too-deep', 'too-many-tokens', 'too-long']).toContain(e.code);
    }
  });

  it('nesting just past the depth limit points at the first bracket too deep', () => {
    const e = failure(`${'('.repeat(LIMITS.maxDepth + 1)}x${')'.repeat(LIMITS.maxDepth + 1)}`);
    expect([e.code, e.column]).toEqual(['too-deep', LIMITS.maxDepth + 1]);
  });

  it('deep nesting without brackets (a run of signs) is a depth error, not a stack overflow', () => {
    expect(failure(`${'-'.repeat(5000)}x`).code).toBe('too-deep');
  });

  it('many bare bars are refused before the parser would enumerate their readings', () => {
    const e = failure(`${'|a'.repeat(50)}|`);
    expect(e.code).toBe('too-many-bars');
    expect(e.column).toBe(2 * LIMITS.maxBars + 1);
  });

  it('long but flat input at the token limit parses', () => {
    const n = LIMITS.maxTokens - 1;
    expect(parse(`${'a+'.repeat(n / 2)}a`).ok).toBe(true);
    expect(parse(`x${"'".repeat(n)}`).ok).toBe(true);
    expect(parse('a'.repeat(n)).ok).toBe(true);
  });

  it('an exponent out of range is an error rather than a huge number', () => {
    expect(failure('1e99999999').code).toBe('number-out-of-range');
  });
});

describe('garbage never throws', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), (bytes) => {
      const text = Buffer.from(bytes).toString('latin1');
      expect(() => parse(text)).not.toThrow();
      expect(() => parse(text, { ascii: true })).not.toThrow();
    }), { numRuns: 300 });
  });

  it('random strings over the notation alphabet', () => {
    const alphabet = fc.constantFrom('\\frac', '{', '}', '(', ')', '[', ']', '|', '\\left(', '\\right)', '^', '_', "'", 'x', 'a', '2', '0.5', '+', '-',
      '=', '\\sigma', '\\ln', '\\partial', 'd', '\\cdot', '\\begin{cases}', '\\end{cases}', '&', '\\\\', '\\text{if }', ',', '.', ' ', '\\boxed', '\\sqrt', 'e', 'σ', '−');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      const r = parse(text);
      if (!r.ok) expect(r.error.code).toMatch(/^[a-z-]+$/);
      expect(() => parseStatements(text)).not.toThrow();
    }), { numRuns: Number(process.env.GARBAGE_RUNS ?? 1000) });
  });
});
