/**
 * The end of a derivation: once every derivative is worked out, tidy the result and bring it
 * to its self-form (σ(z)(1−σ(z)), 1−tanh²(z)) the way a textbook does: write the result as a
 * product (or sum) of pieces that are visibly the named function, then recognise them.
 *
 * Each line is kept only when it helps a reader: a tidy-up that merely reorders, grows the
 * expression, or turns written decimals into long fractions is dropped. Whatever is kept is
 * checked by the checker afterwards, so a line here never has to be trusted.
 */
import { add, children, mul, pow, MINUS_ONE, ONE, type Apply, type Expr, type Sym } from '../core/expr.js';
import { definitionOf, size, substitute, symbolsIn, transform } from '../core/walk.js';
import { toLatex } from '../print/latex.js';
import { ASSUME_RULE, canonical, simplify, type RewriteStep } from '../simplify/index.js';
import { productLatex, sumLatex } from './latex.js';
import type { Row } from './types.js';
import { why, type Part, type PartCode } from './why.js';

/** What the simplifier's named rewrites contribute to a justification. */
const SIMPLIFY_PART: Readonly<Record<string, PartCode>> = {
  'sum-together': 'common-denominator',
  'sum-factor': 'factor-out',
  'exp-ln': 'expand-log',
  'ln-exp': 'expand-log',
  'ln-one': 'expand-log',
  'ln-e': 'expand-log',
};

export interface FinishOptions {
  /** The form to end in (a catalogue self-form); null for the simplifier's self-form. */
  readonly target: Expr | null;
  /** A named function written through others, for the line before "recognise"; null keeps it. */
  readonly expand: (app: Apply) => Expr | null;
  /** Names given before the derivation (`p_i = …`, for every p_k): the target may be written in them. */
  readonly names?: ReadonlyMap<Sym, Expr>;
  /** Equations the derivation may use (`\sum_{k=1}^{K} y_k = 1`). */
  readonly assumptions?: readonly Expr[];
}

/**
 * Sum algebra one kind of step per line, as a textbook shows it: split the sums, let each
 * Kronecker delta keep its one term, then use what is assumed of the sums left.
 */
const SUM_PHASES: readonly { readonly rules: ReadonlySet<string>; readonly part: PartCode }[] = [
  { rules: new Set(['sum-distribute', 'sum-split', 'sum-constant-factor']), part: 'split-sum' },
  { rules: new Set(['sum-kronecker', 'kronecker-same', 'kronecker-different']), part: 'delta-picks' },
  { rules: new Set([ASSUME_RULE]), part: 'assumption' },
];

const hasSum = (e: Expr): boolean => e.kind === 'sum' || children(e).some(hasSum);

/** The lines of sum algebra from `start`, one per phase that changes something (none when it has no sum). */
export function sumRows(start: Expr, assumptions: readonly Expr[]): Row[] {
  const rows: Row[] = [];
  let current = start;
  for (const phase of SUM_PHASES) {
    if (!hasSum(current)) break;
    const s = simplify(current, { self: false, only: phase.rules, assumptions });
    if (canonical(s.expr) === canonical(current)) continue;
    const subjects = phase.part === 'assumption' ? assumptions.flatMap((a) => (a.kind === 'rel' ? [toLatex(a.args[0]!)] : [])) : [];
    rows.push(row(s.expr, ...(subjects.length > 0 ? subjects.map((subject) => ({ code: phase.part, subject })) : [{ code: phase.part }])));
    current = s.expr;
  }
  return rows;
}

const row = (expr: Expr, ...parts: Part[]): Row => ({ latex: toLatex(expr), expr, why: why(...parts) });

/** Digit runs of four or more written in `e` but not in `before`: a decimal the simplifier turned into a fraction. */
function newLongNumbers(e: Expr, before: Expr): boolean {
  const runs = (x: Expr): Set<string> => new Set(toLatex(x).match(/\d+/g) ?? []);
  const old = runs(before);
  return [...runs(e)].some((r) => r.length >= 4 && !old.has(r));
}

