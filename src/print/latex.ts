/**
 * Canonical LaTeX. The printing is chosen so that parsing it gives back the same node
 * (a property test checks it on random trees), and so that it reads like a textbook:
 * `\sigma(z)\left(1-\sigma(z)\right)`, `1-\tanh^2(z)`, `\frac{a-y}{a(1-a)}`.
 *
 * Conventions that keep the round trip exact:
 * - function arguments always in plain parentheses, grouping in `\left( … \right)`;
 * - absolute values as `\left| … \right|` (bare bars nest ambiguously);
 * - a space between two letters that would otherwise read as one word (`e x p`);
 * - `\cdot` where juxtaposition would read as an application (`f \cdot \left(x\right)`)
 *   or after a derivative operator (which would otherwise swallow what follows).
 */
import type Fraction from 'fraction.js';
import { assertNever, isReciprocal, num, pow, type Apply, type Deriv, type Expr, type RelOp, type Sym } from '../core/expr.js';
import { FUNCTIONS, GREEK, isFnName, type FnEntry } from '../core/functions.js';

const REL: Record<RelOp, string> = { '=': '=', '≈': '\\approx', '≠': '\\neq', '<': '<', '≤': '\\le', '>': '>', '≥': '\\ge' };
const APPLIED_NAMES = new Set(['f', 'g', 'h', 'phi', 'varphi', 'psi', 'sigma']);

/** Where a subexpression stands, which decides whether it needs grouping. */
type Slot = 'free' | 'term' | 'factor' | 'base';

export function toLatex(e: Expr): string {
  return print(e, 'free');
}

const group = (s: string): string => `\\left(${s}\\right)`;
const script = (s: string): string => (s.length === 1 ? s : `{${s}}`);

export function ratLatex(v: Fraction, decimal: boolean): string {
  const sign = v.s < 0n ? '-' : '';
  if (v.d === 1n) return `${sign}${v.n}`;
  if (decimal && terminates(v.d)) return `${sign}${decimalString(v.n, v.d)}`;
  return `${sign}\\frac{${v.n}}{${v.d}}`;
}

function terminates(d: bigint): boolean {
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n;
}

/** Exact decimal expansion of n/d when d divides a power of ten. */
export function decimalString(n: bigint, d: bigint): string {
  let digits = 0;
  let scale = 1n;
  while (scale % d !== 0n) {
    scale *= 10n;
    digits++;
  }
  const scaled = (n * (scale / d)).toString().padStart(digits + 1, '0');
  return `${scaled.slice(0, scaled.length - digits)}.${scaled.slice(scaled.length - digits)}`;
}

export function symLatex(s: Sym): string {
  let name = Object.hasOwn(GREEK, s.name) ? `\\${s.name}` : s.name.length === 1 ? s.name : `\\mathrm{${s.name}}`;
  if (s.accent !== undefined) name = `\\${s.accent}{${name}}`;
  if (s.layer !== undefined) name += `^{[${s.layer}]}`;
  if (s.sub !== undefined) name += `_${script(s.sub)}`;
  return name + "'".repeat(s.primes);
}

function print(e: Expr, slot: Slot): string {
  switch (e.kind) {
    case 'num': {
      const s = ratLatex(e.value, e.decimal);
      const compound = s.startsWith('-') || s.includes('\\frac');
      return compound && (slot === 'base' || (slot === 'factor' && s.startsWith('-'))) ? group(s) : s;
    }
    case 'const': return e.name === 'pi' ? '\\pi' : 'e';
    case 'sym': return slot === 'base' && (e.layer !== undefined || e.primes > 0) ? group(symLatex(e)) : symLatex(e);
    case 'add': {
      const s = sum(e.terms);
      return slot === 'factor' || slot === 'base' ? group(s) : s;
    }
    case 'mul': {
      const s = product(e.factors);
      return (slot === 'base' || (slot === 'factor' && s.startsWith('-'))) ? group(s) : s;
    }
    case 'pow': return power(e.base, e.exp, slot);
    case 'apply': return application(e, slot);
    case 'deriv': {
      const s = derivative(e);
      return slot === 'base' ? group(s) : s;
    }
    case 'piecewise': {
      const rows = e.pieces.map((p) => `${print(p.value, 'free')} & ${p.cond ? `\\text{if } ${print(p.cond, 'free')}` : '\\text{otherwise}'}`);
      return `\\begin{cases}${rows.join(' \\\\ ')}\\end{cases}`;
    }
    case 'rel': return e.args.map((a, i) => (i === 0 ? '' : REL[e.ops[i - 1]!]) + print(a, 'free')).join('');
    case 'note':
      switch (e.note) {
        case 'boxed': return `\\boxed{${print(e.body, 'free')}}`;
        case 'underbrace': return `\\underbrace{${print(e.body, 'free')}}_{${e.text}}`;
        case 'overbrace': return `\\overbrace{${print(e.body, 'free')}}^{${e.text}}`;
        case 'text': return `${print(e.body, slot)}\\quad\\text{${e.text}}`;
        default: return assertNever(e.note);
      }
    default: return assertNever(e);
  }
}

