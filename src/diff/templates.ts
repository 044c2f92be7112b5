/**
 * The function table's LaTeX templates as trees: derivative `d` (in the first argument `u`),
 * partial derivatives in the other arguments, `definition` and `kinks`. Each template is
 * parsed once, on first use, and instantiated by simultaneous substitution of its variables.
 *
 * Template variables: the first argument is `u`; a parameter is the symbol named like the
 * parameter (`\alpha`, `\mathrm{slope}`, `\mathrm{base}`); the second argument of a
 * two-argument function without parameters (max, min) is `v`.
 */
import { sym, type Expr, type Sym } from '../core/expr.js';
import { FUNCTIONS, type FnEntry, type FnName } from '../core/functions.js';
import { cacheStats } from '../core/stats.js';
import { substitute } from '../core/walk.js';
import { parseOrThrow } from '../parse/index.js';

/**
 * Partial derivatives in arguments after the first, by function and argument index. These sit
 * here rather than in the core table because the table's `d` is one-argument by design; a
 * function missing here is differentiated through its definition when such an argument varies.
 */
const PARTIALS: Partial<Record<FnName, Readonly<Record<number, string>>>> = {
  log: { 1: '-\\frac{\\ln u}{\\mathrm{base}\\left(\\ln(\\mathrm{base})\\right)^{2}}' },
  max: { 1: '\\begin{cases}0 & u>v \\\\ 1 & u<v \\\\ \\frac{1}{2} & u=v\\end{cases}' },
  min: { 1: '\\begin{cases}0 & u<v \\\\ 1 & u>v \\\\ \\frac{1}{2} & u=v\\end{cases}' },
  leakyrelu: { 1: '\\begin{cases}0 & u\\ge 0 \\\\ u & u<0\\end{cases}' },
  prelu: { 1: '\\begin{cases}0 & u\\ge 0 \\\\ u & u<0\\end{cases}' },
  elu: { 1: '\\begin{cases}0 & u\\ge 0 \\\\ e^{u}-1 & u<0\\end{cases}' },
  hadamard: { 1: 'u' },
  outer: { 1: 'u' },
  kronecker: { 1: '0' },
  component: { 1: '0' },
};

export const U = sym('u');
const V = sym('v');

/** The template variables of a function, one per argument. */
export function templateVars(fn: FnName): readonly Sym[] {
  const entry: FnEntry = FUNCTIONS[fn];
  const params = entry.params ?? [];
  if (params.length > 0) return [U, ...params.map((p) => sym(p.name))];
  const arity = entry.arity ?? 1;
  return arity === 2 ? [U, V] : [U];
}

const cache = new Map<string, Expr | null>();

/** Hit counts of the parsed templates (for the benchmarks). */
export const TEMPLATE_CACHE = { stats: cacheStats() };

function parsed(key: string, source: string | undefined): Expr | null {
  const hit = cache.get(key);
  TEMPLATE_CACHE.stats[hit === undefined ? 'misses' : 'hits']++;
  if (hit !== undefined) return hit;
  const out = source === undefined ? null : parseOrThrow(source);
  cache.set(key, out);
  return out;
}

/** Template for ∂f/∂(argument i), or null when the table has none. */
export function partialTemplate(fn: FnName, i: number): Expr | null {
  const entry: FnEntry = FUNCTIONS[fn];
  return i === 0 ? parsed(`d:${fn}`, entry.d) : parsed(`p${i}:${fn}`, PARTIALS[fn]?.[i]);
}

export function definitionTemplate(fn: FnName): Expr | null {
  const entry: FnEntry = FUNCTIONS[fn];
  return parsed(`def:${fn}`, entry.definition);
}

const kinkCache = new Map<FnName, readonly Expr[]>();
export function kinkTemplates(fn: FnName): readonly Expr[] {
  let k = kinkCache.get(fn);
  if (k === undefined) {
    const entry: FnEntry = FUNCTIONS[fn];
    k = (entry.kinks ?? []).map((s) => parseOrThrow(s));
    kinkCache.set(fn, k);
  }
  return k;
}

/** A template with its variables replaced, all at once, by the arguments of an application. */
export function instantiate(fn: FnName, template: Expr, args: readonly Expr[]): Expr {
  const vars = templateVars(fn);
  const map = new Map<Expr, Expr>();
  vars.forEach((v, i) => {
    const a = args[i];
    if (a !== undefined && a !== v) map.set(v, a);
  });
  return substitute(template, map);
}
