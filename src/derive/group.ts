/**
 * From the differentiator's trace to textbook-sized lines.
 *
 * The trace is a tree of rewrites: each step replaces one derivative (or a primed function,
 * σ'(g)) by a result that may hold further derivatives. A line of the derivation applies, at
 * once, the step of every derivative still open in the expression, and in the same line:
 * - the steps under bookkeeping rules (sum, constant multiple, d/dz z), whose results are
 *   just the derivatives of the parts;
 * - every derivative whose whole subtree is bookkeeping (d/dz(−z) = −1, d/dw₁(w₁x₁+b) = x₁):
 *   a textbook never spends a line on those;
 * - the primed function a chain rule step leaves (σ'(g) = σ(g)(1−σ(g))).
 * What is left open is a derivative of something that needs a rule of its own, and it gets the
 * next line. The line says which rules it used; "chain rule" when a rule left an inner
 * derivative for later.
 */
import { add, apply, children, isZero, type Expr } from '../core/expr.js';
import { fnEntry, isFnName } from '../core/functions.js';
import { size, substitute, transform } from '../core/walk.js';
import type { DiffStep } from '../diff/index.js';
import { toLatex } from '../print/latex.js';
import { why, type Part, type PartCode, type Why } from './why.js';

/** Rules that only distribute the derivative over the parts. */
const BOOKKEEPING: ReadonlySet<string> = new Set(['d-sum', 'd-constant', 'd-constant-multiple', 'd-variable', 'd-component', 'd-note']);

/** The part each structural rule of the differentiator contributes; table rules say "derivative of …". */
const RULE_PART: Readonly<Record<string, PartCode>> = {
  'd-sum': 'sum-rule',
  'd-constant': 'constant-rule',
  'd-constant-multiple': 'constant-multiple',
  'd-variable': 'variable',
  'd-component': 'entry',
  'd-product': 'product-rule',
  'd-quotient': 'quotient-rule',
  'd-chain': 'chain-rule',
  'd-power': 'power-rule',
  'd-exponential': 'exponential-rule',
  'd-general-power': 'general-power',
  'd-piecewise': 'branch-by-branch',
  'd-definition': 'definition-of',
  'd-substitute': 'definition-of',
  'd-function': 'unknown-function',
};

/** Rules that split a derivative into derivatives of parts; an open part after them is not a chain rule. */
const SPLITTING: ReadonlySet<string> = new Set(['d-product', 'd-quotient', 'd-piecewise', 'd-relation', 'd-chain', 'd-definition', 'd-substitute']);

/** Subjects longer than this (in nodes) are not written into a justification. */
const MAX_SUBJECT = 12;

/** A guard far above any derivation a person reads; the trace is finite, so it only stops a bug. */
const MAX_LINES = 200;

export interface GroupedLine { readonly expr: Expr; readonly why: Why; readonly open: boolean }

/** Zero terms left where a derivative was replaced by 0 (the constructors keep `x + 0`). */
function withoutZeros(e: Expr): Expr {
  return transform(e, (x) => (x.kind === 'add' && x.terms.some(isZero) ? add(...x.terms.filter((t) => !isZero(t))) : x));
}

/** `start` (a derivative node) worked out line by line from the trace `steps`. */
export function groupTrace(start: Expr, steps: readonly DiffStep[]): GroupedLine[] {
  const stepOf = new Map<Expr, DiffStep>();
  for (const s of steps) if (s.result !== s.expr && !stepOf.has(s.expr)) stepOf.set(s.expr, s);

  const openIn = (e: Expr): Expr[] => {
    const out: Expr[] = [];
    const seen = new Set<Expr>();
    const walk = (x: Expr): void => {
      if (seen.has(x)) return;
      seen.add(x);
      if (stepOf.has(x)) out.push(x);
      else children(x).forEach(walk);
    };
    walk(e);
    return out;
  };

  const all = new Map([...stepOf].map(([k, st]) => [k, st.result]));
  const easyMemo = new Map<Expr, boolean>();
  const easy = (x: Expr): boolean => {
    const hit = easyMemo.get(x);
    if (hit !== undefined) return hit;
    const s = stepOf.get(x)!;
    const out = BOOKKEEPING.has(s.rule) && openIn(s.result).every(easy);
    easyMemo.set(x, out);
    return out;
  };

  const lines: GroupedLine[] = [];
  let current = start;
  for (let n = 0; n < MAX_LINES; n++) {
    const frontier = openIn(current);
    if (frontier.length === 0) break;
    const known = new Map<Expr, Expr>();
    const parts: Part[] = [];
    const minor: Part[] = [];
    const expand = (x: Expr): void => {
      if (known.has(x)) return;
      const s = stepOf.get(x)!;
      known.set(x, s.result);
      const kids = openIn(s.result);
      const now = kids.filter((k) => BOOKKEEPING.has(s.rule) || easy(k) || (s.rule === 'd-chain' && k.kind === 'apply'));
      const part = partOf(s);
      if (BOOKKEEPING.has(s.rule)) {
        // Bookkeeping is named only when it is the whole expression's rule ("sum rule" for a sum).
        (x === start ? parts : minor).push(part);
      } else {
        // The chain rule is worth naming when it leaves work for later or brings in a factor (2 in (2x+1)⁵), not a bare sign.
        const inner = kids.filter((k) => k.kind === 'deriv');
        const factor = inner.some((k) => now.includes(k) && !isUnit(settle(k, all)));
        if (!SPLITTING.has(s.rule) && (now.length < kids.length || factor)) parts.push({ code: 'chain-rule' });
        parts.push(part);
      }
      for (const k of now) expand(k);
    };
    for (const x of frontier) expand(x);
    current = settle(current, known);
    lines.push({ expr: current, why: why(...(parts.length > 0 ? parts : minor.slice(0, 1))), open: openIn(current).length > 0 });
  }
  return lines;
}

const isUnit = (e: Expr): boolean => e.kind === 'num' && e.value.n === 1n && e.value.d === 1n;

/** Replace worked-out derivatives by their results until nothing changes. */
function settle(e: Expr, known: ReadonlyMap<Expr, Expr>): Expr {
  let out = e;
  for (let i = 0; i <= known.size; i++) {
    const next = withoutZeros(substitute(out, known));
    if (next === out) break;
    out = next;
  }
  return out;
}

function partOf(s: DiffStep): Part {
  const code = RULE_PART[s.rule];
  const body = s.expr.kind === 'deriv' ? s.expr.body : s.expr;
  if (code === 'definition-of') {
    return { code, subject: body.kind === 'apply' && typeof body.fn !== 'string' ? toLatex(body.fn) : toLatex(body) };
  }
  if (code !== undefined) return { code };
  // A table function: "derivative of e^{-z}", or of σ(g) for the σ'(g) a chain rule step left.
  const subject = body.kind === 'apply' && body.primes > 0 ? apply(body.fn, body.args) : body;
  if (size(subject) <= MAX_SUBJECT) return { code: 'derivative-of', subject: toLatex(subject) };
  const fn = s.rule.slice(2);
  return { code: 'derivative-of', subject: isFnName(fn) ? fnEntry(fn).latex : `\\operatorname{${fn}}` };
}