function sum(terms: readonly Expr[]): string {
  let out = '';
  terms.forEach((t, i) => {
    const s = print(t, 'term');
    if (i === 0) out = s;
    else out += s.startsWith('-') ? s : `+${s}`;
  });
  return out;
}

function product(factors: readonly Expr[]): string {
  let sign = '';
  let coeff: { v: Fraction; decimal: boolean } | null = null;
  const top: Expr[] = [];
  const bottom: Expr[] = [];
  for (const f of factors) {
    if (f.kind === 'num') {
      coeff = { v: f.value.abs(), decimal: f.decimal };
      if (f.value.s < 0n) sign = '-';
    } else if (isReciprocal(f) && f.kind === 'pow' && f.exp.kind === 'num') {
      bottom.push(pow(f.base, num(f.exp.value.neg())));
    } else top.push(f);
  }
  const decimalCoeff = coeff !== null && coeff.decimal && terminates(coeff.v.d) && coeff.v.d !== 1n;
  if (bottom.length === 0 && (coeff === null || coeff.v.d === 1n || decimalCoeff)) {
    const lead = coeff === null || (coeff.v.n === 1n && coeff.v.d === 1n) ? '' : ratLatex(coeff.v, coeff.decimal);
    return sign + juxtapose(lead, top);
  }
  const numLead = coeff !== null && coeff.v.n !== 1n ? coeff.v.n.toString() : '';
  const denLead = coeff !== null && coeff.v.d !== 1n ? coeff.v.d.toString() : '';
  const numer = juxtapose(numLead, top) || '1';
  const denom = juxtapose(denLead, bottom);
  return `${sign}\\frac{${numer}}{${denom}}`;
}

/** Factors side by side, with `\cdot` or a space where plain juxtaposition would misread. */
function juxtapose(lead: string, factors: readonly Expr[]): string {
  let out = lead;
  let prev: Expr | null = null;
  const alone = factors.length === 1 && lead === '';
  for (const f of factors) {
    const s = print(f, alone ? 'free' : 'factor');
    if (out === '') out = s;
    else if (needsDot(prev, f, out, s)) out += `\\cdot ${s}`;
    else out += spaced(prev, out, s) ? ` ${s}` : s;
    prev = f;
  }
  return out;
}

/** Letters must be kept apart (`e x p` is not `exp`); a space also reads better after `x_1`. */
function spaced(prev: Expr | null, left: string, right: string): boolean {
  const word = /^[a-zA-Z]/.test(right) || (/^\\[a-zA-Z]/.test(right) && !/^\\(?:left|frac|sqrt)/.test(right));
  if (!word) return false;
  return /[a-zA-Z]$/.test(left) || (prev !== null && prev.kind === 'sym' && (prev.sub !== undefined || prev.layer !== undefined));
}

function needsDot(prev: Expr | null, next: Expr, left: string, right: string): boolean {
  if (prev === null) return /\d$/.test(left) && /^[\d.]/.test(right);
  if (prev.kind === 'deriv' && !derivFracForm(prev)) return true;
  if (/^[\d.]/.test(right)) return true;
  if (right.startsWith('\\left(') || right.startsWith('(')) {
    if (prev.kind === 'sym' && (APPLIED_NAMES.has(prev.name) || prev.primes > 0)) return true;
    if (prev.kind === 'sym' || prev.kind === 'pow') return /[a-zA-Z}']$/.test(left) && endsWithName(prev);
  }
  if (prev.kind === 'note' && prev.note === 'text') return true;
  return next.kind === 'note' && next.note === 'text';
}

