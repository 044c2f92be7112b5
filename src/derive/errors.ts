/** What can stop a derivation, by stable code; the English for each is in one table. */

export type DeriveErrorCode = 'not-an-expression' | 'unknown-form' | 'wrt-needed' | 'wrt-not-name' | 'diff-failed' | 'not-valid';

export interface DeriveError {
  readonly code: DeriveErrorCode;
  readonly params: Readonly<Record<string, string>>;
}

const TEXT: Record<DeriveErrorCode, (p: Readonly<Record<string, string>>) => string> = {
  'not-an-expression': (p) => `${p.subject} is neither a catalogue name nor an expression: ${p.why}`,
  'unknown-form': (p) => `${p.name} has no form '${p.form}'; --from takes ${p.forms}`,
  'wrt-needed': (p) => `the expression has several symbols (${p.symbols}): say which one with --wrt`,
  'wrt-not-name': (p) => `--wrt must be a name, got ${p.wrt}`,
  'diff-failed': (p) => `cannot differentiate: ${p.why}`,
  'not-valid': (p) => `the generated derivation did not check (${p.summary}); it is not printed`,
};

export function deriveErrorMessage(e: DeriveError): string {
  return TEXT[e.code](e.params);
}
