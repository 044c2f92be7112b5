/**
 * The expression tree: an immutable, hash-consed tagged union.
 *
 * Invariants every node satisfies (the smart constructors below are the only way to build one):
 * - Structurally equal trees are the same object, so `a === b` is structural equality. Interning
 *   goes through a table of weak references, so trees nobody holds are collected.
 * - `add` and `mul` are flat (no `add` directly inside an `add`) and have at least two operands.
 * - A `mul` has at most one numeric factor, and it comes first and is neither 0 nor 1.
 * - Numbers are exact rationals; `pow` of two numbers is folded when the result is rational.
 * - `pow(e, u)` is `exp(u)`; `pow(x, 1)` is `x`; `pow(x, 0)` is `1`.
 * Nothing else is canonicalised here: operand order is the order written, so printers can
 * reproduce what a person wrote, and the simplifier owns every other law.
 */
import Fraction from 'fraction.js';

export type RelOp = '=' | '≈' | '≠' | '<' | '≤' | '>' | '≥';

export interface Num { readonly kind: 'num'; readonly id: number; readonly value: Fraction; readonly decimal: boolean }
export interface Const { readonly kind: 'const'; readonly id: number; readonly name: 'e' | 'pi' }
export interface Sym {
  readonly kind: 'sym';
  readonly id: number;
  /** Base name: a Latin letter or word (`x`, `W`, `loss`) or a Greek name without backslash (`omega`). */
  readonly name: string;
  /** Subscript as canonical LaTeX (`1`, `i,j`), layer index inside `[…]` (`1`, `l`), accent command (`hat`). */
  readonly sub: string | undefined;
  readonly layer: string | undefined;
  readonly accent: string | undefined;
  /** Primes on a symbol written without arguments (`\sigma'` in `\sigma' = \sigma(1-\sigma)`). */
  readonly primes: number;
}
export interface Add { readonly kind: 'add'; readonly id: number; readonly terms: readonly Expr[] }
export interface Mul { readonly kind: 'mul'; readonly id: number; readonly factors: readonly Expr[] }
export interface Pow { readonly kind: 'pow'; readonly id: number; readonly base: Expr; readonly exp: Expr }
export interface Apply {
  readonly kind: 'apply';
  readonly id: number;
  /** A key of the function table (`tanh`, `sigmoid`, `log`) or, for a user function, its head symbol. */
  readonly fn: string | Sym;
  readonly args: readonly Expr[];
  /** Number of primes: `g''(z)` is `g` applied with order 2. */
  readonly primes: number;
}
export interface Deriv {
  readonly kind: 'deriv';
  readonly id: number;
  readonly body: Expr;
  /** Variables differentiated by, innermost first; repetition gives higher order (`d²y/dx²` is [x, x]). */
  readonly wrt: readonly Sym[];
  readonly partial: boolean;
}
/**
 * `\sum_{k=1}^{K} e^{z_k}` and `\prod_i x_i`: the body taken over every value of the index.
 * The index is bound in the body, together with the subscripts that name it (`z_k`); the range
 * is `lo..hi`, both null when the notes leave it implicit (`\sum_k`: every component).
 */
export interface BigOp {
  readonly kind: 'sum';
  readonly id: number;
  readonly op: 'sum' | 'prod' | 'max' | 'min';
  readonly index: Sym;
  readonly lo: Expr | null;
  readonly hi: Expr | null;
  readonly body: Expr;
}
export interface Piece { readonly value: Expr; readonly cond: Expr | null }
export interface Piecewise { readonly kind: 'piecewise'; readonly id: number; readonly pieces: readonly Piece[] }
export interface Rel { readonly kind: 'rel'; readonly id: number; readonly ops: readonly RelOp[]; readonly args: readonly Expr[] }
export type NoteKind = 'boxed' | 'underbrace' | 'overbrace' | 'text';
/** A decoration a reader sees but the math ignores: `\boxed{…}`, `\underbrace{…}_{m}`, `[\text{…}]`. */
export interface Note { readonly kind: 'note'; readonly id: number; readonly note: NoteKind; readonly body: Expr; readonly text: string }