/** Whether a printed factor ends in a name that a following `(…)` would turn into an application. */
function endsWithName(e: Expr): boolean {
  return e.kind === 'sym' && (APPLIED_NAMES.has(e.name) || e.primes > 0);
}

function power(base: Expr, exp: Expr, slot: Slot): string {
  if (exp.kind === 'num' && exp.value.s < 0n) {
    const s = product([pow(base, exp)]);
    return slot === 'base' ? group(s) : s;
  }
  if (exp.kind === 'num' && exp.value.n === 1n && exp.value.d > 1n && exp.value.d < 100n) {
    const body = print(base, 'free');
    return exp.value.d === 2n ? `\\sqrt{${body}}` : `\\sqrt[${exp.value.d}]{${body}}`;
  }
  const e = script(print(exp, 'free'));
  if (base.kind === 'apply' && typeof base.fn === 'string' && poweredName(base)) {
    return `${fnName(base)}^${e}(${base.args.map((a) => print(a, 'free')).join(', ')})`;
  }
  const s = `${print(base, 'base')}^${e}`;
  return slot === 'base' ? group(s) : s;
}

/** `\tanh^2(z)`, `\sigma^2(z)`: named one-argument functions take the power on their name. */
function poweredName(a: Apply): boolean {
  return typeof a.fn === 'string' && a.fn !== 'exp' && a.fn !== 'abs' && a.fn !== 'transpose' && a.primes === 0 && printedArgs(a).length === 1;
}

function fnName(a: Apply): string {
  if (typeof a.fn !== 'string') return symLatex(a.fn);
  if (!isFnName(a.fn)) return `\\operatorname{${a.fn}}`;
  const entry: FnEntry = FUNCTIONS[a.fn];
  return entry.latex;
}

/** Arguments as written: trailing parameters equal to their defaults are left out. */
export function printedArgs(a: Apply): readonly Expr[] {
  if (typeof a.fn !== 'string' || !isFnName(a.fn)) return a.args;
  const params = (FUNCTIONS[a.fn] as FnEntry).params ?? [];
  let n = a.args.length;
  while (n > 1) {
    const p = params[n - 2];
    const arg = a.args[n - 1]!;
    if (p === undefined || toLatex(arg) !== p.default) break;
    n--;
  }
  return a.args.slice(0, n);
}

function application(a: Apply, slot: Slot): string {
  const args = printedArgs(a);
  const primes = "'".repeat(a.primes);
  if (a.fn === 'exp' && a.primes === 0) {
    const s = `e^${script(print(args[0]!, 'free'))}`;
    return slot === 'base' ? group(s) : s;
  }
  if (a.fn === 'abs' && a.primes === 0) return `\\left|${print(args[0]!, 'free')}\\right|`;
  if (a.fn === 'transpose') return `${print(args[0]!, 'base')}^\\top`;
  if (a.fn === 'log' && a.primes === 0) return `\\log_${script(print(args[1]!, 'free'))}(${print(args[0]!, 'free')})`;
  const s = `${fnName(a)}${primes}(${args.map((x) => print(x, 'free')).join(', ')})`;
  return s;
}

function derivFracForm(d: Deriv): boolean {
  return d.body.kind === 'sym';
}

function derivative(d: Deriv): string {
  const op = d.partial ? '\\partial' : 'd';
  const order = d.wrt.length;
  const runs: [Sym, number][] = [];
  for (const v of d.wrt) {
    const last = runs[runs.length - 1];
    if (last && last[0] === v) last[1]++;
    else runs.push([v, 1]);
  }
  const bottom = runs.map(([v, k]) => `${op} ${k > 1 ? `${print(v, 'base')}^${script(String(k))}` : symLatex(v)}`).join(' ');
  const top = order > 1 ? `${op}^${script(String(order))}` : op;
  if (derivFracForm(d)) return `\\frac{${top} ${symLatex(d.body as Sym)}}{${bottom}}`;
  return `\\frac{${top}}{${bottom}}${group(print(d.body, 'free'))}`;
}
