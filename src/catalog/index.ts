/**
 * The catalogue resolved: every entry with all its facts as LaTeX strings, table entries
 * filled in from the function table (instantiated at the entry's variable).
 */
import { apply, type Apply, type Expr, type Sym } from '../core/expr.js';
import { subTokens, tokenExpr } from '../core/indices.js';
import { FUNCTIONS, type FnEntry, type FnName } from '../core/functions.js';
import { partialTemplate } from '../diff/templates.js';
import { definitionTemplate, kinkTemplates, templateAt } from '../parse/templates.js';
import { parseOrThrow } from '../parse/index.js';
import { toLatex } from '../print/latex.js';
import { CATALOGUE, type CatalogueSpec } from './entries.js';

export { CATALOGUE, type CatalogueSpec } from './entries.js';

export interface CatalogueEntry {
  readonly id: string;
  readonly name: string;
  readonly kind: 'activation' | 'loss';
  /** The function of the table, if the entry is one. */
  readonly fn: FnName | null;
  /** LaTeX names the parser reads as this function (empty for formulas). */
  readonly names: readonly string[];
  readonly variable: string;
  /** The function applied to the variable (`\sigma(z)`), or the definition for formulas. */
  readonly call: string;
  readonly definition: string;
  readonly derivative: { readonly self: string; readonly input: string };
  /** Points where it is not differentiable, as relations (`z = 0`). */
  readonly kinks: readonly string[];
  readonly range: string;
  readonly note: string | null;
  /** The name a derivation gives the value (`p_i`), or null (a loss is `L`). */
  readonly symbol: string | null;
  /** Definitions of the names the formula uses (`p_i = …`), as relations. */
  readonly givens: readonly string[];
  /** Equations the derivative's form rests on (`\sum_{k=1}^{K} y_k = 1`). */
  readonly assume: readonly string[];
  /** The definition as mathjs reads it and the variable's mathjs name, where mathjs can differentiate it. */
  readonly mathjs: readonly [expression: string, variable: string] | null;
  /** The same facts as trees (printing from these avoids re-reading the LaTeX). */
  readonly trees: CatalogueTrees;
}

export interface CatalogueTrees {
  readonly variable: Sym;
  readonly call: Expr;
  readonly definition: Expr;
  readonly self: Expr;
  readonly input: Expr;
  readonly kinks: readonly Expr[];
  readonly symbol: Sym | null;
  readonly givens: ReadonlyMap<Sym, Expr>;
  readonly assume: readonly Expr[];
}

/** `f(z)` with the table's default parameters filled in, as the parser would read `\operatorname{f}(z)`. */
export function callOf(fn: FnName, variable: Expr): Apply {
  const entry: FnEntry = FUNCTIONS[fn];
  const defaults = (entry.params ?? []).map((p) => parseOrThrow(p.default));
  return apply(fn, [variable, ...defaults]);
}

function acceptedNames(fn: FnName): string[] {
  const entry: FnEntry = FUNCTIONS[fn];
  const names = [entry.latex, ...entry.commands, ...entry.words.map((w) => `\\operatorname{${w}}`)];
  return [...new Set(names)];
}

/** `name = value` read as a definition. */
function given(latex: string, id: string): [Sym, Expr] {
  const r = parseOrThrow(latex);
  if (r.kind !== 'rel' || r.ops.length !== 1 || r.ops[0] !== '=' || r.args[0]!.kind !== 'sym') throw new Error(`catalogue entry ${id}: a given is 'name = value', got ${latex}`);
  return [r.args[0], r.args[1]!];
}

function resolve(spec: CatalogueSpec): CatalogueEntry {
  const variable = parseOrThrow(spec.variable);
  if (variable.kind !== 'sym') throw new Error(`catalogue entry ${spec.id}: the variable must be a name`);
  const common = {
    id: spec.id, name: spec.name, kind: spec.kind, variable: spec.variable, note: spec.note ?? null, mathjs: spec.mathjs ?? null,
    symbol: spec.symbol ?? null, givens: spec.givens ?? [], assume: spec.assume ?? [],
  };
  const symbol = spec.symbol === undefined ? null : parseOrThrow(spec.symbol);
  if (symbol !== null && symbol.kind !== 'sym') throw new Error(`catalogue entry ${spec.id}: the symbol must be a name`);
  const context = {
    symbol, givens: new Map((spec.givens ?? []).map((g) => given(g, spec.id))), assume: (spec.assume ?? []).map((a) => parseOrThrow(a)),
  };
  let trees: CatalogueTrees;
  let names: string[] = [];
  if (spec.fn === undefined) {
    if (spec.definition === undefined || spec.self === undefined) throw new Error(`catalogue entry ${spec.id}: a formula needs a definition and a self-form`);
    const definition = parseOrThrow(spec.definition);
    trees = {
      variable, call: spec.call === undefined ? definition : parseOrThrow(spec.call), definition, self: parseOrThrow(spec.self), input: parseOrThrow(spec.input),
      kinks: (spec.kinks ?? []).map((k) => parseOrThrow(k)), ...context,
    };
  } else {
    const fn = spec.fn;
    const call = spec.call === undefined ? callOf(fn, variable) : parseOrThrow(spec.call);
    // A function of a whole vector is differentiated by an entry: its templates take that entry's index as j.
    const j = subTokens(variable.sub);
    const at = (t: Expr): Expr => {
      const out = call.kind === 'apply' ? templateAt(call, t, j.length === 1 ? tokenExpr(j[0]!) : undefined) : null;
      if (out === null) throw new Error(`catalogue entry ${spec.id}: ${spec.call ?? spec.fn} is not a call of ${fn}`);
      return out;
    };
    const d = partialTemplate(fn, 0);
    const def = definitionTemplate(fn);
    if (d === null || def === null) throw new Error(`catalogue entry ${spec.id}: the table needs a derivative and a definition for ${fn}`);
    trees = {
      variable, call, definition: spec.definition === undefined ? at(def) : parseOrThrow(spec.definition),
      self: at(d), input: parseOrThrow(spec.input), kinks: kinkTemplates(fn).map(at), ...context,
    };
    names = acceptedNames(fn);
  }
  const entry: FnEntry | undefined = spec.fn === undefined ? undefined : FUNCTIONS[spec.fn];
  return {
    ...common, fn: spec.fn ?? null, names, call: toLatex(trees.call), definition: toLatex(trees.definition),
    derivative: { self: toLatex(trees.self), input: toLatex(trees.input) },
    kinks: trees.kinks.map(toLatex),
    range: spec.range ?? entry?.range ?? '(-\\infty, \\infty)',
    trees,
  };
}

let resolved: readonly CatalogueEntry[] | undefined;
/** Every catalogue entry, resolved once. */
export function catalogue(): readonly CatalogueEntry[] {
  resolved ??= CATALOGUE.map(resolve);
  return resolved;
}