/** Whether replacing `before` by `after` is a line worth printing. */
function worthALine(after: Expr, before: Expr): boolean {
  if (after === before || canonical(after) === canonical(before)) return false;
  if (newLongNumbers(after, before)) return false;
  return toLatex(after).length <= 1.25 * toLatex(before).length;
}

function simplifierParts(steps: readonly RewriteStep[]): Part[] {
  const parts = steps.map((s) => SIMPLIFY_PART[s.rule]).filter((c): c is PartCode => c !== undefined).map((code) => ({ code }));
  return parts.length > 0 ? parts : [{ code: 'simplify' }];
}

/** Function heads (table keys and user-function symbols) used anywhere in `e`. */
function headsIn(e: Expr): Set<Apply['fn']> {
  const out = new Set<Apply['fn']>();
  const seen = new Set<Expr>();
  const walk = (x: Expr): void => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.kind === 'apply') out.add(x.fn);
    children(x).forEach(walk);
  };
  walk(e);
  return out;
}

const hasPiecewise = (e: Expr): boolean => e.kind === 'piecewise' || children(e).some(hasPiecewise);

/** `t · d` with the factor `1/d` of `t` cancelled, or multiplied into the terms of a sum `d`. */
function timesDenominator(t: Expr, d: Expr): Expr {
  const recip = pow(d, MINUS_ONE);
  if (t === recip) return ONE;
  if (t.kind === 'mul' && t.factors.includes(recip)) return mul(...t.factors.filter((f) => f !== recip));
  return d.kind === 'add' ? add(...d.terms.map((x) => mul(t, x))) : mul(t, d);
}

/** `Σ tᵢ` shown over its one denominator when that is shorter: `1 − 1/(1+e^{-z})` → `e^{-z}/(1+e^{-z})`. */
function overOneDenominator(e: Expr): Expr {
  if (e.kind !== 'add') return e;
  const dens = new Set<Expr>();
  for (const t of e.terms) {
    for (const f of t.kind === 'mul' ? t.factors : [t]) if (f.kind === 'pow' && f.exp === MINUS_ONE) dens.add(f.base);
  }
  if (dens.size !== 1) return e;
  const [d] = [...dens] as [Expr];
  const top = simplify(add(...e.terms.map((t) => timesDenominator(t, d))), { self: false }).expr;
  // One term over the denominator reads as a fraction even when the tree is a node larger.
  return top.kind !== 'add' || size(top) < size(e) ? mul(top, pow(d, MINUS_ONE)) : e;
}

/** `(u/v)^n` written `u^n/v^n`, as a reader expects after splitting a fraction. */
function powerOfQuotient(e: Expr): Expr {
  return transform(e, (x) => (x.kind === 'pow' && x.exp.kind === 'num' && x.exp.value.d === 1n && x.base.kind === 'mul'
    ? mul(...x.base.factors.map((f) => pow(f, x.exp))) : x));
}

/**
 * The lines after the last derivative is worked out, ending in `target` (or in the simplifier's
 * self-form when there is none and it is worth a line).
 */
