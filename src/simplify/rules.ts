/**
 * The rewrite rules, as data. Each rule has a stable id (family prefix: `exp-`, `ln-`,
 * `sigma-`, `tanh-`, `softplus-`, `logit-`, `artanh-`, `trig-`), a pattern and a replacement
 * in LaTeX over the pattern variables in `vars` (those in `numeric` match numbers only), and
 * optional guards. `self: true` marks recognition rules that fold exponential (and logarithmic)
 * forms back into named functions; they run only when the caller asks for self-forms.
 *
 * Every rule is an identity wherever both sides are defined; test/simplify/rules.test.ts
 * samples both sides of each one where its guards hold.
 */
import type { Expr, Sym } from '../core/expr.js';
import { apply, isZero, neg, sym } from '../core/expr.js';
import { FUNCTIONS, type FnEntry, type FnName } from '../core/functions.js';
import { toLatex } from '../print/latex.js';
import { parseOrThrow } from '../parse/index.js';
import { definitionTemplate, VECTOR_U } from '../parse/templates.js';
import { indexLetters } from '../core/walk.js';
import { canonical } from './canon.js';
import { isPositive } from './sign.js';
import type { Bindings, PatternVars } from './match.js';

export interface RuleSpec {
  readonly id: string;
  readonly lhs: string;
  readonly rhs: string;
  readonly vars: string;
  readonly numeric?: string;
  readonly self?: boolean;
  /** Folds a written-out form into a named function (`recognise` applies only these). */
  readonly recognises?: boolean;
  /**
   * Applied by `recognise` only, never while simplifying: x·σ(x) inside mish′ stays as the
   * textbook writes it; only an input written out as a whole function is read as its name.
   */
  readonly recognitionOnly?: boolean;
  /**
   * Guards on the bindings, by name: `positive: 'k'` needs k shown positive (a number > 0, or an
   * expression positive wherever it is defined, see sign.ts); `notNegated: 'u'` needs u not
   * written with a leading minus (and not 0). A rule whose left side is defined on less than
   * its right side carries the guard that keeps it an identity where it fires.
   */
  readonly positive?: string;
  readonly notNegated?: string;
  /** Pattern variables that match an index (a letter or a whole number), among them the indices sums bind. */
  readonly indices?: string;
  /** Vectors the pattern writes through their entries: `u` makes `u_i` an entry of any vector `\mathbf{z}`. */
  readonly vectors?: string;
}

/**
 * Recognition of the table's functions in their written-out forms (x/(1+|x|) is softsign(x)),
 * one rule per function with a `definition`, generated from the table so that a function added
 * there is recognised too. Parameters are pattern variables (LeakyReLU's slope matches the
 * number written); a definition by cases matches piece by piece, in the table's order.
 * σ, tanh, softplus, logit and artanh have the hand-written folds below.
 */
const RECOGNISED_ELSEWHERE: ReadonlySet<FnName> = new Set(['identity', 'sigmoid', 'tanh', 'softplus', 'logit', 'artanh']);
function recognitionRules(): RuleSpec[] {
  return (Object.keys(FUNCTIONS) as FnName[]).flatMap((fn): RuleSpec[] => {
    const entry: FnEntry = FUNCTIONS[fn];
    const def = entry.definition;
    if (def === undefined || RECOGNISED_ELSEWHERE.has(fn)) return [];
    if (entry.vector !== undefined) {
      // Written in the entries of a vector: \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}} is softmax(\mathbf{z})_i.
      const value = apply(fn, [VECTOR_U]);
      return [{
        id: `recognise-${fn}`, lhs: def, rhs: toLatex(entry.vector === 'entries' ? apply('component', [value, sym('i')]) : value),
        vars: '', indices: [...indexLetters(definitionTemplate(fn)!)].join(' '), vectors: 'u', self: true, recognises: true, recognitionOnly: true,
      }];
    }
    const params = (entry.params ?? []).map((p) => sym(p.name));
    const numeric = (entry.params ?? []).filter((p) => p.numeric === true).map((p) => p.name).join(' ');
    return [{
      id: `recognise-${fn}`, lhs: def, rhs: toLatex(apply(fn, [sym('u'), ...params])), vars: ['u', ...params.map((p) => p.name)].join(' '),
      ...(numeric === '' ? {} : { numeric }), self: true, recognises: true, recognitionOnly: true,
    }];
  });
}

