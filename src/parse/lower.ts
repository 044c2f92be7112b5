/**
 * Lowering: concrete syntax → expression tree. Meaning is decided here, from the written
 * form, so the grammar can stay unambiguous:
 * - `f(x)` is an application when `f` is a function name: a name from the function table,
 *   a conventional function letter (f, g, h, φ, Φ, ψ), σ (the sigmoid), any name written with
 *   a prime (`g'(z)`), a name declared by the caller, or any name followed by a comma list
 *   (`L(y, a)`). Otherwise `a(1-a)` is a product. Two refinements: σ or a function letter
 *   whose parentheses mention the same name as a plain value is a variable (`\sigma(1-\sigma)`
 *   is σ·(1−σ)); and any name applied to one symbol or number left of `=` is being defined
 *   (`L(a) = …`).
 * - `\frac{d…}{d…}` and `\frac{\partial…}{\partial…}` are derivatives; with nothing after
 *   `d`/`\partial` on top they are operators that apply to the rest of the implicit product.
 *   `∂L/∂a` and `dy/dx` with a slash read the same way. Mixed partials follow Leibniz:
 *   ∂²f/∂x∂y differentiates by y first.
 * - A product written under a fraction bar is taken apart into reciprocal factors.
 * - `^{[l]}` is a layer index (a decoration of the name), never a power; `e^{u}` is exp(u).
 * - `\log` without a base is the natural log, as in machine-learning texts; `\log_b` has base b.
 * - A power on an applied function's name is a power of its value (`\tanh^2 x`), except −1:
 *   `\sigma^{-1}(x)` and `\tanh^{-1} x` are the inverse functions the table has (`INVERSES`:
 *   logit, artanh), and −1 on any other function's name (`\cosh^{-1}`, `f^{-1}`) is refused.
 *   A name that is not applied keeps its power: `\sigma^{-1}` alone is 1/σ.
 */
import Fraction from 'fraction.js';
import {
  at, E, ELLIPSIS, OPERAND, PI, PRIME_VARIABLE, TWO, add, apply, bigop, deriv, isMinusOne, mul, neg, note, num, piecewise, pow, recip, rel, sym,
  type Expr, type NoteKind, type Piece, type RelOp, type Sym,
} from '../core/expr.js';
import { MAX_DERIVATIVE_ORDER } from '../core/limits.js';
import { FUNCTIONS, INVERSES, fnArity, isFnName, type FnEntry, type FnName } from '../core/functions.js';
import { literal, runPattern } from '../core/grids.js';
import { BOLD_ACCENTS, subTokens } from '../core/indices.js';
import { freeSet, renameIndices } from '../core/walk.js';
import type { CaseRow, Cst, Doc, Row, Script, Span } from './cst.js';
import { ParseError, type ParseErrorCode } from './errors.js';
import { ENVIRONMENTS } from './commands.js';
import { LIMITS, type Token } from './lexer.js';
import { MAX_EXPONENT, canonicalScript, parseDecimal } from './literals.js';

/** A relation chain as written on one line or across the rows of an environment. */
export interface Statement {
  /** A leading relation (`= c` continues the previous chain). */
  readonly lead: RelOp | null;
  readonly args: readonly Expr[];
  readonly ops: readonly RelOp[];
  /** A dangling relation at the end (`a =` continued below). */
  readonly trail: RelOp | null;
  /** Span of each operand in `args`, and of each relation in `ops`. */
  readonly argSpans: readonly Span[];
  readonly opSpans: readonly Span[];
  readonly span: Span;
}

export interface LowerContext {
  readonly source: string;
  /** Names (as printed, e.g. `L`, `g^{[1]}`) the caller declares to be functions. */
  readonly functions: ReadonlySet<string>;
  /**
   * Read a bare operator before a relation (`\frac{d^2}{dt^2} = 0`) as applied to `OPERAND`, a
   * placeholder the caller replaces with the function being discussed; otherwise it is an error.
   */
  readonly bareOperators?: boolean;
  /** Names the caller knows are quantities, not functions: `s'(1 - s)` is s′·(1 − s) after `s = \sigma(x)`. */
  readonly values?: ReadonlySet<Sym>;
}

export { OPERAND, PRIME_VARIABLE } from '../core/expr.js';

/** Names read as functions when followed by `( … )` (the printer relies on this list too). */
export const CONVENTIONAL_FUNCTIONS: ReadonlySet<string> = new Set(['f', 'g', 'h', 'phi', 'varphi', 'psi', 'Phi']);
const PRODUCT_DOTS = 'write a product with \\cdots as \\prod_{i=1}^{n}';
const NOTE_KINDS: Record<string, NoteKind> = { boxed: 'boxed', underbrace: 'underbrace', overbrace: 'overbrace' };

const fail = (code: ParseErrorCode, params: Record<string, string | number>, at: Span): never => {
  throw new ParseError(code, params, at.start, at.line, at.col);
};

export function lowerDoc(doc: Doc, ctx: LowerContext): Statement[] {
  if (doc.env !== null && doc.env.begin.value !== doc.env.end.value) {
    const t = doc.env.end;
    fail('mismatched-environment', { begin: doc.env.begin.value, end: t.value }, { start: t.offset, end: t.offset, line: t.line, col: t.col });
  }
  const lower = new Lowerer(ctx);
  const out: Statement[] = [];
  for (const r of doc.rows) {
    if (r.span === null) continue;
    const s = lower.row(r);
    const prev = out[out.length - 1];
    // Rows of one environment form one chain: a row that starts with a relation, or follows
    // a row that ends with one, continues the chain before it (`a = \\ &= b` writes one `=`
    // twice).
    const joins = s.lead !== null || (prev !== undefined && prev.trail !== null);
    if (doc.env !== null && prev !== undefined && joins && (s.lead === null || prev.trail === null || s.lead === prev.trail)) {
      out[out.length - 1] = {
        lead: prev.lead, args: [...prev.args, ...s.args], ops: [...prev.ops, (s.lead ?? prev.trail)!, ...s.ops], trail: s.trail,
        argSpans: [...prev.argSpans, ...s.argSpans], opSpans: [...prev.opSpans, ...(s.lead !== null ? [s.span] : []), ...s.opSpans],
        span: { ...prev.span, end: s.span.end },
      };
    } else out.push(s);
  }
  return out;
}

function tokSpan(t: Token): Span {
  return { start: t.offset, end: t.offset + t.text.length, line: t.line, col: t.col };
}

/** Blackboard letters with a meaning deriv does not have. */
const BLACKBOARD_REFUSED: Readonly<Record<string, string>> = { E: 'deriv has no expectations', P: 'deriv has no probabilities', V: 'deriv has no variances' };

/** The marks of an indicator function: `\mathbb{1}`, `\mathbf{1}`, `\bm{1}`, `\mathbb{I}`. */
const INDICATOR_MARKS: ReadonlySet<string> = new Set(['mathbb', 'mathbf', 'boldsymbol', 'bm']);