export function finishRows(start: Expr, options: FinishOptions): Row[] {
  const rows: Row[] = sumRows(start, options.assumptions ?? []);
  let current = rows.at(-1)?.expr ?? start;
  const target = options.target ?? simplify(current, { self: true }).expr;
  if (target === current || (options.target === null && !worthALine(target, current))) return rows;
  const present = headsIn(current);
  const names = options.names ?? new Map<Sym, Expr>();
  // Given names the target is written in and the line is not: p_i and p_j in p_i(δ_ij − p_j).
  const given = [...symbolsIn(target)].filter((s) => !symbolsIn(current).has(s) && definitionOf(names, s) !== undefined);
  const named = [...headsIn(target)].filter((h) => !present.has(h));
  // When named functions are to be recognised, the line before them is built from the target,
  // so tidying first is a detour (4/(e^z+e^{-z})² before 1 − (e^z−e^{-z})²/(e^z+e^{-z})²) —
  // unless the result is more than twice that line's size: a reader cannot follow such a
  // collapse in one step, so it is simplified first.
  const tidy = simplify(current, { self: false });
  if (tidy.expr === target || canonical(tidy.expr) === canonical(target)) {
    rows.push(row(target, ...simplifierParts(tidy.steps)));
    return rows;
  }
  const isNamed = (x: Expr): x is Apply => x.kind === 'apply' && named.includes(x.fn);
  const isGiven = (x: Expr): x is Sym => x.kind === 'sym' && given.includes(x);
  const expandAll = (x: Expr): Expr => transform(x, (y) => (isNamed(y) && y.primes === 0 ? options.expand(y) ?? y : isGiven(y) ? definitionOf(names, y)! : y));
  const far = size(current) > 2 * size(expandAll(target));
  const recognising = named.length > 0 || given.length > 0;
  if ((!recognising || far) && worthALine(tidy.expr, current)) {
    rows.push(row(tidy.expr, ...simplifierParts(tidy.steps)));
    current = tidy.expr;
  }
  if (target === current) return rows;
  if (canonical(target) === canonical(current)) {
    rows.push(row(target, { code: 'rearrange' }));
    return rows;
  }
  if (!recognising) {
    rows.push(row(target, { code: hasPiecewise(target) ? 'simplify-conditions' : 'simplify' }));
    return rows;
  }
  const recognised = (x: Expr): x is Apply | Sym => isNamed(x) || isGiven(x);
  const recognise = (found: readonly Expr[]): Row => row(target, ...found.map((r) => ({ code: 'recognise' as const, subject: toLatex(r) })));
  // Inside a piecewise the written-out function would be a piecewise inside a branch: say only what is recognised.
  if (target.kind === 'piecewise') return [...rows, recognise(appsOf(target, recognised))];
  if (target.kind !== 'mul' && target.kind !== 'add') {
    const expanded = expandAll(target);
    // A line only when writing the target out changes something (sgn has nothing to write it out with).
    if (expanded !== current && expanded !== target) rows.push(row(expanded, { code: 'rearrange' }));
    return [...rows, recognise(appsOf(target, recognised))];
  }
  // The line before: the target with the named functions written out, piece by piece.
  const parts = target.kind === 'mul' ? target.factors : target.terms;
  const shown = parts.map((p) => overOneDenominator(powerOfQuotient(expandAll(p))));
  // A product's sign goes in front: −\frac{…}{…} \cdot (…), not (−1) \cdot \frac{…}{…} \cdot (…).
  const negated = target.kind === 'mul' && shown[0]?.kind === 'num' && shown[0].value.s < 0n && shown[0].value.abs().equals(1);
  const latex = target.kind === 'mul' ? `${negated ? '-' : ''}${productLatex(negated ? shown.slice(1) : shown)}` : sumLatex(shown);
  const expr = target.kind === 'mul' ? mul(...parts.map(expandAll)) : substitute(target, new Map(parts.map((p) => [p, expandAll(p)])));
  const fraction = current.kind === 'mul' && current.factors.some((f) => f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.s < 0n);
  if (latex !== toLatex(current)) rows.push({ latex, expr, why: why({ code: fraction ? 'split-fraction' : 'rearrange' }) });
  const found = target.kind === 'mul' && given.length === 0
    ? parts.filter((p) => [...headsIn(p)].some((h) => named.includes(h))) : appsOf(target, recognised);
  return [...rows, recognise(found)];
}

/** The distinct applications (or given names) in `e` that `pick` accepts, in reading order. */
function appsOf(e: Expr, pick: (x: Expr) => x is Apply | Sym): Expr[] {
  const out: Expr[] = [];
  const walk = (x: Expr): void => {
    if (pick(x)) {
      if (!out.includes(x)) out.push(x);
      return;
    }
    children(x).forEach(walk);
  };
  walk(e);
  return out;
}
