/**
 * The concrete syntax tree the grammar builds, and the builders its postprocessors call.
 * A CST keeps every distinction of the written form (which bracket, which script, a `\frac`
 * with `d` on top); `lower.ts` turns it into an expression tree.
 *
 * Spans: `start` is the offset of the first character (inclusive), `end` of the character
 * after the last (exclusive); `line`/`col` (1-based) locate `start`.
 */
import type { Token } from './lexer.js';

export interface Span { readonly start: number; readonly end: number; readonly line: number; readonly col: number }

export type Script =
  | { readonly k: 'sub'; readonly arg: Cst }
  | { readonly k: 'sup'; readonly arg: Cst }
  | { readonly k: 'prime' }
  | { readonly k: 'top' };

export type GroupDelim = '(' | '[' | '{' | '\\{' | '|' | '‖';

export type Cst =
  | { readonly t: 'tok'; readonly tok: Token; readonly span: Span }
  | { readonly t: 'group'; readonly open: GroupDelim; readonly items: readonly Cst[]; readonly span: Span }
  | { readonly t: 'script'; readonly base: Cst; readonly scripts: readonly Script[]; readonly span: Span }
  | { readonly t: 'frac'; readonly num: Cst; readonly den: Cst; readonly span: Span }
  | { readonly t: 'root'; readonly index: Cst | null; readonly body: Cst; readonly span: Span }
  | { readonly t: 'accent'; readonly cmd: string; readonly body: Cst; readonly span: Span }
  | { readonly t: 'wrap'; readonly cmd: string; readonly body: Cst; readonly label: Cst | null; readonly span: Span }
  | { readonly t: 'call'; readonly head: Cst; readonly args: readonly Cst[]; readonly paren: boolean; readonly span: Span }
  | { readonly t: 'jux'; readonly items: readonly Cst[]; readonly span: Span }
  | { readonly t: 'bin'; readonly op: '+' | '-' | '·' | '/' | '⊙' | '∘' | '⊗'; readonly left: Cst; readonly right: Cst; readonly span: Span }
  | { readonly t: 'neg'; readonly sign: '+' | '-'; readonly body: Cst; readonly span: Span }
  | { readonly t: 'noted'; readonly body: Cst; readonly text: string; readonly span: Span }
  /** `\left. f(x) \right|_{x=0}`: the body evaluated where the variable has the value (the relation is checked when lowering). */
  | { readonly t: 'at'; readonly body: Cst; readonly v: Cst; readonly rel: Token; readonly value: Cst; readonly span: Span }
  | { readonly t: 'cases'; readonly env: Token; readonly end: Token; readonly rows: readonly CaseRow[]; readonly span: Span }
  /** `\begin{pmatrix} … \end{pmatrix}`: the entries, row by row. */
  | { readonly t: 'matrix'; readonly env: Token; readonly end: Token; readonly rows: readonly (readonly Cst[])[]; readonly span: Span }
  | { readonly t: 'text'; readonly text: string; readonly span: Span }
  | { readonly t: 'cond'; readonly row: Row; readonly span: Span }
  /** `\sum_{i,j=1}^{n}`: the indices (none when not written), from `lo` to `hi` each. */
  | { readonly t: 'bigop'; readonly op: 'sum' | 'prod'; readonly indices: readonly Token[]; readonly rel: Token | null; readonly lo: Cst | null; readonly hi: Cst | null; readonly span: Span }
  /** `\nabla_{\mathbf{w}}`: the gradient by the name in its subscript, of the rest of the product. */
  | { readonly t: 'grad'; readonly by: Cst; readonly span: Span }
  /** `\mathbb{1}[x > 0]`: 1 where the relation holds, 0 elsewhere (the mark is checked when lowering). */
  | { readonly t: 'indicator'; readonly mark: Cst; readonly cond: Cst; readonly span: Span };

export interface CaseRow { readonly value: Cst; readonly cond: Cst | null; readonly condText: string; readonly span: Span }

/** One line of math: an optional leading relation (a continuation), a chain, an optional dangling relation. */
export interface Row {
  readonly lead: Token | null;
  readonly args: readonly Cst[];
  readonly ops: readonly Token[];
  readonly trail: Token | null;
  readonly span: Span | null;
}