/**
 * `\left. \frac{d}{dx}\sigma(x) \right|_{x=0}`: the body evaluated where `v` is `value`. The
 * variable is bound in the body, so a derivative by it is taken before it is given the value;
 * the checker puts the value in once derivatives are worked out and definitions substituted.
 */
export interface At { readonly kind: 'at'; readonly id: number; readonly body: Expr; readonly v: Sym; readonly value: Expr }

export type Expr = Num | Const | Sym | Add | Mul | Pow | Apply | Deriv | BigOp | Piecewise | Rel | Note | At;
export type Kind = Expr['kind'];

export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------------------------
// Interning

let nextId = 1;
const table = new Map<string, WeakRef<Expr>>();
const registry = new FinalizationRegistry<string>((key) => {
  const ref = table.get(key);
  if (ref !== undefined && ref.deref() === undefined) table.delete(key);
});

type Body<T extends Expr> = Omit<T, 'id'>;

function intern<T extends Expr>(key: string, make: () => Body<T>): T {
  const hit = table.get(key)?.deref();
  if (hit !== undefined) return hit as T;
  const node = Object.freeze({ ...make(), id: nextId++ }) as unknown as T;
  table.set(key, new WeakRef(node));
  registry.register(node, key);
  return node;
}

const ids = (xs: readonly Expr[]): string => xs.map((x) => x.id).join(',');

// ---------------------------------------------------------------------------------------------
// Numbers

export type RationalInput = Fraction | number | bigint | string;

/** Whether n/d has a finite decimal expansion (d has no prime factors but 2 and 5). */
export function terminates(d: bigint): boolean {
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n;
}

/**
 * A rational number. `decimal` records that it was written as a decimal (0.25), so it prints
 * that way; the flag is kept only where a finite decimal exists (0.25 · ⅓ = 1/12 drops it).
 */
export function num(v: RationalInput, decimal = false): Num {
  const value = v instanceof Fraction ? v : new Fraction(v as never);
  const dec = decimal && value.d !== 1n && terminates(value.d);
  return intern<Num>(`n${value.s * value.n}/${value.d}${dec ? 'd' : ''}`, () => ({ kind: 'num', value, decimal: dec }));
}

export const ZERO = num(0);
export const ONE = num(1);
export const TWO = num(2);
export const MINUS_ONE = num(-1);
export const HALF = num(new Fraction(1, 2));

export const isNum = (e: Expr): e is Num => e.kind === 'num';
export const isZero = (e: Expr): boolean => e.kind === 'num' && e.value.n === 0n;
export const isOne = (e: Expr): boolean => e.kind === 'num' && e.value.n === 1n && e.value.d === 1n && e.value.s === 1n;
export const isMinusOne = (e: Expr): boolean => e.kind === 'num' && e.value.n === 1n && e.value.d === 1n && e.value.s === -1n;
export const isInteger = (e: Expr): e is Num => e.kind === 'num' && e.value.d === 1n;

export function constant(name: 'e' | 'pi'): Const {
  return intern<Const>(`c${name}`, () => ({ kind: 'const', name }));
}
export const E = constant('e');
export const PI = constant('pi');

// ---------------------------------------------------------------------------------------------
// Symbols

export interface SymDecorations {
  sub?: string | undefined; layer?: string | undefined; accent?: string | undefined; primes?: number | undefined;
}

export function sym(name: string, deco: SymDecorations = {}): Sym {
  const { sub, layer, accent } = deco;
  const primes = deco.primes ?? 0;
  return intern<Sym>(`s${name}\u0000${sub ?? ''}\u0000${layer ?? ''}\u0000${accent ?? ''}\u0000${primes}`, () => ({
    kind: 'sym', name, sub, layer, accent, primes,
  }));
}