class Lowerer {
  private depth = 0;
  /** Each CST node is lowered once, even when a decision looks at it before it is placed. */
  private readonly memo = new Map<Cst, Expr>();
  constructor(private readonly ctx: LowerContext) {}

  row(r: Row): Statement {
    return {
      lead: r.lead ? (r.lead.value as RelOp) : null,
      args: r.args.map((a, i) => (i === 0 && r.lead === null && r.ops[0]?.value === '=' ? this.definitionHead(a) : null) ?? this.expr(a)),
      ops: r.ops.map((o) => o.value as RelOp),
      trail: r.trail ? (r.trail.value as RelOp) : null,
      argSpans: r.args.map((a) => a.span),
      opSpans: r.ops.map(tokSpan),
      span: r.span!,
    };
  }

  /**
   * `L(a) = …`, `y(0) = 1`: on the left of a definition, a name followed by one symbol or
   * number in parentheses is a function, whatever its name (elsewhere `L(a)` is L·a unless
   * `L` is declared). The printer writes such a left side back the same way.
   */
  private definitionHead(c: Cst): Expr | null {
    if (c.t !== 'jux' || c.items.length !== 2) return null;
    const [h, g] = c.items as [Cst, Cst];
    if (g.t !== 'group' || g.open !== '(' || g.items.length !== 1) return null;
    const s = this.symbol(h);
    if (s === null) return null;
    const arg = this.expr(g.items[0]!);
    if (arg.kind !== 'sym' && arg.kind !== 'num') return null;
    const head = sym(s.name, { sub: s.sub, layer: s.layer, accent: s.accent });
    return this.applied(isSigma(head) ? 'sigmoid' : head, [arg], s.primes, c.span);
  }

  expr(c: Cst): Expr {
    const hit = this.memo.get(c);
    if (hit !== undefined) return hit;
    if (++this.depth > LIMITS.maxDepth * 4) fail('too-deep', { limit: LIMITS.maxDepth }, c.span);
    try {
      const e = this.lower(c);
      this.memo.set(c, e);
      return e;
    } finally {
      this.depth--;
    }
  }

  private lower(c: Cst): Expr {
    switch (c.t) {
      case 'tok': return this.token(c.tok, c.span);
      case 'group': return this.group(c.open, c.items, c.span);
      case 'script': return this.script(c.base, c.scripts, c.span);
      case 'frac': return this.frac(c.num, c.den, c.span, []) ?? this.quotient(this.expr(c.num), c.den);
      case 'root': return pow(this.expr(c.body), c.index === null ? num(new Fraction(1, 2)) : recip(this.expr(c.index)));
      case 'accent': return this.symbol(c) ?? this.boldNumber(c) ?? fail('bad-script', { why: `${/^\\[a-zA-Z]+/.exec(this.ctx.source.slice(c.span.start))![0]} needs a single symbol` }, c.span);
      case 'wrap': return note(NOTE_KINDS[c.cmd] ?? 'boxed', this.expr(c.body), c.label ? this.sourceText(c.label.span, true) : '');
      case 'call': return this.call(c.head, c.args, c.paren, c.span);
      case 'jux': return this.jux(c.items, c.span);
      case 'bin': return this.binary(c);
      case 'neg': return c.sign === '-' ? neg(this.expr(c.body)) : this.expr(c.body);
      case 'noted': return note('text', this.expr(c.body), c.text);
      case 'at': {
        const v = this.symbol(c.v);
        if (v === null) return fail('bad-script', { why: 'an evaluation bar needs a variable and its value, as in _{x=0}' }, c.v.span);
        return at(this.expr(c.body), v, this.expr(c.value));
      }
      case 'cases': return this.cases(c.env, c.end, c.rows);
      case 'matrix': return this.matrix(c.env, c.end, c.rows, c.span);
      case 'cond': return this.chain(c.row);
      case 'text': return fail('unexpected-token', { found: 'text', expected: 'an expression' }, c.span);
      case 'bigop': return fail('operator-without-operand', { op: `\\${c.op}` }, c.span);
      case 'grad': return fail('operator-without-operand', { op: '\\nabla' }, c.span);
      case 'indicator': return this.indicator(c.mark, c.cond, c.span);
    }
  }

