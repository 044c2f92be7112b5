/**
 * Custom matchers that let parser tests read as specifications:
 *
 *   expect('a(1-a)').toParseAs('a\\left(1-a\\right)')           // canonical printing
 *   expect('L(a)').toParseAs(mul(sym('L'), sym('a')))            // or the node itself
 *   expect('\\frac{1}{2').toFailToParseAt(1, 11, 'unexpected-end')
 *   expect('\\sum_k x_k').toReadBack()                            // its printing parses to the same node
 *
 * Import this module for its side effect (`import '../helpers/matchers.js'`).
 */
import { expect } from 'vitest';
import type { Expr } from '../../src/core/expr.js';
import { parse, type ParseOptions } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';

interface CustomMatchers<R = unknown> {
  /** Parses to exactly this node, or to a tree whose canonical LaTeX is this string. */
  toParseAs(expected: string | Expr, options?: ParseOptions): R;
  /** Fails with a positioned error: 1-based line and column, and the error code. */
  toFailToParseAt(line: number, column: number, code: string, options?: ParseOptions): R;
  /** Parses, and its canonical printing parses back to the very same node. */
  toReadBack(): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends CustomMatchers<T> {}
}

expect.extend({
  toParseAs(source: string, expected: string | Expr, options: ParseOptions = {}) {
    const r = parse(source, options);
    if (!r.ok) {
      return { pass: false, message: () => `expected ${JSON.stringify(source)} to parse, but: ${r.error.code} at ${r.error.line}:${r.error.column}: ${r.error.message}` };
    }
    const got = toLatex(r.value);
    const pass = typeof expected === 'string' ? got === expected : r.value === expected;
    const want = typeof expected === 'string' ? expected : toLatex(expected);
    return {
      pass,
      message: () => `expected ${JSON.stringify(source)} ${pass ? 'not ' : ''}to parse as ${want}, got ${got}`,
      actual: got,
      expected: want,
    };
  },
  toFailToParseAt(source: string, line: number, column: number, code: string, options: ParseOptions = {}) {
    let r: ReturnType<typeof parse>;
    try {
      r = parse(source, options);
    } catch (e) {
      return { pass: false, message: () => `parse threw instead of returning an error: ${(e as Error).stack ?? String(e)}` };
    }
    const shown = source.length > 60 ? `${JSON.stringify(source.slice(0, 60))}…` : JSON.stringify(source);
    if (r.ok) return { pass: false, message: () => `expected ${shown} to fail at ${line}:${column} (${code}), but it parsed as ${toLatex(r.value)}` };
    const { error } = r;
    const pass = error.line === line && error.column === column && error.code === code;
    return {
      pass,
      message: () => `expected ${shown} ${pass ? 'not ' : ''}to fail at ${line}:${column} (${code}); got ${error.line}:${error.column} (${error.code}: ${error.message})`,
      actual: `${error.line}:${error.column} ${error.code}`,
      expected: `${line}:${column} ${code}`,
    };
  },
  toReadBack(source: string) {
    const r = parse(source);
    if (!r.ok) return { pass: false, message: () => `expected ${JSON.stringify(source)} to parse, but: ${r.error.message}` };
    const printed = toLatex(r.value);
    const back = parse(printed);
    const pass = back.ok && back.value === r.value;
    const got = back.ok ? `it reads as ${toLatex(back.value)}` : back.error.message;
    return { pass, message: () => `expected the printing of ${JSON.stringify(source)}, ${printed}, ${pass ? 'not ' : ''}to read back as the same node; ${got}` };
  },
});