const HAND_RULES: readonly RuleSpec[] = [
  { id: 'exp-ln', lhs: 'e^{\\ln(u)}', rhs: 'u', vars: 'u', positive: 'u' },
  { id: 'ln-exp', lhs: '\\ln(e^{u})', rhs: 'u', vars: 'u' },
  { id: 'ln-one', lhs: '\\ln(1)', rhs: '0', vars: '' },
  { id: 'ln-e', lhs: '\\ln(e)', rhs: '1', vars: '' },
  { id: 'sigma-fold-exp', lhs: '(1+e^{-u})^{-k}', rhs: '\\sigma^{k}(u)', vars: 'u k', numeric: 'k', positive: 'k', self: true, recognises: true },
  { id: 'sigma-fold-exp-pos', lhs: 'e^{u}(1+e^{u})^{-k}', rhs: '\\sigma^{k}(u)e^{(1-k)u}', vars: 'u k', numeric: 'k', positive: 'k', notNegated: 'u', self: true, recognises: true },
  { id: 'sigma-fold-softmax', lhs: 'e^{u}(e^{u}+e^{v})^{-1}', rhs: '\\sigma(u-v)', vars: 'u v', self: true, recognises: true },
  { id: 'sigma-complement', lhs: 'e^{-u}\\sigma^{k}(u)', rhs: '\\left(1-\\sigma(u)\\right)\\sigma^{k-1}(u)', vars: 'u k', numeric: 'k', positive: 'k', self: true },
  { id: 'sigma-odd', lhs: '\\sigma(-u)', rhs: '1-\\sigma(u)', vars: 'u', notNegated: 'u', self: true },
  { id: 'tanh-fold-sinh', lhs: 'e^{u}-e^{-u}', rhs: '2\\sinh(u)', vars: 'u', notNegated: 'u', self: true, recognises: true },
  { id: 'tanh-fold-cosh', lhs: 'e^{u}+e^{-u}', rhs: '2\\cosh(u)', vars: 'u', notNegated: 'u', self: true, recognises: true },
  { id: 'tanh-ratio', lhs: '\\sinh^{k}(u)\\cosh^{-k}(u)', rhs: '\\tanh^{k}(u)', vars: 'u k', numeric: 'k', self: true, recognises: true },
  { id: 'trig-cosh-sinh-squares', lhs: '\\cosh^{2}(u)-\\sinh^{2}(u)', rhs: '1', vars: 'u' },
  { id: 'tanh-sech-squared', lhs: '\\cosh^{-2}(u)', rhs: '1-\\tanh^{2}(u)', vars: 'u', self: true },
  { id: 'tanh-sech-squared-named', lhs: '\\operatorname{sech}^{2}(u)', rhs: '1-\\tanh^{2}(u)', vars: 'u', self: true },
  { id: 'trig-sinh-odd', lhs: '\\sinh(-u)', rhs: '-\\sinh(u)', vars: 'u', notNegated: 'u' },
  { id: 'trig-cosh-even', lhs: '\\cosh(-u)', rhs: '\\cosh(u)', vars: 'u', notNegated: 'u' },
  { id: 'trig-tanh-odd', lhs: '\\tanh(-u)', rhs: '-\\tanh(u)', vars: 'u', notNegated: 'u' },
  { id: 'softplus-fold', lhs: '\\ln(1+e^{u})', rhs: '\\operatorname{softplus}(u)', vars: 'u', self: true, recognises: true },
  // The inverses of σ and tanh (σ^{-1}, tanh^{-1}), from their logarithms: both sides are defined
  // on (0, 1) and (−1, 1) only. ½ ln(…) becomes ½ · 2 artanh(u).
  { id: 'logit-fold', lhs: '\\ln\\left(\\frac{u}{1-u}\\right)', rhs: '\\operatorname{logit}(u)', vars: 'u', self: true, recognises: true },
  { id: 'artanh-fold', lhs: '\\ln\\left(\\frac{1+u}{1-u}\\right)', rhs: '2\\operatorname{artanh}(u)', vars: 'u', self: true, recognises: true },
];

export const RULES: readonly RuleSpec[] = [...HAND_RULES, ...recognitionRules()];

