/**
 * Compiling a tree to a fast JavaScript function over doubles, for sampling.
 *
 * The function body is generated from the tree, but nothing of the user's text reaches it:
 * variables are `v[i]`, shared subexpressions `t<i>`, functions `R.<key>` where key comes from
 * our own function table, and numbers are formatted from JS numbers by `literal`. So the one
 * `new Function` here evaluates only code this module writes.
 *
 * Shared subtrees (the tree is hash-consed, so sharing is visible as object identity) are
 * computed once per call. Undefined points give NaN or ±Infinity, never an exception;
 * callers treat any non-finite value as "undefined here".
 */
import { assertNever, children, type Expr, type Rel, type RelOp, type Sym } from '../core/expr.js';
import { FUNCTIONS, isFnName, type FnEntry } from '../core/functions.js';
import { concreteRange, expandBigOp, freeSet, substitute } from '../core/walk.js';

export type NumFn = (...args: number[]) => number;

export interface CompileOptions {
  /** Implementations for user functions, keyed by the function's head symbol id (`f`, `g`). */
  readonly functions?: ReadonlyMap<Sym, NumFn>;
}

export interface Compiled {
  readonly vars: readonly Sym[];
  /** Evaluate at a point: `values[i]` is the value of `vars[i]`. */
  readonly fn: (values: ArrayLike<number>) => number;
}

export class CompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompileError';
  }
}

const RUNTIME: Record<string, NumFn> = Object.fromEntries(
  Object.entries(FUNCTIONS as Record<string, FnEntry>).map(([k, e]) => [k, e.eval]),
);

const JS_REL: Record<RelOp, string> = { '=': '===', '≈': '===', '≠': '!==', '<': '<', '≤': '<=', '>': '>', '≥': '>=' };

/** A JS literal for a double, written by us (never taken from input text). */
function literal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  const s = String(x);
  if (!/^-?[\d.]+(e[+-]?\d+)?$/.test(s)) throw new Error(`not a numeric literal: ${s}`);
  return x < 0 ? `(${s})` : s;
}

export const freeSymbols = (e: Expr): Sym[] => [...freeSet(e)];

/**
 * Programs already compiled, per tree and variable list. Trees are interned, so a tree met again
 * (a line that is the right side of one step and the left side of the next) is the same node,
 * and its program is the same function. Only programs that call no user function are kept: one
 * that does closes over the implementations it was given, which differ from claim to claim.
 * A WeakMap forgets a tree's programs with the tree.
 */
const programs = new WeakMap<Expr, Map<string, Compiled>>();

export function compile(e: Expr, vars: readonly Sym[] = freeSymbols(e), options: CompileOptions = {}): Compiled {
  const key = vars.map((v) => v.id).join(',');
  const known = programs.get(e)?.get(key);
  if (known !== undefined) return known;
  const out = compileTree(e, vars, options);
  if (out.calls === 0) {
    let byVars = programs.get(e);
    if (byVars === undefined) programs.set(e, (byVars = new Map()));
    byVars.set(key, out.compiled);
  }
  return out.compiled;
}