  /**
   * Left-nested chains of `+ -`, or of `· /`, are walked in a loop and built with one `add` or
   * `mul`, so long sums neither exhaust the stack nor cost quadratic time re-flattening.
   */
  private binary(c: Cst & { t: 'bin' }): Expr {
    // `a \odot b`, `u \otimes v`: products of vectors that are not the matrix product.
    if (notMatrixProduct(c.op)) return apply(c.op === '⊗' ? 'outer' : 'hadamard', [this.expr(c.left), this.expr(c.right)]);
    const additive = (op: string): boolean => op === '+' || op === '-';
    const spine: (Cst & { t: 'bin' })[] = [];
    let cur: Cst = c;
    while (cur.t === 'bin' && additive(cur.op) === additive(c.op) && !notMatrixProduct(cur.op)) {
      spine.push(cur);
      cur = cur.left;
    }
    const operands = [cur, ...spine.map((b) => b.right).reverse()];
    const ops = spine.map((b) => b.op).reverse();
    // Operand n with the operator before it: `- b` is −b, `/ (2x)` is ½·x⁻¹.
    const term = (n: number): Expr[] => {
      const o = operands[n]!;
      if (ops[n - 1] === '/') return this.denominatorFactors(o).map(recip);
      return [ops[n - 1] === '-' ? neg(this.expr(o)) : this.expr(o)];
    };
    const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, n) => from + n);
    // `∂L/∂a` and `dy/dx` written with a slash: only as the first quotient of a chain, where
    // both sides are exactly what they would be inside \frac{…}{…}.
    const slashed = ops[0] === '/' ? this.slashDerivative(cur, operands[1]!, spine[spine.length - 1]!.span) : null;
    const first = slashed === null ? 0 : 2;
    // `\sum_k x_k \cdot y_k`: a sum takes the rest of its term, written products too (never
    // from under a `/`, where it is the denominator).
    const summing = additive(c.op) ? -1 : operands.findIndex((o, n) => n >= first && n < operands.length - 1 && ops[n - 1] !== '/' && o.t === 'jux' && o.items.some((x) => x.t === 'bigop'));
    const parts: Expr[] = [...(slashed === null ? [] : [slashed]), ...range(first, summing < 0 ? operands.length : summing).flatMap(term)];
    if (summing >= 0) {
      const sum = operands[summing] as Cst & { t: 'jux' };
      parts.push(...this.juxFactors(sum.items, sum.span, range(summing + 1, operands.length).flatMap(term)));
    }
    if (parts.includes(ELLIPSIS)) return additive(c.op) ? this.ellipsisSum(parts, c.span) : fail('bad-ellipsis', { why: PRODUCT_DOTS }, c.span);
    return additive(c.op) ? add(...parts) : mul(...parts);
  }

  /**
   * `x_1 + x_2 + \cdots + x_n` is Σ_{i=1}^{n} x_i: the term after the dots gives the pattern and
   * the last index, the terms before them must be its first instances (`x_1`, `x_2`).
   */
  private ellipsisSum(parts: readonly Expr[], at: Span): Expr {
    const k = parts.indexOf(ELLIPSIS);
    const last = parts[k + 1];
    const bad = (): never => fail('bad-ellipsis', { why: 'the terms around \\cdots must follow one pattern, as in x_1 + x_2 + \\cdots + x_n' }, at);
    if (last === undefined || parts.slice(k + 2).includes(ELLIPSIS)) return bad();
    const run = runPattern(parts.slice(0, k), last) ?? bad();
    return add(bigop('sum', run.index, num(run.lo), run.hi, run.pattern), ...parts.slice(k + 2));
  }

  /**
   * `∂L/∂a`, and `η ∂L/∂w`, where implicit products binding tighter than `/` put η on top:
   * factors before the differential multiply the derivative.
   */
  private slashDerivative(top: Cst, bottom: Cst, at: Span): Expr | null {
    const whole = this.frac(top, bottom, at, []);
    if (whole !== null || top.t !== 'jux') return whole;
    const k = top.items.findIndex((x, i) => i > 0 && i < top.items.length - 1 && this.marker(x) !== null);
    if (k < 0) return null;
    const tail = top.items.slice(k);
    const d = this.frac({ t: 'jux', items: tail, span: { ...tail[0]!.span, end: top.span.end } }, bottom, at, []);
    return d === null ? null : mul(...this.juxFactors(top.items.slice(0, k), top.span), d);
  }

  /** `\mathbb{1}[x > 0]`, `\mathbf{1}\{y = k\}`, `\mathbb{I}(z < 0)`: 1 where the relation holds, else 0. */
  private indicator(mark: Cst, cond: Cst, at: Span): Expr {
    const body = mark.t === 'accent' ? unbrace(mark.body) : null;
    const one = body?.t === 'tok' && ((body.tok.type === 'number' && body.tok.value === '1') || (body.tok.type === 'ident' && body.tok.value === 'I'));
    if (!one || mark.t !== 'accent' || !INDICATOR_MARKS.has(mark.cmd)) return fail('unexpected-token', { found: 'a relation', expected: 'an expression' }, cond.span);
    return piecewise([{ value: num(1), cond: this.expr(cond) }, { value: num(0), cond: null }]);
  }

  private chain(r: Row): Expr {
    return rel(r.ops.map((o) => o.value as RelOp), r.args.map((a) => this.expr(a)));
  }

  private token(t: Token, at: Span): Expr {
    switch (t.type) {
      case 'number': {
        const v = parseDecimal(t.value);
        return v === null ? fail('number-out-of-range', { text: t.text, limit: MAX_EXPONENT }, at) : num(v, /[.eE]/.test(t.value));
      }
      case 'ident': return t.value === 'e' ? E : sym(t.value);
      case 'dots': return ELLIPSIS;
      case 'greek': return t.value === 'pi' ? PI : sym(t.value);
      case 'partial': return fail('stray-partial', {}, at);
      default: return fail('unexpected-token', { found: t.text }, at);
    }
  }

  private group(open: string, items: readonly Cst[], at: Span): Expr {
    // `[a, b, c]`, `\left[\mathbf{x}^{(1)}, \dots, \mathbf{x}^{(m)}\right]`: a row of entries. An
    // interval is read only after `\in` (parse/clauses.ts), so brackets elsewhere are never one.
    if (open === '[' && items.length > 1) return this.grid([items], at);
    if (items.length !== 1) fail('comma-list', {}, at);
    const inner = this.expr(items[0]!);
    return open === '|' ? apply('abs', [inner]) : open === '‖' ? apply('norm', [inner]) : inner;
  }

  /** The symbol a name-like node denotes (`x`, `\omega^{[1]}_2`, `\hat{y}`, `g'`), or null. */
  private symbol(c: Cst): Sym | null {
    let base = c;
    let scripts: readonly Script[] = [];
    if (c.t === 'script') {
      base = c.base;
      scripts = c.scripts;
    }
    let name: string;
    let accent: string | undefined;
    if (base.t === 'tok' && (base.tok.type === 'ident' || base.tok.type === 'greek')) name = base.tok.value;
    else if (base.t === 'accent') {
      this.refusedBlackboard(base);
      // `\hat{\mathbf{y}}`: accents on accents, the bold one innermost (`\mathbf{\hat{y}}` is the same name).
      const accents: string[] = [];
      let body: Cst = base;
      while (body.t === 'accent') {
        accents.push(body.cmd);
        body = unbrace(body.body);
      }
      if (!isName(body)) return null;
      name = (body as Cst & { t: 'tok' }).tok.value;
      accent = [...accents.filter((a) => !BOLD_ACCENTS.has(a)), ...accents.filter((a) => BOLD_ACCENTS.has(a))].join(' ');
    } else return null;
    let sub: string | undefined;
    let layer: string | undefined;
    let primes = 0;
    const indexed = scripts.some((s) => s.k === 'sub');
    for (const s of scripts) {
      if (s.k === 'prime') primes++;
      else if (s.k === 'sub' && sub === undefined) sub = this.scriptText(s.arg);
      else if (s.k === 'sup' && layer === undefined && this.layerOf(s.arg) !== null) layer = this.layerOf(s.arg)!;
      else if (s.k === 'sup' && layer === undefined && indexed && this.layerLetter(s.arg) !== null) layer = this.layerLetter(s.arg)!;
      else if (s.k === 'sup' && layer === undefined && this.layerPrimes(s.arg) !== null) {
        const lp = this.layerPrimes(s.arg)!;
        layer = lp.layer;
        primes += lp.primes;
      } else return null;
    }
    if (name === 'e' && sub === undefined && layer === undefined && accent === undefined) return null;
    return sym(name, { sub, layer, accent, primes });
  }

  /** `\mathbf{0}`, `\mathbf{1}`: the vector of zeros or ones, a name the checker fills with that number. */
  private boldNumber(c: Cst & { t: 'accent' }): Sym | null {
    const body = unbrace(c.body);
    return body.t === 'tok' && body.tok.type === 'number' && /^[01]$/.test(body.tok.value) ? sym(body.tok.value, { accent: c.cmd }) : null;
  }

  /**
   * `z_j^{l}`, `a_k^{l-1}`, `w_{jk}^{L}`: on a name with a subscript, the letter l or L (± a
   * number) is the layer, as in component-wise backpropagation; kept as `{l}`, printed as written.
   */
  private layerLetter(arg: Cst): string | null {
    const text = this.scriptText(arg).replace(/^\{(.*)\}$/, '$1');
    return /^[lL](?:[+-]\d+)?$/.test(text) ? `{${text}}` : null;
  }

  /**
   * A superscript that indexes the name rather than raising it to a power: `{[1]}` → `1` (a layer),
   * `{(i)}` → `(i)` (the i-th example; `^(2)` without braces is the plain-text power), `*` and `+`
   * (the optimum, the updated weight). See `layerLatex` for how each prints.
   */
  private layerOf(arg: Cst): string | null {
    const mark = (c: Cst): string | null => (c.t === 'tok' && (c.tok.type === 'times' || c.tok.type === 'plus') ? (c.tok.type === 'times' ? '*' : '+') : null);
    if (mark(arg) !== null) return mark(arg);
    if (arg.t !== 'group' || arg.open !== '{') return null;
    // Ng's `a^{[1](i)}`: the layer, then the example.
    const parts = arg.items.length === 1 && arg.items[0]!.t === 'jux' ? arg.items[0]!.items : arg.items;
    const [layer, example] = parts;
    if (parts.length === 2 && layer?.t === 'group' && layer.open === '[' && layer.items.length === 1 && example?.t === 'group' && example.open === '(' && example.items.length === 1) {
      const which = this.layerOf({ ...arg, items: [example] });
      if (which !== null) return `${this.scriptText(layer.items[0]!)}${which}`;
    }
    if (arg.items.length !== 1) return null;
    const inner = arg.items[0]!;
    if (mark(inner) !== null) return mark(inner);
    if (inner.t !== 'group' || inner.items.length !== 1) return null;
    if (inner.open === '[') return this.scriptText(inner.items[0]!);
    // `w^{(1-1)}` is a power (w⁰), arithmetic on numbers; `x^{(i)}`, `z^{(l-1)}`, `x^{(2)}` name an example or a layer.
    if (inner.open === '(' && !(inner.items[0]!.t === 'bin' && this.numeric(inner.items[0]!))) return `(${this.scriptText(inner.items[0]!)})`;
    return null;
  }

  /** Whether a piece of the tree is numbers and operators only (`1 - 1`). */
  private numeric(c: Cst): boolean {
    if (c.t === 'tok') return c.tok.type === 'number';
    if (c.t === 'bin') return this.numeric(c.left) && this.numeric(c.right);
    if (c.t === 'neg') return this.numeric(c.body);
    return c.t === 'group' && c.items.length === 1 && this.numeric(c.items[0]!);
  }

  /** `g^{[1]\prime}`: a layer and primes in one superscript, as Ng's notes write the derivative of layer 1's activation. */
  private layerPrimes(arg: Cst): { layer: string; primes: number } | null {
    // The primes attach to the bracket before them: `{[1]\prime}` is read as one scripted group.
    if (arg.t !== 'group' || arg.open !== '{' || arg.items.length !== 1) return null;
    const only = arg.items[0]!;
    if (only.t !== 'script' || only.scripts.length === 0 || !only.scripts.every((x) => x.k === 'prime')) return null;
    const layer = this.layerOf({ ...arg, items: [only.base] });
    return layer === null ? null : { layer, primes: only.scripts.length };
  }

  /** Canonical text of a subscript or layer label (see `canonicalScript`). */
  private scriptText(arg: Cst): string {
    const body = arg.t === 'group' && arg.open === '{' ? arg.items : [arg];
    return body.map((b) => canonicalScript(this.ctx.source.slice(b.span.start, b.span.end))).join(',');
  }

  private sourceText(span: Span, stripBraces: boolean): string {
    let s = this.ctx.source.slice(span.start, span.end).trim();
    if (stripBraces && s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
    return s.replace(/\s+/g, ' ').replace(/ ?([^a-zA-Z\\ ]) ?/g, '$1');
  }

  private script(base: Cst, scripts: readonly Script[], at: Span): Expr {
    const asSymbol = this.symbol({ t: 'script', base, scripts, span: at });
    if (asSymbol !== null) return kronecker(asSymbol) ?? asSymbol;
    // Split into the decorating scripts (kept on the symbol) and the last power.
    const powers = scripts.filter((s) => s.k === 'sup' && this.layerOf(s.arg) === null && this.layerPrimes(s.arg) === null);
    const tops = scripts.filter((s) => s.k === 'top').length;
    const deco = scripts.filter((s) => !powers.includes(s) && s.k !== 'top');
    if (powers.length > 1) fail('bad-script', { why: 'double superscript: write x^{a b} or (x^a)^b' }, at);
    let inner: Expr;
    if (deco.length === 0) inner = this.isEuler(base) ? E : this.expr(base);
    else if (base.t === 'group' && base.open === '(' && deco.every((s) => s.k === 'prime')) {
      inner = deriv(this.expr(base), deco.map(() => PRIME_VARIABLE), false);
    } else if (base.t === 'group' && base.open === '‖' && deco.length === 1 && deco[0]!.k === 'sub' && this.expr(deco[0]!.arg) === TWO) {
      // `\|\mathbf{w}\|_2`: the Euclidean norm, which `\|\mathbf{w}\|` already is.
      inner = this.expr(base);
    } else if (base.t === 'group' && base.open === '(' && deco.length === 1 && deco[0]!.k === 'sub') {
      // `(\boldsymbol{\delta}_h)_i`, `(W\mathbf{x})_j`: one entry of the vector in parentheses.
      inner = apply('component', [this.expr(base), this.expr(deco[0]!.arg)]);
    } else {
      const s = this.symbol({ t: 'script', base, scripts: deco, span: at });
      if (s === null) return fail('bad-script', { why: 'subscripts, layer indices and primes go on a name' }, at);
      inner = s;
    }
    for (let i = 0; i < tops; i++) inner = apply('transpose', [inner]);
    const p = powers[0];
    return p && p.k === 'sup' ? pow(inner, this.expr(p.arg)) : inner;
  }

  /** `\mathbb{E}[x]`, `\mathbb{P}(A)`: an expectation or a probability, which deriv does not read (never a product E·x). */
  private refusedBlackboard(c: Cst & { t: 'accent' }): null {
    const body = c.body.t === 'group' && c.body.items.length === 1 ? c.body.items[0]! : c.body;
    const letter = c.cmd === 'mathbb' && body.t === 'tok' ? body.tok.value : null;
    const why = letter === null ? undefined : BLACKBOARD_REFUSED[letter];
    return why === undefined ? null : fail('unsupported-command', { command: `\\mathbb{${letter}}`, why }, c.span);
  }

  private isEuler(c: Cst): boolean {
    return c.t === 'tok' && c.tok.type === 'ident' && c.tok.value === 'e';
  }

  // -------------------------------------------------------------------------------------------
  // Derivatives

  /** `d`, `\mathrm{d}`, `\partial`, optionally with an order `^n`: returns [partial, order] or null. */
  private marker(c: Cst): [boolean, number] | null {
    let base = c;
    let order = 1;
    if (c.t === 'script') {
      const s = c.scripts[0]!;
      if (c.scripts.length !== 1 || s.k !== 'sup' || this.layerOf(s.arg) !== null) return null;
      const o = this.expr(s.arg);
      if (o.kind !== 'num' || o.value.d !== 1n || o.value.s < 0n) return null;
      order = Number(o.value.n);
      base = c.base;
    }
    if (base.t !== 'tok') return null;
    if (base.tok.type === 'partial') return [true, order];
    if (base.tok.type === 'ident' && base.tok.value === 'd') return [false, order];
    return null;
  }

  /**
   * A derivative written as a fraction: returns the derivative node, or null when the fraction
   * is an ordinary quotient. `rest` is what follows an operator form in an implicit product.
   */
  private frac(numBraced: Cst, denBraced: Cst, at: Span, rest: readonly Cst[]): Expr | null {
    const numCst = unbrace(numBraced);
    const den = unbrace(denBraced);
    const top = numCst.t === 'jux' ? numCst.items : [numCst];
    const head = top[0] && this.marker(top[0]);
    if (!head) return null;
    const bottom = den.t === 'jux' ? den.items : [den];
    const wrt: Sym[] = [];
    for (let i = 0; i < bottom.length; i += 2) {
      const m = this.marker(bottom[i]!);
      const v = bottom[i + 1];
      if (!m || m[1] !== 1 || v === undefined) {
        if (!head[0] && wrt.length === 0) return null; // `\frac{d y}{2}`: d is just a name
        return fail('bad-derivative', { why: 'the denominator must read d x, \\partial x, or d x^2' }, den.span);
      }
      const [variable, order] = this.variableWithOrder(v);
      for (let k = 0; k < order; k++) wrt.push(variable);
    }
    if (wrt.length === 0) return null;
    this.order(BigInt(head[1]), top[0]!.span);
    if (head[1] !== wrt.length && !(head[1] === 1 && wrt.length === 1)) {
      fail('bad-derivative', { why: `the order on top (${head[1]}) does not match the bottom (${wrt.length})` }, at);
    }
    // Leibniz order: ∂²f/∂x∂y is ∂/∂x(∂f/∂y), so the variable written last is innermost.
    wrt.reverse();
    const bodyItems = top.slice(1);
    if (bodyItems.length > 0) {
      const body = bodyItems.length === 1 ? this.expr(bodyItems[0]!) : this.jux(bodyItems, at);
      return deriv(body, wrt, head[0]);
    }
    if (rest.length === 0) {
      if (this.ctx.bareOperators) return deriv(OPERAND, wrt, head[0]);
      return fail('operator-without-operand', { op: head[0] ? '\\partial' : 'd/dx' }, at);
    }
    return deriv(rest.length === 1 ? this.expr(rest[0]!) : this.jux(rest, at), wrt, head[0]);
  }

  /** A derivative order, refused above the shared limit before anything is built from it. */
  private order(n: bigint, at: Span): number {
    return n > BigInt(MAX_DERIVATIVE_ORDER) ? fail('bad-derivative', { why: `the order ${n} is above the limit of ${MAX_DERIVATIVE_ORDER}` }, at) : Number(n);
  }

  private variableWithOrder(v: Cst): [Sym, number] {
    const direct = this.symbol(v);
    if (direct) return [direct, 1];
    if (v.t === 'script') {
      const last = v.scripts[v.scripts.length - 1];
      if (last && last.k === 'sup') {
        // `d x^2`, and `d \left(x^{[1]}\right)^2` for a decorated name.
        const rest = v.scripts.slice(0, -1);
        const inner = v.base.t === 'group' && v.base.open === '(' && v.base.items.length === 1 && rest.length === 0 ? v.base.items[0]! : null;
        const s = this.symbol(inner ?? { ...v, scripts: rest });
        const o = this.expr(last.arg);
        if (s && o.kind === 'num' && o.value.d === 1n && o.value.s > 0n) return [s, this.order(o.value.n, last.arg.span)];
      }
    }
    return fail('bad-derivative', { why: 'differentiate with respect to a name' }, v.span);
  }

  // -------------------------------------------------------------------------------------------
  // Products and applications

  /**
   * `a / b`. A product written under the bar — juxtaposed, joined by `\cdot`, or such a product
   * in parentheses — is taken apart factor by factor: `\frac{1}{2x}` is ½·x⁻¹, the same node as
   * `\frac{1}{2}\cdot\frac{1}{x}`, and no factor is lost to folding (`\frac{1}{x\cdot 0}`).
   */
  private quotient(n: Expr, den: Cst): Expr {
    return mul(n, ...this.denominatorFactors(den).map(recip));
  }

  private denominatorFactors(c: Cst): Expr[] {
    let d = unbrace(c);
    if (d.t === 'group' && d.open === '(' && d.items.length === 1) d = d.items[0]!;
    if (d.t === 'jux') return this.juxFactors(d.items, d.span);
    if (d.t === 'bin' && d.op === '·') return [...this.denominatorFactors(d.left), ...this.denominatorFactors(d.right)];
    return [this.expr(d)];
  }

  private jux(items: readonly Cst[], at: Span): Expr {
    return mul(...this.juxFactors(items, at));
  }

  /**
   * The factors of an implicit product. `trailing` are factors written after it with `\cdot` or
   * `/`, which a sum in the product takes into its body (see `binary`).
   */
  private juxFactors(items: readonly Cst[], at: Span, trailing: readonly Expr[] = []): Expr[] {
    const factors: Expr[] = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (it.t === 'grad') {
        // `\nabla_{\mathbf{w}} L`: the gradient by w of the rest of the product.
        const rest = items.slice(i + 1);
        if (rest.length === 0) return fail('operator-without-operand', { op: '\\nabla' }, it.span);
        const by = this.symbol(unbrace(it.by)) ?? fail('bad-derivative', { why: 'write the variable of \\nabla as a name: \\nabla_{\\mathbf{w}}' }, it.by.span);
        const body = rest.length === 1 ? this.expr(rest[0]!) : this.jux(rest, { ...rest[0]!.span, end: rest[rest.length - 1]!.span.end });
        return [...factors, deriv(body, [by], true), ...trailing];
      }
      const sub = it.t === 'script' && it.base.t === 'tok' && it.scripts.length === 1 && it.scripts[0]!.k === 'sub' ? it.scripts[0]!.arg : null;
      const base = it.t === 'script' && it.base.t === 'tok' ? it.base.tok : null;
      // `\partial_x \tanh(x)`, `\partial_{w} L`: the partial derivative by x of the rest of the product;
      // `D_x[x \ln x]`, `D_x(…)`: the derivative by x of the bracket after it (a D_i alone is a name).
      const next = items[i + 1];
      const operator = sub === null || base === null ? null
        : base.type === 'partial' ? { op: '\\partial', partial: true }
          : base.type === 'ident' && base.value === 'D' && isName(unbrace(sub)) && next?.t === 'group' && (next.open === '(' || next.open === '[') ? { op: 'D', partial: false } : null;
      if (operator !== null) {
        const rest = items.slice(i + 1);
        if (rest.length === 0) return fail('operator-without-operand', { op: operator.op }, it.span);
        const by = this.symbol(unbrace(sub!)) ?? fail('bad-derivative', { why: `write the variable of ${operator.op} as a name: ${operator.op}_x` }, sub!.span);
        const body = rest.length === 1 ? this.expr(rest[0]!) : this.jux(rest, { ...rest[0]!.span, end: rest[rest.length - 1]!.span.end });
        return [...factors, deriv(body, [by], operator.partial), ...trailing];
      }
      if (it.t === 'bigop') {
        // `\sum_k y_k \log p_k`: the sum takes the rest of the product.
        const rest = items.slice(i + 1);
        if (rest.length === 0 && trailing.length === 0) return fail('operator-without-operand', { op: `\\${it.op}` }, it.span);
        const body = rest.length === 1 && trailing.length === 0 ? this.expr(rest[0]!)
          : mul(...this.juxFactors(rest, rest.length === 0 ? it.span : { ...rest[0]!.span, end: rest[rest.length - 1]!.span.end }, trailing));
        return [...factors, this.bigOp(it, body)];
      }
      if (it.t === 'frac') {
        const d = this.frac(it.num, it.den, it.span, items.slice(i + 1));
        if (d !== null) {
          if (d.kind === 'deriv' && this.isOperator(it)) return [...factors, d, ...trailing];
          factors.push(d);
          continue;
        }
      }
      const composed = next !== undefined && this.isParenGroup(next) ? this.composition(it, next) : null;
      if (composed !== null) {
        factors.push(composed);
        i++;
        continue;
      }
      if (next !== undefined && this.isParenGroup(next)) {
        // `\sigma^2(z)`: a power on the name of an applied function applies to the result.
        const last = it.t === 'script' ? it.scripts[it.scripts.length - 1] : undefined;
        const powered = last?.k === 'sup' && this.layerOf(last.arg) === null && this.layerPrimes(last.arg) === null && it.t === 'script';
        const head = powered ? { ...it, scripts: it.scripts.slice(0, -1) } : it;
        const fn = this.functionHead(head.t === 'script' && head.scripts.length === 0 ? head.base : head, next);
        if (fn !== null) {
          // `\sigma^{-1}(x)`: the inverse function, when the table has one.
          const inverse = powered && fn.primes === 0 ? this.inverseOf(fn.fn, (last as { arg: Cst }).arg) : null;
          const applied = this.applyTo(inverse ?? fn.fn, fn.primes, next, it.span);
          factors.push(powered && inverse === null ? pow(applied, this.namePower((last as { arg: Cst }).arg, head.t === 'script' ? head.base.span : head.span, fn.fn)) : applied);
          i++;
          continue;
        }
      }
      factors.push(this.expr(it));
    }
    if (factors.length === 0 && trailing.length === 0) fail('unexpected-end', { expected: 'an expression' }, at);
    if (factors.includes(ELLIPSIS)) fail('bad-ellipsis', { why: PRODUCT_DOTS }, at);
    return [...factors, ...trailing];
  }

  /**
   * `\sum_{k=1}^{K}` over `body`: the index (a letter), and the range (1 to K when only the top
   * is written); `\sum_{i,j}` is a sum over i of a sum over j, both over the same range.
   */
  private bigOp(head: Cst & { t: 'bigop' }, body: Expr): Expr {
    if (head.indices.length === 0) return fail('bad-sum', { why: `\\${head.op} needs its index written under it: \\${head.op}_{k=1}^{K}` }, head.span);
    // `\sum_{k \neq j} y_k \hat{y}_j`: every term but the j-th, the sum less that term.
    if (head.op === 'sum' && head.rel?.value === '≠' && head.indices.length === 1 && head.lo !== null && head.hi === null) {
      const index = this.token(head.indices[0]!, tokSpan(head.indices[0]!));
      const left = this.expr(head.lo);
      const to = left.kind === 'sym' && left.sub === undefined && left.accent === undefined && left.layer === undefined ? left.name
        : left.kind === 'num' && left.value.d === 1n ? Number(left.value.valueOf()) : null;
      if (index.kind === 'sym' && to !== null) return add(bigop('sum', index, null, null, body), neg(renameIndices(body, new Map([[index.name, to]]))));
    }
    if (head.rel !== null && head.rel.value !== '=') return fail('bad-sum', { why: `write the range of \\${head.op} as _{k=1}^{K}${head.op === 'sum' ? ', or leave one term out with _{k \\neq j}' : ''}` }, tokSpan(head.rel));
    const lo = head.lo === null ? null : this.expr(head.lo);
    const hi = head.hi === null ? null : this.expr(head.hi);
    return head.indices.reduceRight((inner: Expr, t) => {
      const index = this.token(t, tokSpan(t));
      return index.kind === 'sym' ? bigop(head.op, index, lo ?? (hi === null ? null : num(1)), hi, inner) : fail('bad-sum', { why: `the index of \\${head.op} must be a name` }, tokSpan(t));
    }, body);
  }

  private isOperator(frac: Cst & { t: 'frac' }): boolean {
    const n = unbrace(frac.num);
    const top = n.t === 'jux' ? n.items : [n];
    return top.length === 1;
  }

  private isParenGroup(c: Cst): boolean {
    const g = c.t === 'script' ? c.base : c;
    return g.t === 'group' && g.open === '(' ;
  }

  /** Whether a name-like node followed by `( … )` is applied as a function. */
  private functionHead(c: Cst, args: Cst): { fn: string | Sym; primes: number } | null {
    const s = this.symbol(c);
    if (s === null) return null;
    const head = sym(s.name, { sub: s.sub, layer: s.layer, accent: s.accent });
    const g = args.t === 'script' ? args.base : args;
    const items = g.t === 'group' ? g.items : [];
    const commaList = items.length > 1;
    const declared = this.ctx.functions.has(canonicalScript(this.ctx.source.slice(c.span.start, c.span.end)).replace(/'+$/, ''));
    if (s.primes > 0 && !commaList && this.ctx.values?.has(head)) return null;
    if (s.primes > 0 || commaList) return { fn: isSigma(head) ? 'sigmoid' : head, primes: s.primes };
    // `\sigma(1-\sigma)` and `g(1-g)`: a name used as a plain value inside its own parentheses
    // is a variable, so this is a product.
    if (!declared && !isSigma(head) && !(CONVENTIONAL_FUNCTIONS.has(s.name) && s.accent === undefined)) return null;
    const same = (v: Sym): boolean => v.name === head.name && v.sub === head.sub && v.layer === head.layer && v.accent === head.accent;
    if (items.some((x) => [...freeSet(this.expr(x))].some(same))) return null;
    return { fn: isSigma(head) ? 'sigmoid' : head, primes: 0 };
  }

  /**
   * `(f \circ g)(x)` is f(g(x)), and `(f \circ g)'(x)` its derivative at a variable x: functions
   * joined by `\circ` and applied together. Null for anything else (`\circ` between values is
   * the elementwise product).
   */
  private composition(c: Cst, args: Cst): Expr | null {
    const g = c.t === 'script' ? c.base : c;
    const scripts = c.t === 'script' ? c.scripts : [];
    const inner = g.t === 'group' && g.open === '(' && g.items.length === 1 ? g.items[0]! : null;
    if (inner?.t !== 'bin' || inner.op !== '∘' || !scripts.every((s) => s.k === 'prime')) return null;
    const fns: (string | Sym)[] = [];
    const collect = (x: Cst): boolean => {
      if (x.t === 'bin' && x.op === '∘') return collect(x.left) && collect(x.right);
      const fn = x.t === 'tok' && x.tok.type === 'fname' ? x.tok.value : this.symbol(x);
      if (fn === null || (typeof fn !== 'string' && fn.primes > 0)) return false;
      fns.push(typeof fn === 'string' ? fn : isSigma(fn) ? 'sigmoid' : fn);
      return true;
    };
    const a = args.t === 'script' ? args.base : args;
    if (!collect(inner) || a.t !== 'group' || a.items.length !== 1) return null;
    const x = this.expr(a.items[0]!);
    const of = (v: Expr): Expr => fns.reduceRight<Expr>((arg, fn) => this.applied(fn, [arg], 0, c.span), v);
    // The derivative at a value that is not a variable (`(f \circ g)'(0)`) is taken at a variable of its own, then evaluated there.
    const t = x.kind === 'sym' ? x : PRIME_VARIABLE;
    const slope = deriv(of(t), scripts.map(() => t), false);
    const out = scripts.length === 0 ? of(x) : t === x ? slope : at(slope, t, x);
    return args.t === 'script' ? this.afterCall(out, args.scripts, args.span) : out;
  }

  /** Apply to a parenthesised group; a power written after the group applies to the result: `f(x)^2`. */
  private applyTo(fn: string | Sym, primes: number, group: Cst, at: Span): Expr {
    const g = group.t === 'script' ? group.base : group;
    const items = g.t === 'group' ? g.items : [g];
    const out = this.applied(fn, items.map((x) => this.expr(x)), primes, at);
    return group.t === 'script' ? this.afterCall(out, group.scripts, group.span) : out;
  }

  /** `f(x)^2`, `\sigma(z)^\top`, `\sigma(x)'`: a power, transpose or prime after the parentheses applies to the result. */
  private afterCall(out: Expr, scripts: readonly Script[], at: Span): Expr {
    for (const s of scripts) {
      if (s.k === 'top') out = apply('transpose', [out]);
      else if (s.k === 'sup' && this.layerOf(s.arg) === null) out = pow(out, this.expr(s.arg));
      // `\operatorname{softmax}(\mathbf{z})_i`: one component of a vector-valued function.
      else if (s.k === 'sub') out = apply('component', [out, this.expr(s.arg)]);
      // `\sigma(x)'`: the derivative of what is written, by its one variable, as `(\ldots)'` is.
      else if (s.k === 'prime') out = deriv(out, [PRIME_VARIABLE], false);
      else fail('bad-script', { why: 'only a power, a prime or a component index may follow f(x)' }, at);
    }
    return out;
  }

  private applied(fn: string | Sym, args: Expr[], primes: number, at: Span): Expr {
    if (typeof fn !== 'string') return apply(fn, args, primes);
    if (!isFnName(fn)) return fail('not-a-function', { name: fn }, at);
    const entry: FnEntry = FUNCTIONS[fn];
    const full = [...args];
    for (const p of (entry.params ?? []).slice(Math.max(0, args.length - 1))) full.push(defaultArg(p.default));
    const arity = fnArity(fn);
    if (full.length !== arity) fail('bad-arity', { name: fn, expected: arity, got: args.length }, at);
    return apply(fn, full, primes);
  }

  private call(headCst: Cst, argCsts: readonly Cst[], paren: boolean, at: Span): Expr {
    let head = headCst;
    let scripts: readonly Script[] = [];
    if (head.t === 'script') {
      scripts = head.scripts;
      head = head.base;
    }
    if (head.t !== 'tok') return fail('unexpected-token', { found: 'function' }, at);
    let fn: string | Sym = head.tok.type === 'opname' ? sym(head.tok.value) : (head.tok.value as FnName);
    let primes = 0;
    let power: Expr | null = null;
    let base: Expr | null = null;
    // A user function written `\operatorname{w}_1^{[2]}(x)` keeps its subscript and layer on its name.
    let sub: string | undefined;
    let layer: string | undefined;
    let inverted = false;
    // `\max_k z_k`, `\min_{j} x_j`: the largest (smallest) term over an index.
    const over = (fn === 'max' || fn === 'min') && !paren && scripts.length === 1 && scripts[0]!.k === 'sub' ? this.symbol(unbrace(scripts[0]!.arg)) : null;
    if (over !== null) return bigop(fn as 'max' | 'min', over, null, null, this.expr(argCsts[0]!));
    for (const s of scripts) {
      if (s.k === 'prime') primes++;
      else if (s.k === 'sub' && fn === 'log' && base === null) base = this.expr(s.arg);
      else if (s.k === 'sub' && typeof fn !== 'string' && sub === undefined && primes === 0) sub = this.scriptText(s.arg);
      else if (s.k === 'sup' && typeof fn !== 'string' && layer === undefined && primes === 0 && this.layerOf(s.arg) !== null) layer = this.layerOf(s.arg)!;
      else if (s.k === 'sup' && power === null && primes === 0 && !inverted && this.inverseOf(fn, s.arg) !== null) {
        // `\tanh^{-1}(x)`: the inverse function of the table (artanh), not a power.
        fn = this.inverseOf(fn, s.arg)!;
        inverted = true;
      } else if (s.k === 'sup' && power === null && !inverted) power = this.namePower(s.arg, head.span, fn);
      else fail('bad-script', { why: 'a function name takes a power, primes, or (for \\log) a base' }, headCst.span);
    }
    if (typeof fn !== 'string' && (sub !== undefined || layer !== undefined)) fn = sym(fn.name, { sub, layer });
    // `\log x` is the natural log; `log(x, 2)` in plain text gives its base as a second argument.
    if (fn === 'log' && base === null && !(paren && groupSize(argCsts[0]!) > 1)) fn = 'ln';
    const argCst = argCsts[0]!;
    let out: Expr;
    if (paren) {
      const g = argCst.t === 'script' ? argCst.base : argCst;
      const items = g.t === 'group' ? g.items : [g];
      const args = items.map((x) => this.expr(x));
      out = this.applied(fn, base ? [...args, base] : args, primes, at);
      if (argCst.t === 'script') out = this.afterCall(out, argCst.scripts, argCst.span);
    } else {
      // `2\tanh x\,(1 - \tanh^2 x)`: the name takes the run of factors after it up to a
      // parenthesis that is no function's argument, which starts a factor of its own.
      const items = argCst.t === 'jux' ? argCst.items : [argCst];
      const cut = items.findIndex((x, k) => k > 0 && this.isParenGroup(x) && this.functionHead(items[k - 1]!, x) === null && !this.composes(items[k - 1]!));
      const run = (from: number, to: number): Cst => (to - from === 1 ? items[from]! : { t: 'jux', items: items.slice(from, to), span: { ...items[from]!.span, end: items[to - 1]!.span.end } });
      const arg = this.expr(cut < 0 ? argCst : run(0, cut));
      out = this.applied(fn, base ? [arg, base] : [arg], primes, at);
      if (cut > 0) return mul(power ? pow(out, power) : out, this.expr(run(cut, items.length)));
    }
    return power ? pow(out, power) : out;
  }

  /** `(f \circ g)` before its argument: a composition applied, not a factor. */
  private composes(c: Cst): boolean {
    const g = c.t === 'script' ? c.base : c;
    return g.t === 'group' && g.items.length === 1 && g.items[0]!.t === 'bin' && g.items[0]!.op === '∘';
  }

  /**
   * A power written on a function's name applies to its value (`\\tanh^2 x`), but −1 there means
   * the inverse function. Where the table has it (`\\sigma^{-1}` is the logit, `\\tanh^{-1}` the
   * artanh: `INVERSES`) `inverseOf` reads it; any other (`\\cosh^{-1}`, `f^{-1}`) is refused
   * here rather than taken for the reciprocal.
   */
  private namePower(arg: Cst, name: Span, fn?: string | Sym): Expr {
    const power = this.expr(arg);
    if (!isMinusOne(power)) return power;
    const written = this.ctx.source.slice(name.start, name.end);
    // Only a prime beside the −1 keeps a function of `INVERSES` from being read as its inverse: f'^{-1} is ambiguous.
    if (typeof fn === 'string' && isFnName(fn) && INVERSES[fn] !== undefined) {
      return fail('bad-script', { why: `a prime and ^{-1} on one name read two ways: write the derivative of the inverse as \\frac{d}{dx}${written}^{-1}(x)` }, name);
    }
    return fail('inverse-function', { name: written }, name);
  }

  /** The inverse of a table function written `f^{-1}` on its name, or null (another power, or no inverse in the table). */
  private inverseOf(fn: string | Sym, arg: Cst): FnName | null {
    if (typeof fn !== 'string' || !isFnName(fn)) return null;
    const inverse = INVERSES[fn];
    return inverse !== undefined && isMinusOne(this.expr(arg)) ? inverse : null;
  }

  private cases(env: Token, end: Token, rows: readonly CaseRow[]): Expr {
    if (ENVIRONMENTS[env.value]?.reads !== 'cases' || env.value !== end.value) {
      fail('mismatched-environment', { begin: env.value, end: end.value }, tokSpan(end));
    }
    const pieces: Piece[] = rows.map((r) => ({ value: this.expr(r.value), cond: r.cond ? this.expr(r.cond) : null }));
    return piecewise(pieces);
  }

  /** `\begin{pmatrix} a & b \\ c & d \end{pmatrix}` (also bmatrix, Bmatrix, matrix): a literal; the table `ENVIRONMENTS` refuses determinants. */
  private matrix(env: Token, end: Token, rows: readonly (readonly Cst[])[], at: Span): Expr {
    if (env.value !== end.value) fail('mismatched-environment', { begin: env.value, end: end.value }, tokSpan(end));
    const why = ENVIRONMENTS[env.value]?.refused;
    if (why !== undefined) fail('refused-environment', { env: env.value, why }, at);
    return this.grid(rows, at);
  }

  /**
   * Entries row by row as a literal (core/grids.ts). Dots stand for a run in one row or one
   * column, between its first entries and its last: the pattern must be found from them.
   */
  private grid(rows: readonly (readonly Cst[])[], at: Span): Expr {
    const cols = rows[0]!.length;
    const bad = rows.find((r) => r.length !== cols);
    if (bad !== undefined) fail('bad-matrix', { why: `every row of a matrix has as many entries: the first has ${cols}, this one ${bad.length}` }, bad[0]!.span);
    const written = rows.flat();
    const cells = written.map((c) => this.expr(c));
    const dots = cells.flatMap((c, k) => (c === ELLIPSIS ? [k] : []));
    if (dots.length === 0) return literal(rows.length, cols, cells);
    const k = dots[0]!;
    const source = (c: Cst): string => this.ctx.source.slice(c.span.start, c.span.end).trim();
    if (dots.length > 1 || (rows.length > 1 && cols > 1)) {
      fail('bad-ellipsis', { why: 'dots are read once, in a single row or column of entries: \\begin{pmatrix} x_1 \\\\ \\vdots \\\\ x_n \\end{pmatrix}' }, written[dots[1] ?? k]!.span);
    }
    if (k === 0 || k !== cells.length - 2 || runPattern(cells.slice(0, k), cells[k + 1]!) === null) {
      const [first, last] = [written[0]!, written[k + 1] ?? written[k]!];
      fail('bad-ellipsis', { why: `cannot tell how the entries between ${source(first)} and ${source(last)} go: write the first and the last as one pattern, 1 and n in the same place (x_1, \\dots, x_n)` }, written[k]!.span);
    }
    return literal(rows.length, cols, cells);
  }
}

/** `\delta_{ij}`, `\delta_{k,j}`, `\delta_{2j}`: the Kronecker delta of its two indices. */
function kronecker(s: Sym): Expr | null {
  if (s.name !== 'delta' || s.layer !== undefined || s.accent !== undefined || s.primes > 0) return null;
  const tokens = subTokens(s.sub);
  if (tokens.length !== 2 || !tokens.every((t) => /^([a-zA-Z]|\d+)$/.test(t))) return null;
  return apply('kronecker', tokens.map((t) => (/^\d+$/.test(t) ? num(t) : sym(t))));
}

/** `⊙`, `∘` (between values) and `⊗`: products of vectors that are not the matrix product. */
const notMatrixProduct = (op: string): boolean => op === '⊙' || op === '∘' || op === '⊗';
export const isSigma = (s: Sym): boolean => s.name === 'sigma' && s.sub === undefined && s.layer === undefined && s.accent === undefined;

const isName = (c: Cst): boolean => c.t === 'tok' && (c.tok.type === 'ident' || c.tok.type === 'greek');

const groupSize = (c: Cst): number => {
  const g = c.t === 'script' ? c.base : c;
  return g.t === 'group' ? g.items.length : 1;
};

/** The contents of a `{…}` argument. */
function unbrace(c: Cst): Cst {
  return c.t === 'group' && c.open === '{' && c.items.length === 1 ? c.items[0]! : c;
}

function defaultArg(latex: string): Expr {
  if (/^[\d.]+$/.test(latex)) return num(parseDecimal(latex)!, latex.includes('.'));
  if (latex === 'e') return E;
  return sym(latex.replace(/^\\/, ''));
}
