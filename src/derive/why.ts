/**
 * Justifications: what each line of a derivation says it did. A justification is a list of
 * parts with stable codes (data the tests and the Markdown writer read); the English lives in
 * one table below. Parts with the same code merge into one phrase ("derivatives of $e^{z}$ and
 * $e^{-z}$"), and the parts of a line join into one sentence ("chain rule and power rule").
 *
 * Subjects are LaTeX and appear as `$…$` inside the English, which suits both `\text{…}` in
 * an align* block and Markdown prose. They never contain a relation symbol: the checker reads
 * inline math after words like "where" and "for" as definitions and bindings.
 */

export const PART_CODES = [
  'given', 'definition', 'definition-power', 'as-power', 'chain-through', 'each-factor',
  'chain-rule', 'sum-rule', 'constant-multiple', 'constant-rule', 'variable', 'power-rule', 'product-rule', 'quotient-rule',
  'exponential-rule', 'general-power', 'derivative-of', 'branch-by-branch', 'definition-of', 'unknown-function',
  'simplify', 'common-denominator', 'factor-out', 'cancel', 'expand-log', 'split-fraction', 'rearrange',
  'recognise', 'simplify-conditions', 'entry', 'split-sum', 'delta-picks', 'assumption', 'delta-one', 'delta-zero',
] as const;
export type PartCode = (typeof PART_CODES)[number];

export interface Part {
  readonly code: PartCode;
  /** LaTeX the phrase is about (`e^{-z}`, `\sigma`), without dollars. */
  readonly subject?: string;
}

export interface Why { readonly parts: readonly Part[] }

const math = (s: string): string => `$${s}$`;

/** `a`, `a and b`, `a, b and c`. */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const PART_TEXT: Record<PartCode, (subjects: readonly string[]) => string> = {
  'given': () => 'given',
  'definition': (s) => `definition of ${listing(s.map(math))}`,
  'definition-power': (s) => `definition of ${listing(s.map(math))}, written as a power`,
  'as-power': () => 'write the reciprocal as a power',
  'chain-through': (s) => `chain rule through ${listing(s.map(math))}`,
  'each-factor': () => 'work out each factor',
  'chain-rule': () => 'chain rule',
  'sum-rule': () => 'sum rule',
  'constant-multiple': () => 'constant multiple rule',
  'constant-rule': () => 'derivative of a constant',
  'variable': () => 'derivative of the variable',
  'power-rule': () => 'power rule',
  'product-rule': () => 'product rule',
  'quotient-rule': () => 'quotient rule',
  'exponential-rule': () => 'exponential rule',
  'general-power': () => 'generalized power rule',
  'derivative-of': (s) => (s.length === 1 ? `derivative of ${math(s[0]!)}` : `derivatives of ${listing(s.map(math))}`),
  'branch-by-branch': () => 'differentiate branch by branch',
  'definition-of': (s) => `definition of ${listing(s.map(math))}`,
  'unknown-function': () => 'derivative of an unknown function',
  'simplify': () => 'simplify',
  'common-denominator': () => 'common denominator',
  'factor-out': () => 'take out a common factor',
  'cancel': (s) => (s.length === 0 ? 'cancel common factors' : `cancel ${listing(s.map(math))}`),
  'expand-log': () => 'rules of logarithms',
  'split-fraction': () => 'split the fraction',
  'rearrange': () => 'rearrange',
  'recognise': (s) => `recognise ${listing(s.map(math))}`,
  'simplify-conditions': () => 'simplify the conditions',
  'entry': () => 'the derivative of one entry by another is a Kronecker delta',
  'split-sum': () => 'split the sum',
  'delta-picks': () => 'the Kronecker delta keeps one term of each sum',
  'assumption': (s) => `the assumed value of ${listing(s.map(math))}`,
  'delta-one': () => 'the Kronecker delta is 1',
  'delta-zero': () => 'the Kronecker delta is 0',
};

/** Parts with the same code and subject said once; `chain rule` first, as a textbook says it. */
export function why(...parts: readonly Part[]): Why {
  const seen = new Set<string>();
  const out: Part[] = [];
  for (const p of parts) {
    const key = `${p.code}\u0000${p.subject ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  out.sort((a, b) => Number(b.code === 'chain-rule') - Number(a.code === 'chain-rule'));
  return { parts: out };
}

/** The justification as an English phrase with inline `$…$` math, lower case. */
export function whyText(w: Why): string {
  const groups: { code: PartCode; subjects: string[] }[] = [];
  for (const p of w.parts) {
    const g = groups.find((x) => x.code === p.code);
    if (g) {
      if (p.subject !== undefined) g.subjects.push(p.subject);
    } else groups.push({ code: p.code, subjects: p.subject === undefined ? [] : [p.subject] });
  }
  return listing(groups.map((g) => PART_TEXT[g.code](g.subjects)));
}

/** The same as a sentence for Markdown prose. */
export function whySentence(w: Why): string {
  const t = whyText(w);
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
}
