/**
 * Rule ids of the differentiator and their English labels. Ids are stable (tests, traces and
 * JSON output name them); labels are for people and may change.
 *
 * Structural rules are listed here; every function of the table has its own rule `d-<key>`
 * (`d-sigmoid`, `d-tanh`, `d-relu`), labelled from the table.
 */
import { FUNCTIONS, isFnName, type FnEntry } from '../core/functions.js';

export const STRUCTURAL_RULES = {
  'd-constant': 'constant rule',
  'd-variable': 'derivative of the variable',
  'd-sum': 'sum rule',
  'd-constant-multiple': 'constant multiple rule',
  'd-product': 'product rule',
  'd-quotient': 'quotient rule',
  'd-chain': 'chain rule',
  'd-power': 'power rule',
  'd-exponential': 'exponential rule',
  'd-general-power': 'generalized power rule',
  'd-piecewise': 'branch by branch',
  'd-definition': 'definition of the function',
  'd-substitute': 'definition of the symbol',
  'd-function': 'derivative of an unknown function',
  'd-unevaluated': 'left as a derivative',
  'd-relation': 'both sides',
  'd-note': 'through the annotation',
  'd-component': 'derivative of a component (Kronecker delta)',
} as const satisfies Record<string, string>;

export type StructuralRule = keyof typeof STRUCTURAL_RULES;

/** Labels for the table rules whose usual name is not "derivative of f". */
const TABLE_LABELS: Readonly<Record<string, string>> = {
  exp: 'exponential rule',
  ln: 'logarithm rule',
  log: 'logarithm rule',
  sigmoid: 'derivative of sigmoid',
};

export const tableRule = (fn: string): string => `d-${fn}`;

/** The English label of a rule id; an unknown id labels itself. */
export function ruleLabel(id: string): string {
  if (Object.hasOwn(STRUCTURAL_RULES, id)) return STRUCTURAL_RULES[id as StructuralRule];
  const fn = id.startsWith('d-') ? id.slice(2) : '';
  if (isFnName(fn)) {
    const entry: FnEntry = FUNCTIONS[fn];
    return TABLE_LABELS[fn] ?? `derivative of ${entry.text}`;
  }
  return id;
}

/** Every rule id the differentiator can emit. */
export function allRuleIds(): string[] {
  return [...Object.keys(STRUCTURAL_RULES), ...Object.keys(FUNCTIONS).map(tableRule)];
}
