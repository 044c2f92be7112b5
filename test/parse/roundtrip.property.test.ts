/**
 * Laws the rest of the code relies on, over random trees:
 * - printing is canonical: parse(toLatex(e)) is the very same node;
 * - reading back the printing evaluates the same (same value, same NaN-ness);
 * - the plain-text printing reads back in plain-text mode and evaluates the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr, Sym } from '../../src/core/expr.js';
import { freeSet } from '../../src/core/walk.js';
import { CompileError, compile } from '../../src/numeric/compile.js';
import { parse } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';
import { toOutline, toText } from '../../src/print/text.js';
import { exprArb, lineArb, userFunctionImpls } from '../helpers/arbitrary.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);
const functions = userFunctionImpls();

/** Value at a point, or 'no-value' when the tree has none (derivatives, relations, f'(x)). */
function valueAt(e: Expr, vars: readonly Sym[], point: readonly number[]): number | 'no-value' {
  try {
    return compile(e, vars, { functions }).fn(point);
  } catch (err) {
    if (err instanceof CompileError) return 'no-value';
    throw err;
  }
}

function sameValue(a: number | 'no-value', b: number | 'no-value'): boolean {
  if (typeof a !== 'number' || typeof b !== 'number') return a === b;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}


const pointArb = fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 40, maxLength: 40 });

describe('LaTeX printing round-trips', () => {
  it('parse(toLatex(e)) is the same node', () => {
    fc.assert(fc.property(lineArb(), (e) => {
      const printed = toLatex(e);
      const r = parse(printed);
      if (!r.ok) throw new Error(`${printed} does not parse: ${r.error.message} at ${r.error.column}`);
      expect(toLatex(r.value), printed).toBe(printed);
      expect(r.value === e, `${printed}\nwritten:\n${toOutline(e)}\nread back:\n${toOutline(r.value)}`).toBe(true);
    }), { numRuns: RUNS });
  });

  it('the reparsed tree evaluates like the original', () => {
    fc.assert(fc.property(exprArb({ derivatives: false }), pointArb, (e, point) => {
      const r = parse(toLatex(e));
      if (!r.ok) throw new Error(`${toLatex(e)}: ${r.error.message}`);
      const vars = [...freeSet(e)];
      expect([...freeSet(r.value)].every((v) => vars.includes(v))).toBe(true);
      const want = valueAt(e, vars, point);
      const got = valueAt(r.value, vars, point);
      expect(sameValue(want, got), `${toLatex(e)}: ${String(want)} vs ${String(got)}`).toBe(true);
    }), { numRuns: RUNS / 2 });
  });
});

describe('plain-text printing reads back in plain-text mode', () => {
  it('parse(toText(e), {ascii: true}) evaluates like e', () => {
    fc.assert(fc.property(exprArb({ derivatives: false, structure: false }), pointArb, (e, point) => {
      const printed = toText(e);
      const r = parse(printed, { ascii: true });
      if (!r.ok) throw new Error(`${printed} does not parse in plain-text mode: ${r.error.message} at ${r.error.column}`);
      const vars = [...freeSet(e)];
      const extra = [...freeSet(r.value)].filter((v) => !vars.includes(v));
      expect(extra.map((v) => v.name), `${printed} → ${toLatex(r.value)}`).toEqual([]);
      const want = valueAt(e, vars, point);
      const got = valueAt(r.value, vars, point);
      expect(sameValue(want, got), `${printed} → ${toLatex(r.value)}: ${String(want)} vs ${String(got)}`).toBe(true);
    }), { numRuns: RUNS });
  });
});
