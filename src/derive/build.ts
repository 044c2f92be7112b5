/**
 * Derivations of one expression: the derivative worked out line by line from the
 * differentiator's trace (group.ts), then tidied and brought to its self-form (finish.ts).
 * Catalogue functions start from their definition (in the form `--from` names); a given symbol
 * (`L = …`) starts from its definition; any other expression from itself.
 */
import { deriv, isReciprocal, num, type Apply, type Deriv, type Expr, type Sym } from '../core/expr.js';
import { subTokens } from '../core/indices.js';
import { fnEntry, isFnName, type FnName } from '../core/functions.js';
import { freeSet, renameIndices, substitute, transform } from '../core/walk.js';
import type { CatalogueEntry } from '../catalog/index.js';
import { tryDifferentiate } from '../diff/index.js';
import { definitionTemplate, instantiate } from '../parse/templates.js';
import { parseOrThrow } from '../parse/index.js';
import { symLatex, toLatex } from '../print/latex.js';
import { canonical, simplify } from '../simplify/index.js';
import type { DeriveError } from './errors.js';
import { finishRows } from './finish.js';
import { groupTrace } from './group.js';
import { powerLatex } from './latex.js';
import { DEFAULT_FORM, FORMS } from './sources.js';
import type { Derivation, Given, IndexCase, Row } from './types.js';
import { why, type Part } from './why.js';

export type Built = { ok: true; value: Derivation } | { ok: false; error: DeriveError };

const FORM_TITLE: Readonly<Record<string, string>> = {
  'exp': ', from its exponential form',
  'sinh-cosh': ', from sinh and cosh',
};

/** `\frac{d}{dz}` or `\frac{\partial}{\partial a}` followed by the body written in `body`. */
function derivLatex(d: Deriv, body: string): string {
  const v = d.wrt.map(symLatex).join(' ');
  return d.partial ? `\\frac{\\partial}{\\partial ${v}}${body}` : `\\frac{d}{d${v}}${body}`;
}

/** The derivative node as a textbook writes it: a reciprocal body as a power, `\frac{d}{dz}\left(1+e^{-z}\right)^{-1}`. */
function startLatex(d: Deriv): string {
  return isReciprocal(d.body) ? derivLatex(d, powerLatex(d.body)) : toLatex(d);
}

const isPartial = (e: Expr, v: Sym): boolean => [...freeSet(e)].some((s) => s !== v);

/** The function's definition in the named form, instantiated at the entry's arguments. */
export function formOf(fn: FnName, form: string, args: readonly Expr[]): Expr | null {
  const forms = FORMS[fn] ?? [];
  const spec = forms.find((f) => f.id === form);
  if (spec !== undefined) return instantiate(fn, parseOrThrow(spec.template), args);
  const def = definitionTemplate(fn);
  return form === DEFAULT_FORM && def !== null && forms.length === 0 ? instantiate(fn, def, args) : null;
}

export function formsOf(fn: FnName): string[] {
  const forms = FORMS[fn];
  return forms === undefined ? [DEFAULT_FORM] : forms.map((f) => f.id);
}

/** A named function written through others, in `form` for `fn` itself and by the table's definition otherwise. */
function expander(fn: FnName | null, form: string | null): (app: Apply) => Expr | null {
  return (app) => {
    if (typeof app.fn !== 'string' || !isFnName(app.fn)) return null;
    if (app.fn === fn && form !== null) return formOf(fn, form, app.args);
    const def = definitionTemplate(app.fn);
    return def === null ? null : instantiate(app.fn, def, app.args);
  };
}

interface Worked { readonly rows: Row[]; readonly kinks: readonly string[] }

/** What a derivation may use besides the rules: names given before it and assumptions. */
interface Context { readonly names?: ReadonlyMap<Sym, Expr>; readonly assumptions?: readonly Expr[] }