/** English for traces and feedback, keyed by rule id. */
export const RULE_LABELS: Readonly<Record<string, string>> = {
  'exp-ln': 'e^{ln u} = u',
  'ln-exp': 'ln e^u = u',
  'ln-one': 'ln 1 = 0',
  'ln-e': 'ln e = 1',
  'sigma-fold-exp': 'recognise σ: 1/(1+e^{-u}) = σ(u)',
  'sigma-fold-exp-pos': 'recognise σ: e^u/(1+e^u) = σ(u)',
  'sigma-fold-softmax': 'recognise σ: e^u/(e^u + e^v) = σ(u − v)',
  'sigma-complement': 'e^{-u}σ(u) = 1 − σ(u)',
  'sigma-odd': 'σ(−u) = 1 − σ(u)',
  'tanh-fold-sinh': 'e^u − e^{-u} = 2 sinh u',
  'tanh-fold-cosh': 'e^u + e^{-u} = 2 cosh u',
  'tanh-ratio': 'sinh u / cosh u = tanh u',
  'trig-cosh-sinh-squares': 'cosh² u − sinh² u = 1',
  'tanh-sech-squared': 'sech² u = 1 − tanh² u',
  'tanh-sech-squared-named': 'sech² u = 1 − tanh² u',
  'trig-sinh-odd': 'sinh(−u) = −sinh u',
  'trig-cosh-even': 'cosh(−u) = cosh u',
  'trig-tanh-odd': 'tanh(−u) = −tanh u',
  'softplus-fold': 'recognise softplus: ln(1+e^u) = softplus(u)',
  'logit-fold': 'recognise logit (σ⁻¹): ln(u/(1−u)) = logit(u)',
  'artanh-fold': 'recognise artanh (tanh⁻¹): ln((1+u)/(1−u)) = 2 artanh(u)',
  'sum-together': 'combine fractions over a common denominator',
  'sum-factor': 'take out a common factor',
  'sum-expand': 'multiply out',
  'fraction-divide': 'divide out: N/D = q + R/D',
  'fold-definition': 'write in terms of a defined name',
  ...Object.fromEntries(recognitionRules().map((r) => [r.id, `recognise ${r.id.slice('recognise-'.length)}: ${r.lhs} = ${r.rhs}`])),
};

export interface CompiledRule {
  readonly spec: RuleSpec;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly vars: PatternVars;
  readonly guard: (b: Bindings) => boolean;
}

const names = (s: string | undefined): Sym[] => (s ?? '').split(/\s+/).filter(Boolean).map((n) => sym(n));

/**
 * Which of x and −x is "the negative one", so that rules such as σ(−u) = 1 − σ(u) fire on
 * exactly one of them: a negative number, a product with a negative coefficient, a sum with
 * more negative terms than positive ones — or, on a tie, whose alphabetically first term is
 * negative (b − a, not a − b). Independent of operand order, so canonical sorting cannot flip it.
 */
export function looksNegated(e: Expr): boolean {
  if (e.kind === 'num') return e.value.s < 0n;
  if (e.kind === 'mul') return e.factors[0]!.kind === 'num' && e.factors[0]!.value.s < 0n;
  if (e.kind !== 'add') return false;
  const terms = e.terms.filter((t) => t.kind !== 'num');
  const negative = terms.filter(looksNegated).length;
  if (negative * 2 !== terms.length) return negative * 2 > terms.length;
  const key = (t: Expr): string => toLatex(looksNegated(t) ? neg(t) : t);
  const first = [...terms].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))[0];
  return first !== undefined && looksNegated(first);
}

let compiled: CompiledRule[] | null = null;

/** Rules parsed once, on first use; patterns are put in canonical form like the trees they match. */
export function compiledRules(): readonly CompiledRule[] {
  if (compiled) return compiled;
  compiled = RULES.map((spec) => {
    const vars: PatternVars = {
      any: new Set(names(spec.vars)), numeric: new Set(names(spec.numeric)), indices: new Set(names(spec.indices)),
      vectors: new Set(names(spec.vectors).map((u) => sym(u.name, { accent: VECTOR_U.accent }))),
    };
    const positive = names(spec.positive);
    const notNegated = names(spec.notNegated);
    // `notNegated` also refuses 0, which is its own negation: σ(0) = 1 − σ(0) would loop.
    const guard = (b: Bindings): boolean =>
      positive.every((v) => { const x = b.get(v); return x !== undefined && isPositive(x); })
      && notNegated.every((v) => { const x = b.get(v); return x !== undefined && !looksNegated(x) && !isZero(x); });
    return { spec, lhs: canonical(parseOrThrow(spec.lhs)), rhs: parseOrThrow(spec.rhs), vars, guard };
  });
  return compiled;
}