/** The name the lexer gives the argument it supplies to a function written without one. */
export const BARE_ARGUMENT_NAME = '\u2219';

/** What a bare operator (`\frac{d^2}{dt^2} = 0`) applies to until the note reader supplies the function discussed. */
export const OPERAND: Sym = sym('\u2218');
/** `\cdots` where an expression is expected: a run the reader completes from its pattern (`x_1 + \cdots + x_n`). */
export const ELLIPSIS: Sym = sym('\u2026');
/**
 * The variable of `\left(\frac{1}{1+e^{-z}}\right)'`: a prime on a bracketed expression
 * differentiates by the one variable the expression is in, which the checker finds.
 */
export const PRIME_VARIABLE: Sym = sym('\u2032');
/**
 * The argument of a function written without one (`\tanh' = 1 - \tanh^2`): the function at the
 * variable the checker finds, as for a bare σ.
 */
export const BARE_ARGUMENT: Sym = sym(BARE_ARGUMENT_NAME);

// ---------------------------------------------------------------------------------------------
// Arithmetic

export function add(...terms: Expr[]): Expr {
  const flat: Expr[] = [];
  for (const t of terms) {
    if (t.kind === 'add') flat.push(...t.terms);
    else flat.push(t);
  }
  if (flat.length === 0) return ZERO;
  if (flat.length === 1) return flat[0]!;
  return intern<Add>(`+${ids(flat)}`, () => ({ kind: 'add', terms: Object.freeze(flat) }));
}

export function mul(...factors: Expr[]): Expr {
  let coeff = new Fraction(1);
  let decimal = false;
  const rest: Expr[] = [];
  const take = (f: Expr): void => {
    if (f.kind === 'num') {
      coeff = coeff.mul(f.value);
      decimal ||= f.decimal;
    } else rest.push(f);
  };
  for (const f of factors) {
    if (f.kind === 'mul') f.factors.forEach(take);
    else take(f);
  }
  if (coeff.n === 0n) return ZERO;
  const c = num(coeff, decimal);
  if (rest.length === 0) return c;
  // Factors with a negative numeric exponent go after the others (stable), so a product has
  // one written form, numerator over denominator, and printing it reads back the same node.
  const over = rest.filter((f) => !isReciprocal(f));
  const under = rest.filter(isReciprocal);
  const ordered = under.length === 0 ? rest : [...over, ...under];
  const all = isOne(c) ? ordered : [c, ...ordered];
  if (all.length === 1) return all[0]!;
  return intern<Mul>(`*${ids(all)}`, () => ({ kind: 'mul', factors: Object.freeze(all) }));
}

/** `b^{-n}` with a negative numeric exponent: a factor of the denominator. */
export const isReciprocal = (f: Expr): boolean => f.kind === 'pow' && f.exp.kind === 'num' && f.exp.value.s < 0n;

export const neg = (e: Expr): Expr => mul(MINUS_ONE, e);
export const sub = (a: Expr, b: Expr): Expr => add(a, neg(b));
export const div = (a: Expr, b: Expr): Expr => mul(a, pow(b, MINUS_ONE));
export const recip = (a: Expr): Expr => pow(a, MINUS_ONE);

/** Exact rational power, or undefined when the result is irrational or undefined (0^-1). */
function ratPow(b: Fraction, x: Fraction): Fraction | undefined {
  if (b.n === 0n) return x.s > 0n && x.n !== 0n ? new Fraction(0) : x.n === 0n ? new Fraction(1) : undefined;
  if (x.d !== 1n && b.s < 0n) return undefined;
  if (x.d === 1n && x.n > 4096n) return undefined;
  const r = b.pow(x) as Fraction | null;
  return r ?? undefined;
}

