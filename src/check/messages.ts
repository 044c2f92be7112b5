/**
 * The English of the checker, in one place: hint explanations, warnings and unknown reasons,
 * keyed by their stable codes.
 */
import type { HintKind, UnknownReason, Verdict, Warning, WarningCode } from './verdict.js';

type Params = Readonly<Record<string, string>>;

export const HINT_TEXT: Record<HintKind, (p: Params) => string> = {
  'sign': () => 'the two sides differ in sign (left = -right)',
  'constant-factor': (p) => `the two sides differ by a constant factor (left = ${p.factor} × right)`,
  'log-base': (p) => `the two sides differ by a factor ${p.factor}: a logarithm in the wrong base (log_${p.base ?? '2'} and ln mixed up?)`,
  'constant-offset': (p) => `the two sides differ by a constant (left = right + ${p.offset})`,
  'missing-factor': (p) => `the ${p.side} side lacks a chain-rule factor: ${p.factor}`,
  'partial-domain': (p) => (p.region !== undefined
    ? `the two sides agree only where ${p.region}`
    : `the two sides agree at ${p.agree} of ${p.of} points only`),
  'domain': (p) => `the ${p.side} side is defined where the other is not (${p.count} points)`,
  'non-commuting': () => 'the sides would be equal only if the matrices commuted: a product is in the wrong order',
  'shape': (p) => `the shapes do not fit (${p.why})`,
};

export const WARNING_TEXT: Record<WarningCode, (p: Params) => string> = {
  'approximate': () => 'approximate: use ≈',
  'symbolic-disagrees': () => 'the simplifier found the sides equal, but a sampled point disagrees',
  'name-domain': (p) => `assuming ${p.assumed} (from the name${p.count === '1' ? '' : 's'} only; state it, or define the symbol)`,
  'unknown-function': (p) => `unknown function ${p.name}${p.closest === undefined ? '' : `: did you mean ${p.closest}?`}`,
};

/** The English of one warning. */
export const warningText = (w: Warning): string => WARNING_TEXT[w.code](w.params);

export const UNKNOWN_TEXT: Record<UnknownReason, string> = {
  'too-few-points': 'too few points where both sides are defined',
  'no-numeric-meaning': 'a side has no numeric meaning',
  'derivative-failed': 'a derivative could not be worked out',
  'too-large': 'the expressions are too large',
  'time-limit': 'the time limit for one step was reached',
  'matrix-shape': 'the matrix shapes do not fit',
  'not-checkable': 'this relation cannot be checked',
  'not-defined': 'it differentiates a name the notes never define',
  'entry-of-whole': 'it differentiates by an entry of a vector that is used whole (not written out entry by entry)',
  'whole-of-entries': 'it writes as a whole vector or matrix what the notes give entry by entry',
  'unread-definition': 'what it differentiates depends on a name defined in math deriv could not read',
};

const METHOD_TEXT = { symbolic: 'shown by simplification', exact: 'exact evaluation', numeric: 'sampled', none: 'not checked' } as const;

/** The one-sentence message of a verdict (the `message` field of the JSON). */
export function verdictMessage(v: Verdict): string {
  switch (v.verdict) {
    case 'valid': {
      const how = v.method === 'symbolic' ? METHOD_TEXT.symbolic : `${METHOD_TEXT[v.method]} at ${v.points} point${v.points === 1 ? '' : 's'}`;
      return `step follows (${how})`;
    }
    case 'invalid': return v.hint === null ? 'step does not follow' : `step does not follow: ${HINT_TEXT[v.hint.kind](v.hint.params)}`;
    case 'unknown': return `cannot check this step: ${UNKNOWN_TEXT[v.reason?.code ?? 'not-checkable']}${v.reason?.detail ? ` (${v.reason.detail})` : ''}`;
  }
}
