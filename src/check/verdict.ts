/**
 * The vocabulary of a checked step: verdicts, methods, hints, warnings and reasons. Codes are
 * stable (tools read them from the JSON); the English for each lives in messages.ts.
 */
import type { Expr, RelOp, Sym } from '../core/expr.js';

export type VerdictKind = 'valid' | 'invalid' | 'unknown';
/** How strong the evidence is: a simplifier proof, exact rational evaluation, sampling, or none. */
export type Method = 'symbolic' | 'exact' | 'numeric' | 'none';

/** Hints read off the sampled values (diagnose.ts has one detector for each). */
export const SAMPLE_HINTS = ['sign', 'constant-factor', 'log-base', 'constant-offset', 'missing-factor', 'partial-domain', 'domain'] as const;
/** Every hint: those read off the samples, and `non-commuting` and `shape`, which a vector or matrix step gets. */
export const HINTS = [...SAMPLE_HINTS, 'non-commuting', 'shape'] as const;
export type HintKind = (typeof HINTS)[number];

export const WARNINGS = ['approximate', 'symbolic-disagrees', 'name-domain', 'unknown-function'] as const;
export type WarningCode = (typeof WARNINGS)[number];

/** A warning with what it is about: `name-domain` names the assumed intervals, `unknown-function` the name and the closest catalogue name. */
export interface Warning {
  readonly code: WarningCode;
  readonly params: Readonly<Record<string, string>>;
}

export type UnknownReason =
  | 'too-few-points' | 'no-numeric-meaning' | 'derivative-failed' | 'too-large' | 'time-limit'
  | 'matrix-shape' | 'not-checkable' | 'not-defined' | 'entry-of-whole' | 'whole-of-entries' | 'unread-definition';

/** A hint with what the samples showed: the factor, offset, missing factor or region. */
export interface Hint {
  readonly kind: HintKind;
  /** Parameters for the message: `factor: '2'`, `offset: '1'`, `factorLatex: 'x_1'`, `region: 'x > 0'`. */
  readonly params: Readonly<Record<string, string>>;
}

/** The point a verdict rests on, as shown to the reader. */
export interface Witness {
  /** Symbol (printed LaTeX) → value, in the order the symbols appear in the step. */
  readonly values: readonly (readonly [string, number])[];
  /** Matrices and vectors drawn at random (named only: their entries are not shown). */
  readonly randomMatrices: readonly string[];
  readonly randomFunctions: readonly string[];
  readonly left: number | null;
  readonly right: number | null;
}

export interface Verdict {
  readonly verdict: VerdictKind;
  readonly method: Method;
  /** Informative points (both sides defined) the verdict rests on; 0 for none. */
  readonly points: number;
  readonly hint: Hint | null;
  readonly warnings: readonly Warning[];
  readonly reason: { readonly code: UnknownReason; readonly detail: string } | null;
  readonly witness: Witness | null;
}

export interface Claim {
  readonly op: RelOp;
  /** Both sides with derivatives worked out, user functions inlined, definitions and bindings substituted. */
  readonly left: Expr;
  readonly right: Expr;
  /** Symbols shown in a witness (those written in the step), each with its value in terms of sampled symbols. */
  readonly shown: readonly { readonly sym: Sym; readonly label: string; readonly value: Expr }[];
  /** Candidate chain-rule factors (∂u/∂v of inner expressions), in terms of sampled symbols. */
  readonly factors: readonly { readonly label: string; readonly value: Expr }[];
  /** Tolerance the written digits imply (decimal literals), or null. */
  readonly implied: Tolerance | null;
}

/** |left − right| ≤ rel · max(|left|, |right|) + abs. */
export interface Tolerance {
  readonly rel: number;
  readonly abs: number;
}
