/**
 * What a grader needs from the checker beyond checking a whole file: scopes built from a task's
 * definitions, Markdown steps collected under those definitions, a side prepared the way the
 * judge sees it, and a content key for a scope (to cache verdicts across submissions).
 *
 * Built only on what the other files of this folder export; the semantics (what a definition
 * means, how a derivative is worked out) stay the checker's.
 */
import { symLatex, toLatex } from '../print/latex.js';
import { extractMath, type FrontMatter } from './markdown.js';
import { prepareClaim } from './prepare.js';
import { collectSteps, type Collected, type DocError } from './steps.js';
import type { Scope } from './scope.js';
import type { Expr } from '../core/expr.js';

export type { FrontMatter } from './markdown.js';
export type { Collected, DocError, Position, Step, StepSide } from './steps.js';
export type { Scope } from './scope.js';

/**
 * The scope a file with this front matter starts with, and the front matter's errors (each on
 * the `line` its item carries). Definitions mean exactly what they mean in a checked file's
 * front matter, because the checker's own collector reads them.
 */
export function scopeFromFrontMatter(fm: FrontMatter): { scope: Scope; errors: readonly DocError[] } {
  const collected = collectSteps({ segments: [], headings: [], frontMatter: fm, errors: [], warnings: [] });
  return { scope: collected.scope, errors: collected.errors };
}

/**
 * The steps of a Markdown derivation, read as `deriv check` reads them, with `context` (a task's
 * definitions and assumptions) in force before the file's own front matter.
 */
export function collectMarkdown(source: string, context: FrontMatter): Collected {
  const doc = extractMath(source);
  const own = doc.frontMatter;
  let frontMatter = context;
  if (own !== null) {
    const tolerance = own.tolerance ?? context.tolerance;
    frontMatter = {
      define: [...context.define, ...own.define],
      assume: [...context.assume, ...own.assume],
      matrix: [...new Set([...context.matrix, ...own.matrix])],
      ...(tolerance === undefined ? {} : { tolerance }),
    };
  }
  return collectSteps({ ...doc, frontMatter });
}

/**
 * A side as the judge evaluates it: derivatives worked out, definitions and bindings
 * substituted, a bare σ read as σ(z). Null when that fails (a derivative that cannot be worked
 * out, a side too large).
 */
export function prepareSide(expr: Expr, scope: Scope): Expr | null {
  const side = { expr, latex: '' };
  const r = prepareClaim('=', side, side, scope);
  return r.ok ? r.claim.left : null;
}

const keys = new WeakMap<Scope, string>();

/**
 * A string that is equal for two scopes exactly when they hold the same definitions, bindings,
 * assumptions, matrices and tolerance (whatever order they were made in), so a verdict cached
 * under one scope can be reused under another.
 */
export function scopeKey(scope: Scope): string {
  const hit = keys.get(scope);
  if (hit !== undefined) return hit;
  const entries = (m: ReadonlyMap<Expr, Expr>): string[] => [...m].map(([k, v]) => `${toLatex(k)}:=${toLatex(v)}`).sort();
  const assumptions = (a: Scope['assumptions']): string[] => [
    ...[...a.domains].map(([s, d]) => `${symLatex(s)}∈${d.loOpen ? '(' : '['}${d.lo},${d.hi}${d.hiOpen ? ')' : ']'}`).sort(),
    ...a.conditions.map(toLatex),
  ];
  const parts = [
    entries(scope.defs),
    [...scope.functions].map(([h, f]) => `${symLatex(h)}(${f.params.map(symLatex).join(',')}):=${toLatex(f.body)}`).sort(),
    [...scope.functionNames].sort(),
    entries(scope.bindings),
    assumptions(scope.assumptions),
    assumptions(scope.localAssumptions),
    [...scope.matrices].map(symLatex).sort(),
    [...scope.domains].map(([s, d]) => `${symLatex(s)}∈${d.map(toLatex).join('∧')}`).sort(),
    [String(scope.tolerance)],
  ];
  const key = parts.map((p) => p.join('\u0001')).join('\u0002');
  keys.set(scope, key);
  return key;
}
