/**
 * Remembered derivations: which grammar rules built a parse, in an order that rebuilds it.
 *
 * Every terminal of the grammar is a token type, never a value, and no builder (./cst.ts) tests
 * a value to refuse a parse (what a value rules out, such as `\frac 1e5`, the lexer refuses), so
 * the parses of a token list depend only on its types. A derivation taken from one parse
 * therefore rebuilds the parse of any token list of the same shape by calling the same builders
 * on the new tokens, without the Earley chart.
 * ./run.ts decides when that is sound; this module reads nearley's chart and replays.
 */
import nearley from 'nearley';
import { TokenStream, type Token } from './lexer.js';

/**
 * A derivation as postfix steps, two numbers each: `-1, i` pushes the token at index i; `r, k`
 * applies the grammar's rule r to the values its symbols left on top of the stack, `k` being the
 * index of its first token (as nearley passes it to the rule's builder). Kept compact: a cache
 * holds thousands of them.
 */
export type Derivation = Int32Array;

const ruleIndex = new WeakMap<nearley.Grammar, Map<nearley.Rule, number>>();
function indexOf(grammar: nearley.Grammar, rule: nearley.Rule): number {
  let index = ruleIndex.get(grammar);
  if (index === undefined) ruleIndex.set(grammar, (index = new Map(grammar.rules.map((r, i) => [r, i]))));
  return index.get(rule)!;
}

/** What nearley keeps of a state in its chart (lib/nearley.js: State, Column). */
interface ChartState {
  readonly rule: nearley.Rule;
  readonly reference: number;
  readonly isComplete: boolean;
  readonly wantedBy: readonly ChartState[];
  /** The state one symbol back; absent at the rule's start. */
  readonly left?: ChartState;
  /** The last symbol matched: a completed state or a scanned token. nearley clears it on a complete state. */
  readonly right?: ChartState | { readonly isToken: true; readonly reference: number };
}
export interface ChartColumn { readonly states: readonly ChartState[] }

/**
 * The token shape a derivation is valid for: the types. Two token lists with the same key have
 * the same parses, built by the same rules.
 */
export function shapeKey(tokens: readonly Token[]): string {
  let key = '';
  for (const t of tokens) key += `${t.type} `;
  return key;
}

/**
 * A token stream that also keeps each column of the chart as the parser finishes it. nearley
 * drops a column once the next token is read (unless told to keep its history, which would also
 * change what its error reports see); the parser reads the next token just before that, so the
 * column is taken then, and the last one when the stream ends.
 */
export class RecordingStream extends TokenStream {
  readonly columns: ChartColumn[] = [];
  private table: readonly ChartColumn[] = [];
  attach(parser: nearley.Parser): void { this.table = (parser as unknown as { table: ChartColumn[] }).table; }
  override reset(): void {
    super.reset();
    this.columns.length = 0;
  }
  override next(): Token | undefined {
    this.columns.push(this.table[this.columns.length]!);
    return super.next();
  }
}

/**
 * The derivation of the one complete parse in the chart, as postfix steps. The walk is
 * iterative: left-recursive runs (`x''''…`) make derivations as deep as the line is long.
 *
 * A complete state's last child is not kept (nearley clears it), so it is found in the state's
 * last column: the completed state of that symbol whose wanters include the state one symbol
 * back. It is the only one: with a single parse, a second would have completed a second parse.
 */
export function derivation(columns: readonly ChartColumn[], grammar: nearley.Grammar): Derivation {
  const end = columns.length - 1;
  const top = columns[end]!.states.find((s) => s.isComplete && s.reference === 0 && s.rule.name === grammar.start)!;
  type Work = number | { readonly state: ChartState; readonly end: number };
  // Built backwards (each step as its reference, then its rule), reversed at the end.
  const out: number[] = [];
  const work: Work[] = [{ state: top, end }];
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === 'number') {
      out.push(item, -1);
      continue;
    }
    const { state, end: stateEnd } = item;
    out.push(state.reference, indexOf(grammar, state.rule));
    const symbols = state.rule.symbols as unknown[];
    const kids: Work[] = [];
    let at = stateEnd;
    let holder: ChartState | undefined = state;
    for (let k = symbols.length - 1; k >= 0; k--) {
      const right = k === symbols.length - 1 ? lastChild(columns[at]!, symbols[k], state.left!, at) : holder!.right!;
      kids.push('isToken' in right ? right.reference : { state: right, end: at });
      // Where this child starts, the one before it ends.
      at = right.reference;
      holder = holder!.left;
    }
    // Children were found right to left; the rightmost must come off the stack first.
    work.push(...kids.reverse());
  }
  return Int32Array.from(out.reverse());
}

function lastChild(column: ChartColumn, symbol: unknown, before: ChartState, end: number): ChartState | { isToken: true; reference: number } {
  if (typeof symbol !== 'string') return { isToken: true, reference: end - 1 };
  return column.states.find((s) => s.isComplete && s.rule.name === symbol && s.wantedBy.includes(before))!;
}

/** The parse a derivation builds from `tokens` (of the shape it was taken from). */
export function replay<T>(steps: Derivation, tokens: readonly Token[], grammar: nearley.Grammar): T {
  const stack: unknown[] = [];
  for (let k = 0; k < steps.length; k += 2) {
    const r = steps[k]!;
    const at = steps[k + 1]!;
    if (r < 0) {
      stack.push(tokens[at]);
      continue;
    }
    const rule = grammar.rules[r]!;
    const d = stack.splice(stack.length - rule.symbols.length);
    stack.push(rule.postprocess ? rule.postprocess(d, at, nearley.Parser.fail) : d);
  }
  return stack[0] as T;
}
