/**
 * What can go wrong when differentiating user input: a code, its parameters, and one table of
 * English messages. A bug in the differentiator is an exception; these are values.
 */
export type DiffErrorCode =
  | 'step-limit' | 'too-large' | 'time-limit' | 'order-limit' | 'too-deep' | 'cyclic-definition' | 'bad-definition';

export interface DiffErrorInfo {
  readonly code: DiffErrorCode;
  readonly params: Readonly<Record<string, string | number>>;
  readonly message: string;
}

const MESSAGES: Record<DiffErrorCode, (p: Readonly<Record<string, string | number>>) => string> = {
  'step-limit': (p) => `the derivative needs more than ${p.limit} rule applications; the input is too large to differentiate`,
  'too-large': (p) => `the derivative grew past ${p.limit} nodes; the input is too large to differentiate`,
  'time-limit': (p) => `differentiating ran out of time (${p.why})`,
  'order-limit': (p) => `a derivative of order ${p.order} is above the limit of ${p.limit}`,
  'too-deep': () => 'the expression is nested too deeply to differentiate',
  'cyclic-definition': (p) => `the definitions refer to each other in a cycle through ${p.name}`,
  'bad-definition': (p) => `the definition of ${p.name} does not fit: ${p.why}`,
};

export function diffError(code: DiffErrorCode, params: Readonly<Record<string, string | number>> = {}): DiffErrorInfo {
  return { code, params, message: MESSAGES[code](params) };
}

/** Carries a DiffErrorInfo out of the recursion; `tryDifferentiate` turns it back into a value. */
export class DiffError extends Error {
  constructor(readonly info: DiffErrorInfo) {
    super(info.message);
    this.name = 'DiffError';
  }
}
