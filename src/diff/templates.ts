/**
 * Derivative templates: the table's `d` (in the first argument) and the partial derivatives in
 * the other arguments, parsed once (see src/parse/templates.ts for the conventions).
 */
import type { Expr } from '../core/expr.js';
import { FUNCTIONS, type FnEntry, type FnName } from '../core/functions.js';
import { parsedTemplate } from '../parse/templates.js';

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

/** Template for ∂f/∂(argument i), or null when the table has none. */
export function partialTemplate(fn: FnName, i: number): Expr | null {
  const entry: FnEntry = FUNCTIONS[fn];
  return i === 0 ? parsedTemplate(`d:${fn}`, entry.d) : parsedTemplate(`p${i}:${fn}`, PARTIALS[fn]?.[i]);
}