export function pow(base: Expr, exp: Expr): Expr {
  if (exp.kind === 'num') {
    if (exp.value.n === 0n) return ONE;
    if (isOne(exp)) return base;
    if (base.kind === 'num') {
      const r = ratPow(base.value, exp.value);
      if (r !== undefined) return num(r, base.decimal);
    }
  }
  if (base.kind === 'const' && base.name === 'e') return apply('exp', [exp]);
  // (ab)^{-1} = a^{-1}b^{-1}: one form for a quotient, the one \frac{x}{ab} reads as.
  if (base.kind === 'mul' && isMinusOne(exp)) return mul(...base.factors.map((f) => pow(f, exp)));
  // (x^a)^{-1} = x^{-a} and (x^m)^n = x^{mn} for integers keep the domain, so fold them.
  if (base.kind === 'pow' && exp.kind === 'num' && base.exp.kind === 'num'
    && (isMinusOne(exp) || (exp.value.d === 1n && base.exp.value.d === 1n))) {
    return pow(base.base, num(base.exp.value.mul(exp.value)));
  }
  return intern<Pow>(`^${base.id},${exp.id}`, () => ({ kind: 'pow', base, exp }));
}

// ---------------------------------------------------------------------------------------------
// Functions, derivatives, structure

export function apply(fn: string | Sym, args: readonly Expr[], primes = 0): Apply {
  const head = typeof fn === 'string' ? `f${fn}` : `F${fn.id}`;
  return intern<Apply>(`${head}'${primes}(${ids(args)})`, () => ({ kind: 'apply', fn, args: Object.freeze([...args]), primes }));
}

export function deriv(body: Expr, wrt: readonly Sym[], partial: boolean): Deriv {
  return intern<Deriv>(`d${partial ? 'p' : ''}${body.id}/${ids(wrt)}`, () => ({
    kind: 'deriv', body, wrt: Object.freeze([...wrt]), partial,
  }));
}

export function bigop(op: BigOp['op'], index: Sym, lo: Expr | null, hi: Expr | null, body: Expr): BigOp {
  return intern<BigOp>(`S${op}${index.id}:${lo?.id ?? ''}:${hi?.id ?? ''}:${body.id}`, () => ({ kind: 'sum', op, index, lo, hi, body }));
}

export function piecewise(pieces: readonly Piece[]): Piecewise {
  const key = pieces.map((p) => `${p.value.id}?${p.cond?.id ?? ''}`).join(';');
  return intern<Piecewise>(`p${key}`, () => ({
    kind: 'piecewise', pieces: Object.freeze(pieces.map((p) => Object.freeze({ value: p.value, cond: p.cond }))),
  }));
}

export function rel(ops: readonly RelOp[], args: readonly Expr[]): Rel {
  if (args.length !== ops.length + 1) throw new Error('rel: a chain of n relations has n + 1 operands');
  return intern<Rel>(`r${ops.join('')}(${ids(args)})`, () => ({ kind: 'rel', ops: Object.freeze([...ops]), args: Object.freeze([...args]) }));
}

export function note(kind: NoteKind, body: Expr, text: string): Note {
  return intern<Note>(`a${kind}${body.id}\u0000${text}`, () => ({ kind: 'note', note: kind, body, text }));
}

export function at(body: Expr, v: Sym, value: Expr): At {
  return intern<At>(`@${body.id}|${v.id}|${value.id}`, () => ({ kind: 'at', body, v, value }));
}

/** The children of a node, in order (for generic walks). */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'num': case 'const': case 'sym': return [];
    case 'add': return e.terms;
    case 'mul': return e.factors;
    case 'pow': return [e.base, e.exp];
    case 'apply': return e.args;
    case 'deriv': return [e.body, ...e.wrt];
    case 'sum': return [...(e.lo ? [e.lo] : []), ...(e.hi ? [e.hi] : []), e.body];
    case 'piecewise': return e.pieces.flatMap((p) => (p.cond ? [p.value, p.cond] : [p.value]));
    case 'rel': return e.args;
    case 'note': return [e.body];
    case 'at': return [e.body, e.value];
    default: return assertNever(e);
  }
}