export interface Doc { readonly env: { begin: Token; end: Token } | null; readonly rows: readonly Row[] }

// ---------------------------------------------------------------------------------------------
// Spans

type Item = Token | Cst | Row | CaseRow | { readonly span: Span } | null | undefined | Item[];

function isToken(x: object): x is Token {
  return 'offset' in x && 'type' in x;
}

function spanOf(x: Item): Span | null {
  if (x === null || x === undefined) return null;
  if (Array.isArray(x)) return join(x.map(spanOf));
  if (isToken(x)) return { start: x.offset, end: x.offset + x.text.length, line: x.line, col: x.col };
  return 'span' in x ? x.span : null;
}

function join(spans: readonly (Span | null)[]): Span | null {
  let out: Span | null = null;
  for (const s of spans) {
    if (s === null) continue;
    if (out === null) out = s;
    else out = { start: Math.min(out.start, s.start), end: Math.max(out.end, s.end), line: out.start <= s.start ? out.line : s.line, col: out.start <= s.start ? out.col : s.col };
  }
  return out;
}

const span = (...xs: Item[]): Span => join(xs.map(spanOf)) ?? { start: 0, end: 0, line: 1, col: 1 };

// ---------------------------------------------------------------------------------------------
// Builders (nearley postprocessors: `d` holds the matched symbols in order)