/** Lines for d/dv(body): the grouped trace, then the finish towards `target`. */
function workOut(body: Expr, v: Sym, target: Expr | null, expand: (app: Apply) => Expr | null, context: Context = {}): Worked | DeriveError {
  const r = tryDifferentiate(body, v);
  if (!r.ok) return { code: 'diff-failed', params: { why: r.error.message } };
  const first = r.value.steps[0]?.expr;
  const start = first !== undefined && first.kind === 'deriv' && first.body === body ? first : deriv(body, [v], isPartial(body, v));
  const power = isReciprocal(body);
  const rows: Row[] = groupTrace(start, r.value.steps).map((l) => ({
    latex: power && l.open ? powerLatex(l.expr) : toLatex(l.expr), expr: l.expr, why: l.why,
  }));
  if (rows.length === 0 && r.value.expr !== start) rows.push({ latex: toLatex(r.value.expr), expr: r.value.expr, why: why({ code: 'simplify' }) });
  const last = rows.at(-1)?.expr ?? start;
  const finish = finishRows(last, { target, expand, ...context });
  const presented = simplify(last).expr;
  if (finish.length === 0 && target === null && presented !== last && canonical(presented) === canonical(last) && rows.length > 0) {
    // Only the order differs: show the last line in textbook order (2z cos z², not 2cos(z²)z) rather than add one.
    rows[rows.length - 1] = { ...rows.at(-1)!, latex: toLatex(presented), expr: presented };
  }
  rows.push(...finish);
  return { rows, kinks: r.value.kinks.map(toLatex) };
}

const failed = (x: Worked | DeriveError): x is DeriveError => 'code' in x;

/** σ'(z) from σ's definition (or the form `--from` names), ending in the table's self-form. */
export function functionDerivation(entry: CatalogueEntry, form: string | null): Built {
  const fn = entry.fn!;
  const t = entry.trees;
  const chosen = form ?? formsOf(fn)[0]!;
  const call = t.call as Apply;
  const body = formOf(fn, chosen, call.args);
  if (body === null) return { ok: false, error: { code: 'unknown-form', params: { name: entry.id, form: chosen, forms: formsOf(fn).join(', ') } } };
  const start = deriv(body, [t.variable], false);
  const worked = workOut(body, t.variable, t.self, expander(fn, chosen));
  if (failed(worked)) return { ok: false, error: worked };
  const name = fnEntry(fn).latex;
  const first: Part = isReciprocal(body) ? { code: 'definition-power', subject: name } : { code: 'definition', subject: name };
  return {
    ok: true,
    value: {
      title: `The derivative of ${entry.name}${formsOf(fn).length > 1 ? FORM_TITLE[chosen] ?? '' : ''}`,
      intro: null,
      givens: [],
      lhs: derivLatex(deriv(t.call, [t.variable], false), `\\left(${toLatex(call)}\\right)`),
      rows: [{ latex: startLatex(start), expr: start, why: why(first) }, ...worked.rows],
      // The catalogue writes kinks as a reader does (z = 0), the trace as the definition does (0 = z in max(0, z)).
      kinks: t.kinks.map(toLatex),
      assume: [],
      cases: [],
    },
  };
}

export interface SymbolRequest {
  readonly title: string;
  readonly intro: string | null;
  /** Givens before the symbol's own definition. */
  readonly givens: readonly Given[];
  /** The name of the value differentiated (`L`, `p_i`), or null to differentiate the value as written. */
  readonly symbol: Sym | null;
  readonly value: Expr;
  readonly wrt: Sym;
  readonly target: Expr | null;
  /** Names the target may be written in (families too: `p_i = …` names every p_k). */
  readonly names?: ReadonlyMap<Sym, Expr>;
  readonly assume?: readonly Expr[];
  /** Where the derivative does not exist, when the caller knows better than the trace (a catalogue entry). */
  readonly kinks?: readonly string[];
}

