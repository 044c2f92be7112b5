/**
 * A span of math as a reader takes it apart: rows (`\\`), and in each row the clauses that
 * `\quad`, a comma, a semicolon, `\Rightarrow` or a piece of prose (`\text{for }`) separate.
 *
 *   t > 1 \quad h = 1 \quad \frac{dh}{dt} = 0   → three clauses: a condition, two equations
 *   \text{So } f(2) = 2^{3} = 8                 → prose, then one chain
 *   \cosh, g(t) = …                             → a label, then an equation
 *   \left| \begin{aligned} … \end{aligned} \right.   → the rows of the brace, one by one
 *
 * Each clause is parsed on its own, so an unreadable clause (an unknown command) is reported
 * where it is and does not hide its neighbours. Separators count only at the top level: the
 * comma in `f(x, y)` or `x_{i,j}` and the `\text{if }` of a `cases` row stay where they are.
 * What the clauses *mean* (definition, claim, condition…) is the note reader's business.
 */
import type { Span } from './cst.js';
import { toDiagnostic, type Diagnostic } from './errors.js';
import { ENVIRONMENTS } from './commands.js';
import { BAD_TOKEN_ERRORS, tokenize, type Token } from './lexer.js';
import { canonicalScript } from './literals.js';
import type { Expr, Sym } from '../core/expr.js';
import { lowerDoc, type LowerContext, type Statement } from './lower.js';
import { CLOSE, OPEN, guard, runParser, type Result } from './run.js';

/** What separates a clause from the one before it in its row. */
export type Separator = 'start' | 'quad' | 'comma' | 'semicolon' | 'implies' | 'text';

interface ClauseBase {
  /** Offsets into the span's source: start inclusive, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly row: number;
  readonly sep: Separator;
  /** Prose written just before the clause inside the math (`for` in `\text{for } t \neq 0`), or ''. */
  readonly words: string;
}

export type Clause =
  | ClauseBase & { readonly kind: 'statement'; readonly statement: Statement }
  /** `\mathbf{x} \in \mathbb{R}^{3}`, `W \in \mathbb{R}^{n \times m}`: a shape (no sizes: a scalar). */
  | ClauseBase & { readonly kind: 'shape'; readonly target: Expr; readonly dims: readonly Expr[] }
  /** Prose inside math: `\text{So }`, `[\text{by the chain rule}]`, a label such as `\cosh,`. */
  | ClauseBase & { readonly kind: 'text'; readonly text: string; readonly label: boolean }
  | ClauseBase & { readonly kind: 'error'; readonly error: Diagnostic };

export interface ClauseOptions {
  readonly ascii?: boolean;
  readonly functions?: Iterable<string>;
  /** Names that are quantities, not functions (see `LowerContext.values`). */
  readonly values?: ReadonlySet<Sym>;
}

/** Tokens after which `\quad` is spacing inside an expression, not a break between statements. */
const CONTINUES = new Set(['relop', 'plus', 'minus', 'times', 'divide', 'caret', 'underscore', 'comma']);
const SPLIT: Record<string, Separator> = { quad: 'quad', comma: 'comma', semicolon: 'semicolon', implies: 'implies' };

