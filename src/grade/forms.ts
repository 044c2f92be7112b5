/**
 * Required forms of a final answer, as named predicates: a task lists them under
 * `target.form` ("in terms of σ(z) only", "no e^{…} left") and each is checked on the final line.
 *
 * A predicate sees the final line as written (notes stripped) and as the judge reads it
 * (definitions substituted, a bare σ read as σ(z), derivatives worked out), and decides on
 * whichever the form is about: "in terms of σ(z) only" is about the value's ingredients, so a
 * student who wrote a(1−a) with a = σ(z) defined passes; "no derivative left" is about what is
 * written.
 */
import { children, isReciprocal, sym, type Expr, type Sym } from '../core/expr.js';
import { freeSet, substitute, transform } from '../core/walk.js';

export interface FormInput {
  readonly written: Expr;
  /** The judge's reading of the line, or null when it could not be prepared. */
  readonly resolved: Expr | null;
}

interface FormSpec {
  /** `expressions`: the form takes a list of LaTeX expressions (`in-terms-of: [\sigma(z)]`). */
  readonly params: 'none' | 'expressions';
  /** Plain words for feedback, given the parameters as the student should read them. */
  readonly label: (params: readonly string[]) => string;
  readonly test: (input: FormInput, params: readonly Expr[]) => boolean;
}

const stripNotes = (e: Expr): Expr => transform(e, (x) => (x.kind === 'note' ? x.body : x));

function some(e: Expr, p: (x: Expr) => boolean): boolean {
  return p(e) || children(e).some((c) => some(c, p));
}

const isDerivative = (x: Expr): boolean => x.kind === 'deriv' || (x.kind === 'apply' && x.primes > 0);

/** Fresh symbols that no parser produces, standing for the allowed building blocks. */
const placeholder = (i: number): Sym => sym(`\u0000allowed${i}`);

export const FORMS = {
  'in-terms-of': {
    params: 'expressions',
    label: (p) => `in terms of ${p.join(', ')} only`,
    test: ({ written, resolved }, atoms) => {
      const e = resolved ?? stripNotes(written);
      const restricted = new Set<Sym>();
      for (const a of atoms) for (const s of freeSet(a)) restricted.add(s);
      const rest = substitute(e, new Map(atoms.map((a, i) => [a, placeholder(i)])));
      return ![...freeSet(rest)].some((s) => restricted.has(s));
    },
  },
  'no-exp': {
    params: 'none',
    label: () => 'no e^(…) left',
    test: ({ written, resolved }) => !some(resolved ?? stripNotes(written), (x) => x.kind === 'apply' && x.fn === 'exp'),
  },
  'no-derivatives': {
    params: 'none',
    label: () => 'no derivative left to work out',
    test: ({ written }) => !some(written, isDerivative),
  },
  'single-fraction': {
    params: 'none',
    label: () => 'written as a single fraction',
    test: ({ written }) => {
      const e = stripNotes(written);
      const hasReciprocal = (x: Expr): boolean => some(x, isReciprocal);
      const factors = e.kind === 'mul' ? e.factors : [e];
      return factors.every((f) => (isReciprocal(f) && f.kind === 'pow' ? !hasReciprocal(f.base) : !hasReciprocal(f)));
    },
  },
} as const satisfies Record<string, FormSpec>;

export type FormId = keyof typeof FORMS;

export const isFormId = (s: string): s is FormId => Object.hasOwn(FORMS, s);

/** Whether a written line contains a derivative still to work out (d/dz …, σ'(z)). */
export const hasDerivative = (e: Expr): boolean => some(e, isDerivative);

/** Whether a line is, as a whole, a derivative (d/dz f, σ'(z), ∂L/∂a), notes aside. */
export const isDerivativeNode = (e: Expr): boolean => isDerivative(stripNotes(e));