/** ∂S/∂v where `S = value` is given: the definition, then the worked-out derivative, then its cases i = j and i ≠ j. */
export function symbolDerivation(q: SymbolRequest): Built {
  const partial = isPartial(q.value, q.wrt);
  const start = deriv(q.value, [q.wrt], partial);
  const worked = workOut(q.value, q.wrt, q.target, expander(null, null), { names: q.names ?? new Map(), assumptions: q.assume ?? [] });
  if (failed(worked)) return { ok: false, error: worked };
  const lhs = deriv(q.symbol ?? q.value, [q.wrt], partial);
  const own = q.symbol === null ? [] : [{ symbol: symLatex(q.symbol), latex: toLatex(q.value) }];
  const first = q.symbol === null ? why({ code: 'as-power' }) : why({ code: 'definition', subject: symLatex(q.symbol) });
  const rows = q.symbol === null ? worked.rows : [{ latex: startLatex(start), expr: start, why: first }, ...worked.rows];
  return {
    ok: true,
    value: {
      title: q.title,
      intro: q.intro,
      givens: [...q.givens, ...own],
      lhs: toLatex(lhs),
      rows,
      kinks: q.kinks ?? worked.kinks,
      assume: (q.assume ?? []).map(toLatex),
      cases: indexCases(lhs, rows.at(-1)?.expr ?? start, q.wrt),
    },
  };
}

/**
 * The result at the cases of its Kronecker delta δ_{ab} (two index letters): b = a, where the
 * delta is 1 (the variable's index is the one renamed, so ∂p_i/∂z_j becomes ∂p_i/∂z_i), and
 * b ≠ a, where it is 0. None when the result has no such delta, or more than one.
 */
function indexCases(lhs: Expr, result: Expr, wrt: Sym): IndexCase[] {
  const deltas = new Set<Expr>();
  transform(result, (x) => {
    if (x.kind === 'apply' && x.fn === 'kronecker' && x.args.every((a) => a.kind === 'sym') && x.args[0] !== x.args[1]) deltas.add(x);
    return x;
  });
  if (deltas.size !== 1) return [];
  const [delta] = [...deltas] as [Expr & { kind: 'apply' }];
  const [a, b] = (delta.args as Sym[]).map((s) => s.name) as [string, string];
  const [from, to] = subTokens(wrt.sub).includes(a) ? [a, b] : [b, a];
  const only = new Set(['kronecker-same', 'kronecker-different']);
  const worked = (e: Expr): Expr => simplify(e, { self: false, only }).expr;
  const same = worked(renameIndices(result, new Map([[from, to]])));
  const different = worked(substitute(result, new Map([[delta, num(0)]])));
  return [
    { condition: `${to} = ${from}`, lhs: toLatex(renameIndices(lhs, new Map([[from, to]]))), row: { latex: toLatex(same), expr: same, why: why({ code: 'delta-one' }) } },
    { condition: `${to} \\neq ${from}`, lhs: toLatex(lhs), row: { latex: toLatex(different), expr: different, why: why({ code: 'delta-zero' }) } },
  ];
}

/** d/dv of any expression, ending in the simplifier's self-form when that reads better. */
export function expressionDerivation(e: Expr, v: Sym): Built {
  const worked = workOut(e, v, null, expander(null, null));
  if (failed(worked)) return { ok: false, error: worked };
  const latex = toLatex(e);
  const start = deriv(e, [v], isPartial(e, v));
  const rows = isReciprocal(e) ? [{ latex: startLatex(start), expr: start, why: why({ code: 'as-power' }) }, ...worked.rows] : worked.rows;
  return {
    ok: true,
    value: {
      title: latex.length <= 60 ? `The derivative of $${latex}$ with respect to $${symLatex(v)}$` : `A derivative with respect to $${symLatex(v)}$`,
      intro: null,
      givens: [],
      lhs: toLatex(start),
      rows,
      kinks: worked.kinks,
      assume: [],
      cases: [],
    },
  };
}