/** Clauses of a span of math, in written order. Never throws on user input. */
export function readClauses(source: string, options: ClauseOptions = {}): Result<readonly Clause[]> {
  const functions = [...new Set([...(options.functions ?? [])].map(canonicalScript))].sort();
  const values = options.values ?? new Set<Sym>();
  const key = `${options.ascii ? 'a' : 'l'}\u0000${functions.join('\u0001')}\u0000${[...values].map((v) => v.id).sort().join(',')}\u0000${source}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const result = guard(() => {
    const tokens = tokenize(source, options.ascii ?? false, { separators: true, lenient: true });
    const clauses: Clause[] = [];
    const rows = splitRows(unwrap(tokens));
    const ctx = { source, functions: new Set(functions), bareOperators: true, values };
    rows.forEach((row, r) => clauses.push(...rowClauses(row, r, ctx)));
    return Object.freeze(clauses);
  });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}

const CACHE_SIZE = 4096;
const cache = new Map<string, Result<readonly Clause[]>>();

/**
 * The tokens inside a wrapping row environment (`\begin{aligned} … \end{aligned}`), also when a
 * brace stands in front of it (`\left| \begin{aligned} … \right.`, `\left\{ …`).
 */
function unwrap(tokens: readonly Token[]): readonly Token[] {
  let t = tokens;
  for (;;) {
    const brace = t[0]?.type === 'lvert' || t[0]?.type === 'lcurly';
    const begin = t[brace ? 1 : 0];
    if (begin?.type !== 'begin' || ENVIRONMENTS[begin.value]?.reads !== 'rows') return t;
    let close = t.length - 1;
    if (brace && (t[close]?.type === 'rvert' || t[close]?.type === 'rcurly')) close--;
    const end = t[close];
    if (end?.type !== 'end' || end.value !== begin.value || !balancedInside(t, brace ? 1 : 0, close)) return t;
    t = t.slice(brace ? 2 : 1, close);
  }
}

/** Whether the environment opened at `open` is the one `close` ends (not `\begin{a}…\end{a} x \begin{a}…\end{a}`). */
function balancedInside(t: readonly Token[], open: number, close: number): boolean {
  let depth = 0;
  for (let i = open; i <= close; i++) {
    const tok = t[i]!;
    if (OPEN.has(tok.type)) depth++;
    if (CLOSE.has(tok.type)) depth--;
    if (depth === 0 && i < close) return false;
  }
  return true;
}

function splitRows(tokens: readonly Token[]): Token[][] {
  const rows: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (OPEN.has(t.type)) depth++;
    if (CLOSE.has(t.type)) depth = Math.max(0, depth - 1);
    if (t.type === 'nl' && depth === 0) rows.push([]);
    else rows[rows.length - 1]!.push(t);
  }
  return rows;
}

/** A word written with `\text{…}` right before a relation names a quantity (`\text{loss} = …`). */
const NAME_WORD = /^[A-Za-z][A-Za-z0-9]*$/;

function rowClauses(row: readonly Token[], r: number, ctx: LowerContext): Clause[] {
  const out: Clause[] = [];
  let pending: Token[] = [];
  let sep: Separator = 'start';
  let words = '';
  let depth = 0;
  const flush = (next: Separator): void => {
    // `\mathbf{p} = \operatorname{softmax}(\mathbf{z}) \in \mathbb{R}^{K}`: the equation, and the shape of its first side.
    const [eq = -1, member = -1] = topLevel(pending, 'relop', 'member');
    if (eq > 0 && member > eq) {
      out.push(clause(pending.slice(0, member), r, sep, words, ctx, next));
      out.push(clause([...pending.slice(0, eq), ...pending.slice(member)], r, sep, words, ctx, next));
    } else if (pending.length > 0) out.push(clause(pending, r, sep, words, ctx, next));
    pending = [];
    sep = next;
  };
  for (let i = 0; i < row.length; i++) {
    const t = row[i]!;
    if (OPEN.has(t.type)) depth++;
    if (CLOSE.has(t.type)) depth = Math.max(0, depth - 1);
    if (depth > 0 || (depth === 0 && CLOSE.has(t.type))) {
      const bracketed = textInBrackets(row, i);
      if (bracketed !== null && depth === 1) {
        const before = pending.length === 0 ? sep : 'text';
        flush('text');
        out.push(textClause(row[i]!, row[i + 2]!, bracketed, r, before, false));
        depth = 0;
        words = '';
        i += 2;
        continue;
      }
      if (t.type !== 'quad') pending.push(t);
      continue;
    }
    const split = SPLIT[t.type];
    if (split !== undefined) {
      const prev = pending[pending.length - 1];
      const next = row[i + 1];
      if (split === 'quad' && ((prev !== undefined && CONTINUES.has(prev.type)) || (next !== undefined && next.type !== 'minus' && CONTINUES.has(next.type)))) continue;
      flush(split);
      words = '';
      continue;
    }
    if (t.type === 'text') {
      if (pending.length === 0 && NAME_WORD.test(t.value) && row[i + 1]?.type === 'relop') {
        pending.push({ ...t, type: 'ident', value: t.value });
        continue;
      }
      const before = pending.length === 0 ? sep : 'text';
      flush('text');
      out.push(textClause(t, t, t.value, r, before, false));
      words = t.value.trim().toLowerCase();
      sep = 'text';
      continue;
    }
    pending.push(t);
  }
  flush('start');
  return out;
}

/** The first index of a token of each type outside brackets (-1 when there is none). */
function topLevel(tokens: readonly Token[], ...types: string[]): number[] {
  const at = types.map(() => -1);
  let depth = 0;
  tokens.forEach((t, i) => {
    if (OPEN.has(t.type)) depth++;
    else if (CLOSE.has(t.type)) depth = Math.max(0, depth - 1);
    else if (depth === 0) types.forEach((type, k) => { if (at[k] === -1 && t.type === type) at[k] = i; });
  });
  return at;
}

/** `[\text{…}]` or `(\text{…})` starting at index i: the text, else null. */
function textInBrackets(row: readonly Token[], i: number): string | null {
  const [open, text, close] = [row[i], row[i + 1], row[i + 2]];
  if (text?.type !== 'text') return null;
  if ((open?.type === 'lbrack' && close?.type === 'rbrack') || (open?.type === 'lparen' && close?.type === 'rparen')) return text.value;
  return null;
}

function textClause(first: Token, last: Token, text: string, row: number, sep: Separator, label: boolean): Clause {
  return { kind: 'text', text: text.trim(), label, start: first.offset, end: last.offset + last.text.length, row, sep, words: '' };
}

function clause(tokens: Token[], row: number, sep: Separator, words: string, ctx: LowerContext, next: Separator): Clause {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const base = { start: first.offset, end: last.offset + last.text.length, row, sep, words };
  // `\cosh,` or `\text{Case 1}` before a comma: a label, not math.
  if (tokens.length === 1 && (first.type === 'fname' || first.type === 'opname') && next === 'comma') {
    return { ...base, kind: 'text', text: first.text, label: true };
  }
  // `\boxed{f'(x) = \sigma(x)}`: the box only frames the statement inside it.
  if (tokens.length > 3 && first.type === 'wrap' && first.value === 'boxed' && tokens[1]!.type === 'lbrace' && last.type === 'rbrace' && balancedInside(tokens, 1, tokens.length - 1)) {
    const inner = clause(tokens.slice(2, -1), row, sep, words, ctx, next);
    if (inner.kind === 'statement' && inner.statement.ops.length > 0) return inner;
  }
  // `\quad (x \neq 0)`, `(\text{for } x > 0)`: a relation in parentheses of its own, said aside.
  if (tokens.length > 3 && first.type === 'lparen' && last.type === 'rparen' && balancedInside(tokens, 0, tokens.length - 1)) {
    const worded = tokens[1]!.type === 'text';
    const inside = tokens.slice(worded ? 2 : 1, -1);
    if (topLevel(inside, 'relop')[0]! > 0) {
      const inner = clause(inside, row, sep, worded ? tokens[1]!.value.trim().toLowerCase() : words, ctx, next);
      if (inner.kind === 'statement') return inner;
    }
  }
  const member = tokens.findIndex((t) => t.type === 'member');
  if (member > 0) return membership(tokens, member, base, ctx);
  // `f: \mathbb{R} \to \mathbb{R}`, `x \mapsto x^2`: a function's signature or a mapping, said in symbols: prose.
  if (isMapping(tokens)) return { ...base, kind: 'text', text: ctx.source.slice(base.start, base.end), label: false };
  const bad = tokens.find((t) => t.type === 'bad');
  if (bad !== undefined) return { ...base, kind: 'error', error: toDiagnostic(BAD_TOKEN_ERRORS.get(bad)!) };
  const parsed = guard(() => lowerDoc(runParser(tokens, ctx.source), ctx));
  if (!parsed.ok) return { ...base, kind: 'error', error: parsed.error };
  const statement = parsed.value[0];
  if (statement === undefined) return { ...base, kind: 'text', text: '', label: false };
  return { ...base, kind: 'statement', statement };
}

const ARROWS: ReadonlySet<string> = new Set(['\\to', '\\rightarrow', '\\longrightarrow', '\\mapsto', '\\longmapsto']);

/** A name, a colon and an arrow (`f: A \to B`), or a name and `\mapsto` (`x \mapsto x^2`). */
function isMapping(tokens: readonly Token[]): boolean {
  const arrow = tokens.findIndex((t) => ARROWS.has(t.text.trim()));
  if (arrow <= 0) return false;
  const named = tokens[0]!.type === 'ident' || tokens[0]!.type === 'greek' || tokens[0]!.type === 'fname';
  if (named && tokens[1]?.text === ':') return true;
  return /mapsto/.test(tokens[arrow]!.text) && tokens.slice(0, arrow).every((t) => t.type === 'ident' || t.type === 'greek' || t.type === 'comma');
}

/**
 * `x \in …`: a shape (`\mathbb{R}^{n \times m}`), an interval read as the inequalities it means
 * (`y \in (0, 1)` is 0 < y < 1), or another set, which is prose.
 */
function membership(tokens: readonly Token[], at: number, base: ClauseBase, ctx: LowerContext): Clause {
  const expr = (part: readonly Token[]): Expr | null => {
    if (part.length === 0 || part.some((t) => t.type === 'bad')) return null;
    const r = guard(() => lowerDoc(runParser(part, ctx.source), ctx));
    const st = r.ok ? r.value[0] : undefined;
    return st !== undefined && st.ops.length === 0 && st.lead === null && st.trail === null ? st.args[0]! : null;
  };
  const target = expr(tokens.slice(0, at));
  const set = tokens.slice(at + 1);
  const text = ctx.source.slice(base.start, base.end).trim();
  if (target === null) return { ...base, kind: 'text', text, label: false };
  const [a, b, c, d] = set;
  if (a?.type === 'accent' && a.value === 'mathbb' && b?.type === 'lbrace' && c?.value === 'R' && d?.type === 'rbrace') {
    const power = set.slice(4);
    if (power.length === 0) return { ...base, kind: 'shape', target, dims: [] };
    if (power[0]!.type !== 'caret') return { ...base, kind: 'text', text, label: false };
    const inner = power[1]?.type === 'lbrace' && power[power.length - 1]!.type === 'rbrace' ? power.slice(2, -1) : power.slice(1);
    const parts: Token[][] = [[]];
    for (const t of inner) {
      if (t.type === 'times') parts.push([]);
      else parts[parts.length - 1]!.push(t);
    }
    const dims = parts.map(expr);
    if (dims.some((x) => x === null) || dims.length > 2) return { ...base, kind: 'text', text, label: false };
    return { ...base, kind: 'shape', target, dims: dims as Expr[] };
  }
  // `(0, 1)`, `[0, 1]`, `(0, \infty)`: the interval as inequalities.
  const open = set[0];
  const close = set[set.length - 1];
  const comma = set.findIndex((t) => t.type === 'comma');
  if (open !== undefined && close !== undefined && (open.type === 'lparen' || open.type === 'lbrack') && (close.type === 'rparen' || close.type === 'rbrack') && comma > 0) {
    const lo = expr(set.slice(1, comma));
    const hi = expr(set.slice(comma + 1, -1));
    if (lo !== null && hi !== null) {
      const spanOf = (ts: readonly Token[]): Span => ({ start: ts[0]!.offset, end: ts[ts.length - 1]!.offset + ts[ts.length - 1]!.text.length, line: ts[0]!.line, col: ts[0]!.col });
      const all = spanOf(tokens);
      const statement: Statement = {
        lead: null, trail: null, args: [lo, target, hi], ops: [open.type === 'lparen' ? '<' : '≤', close.type === 'rparen' ? '<' : '≤'],
        argSpans: [spanOf(set.slice(1, comma)), spanOf(tokens.slice(0, at)), spanOf(set.slice(comma + 1, -1))], opSpans: [all, all], span: all,
      };
      return { ...base, kind: 'statement', statement };
    }
  }
  return { ...base, kind: 'text', text, label: false };
}

export type { Span };