/** A tree's program, and how many user functions it calls. */
function compileTree(e: Expr, vars: readonly Sym[], options: CompileOptions): { compiled: Compiled; calls: number } {
  const index = new Map<Sym, number>(vars.map((v, i) => [v, i]));
  const user: NumFn[] = [];
  const userIndex = new Map<Sym, number>();
  // Count parents so that shared subtrees become temporaries.
  const uses = new Map<Expr, number>();
  const count = (x: Expr): void => {
    const n = (uses.get(x) ?? 0) + 1;
    uses.set(x, n);
    if (n === 1) children(x).forEach(count);
  };
  count(e);
  const lines: string[] = [];
  const temps = new Map<Expr, string>();
  const emit = (x: Expr): string => {
    const t = temps.get(x);
    if (t !== undefined) return t;
    const code = gen(x);
    if ((uses.get(x) ?? 0) > 1 && x.kind !== 'num' && x.kind !== 'sym' && x.kind !== 'const') {
      const name = `t${temps.size}`;
      lines.push(`const ${name} = ${code};`);
      temps.set(x, name);
      return name;
    }
    return code;
  };
  const cond = (c: Expr): string => {
    if (c.kind !== 'rel' || c.ops.length === 0) throw new CompileError('a condition must be a relation');
    const r = c as Rel;
    return `(${r.ops.map((op, i) => `${emit(r.args[i]!)} ${JS_REL[op]} ${emit(r.args[i + 1]!)}`).join(' && ')})`;
  };
  const gen = (x: Expr): string => {
    switch (x.kind) {
      case 'num': return literal(x.value.valueOf());
      case 'const': return x.name === 'e' ? 'Math.E' : 'Math.PI';
      case 'sym': {
        const i = index.get(x);
        if (i === undefined) throw new CompileError(`no value for ${x.name}${x.sub ? `_${x.sub}` : ''}`);
        return `v[${i}]`;
      }
      case 'add': return `(${x.terms.map(emit).join(' + ')})`;
      case 'mul': return `(${x.factors.map(emit).join(' * ')})`;
      case 'pow': {
        if (x.exp.kind === 'num' && x.exp.value.d === 1n && x.exp.value.n === 2n) {
          const b = emit(x.base);
          return x.exp.value.s > 0n ? `(${b} * ${b})` : `(1 / (${b} * ${b}))`;
        }
        if (x.exp.kind === 'num' && x.exp.value.s > 0n && x.exp.value.n === 1n && x.exp.value.d === 2n) return `Math.sqrt(${emit(x.base)})`;
        return `Math.pow(${emit(x.base)}, ${emit(x.exp)})`;
      }
      case 'apply': {
        const args = x.args.map(emit).join(', ');
        if (typeof x.fn !== 'string') {
          const f = options.functions?.get(x.fn);
          if (f === undefined || x.primes > 0) throw new CompileError(`no numeric meaning for the function ${x.fn.name}${"'".repeat(x.primes)}`);
          let k = userIndex.get(x.fn);
          if (k === undefined) {
            k = user.length;
            user.push(f);
            userIndex.set(x.fn, k);
          }
          return `U[${k}](${args})`;
        }
        if (x.primes > 0) throw new CompileError(`work out the derivative ${x.fn}${"'".repeat(x.primes)} before evaluating`);
        if (!isFnName(x.fn)) throw new CompileError(`unknown function ${x.fn}`);
        return `R.${x.fn}(${args})`;
      }
      case 'deriv': throw new CompileError('work out derivatives before evaluating');
      case 'sum': {
        const range = concreteRange(x);
        if (range === null) throw new CompileError('a sum over a range that is not a number');
        return emit(expandBigOp(x, ...range));
      }
      case 'piecewise': {
        let out = 'NaN';
        for (let i = x.pieces.length - 1; i >= 0; i--) {
          const p = x.pieces[i]!;
          out = p.cond === null ? emit(p.value) : `(${cond(p.cond)} ? ${emit(p.value)} : ${out})`;
        }
        return out;
      }
      case 'rel': throw new CompileError('a relation has no numeric value');
      case 'note': return emit(x.body);
      case 'at': return emit(substitute(x.body, new Map([[x.v, x.value]])));
      default: return assertNever(x);
    }
  };
  const result = emit(e);
  const body = `${lines.join('\n')}\nreturn ${result};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- body is generated from our own tokens only (see above)
  const make = new Function('R', 'U', `return function compiled(v) {\n${body}\n};`) as (r: typeof RUNTIME, u: NumFn[]) => (v: ArrayLike<number>) => number;
  return { compiled: { vars, fn: make(RUNTIME, user) }, calls: user.length };
}

/** Evaluate once under a binding of symbols to numbers (NaN where undefined). */
export function evaluate(e: Expr, env: ReadonlyMap<Sym, number>, options: CompileOptions = {}): number {
  const vars = [...env.keys()];
  const c = compile(e, vars, options);
  return c.fn(vars.map((v) => env.get(v)!));
}