type D = any[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- nearley passes untyped arrays

/** Placeholder for nearley's `@lexer`: the real token stream is attached per parse. */
export const lexer = {
  has: (_: string): boolean => true,
  reset: (): void => undefined,
  next: (): undefined => undefined,
  save: (): object => ({}),
  formatError: (): string => '',
};

/**
 * A list built by a left-recursive rule (`open -> open atom`). Earley parsing completes such a
 * rule at every prefix, so copying an array at each step made long inputs quadratic in time and
 * memory (20,000 primes ran out of memory); a run grows in O(1) and shares its prefix, and the
 * nodes that hold one (the classes below) turn it into an array only when lowering asks.
 */
interface Run<T> { readonly last: T; readonly prev: Run<T> | null; readonly first: T; readonly isRun: true }
const run = <T>(x: T): Run<T> => ({ last: x, prev: null, first: x, isRun: true });
const extend = <T>(r: Run<T>, x: T): Run<T> => ({ last: x, prev: r, first: r.first, isRun: true });
const isRun = (x: unknown): x is Run<unknown> => typeof x === 'object' && x !== null && 'isRun' in x;
function toArray<T>(r: Run<T>): T[] {
  const out: T[] = [];
  for (let c: Run<T> | null = r; c !== null; c = c.prev) out.push(c.last);
  return out.reverse();
}
class LazyDoc implements Doc {
  private cache: Row[] | undefined;
  constructor(readonly env: Doc['env'], private readonly run: Run<Row>) {}
  get rows(): readonly Row[] { return (this.cache ??= toArray(this.run)); }
}
class LazyJux {
  readonly t = 'jux';
  private cache: Cst[] | undefined;
  constructor(private readonly run: Run<Cst>, readonly span: Span) {}
  get items(): readonly Cst[] { return (this.cache ??= toArray(this.run)); }
}
/** Lowering copies a script node with `{ ...node, scripts }`, which replaces the getter. */
class LazyScript {
  readonly t = 'script';
  private cache: Script[] | undefined;
  constructor(readonly base: Cst, readonly run: Run<Script>, readonly span: Span) {}
  get scripts(): readonly Script[] { return (this.cache ??= toArray(this.run)); }
}

export const first = (d: D): unknown => d[0];
export const list = (d: D): Run<unknown> => run(d[0]);
export const push = (d: D): Run<unknown> => extend(d[0] as Run<unknown>, d[1]);
export const pushAfterComma = (d: D): Run<unknown> => extend(d[0] as Run<unknown>, d[2]);
export const token = (d: D): Cst => ({ t: 'tok', tok: d[0] as Token, span: span(d[0]) });

export const doc = (d: D): Doc => new LazyDoc(null, d[0] as Run<Row>);
export const env = (d: D): Doc => new LazyDoc({ begin: d[0] as Token, end: d[2] as Token }, d[1] as Run<Row>);
export const appendRow = (d: D): Run<Row> => extend(d[0] as Run<Row>, d[2] as Row);
export const emptyRow = (): Row => ({ lead: null, args: [], ops: [], trail: null, span: null });

/** A relation chain: operands, each after the relation that joins it to the one before. */
type Chain = Run<{ readonly op: Token | null; readonly arg: Cst }>;

class ChainRow implements Row {
  private argsCache: Cst[] | undefined;
  private opsCache: Token[] | undefined;
  constructor(private readonly chain: Chain, readonly lead: Token | null, readonly trail: Token | null, readonly span: Span) {}
  get args(): readonly Cst[] { return (this.argsCache ??= toArray(this.chain).map((l) => l.arg)); }
  get ops(): readonly Token[] { return (this.opsCache ??= toArray(this.chain).slice(1).map((l) => l.op!)); }
}
const chainRow = (chain: Chain, lead: Token | null, trail: Token | null, at: Span): Row => new ChainRow(chain, lead, trail, at);

export function row(d: D): Row {
  const chain = d[1] as Chain;
  const lead = (d[0] as Token | null) ?? null;
  const trail = (d[2] as Token | null) ?? null;
  return chainRow(chain, lead, trail, span(lead, chain.first.arg, chain.last.arg, trail));
}
export const chainStart = (d: D): Chain => run({ op: null, arg: d[0] as Cst });
export const chainNext = (d: D): Chain => extend(d[0] as Chain, { op: d[1] as Token, arg: d[2] as Cst });

export function annotate(d: D): Cst {
  const n = d[1] as { text: string; span: Span };
  return { t: 'noted', body: d[0] as Cst, text: n.text, span: span(d[0], n) };
}
export const evalAt = (d: D): Cst => ({ t: 'at', body: d[0] as Cst, v: d[4] as Cst, rel: d[5] as Token, value: d[6] as Cst, span: span(d[0], d[7]) });
export const noteText = (d: D): { text: string; span: Span } => ({ text: (d[0] as Token).value, span: span(d[0]) });
export const noteBracketed = (d: D): { text: string; span: Span } => ({ text: (d[1] as Token).value, span: span(d[0], d[2]) });

export function binary(d: D): Cst {
  const op = (d[1] as Token).value as '+' | '-' | '·' | '/' | '⊙' | '∘' | '⊗';
  return { t: 'bin', op, left: d[0] as Cst, right: d[2] as Cst, span: span(d[0], d[2]) };
}
/** `a * -b`: the operator's right operand is the negated factor. */
export function binarySigned(d: D): Cst {
  const right: Cst = { t: 'neg', sign: '-', body: d[3] as Cst, span: span(d[2], d[3]) };
  return binary([d[0], d[1], right]);
}
export const negate = (d: D): Cst => {
  const body: Cst = isToken(d[1] as object) ? token([d[1]]) : (d[1] as Cst);
  return { t: 'neg', sign: (d[0] as Token).value === '+' ? '+' : '-', body, span: span(d[0], d[1]) };
};

function juxOf(items: Run<Cst>): Cst {
  if (items.prev === null) return items.last;
  return new LazyJux(items, span(items.first, items.last));
}
export const jux = (d: D): Cst => juxOf(d[0] as Run<Cst>);

/** `\max\{0, x\}`: the arguments in braces, as in parentheses. */
export function curlyCall(d: D): Cst {
  const args: Cst = { t: 'group', open: '(', items: toArray(d[2] as Run<Cst>), span: span(d[1], d[3]) };
  return { t: 'call', head: d[0] as Cst, args: [args], paren: true, span: span(d[0], d[3]) };
}
export const parenCall = (d: D): Cst => ({ t: 'call', head: d[0] as Cst, args: [d[1] as Cst], paren: true, span: span(d[0], d[1]) });
export function bareCall(d: D): Cst {
  const arg = juxOf(d[1] as Run<Cst>);
  return { t: 'call', head: d[0] as Cst, args: [arg], paren: false, span: span(d[0], arg) };
}

export const nestedCall = (d: D): Cst => ({ t: 'call', head: d[0] as Cst, args: [d[1] as Cst], paren: false, span: span(d[0], d[1]) });

/** Scripts stack on one node in O(1) each, so `x''''…` stays linear. */
export function scripted(d: D): Cst {
  const base = d[0] as Cst;
  const s = d[1] as { script: Script; end: Item };
  if (base.t !== 'script') return new LazyScript(base, run(s.script), span(base, s.end));
  const prev = base instanceof LazyScript ? base.run : runOf(base.scripts);
  return new LazyScript(base.base, extend(prev, s.script), span(base, s.end));
}
function runOf<T>(xs: readonly T[]): Run<T> {
  let r: Run<T> = run(xs[0] as T);
  for (const x of xs.slice(1)) r = extend(r, x);
  return r;
}
export const sub = (d: D): { script: Script; end: Item } => ({ script: { k: 'sub', arg: d[1] as Cst }, end: d[1] as Cst });
export const sup = (d: D): { script: Script; end: Item } => ({ script: { k: 'sup', arg: d[1] as Cst }, end: d[1] as Cst });
/** `'`, and `^\prime` as TeX writes it. */
export const prime = (d: D): { script: Script; end: Item } => ({ script: { k: 'prime' }, end: d[d.length - 1] as Token });
export const transpose = (d: D): { script: Script; end: Item } => ({ script: { k: 'top' }, end: d[d.length - 1] as Token });

/** `{a, b}` in a script or `\frac` argument: the braces only group. */
export function braced(d: D): Cst {
  const inner = d[1] as Cst | Run<Cst> | Row | Token;
  // A label such as `_{= \sigma(z)}` is kept as text (its source span); it takes no part in the math.
  const items: Cst[] = isRun(inner) ? toArray(inner as Run<Cst>)
    : isRow(inner) || isToken(inner) ? [{ t: 'text', text: '', span: span(d[0], d[2]) }]
      : [inner];
  return { t: 'group', open: '{', items, span: span(d[0], d[2]) };
}

interface BigIndex { readonly indices: readonly Token[]; readonly lo: Cst | null; readonly rel: Token | null; readonly span: Span }
/** `_k`, `_{k}`, `_{k=1}`, `_{i,j}`, `_{}`: the indices of a sum and where they start (the relation must be `=`, checked when lowering). */
export function bigIndex(d: D): BigIndex {
  const at = span(d[0], d[d.length - 1]);
  if (d.length === 2) return { indices: [d[1] as Token], lo: null, rel: null, span: at };
  if (d.length === 3) return { indices: [], lo: null, rel: null, span: at };
  const indices = toArray(d[2] as Run<Token>);
  return d.length === 6 ? { indices, lo: d[4] as Cst, rel: d[3] as Token, span: at } : { indices, lo: null, rel: null, span: at };
}
/** `\sum` with its indices and range. */
export function bigHead(d: D): Cst {
  const op = d[0] as Token;
  const sub = (d[1] as BigIndex | undefined) ?? null;
  const hi = (d[3] as Cst | undefined) ?? null;
  return { t: 'bigop', op: op.value as 'sum' | 'prod', indices: sub?.indices ?? [], rel: sub?.rel ?? null, lo: sub?.lo ?? null, hi, span: span(op, sub, hi) };
}
export const bigHeadSupFirst = (d: D): Cst => bigHead([d[0], d[3], d[1], d[2]]);
export const bigHeadSupOnly = (d: D): Cst => bigHead([d[0], undefined, d[1], d[2]]);
export const gradHead = (d: D): Cst => ({ t: 'grad', by: d[2] as Cst, span: span(d[0], d[2]) });

/** `^{*}`, `^{+}`: a mark in braces. */
export const markScript = (d: D): Cst => ({ t: 'group', open: '{', items: [token([d[1]])], span: span(d[0], d[2]) });

/** `_{\text{hinge}}`: a word in a script is part of the name (`J_{\text{hinge}}`). */
export function textScript(d: D): Cst {
  const tok = (d.length === 3 ? d[1] : d[0]) as Token;
  return { t: 'group', open: '{', items: [{ t: 'text', text: tok.value, span: span(tok) }], span: span(d[0], d[d.length - 1]) };
}

/** `^(1/2)` is `^{1/2}`; `^[1]` is `^{[1]}`, a layer index. */
export function bracedGroup(d: D): Cst {
  if (d.length === 1) return d[0] as Cst;
  const inner: Cst = { t: 'group', open: '[', items: [d[1] as Cst], span: span(d[0], d[2]) };
  return { t: 'group', open: '{', items: [inner], span: inner.span };
}

function isRow(x: object): x is Row {
  return 'lead' in x && 'args' in x;
}

const DELIMS: Record<string, GroupDelim> = { lparen: '(', lbrack: '[', lbrace: '{', lcurly: '\\{', bar: '|', lvert: '|', dbar: '‖', ldbar: '‖' };
export function group(d: D): Cst {
  const open = d[0] as Token;
  const inner = d[1] as Cst | Run<Cst>;
  return { t: 'group', open: DELIMS[open.type]!, items: isRun(inner) ? toArray(inner as Run<Cst>) : [inner], span: span(d[0], d[2]) };
}

const arg = (x: Cst | Token): Cst => ('t' in x ? x : token([x]));
export const frac = (d: D): Cst => ({ t: 'frac', num: arg(d[1]), den: arg(d[2]), span: span(d[0], d[2]) });
export const sqrt = (d: D): Cst => ({ t: 'root', index: null, body: arg(d[1]), span: span(d[0], d[1]) });
export const root = (d: D): Cst => ({ t: 'root', index: d[2] as Cst, body: arg(d[4]), span: span(d[0], d[4]) });
export const accent = (d: D): Cst => ({ t: 'accent', cmd: (d[0] as Token).value, body: arg(d[1]), span: span(d[0], d[1]) });
export function indicator(d: D): Cst {
  const at = span(d[3], d[5]);
  const row: Row = { lead: null, args: [d[3] as Cst, d[5] as Cst], ops: [d[4] as Token], trail: null, span: at };
  return { t: 'indicator', mark: accent(d), cond: { t: 'cond', row, span: at }, span: span(d[0], d[6]) };
}
/** The body of `\boxed{…}`: one expression, or a relation chain kept whole. */
function chainBody(chain: Chain): Cst {
  if (chain.prev === null) return chain.last.arg;
  const at = span(chain.first.arg, chain.last.arg);
  return { t: 'cond', row: chainRow(chain, null, null, at), span: at };
}
export const wrap = (d: D): Cst => ({ t: 'wrap', cmd: (d[0] as Token).value, body: chainBody(d[2]), label: null, span: span(d[0], d[3]) });
export const wrapLabel = (d: D): Cst => ({ t: 'wrap', cmd: (d[0] as Token).value, body: chainBody(d[2]), label: arg(d[5]), span: span(d[0], d[5]) });

export const cases = (d: D): Cst => ({ t: 'cases', env: d[0] as Token, end: d[2] as Token, rows: toArray(d[1] as Run<CaseRow>), span: span(d[0], d[2]) });
export const matrix = (d: D): Cst => ({ t: 'matrix', env: d[0] as Token, end: d[2] as Token, rows: toArray(d[1] as Run<Run<Cst>>).map(toArray), span: span(d[0], d[2]) });
export function caseRow(d: D): CaseRow {
  const c = d[3] as { cond: Cst | null; text: string; span: Span };
  return { value: d[0] as Cst, cond: c.cond, condText: c.text, span: span(d[0], c) };
}
export const condText = (d: D): { cond: Cst | null; text: string; span: Span } => ({ cond: null, text: (d[0] as Token).value, span: span(d[0]) });
export function condChain(d: D): { cond: Cst | null; text: string; span: Span } {
  const chain = d[1] as Chain;
  const at = span(chain.first.arg, chain.last.arg);
  const words = [(d[0] as Token | null)?.value, (d[2] as Token | undefined)?.value].filter((w) => w).join(' ');
  return { cond: { t: 'cond', row: chainRow(chain, null, null, at), span: at }, text: words, span: span(d[0], { span: at }, d[2]) };
}
