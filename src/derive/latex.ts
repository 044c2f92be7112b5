/**
 * Printing a derivation: rows in the forms a textbook writes (a reciprocal as a power while the
 * power rule is at work, a product of fractions kept as a product), the `align*` block, and
 * the standalone document.
 */
import { isReciprocal, type Expr } from '../core/expr.js';
import { toLatex } from '../print/latex.js';
import type { Derivation } from './types.js';
import { whyText } from './why.js';

const paren = (s: string): string => `\\left(${s}\\right)`;

/** Written with a leading minus sign. */
function signed(e: Expr): boolean {
  return toLatex(e).startsWith('-');
}

/** A factor of a product written out: sums and signed factors in parentheses, reciprocals as powers. */
function factorLatex(f: Expr): string {
  if (isReciprocal(f) && f.kind === 'pow') {
    const base = toLatex(f.base);
    return `${f.base.kind === 'sym' ? base : paren(base)}^{${toLatex(f.exp)}}`;
  }
  return f.kind === 'add' || signed(f) ? paren(toLatex(f)) : toLatex(f);
}

/**
 * `e` with reciprocal factors written as powers, `\left(1+e^{-z}\right)^{-2}` rather than a
 * fraction: the form the power rule produces, so the reader sees the exponent drop by one.
 */
export function powerLatex(e: Expr): string {
  if (isReciprocal(e)) return factorLatex(e);
  if (e.kind !== 'mul' || !e.factors.some(isReciprocal)) return toLatex(e);
  // Powers first, as the power rule writes them: −(1+e^{−z})^{−2} · d/dz(1+e^{−z}).
  const [first, ...rest] = e.factors;
  const coefficient = first!.kind === 'num' ? toLatex(first!) : null;
  const factors = coefficient === null ? e.factors : rest;
  const tail = [...factors.filter(isReciprocal), ...factors.filter((f) => !isReciprocal(f))].map(factorLatex).join(' \\cdot ');
  if (coefficient === null) return tail;
  return coefficient === '-1' ? `-${tail}` : `${coefficient} \\cdot ${tail}`;
}

/** Factors kept apart, `\frac{1}{1+e^{-z}}\cdot\frac{e^{-z}}{1+e^{-z}}`, where the tree would merge them. */
export function productLatex(factors: readonly Expr[]): string {
  return factors.map((f) => (f.kind === 'add' || signed(f) ? paren(toLatex(f)) : toLatex(f))).join(' \\cdot ');
}

/** Sums kept apart term by term (the tree of `1 - (u/v)^2` is printed as written). */
export function sumLatex(terms: readonly Expr[]): string {
  return terms.map((t, i) => {
    const s = toLatex(t);
    return i === 0 || s.startsWith('-') ? s : `+${s}`;
  }).join('');
}

/**
 * The derivation as an `align*` block: the givens, then the first left side and one `&= …`
 * line per row, each justified in `\text{(…)}` (the same layout as `deriv diff --steps --latex`).
 */
export function alignLatex(d: Derivation): string {
  const given = whyText({ parts: [{ code: 'given' }] });
  const givens = d.givens.map((g) => `${g.symbol} &= ${g.latex} && \\text{(${given})} \\\\\n`).join('');
  const lines = d.rows.map((row) => `&= ${row.latex} && \\text{(${whyText(row.why)})}`);
  const cases = d.cases.map((c) => ` \\\\\n${c.lhs} &= ${c.row.latex} && \\text{(for $${c.condition}$: ${whyText(c.row.why)})}`).join('');
  return `\\begin{align*}\n${givens}${d.lhs} ${lines.join(' \\\\\n')}${cases}\n\\end{align*}\n`;
}

/** Comment lines for the assumptions and for points where the derivative does not exist. */
export function kinkComments(d: Derivation): string {
  return [...d.assume.map((a) => `% assuming ${a}\n`), ...d.kinks.map((k) => `% not differentiable at ${k}\n`)].join('');
}

/** A document `pdflatex` compiles: amsmath for `align*` and `\operatorname`, amssymb for the rest. */
export function standaloneLatex(d: Derivation): string {
  return [
    '\\documentclass{article}',
    '\\usepackage{amsmath}',
    '\\usepackage{amssymb}',
    '\\begin{document}',
    `\\section*{${d.title}}`,
    ...d.assume.map((a) => `\\noindent Assuming $${a}$.\\par`),
    alignLatex(d).trimEnd(),
    ...d.kinks.map((k) => `\\noindent Not differentiable at $${k}$.\\par`),
    '\\end{document}',
    '',
  ].join('\n');
}
