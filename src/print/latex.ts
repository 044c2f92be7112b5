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
import { ELLIPSIS, PRIME_VARIABLE, assertNever, terminates, isMinusOne, isOne, isReciprocal, isZero, num, pow, sym, type Apply, type Deriv, type Expr, type RelOp, type Sym } from '../core/expr.js';
import { FUNCTIONS, GREEK, isFnName, type FnEntry } from '../core/functions.js';
import { literalOf } from '../core/grids.js';
import { freeSet } from '../core/walk.js';

/**
 * Letters the parser applies when `( … )` follows (`CONVENTIONAL_FUNCTIONS` in parse/lower.ts;
 * print may not import parse, so a test checks the two lists agree).
 */
export const APPLIED_LETTERS: ReadonlySet<string> = new Set(['f', 'g', 'h', 'phi', 'varphi', 'psi', 'Phi']);

export const REL_LATEX: Readonly<Record<RelOp, string>> = { '=': '=', '≈': '\\approx', '≠': '\\neq', '<': '<', '≤': '\\le', '>': '>', '≥': '\\ge' };
const REL = REL_LATEX;
const SIGMA = sym('sigma');

/**
 * Whether the parser reads `s( … )` as an application when the parentheses hold `arg`
 * (mirrors `functionHead` in parse/lower.ts): σ and the conventional function letters are
 * applied, unless the parentheses mention the same name as a plain value (`\sigma(1-\sigma)`).
 */
export function readsAsApplication(s: Sym, arg: Expr): boolean {
  if (s.primes > 0) return true;
  const bare = s === SIGMA || (APPLIED_LETTERS.has(s.name) && s.accent === undefined);
  return bare && !freeSet(arg).has(s);
}

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

/** A gradient name as the note reader makes it from `d\theta` or `dW` (`d{\theta}`, `d{W}`): printed as written. */
const GRADIENT_NAME = /^d\{(\\[a-zA-Z]+|[a-zA-Z])\}$/;

/** A name under its accents, outermost first: `hat mathbf` on y is `\hat{\mathbf{y}}`. */
export const accented = (accent: string, name: string): string => accent.split(' ').reduceRight((inner, a) => `\\${a}{${inner}}`, name);

export function symLatex(s: Sym): string {
  let name = Object.hasOwn(GREEK, s.name) ? `\\${s.name}` : s.name.length === 1 || GRADIENT_NAME.test(s.name) ? s.name : `\\mathrm{${s.name}}`;
  if (s.accent !== undefined) name = accented(s.accent, name);
  // Primes first: `g'^{[1]}` is one superscript group to TeX, `g^{[1]}'` is a double superscript.
  name += "'".repeat(s.primes);
  if (s.layer !== undefined) name += layerLatex(s.layer);
  if (s.sub !== undefined) name += `_${script(s.sub)}`;
  return name;
}

/** A name's superscript index: a layer `^{[1]}`, an example `^{(i)}`, a mark `^{*}`. */
export const layerLatex = (layer: string): string => (/^\{.*\}$/.test(layer) ? `^${layer}`
  : /^(\(.*\)|\*|\+)$/.test(layer) ? `^{${layer}}`
  : /^[^()]+\(.*\)$/.test(layer) ? `^{[${layer.slice(0, layer.indexOf('('))}]${layer.slice(layer.indexOf('('))}}` : `^{[${layer}]}`);

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
    case 'sum': {
      const range = e.lo === null ? `_{${symLatex(e.index)}}` : `_{${symLatex(e.index)}=${print(e.lo, 'free')}}${e.hi === null ? '' : `^{${print(e.hi, 'free')}}`}`;
      const body = e.body.kind === 'add' ? group(print(e.body, 'free')) : print(e.body, 'factor');
      const s = `\\${e.op}${range} ${body}`;
      return slot === 'base' || slot === 'factor' ? group(s) : s;
    }
    case 'piecewise': {
      const rows = e.pieces.map((p) => `${print(p.value, 'free')} & ${p.cond ? `\\text{if } ${print(p.cond, 'free')}` : '\\text{otherwise}'}`);
      return `\\begin{cases}${rows.join(' \\\\ ')}\\end{cases}`;
    }
    case 'rel': return e.args.map((a, i) => (i === 0 ? definitionSide(e.ops[0]!, a) : joinWord(REL[e.ops[i - 1]!], print(a, 'free')))).join('');
    case 'note': {
      // A decoration takes no script of its own (`\boxed{x}^2` would read 2 as a label).
      const wrap = (s: string): string => (slot === 'base' ? group(s) : s);
      switch (e.note) {
        case 'boxed': return wrap(`\\boxed{${print(e.body, 'free')}}`);
        case 'underbrace': return wrap(`\\underbrace{${print(e.body, 'free')}}_{${e.text}}`);
        case 'overbrace': return wrap(`\\overbrace{${print(e.body, 'free')}}^{${e.text}}`);
        case 'text': return `${print(e.body, slot)}\\quad\\text{${e.text}}`;
        default: return assertNever(e.note);
      }
    }
    case 'at': {
      const s = `\\left.${print(e.body, 'free')}\\right|_{${print(e.v, 'free')}=${print(e.value, 'free')}}`;
      return slot === 'base' || slot === 'factor' ? group(s) : s;
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
  // (ab)^{-1} factors that follow a denominator factor are written after the fraction, so the
  // reciprocal factors read back in their order.
  const after: Expr[] = [];
  for (const f of factors) {
    if (f.kind === 'num') {
      coeff = { v: f.value.abs(), decimal: f.decimal };
      if (f.value.s < 0n) sign = '-';
    } else if (denominatorOf(f) !== null) {
      bottom.push(denominatorOf(f)!);
    } else if (bottom.length > 0) after.push(f);
    else top.push(f);
  }
  const decimalCoeff = coeff !== null && coeff.decimal && terminates(coeff.v.d) && coeff.v.d !== 1n;
  if (bottom.length === 0 && (coeff === null || coeff.v.d === 1n || decimalCoeff)) {
    const lead = coeff === null || (coeff.v.n === 1n && coeff.v.d === 1n) ? '' : ratLatex(coeff.v, coeff.decimal);
    return sign + juxtapose(lead, top, sign !== '');
  }
  // A decimal coefficient stays one number on top (\frac{0.5}{x}): split into 1 over 2 it would lose its decimal form.
  const numLead = coeff === null ? '' : decimalCoeff ? ratLatex(coeff.v, true) : coeff.v.n !== 1n ? coeff.v.n.toString() : '';
  const denLead = coeff !== null && coeff.v.d !== 1n && !decimalCoeff ? coeff.v.d.toString() : '';
  const numer = juxtapose(numLead, top) || '1';
  const denom = juxtapose(denLead, bottom);
  return `${sign}\\frac{${numer}}{${denom}}${after.map((f) => print(f, 'factor')).join('')}`;
}

/** Factors side by side, with `\cdot` or a space where plain juxtaposition would misread. */
function juxtapose(lead: string, factors: readonly Expr[], signed = false): string {
  let out = lead;
  let prev: Expr | null = null;
  // A lone factor needs no grouping, unless a minus sign stands before it: -(a+b).
  const alone = factors.length === 1 && lead === '' && !signed;
  for (const f of factors) {
    const s = print(f, alone ? 'free' : 'factor');
    if (out === '') out = s;
    else if (needsDot(prev, f, out, s)) out += `\\cdot ${s}`;
    else out += spaced(prev, out, s) ? ` ${s}` : s;
    prev = f;
  }
  return out;
}

/** `\neq f`, not `\neqf`: a command name followed by a letter needs a space. */
const joinWord = (left: string, right: string): string => (/\\[a-zA-Z]+$/.test(left) && /^[a-zA-Z]/.test(right) ? `${left} ${right}` : left + right);

/** Letters must be kept apart (`e x p` is not `exp`); a space also reads better after `x_1`. */
function spaced(prev: Expr | null, left: string, right: string): boolean {
  // `2 e+1`, not `2e+1`, which reads as the number 20.
  if (/\d$/.test(left) && /^[eE]/.test(right)) return true;
  const word = /^[a-zA-Z]/.test(right) || (/^\\[a-zA-Z]/.test(right) && !/^\\(?:left|frac|sqrt)/.test(right));
  if (!word) return false;
  return /[a-zA-Z]$/.test(left) || (prev !== null && prev.kind === 'sym' && (prev.sub !== undefined || prev.layer !== undefined));
}

/** A plain `d` (or a power of it) at the head of a product would read as a differential: `\frac{d y}{d x}`. */
const D = sym('d');
const isDifferentialLike = (e: Expr | null): boolean => e !== null && (e === D || (e.kind === 'pow' && e.base === D));

function needsDot(prev: Expr | null, next: Expr, left: string, right: string): boolean {
  if (prev === null) return /\d$/.test(left) && /^[\d.]/.test(right);
  if (isDifferentialLike(prev) && left === print(prev, 'factor')) return true;
  if (prev.kind === 'deriv' && !derivFracForm(prev)) return true;
  if (/^[\d.]/.test(right)) return true;
  if (right.startsWith('\\left(') || right.startsWith('(')) {
    // `f\left(x\right)` and `f^2\left(x\right)` would read as applications.
    if (prev.kind === 'sym' && readsAsApplication(prev, next)) return true;
    if (prev.kind === 'pow' && prev.base.kind === 'sym' && prev.base.layer === undefined && prev.base.primes === 0
      && readsAsApplication(prev.base, next)) return true;
  }
  if (prev.kind === 'note' && prev.note === 'text') return true;
  return next.kind === 'note' && next.note === 'text';
}

function power(base: Expr, exp: Expr, slot: Slot): string {
  if (exp.kind === 'num' && exp.value.s < 0n && denominatorOf(pow(base, exp)) !== null) {
    const s = product([pow(base, exp)]);
    return slot === 'base' ? group(s) : s;
  }
  if (exp.kind === 'num' && !exp.decimal && exp.value.s > 0n && exp.value.n === 1n && exp.value.d > 1n && exp.value.d < 100n) {
    const body = print(base, 'free');
    return exp.value.d === 2n ? `\\sqrt{${body}}` : `\\sqrt[${exp.value.d}]{${body}}`;
  }
  const e = script(print(exp, 'free'));
  if (base.kind === 'apply' && typeof base.fn === 'string' && poweredName(base)) {
    const s = `${fnName(base)}^${e}(${printedArgs(base).map((a) => print(a, 'free')).join(', ')})`;
    return slot === 'base' ? group(s) : s;
  }
  const s = `${print(base, 'base')}^${e}`;
  return slot === 'base' ? group(s) : s;
}

/**
 * (ab)^{-1} is written as a power: as \frac{1}{ab} it would read back as a^{-1}b^{-1}, since
 * the parser takes a written product under a fraction bar apart. (ab)^{-2} is safe as a fraction.
 */
function isProductInverse(base: Expr, exp: Expr): boolean {
  return base.kind === 'mul' && isMinusOne(exp);
}

/**
 * What `f` puts under a fraction bar (b^2 for b^{-2}), or null when `f` is not a reciprocal or
 * must stay a power: (ab)^{-1}, 0^{-2} (whose denominator 0^2 would fold to 0), x^{-0.5}.
 */
export function denominatorOf(f: Expr): Expr | null {
  if (!isReciprocal(f) || f.kind !== 'pow' || f.exp.kind !== 'num' || isProductInverse(f.base, f.exp)) return null;
  // x^{-0.5} stays a power: the parser's folding of (x^{0.5})^{-1} would drop the decimal form.
  if (f.exp.decimal) return null;
  const d = pow(f.base, num(f.exp.value.neg()));
  return (isMinusOne(f.exp) && d === f.base) || (d.kind === 'pow' && d.base === f.base) ? d : null;
}

/** `\tanh^2(z)`, `\sigma^2(z)`: named one-argument functions take the power on their name. */
function poweredName(a: Apply): boolean {
  return typeof a.fn === 'string' && !SPECIAL_PRINT.has(a.fn) && a.primes === 0 && printedArgs(a).length === 1;
}

/** The name of an applied function, written so that it reads back as an application. */
function fnName(a: Apply): string {
  const args = printedArgs(a);
  if (typeof a.fn !== 'string') {
    const s = a.fn;
    if (a.primes > 0 || args.length > 1 || readsAsApplication(s, args[0]!)) return symLatex(s);
    // Any other name: \operatorname{L}(a), \operatorname{w}_1(x).
    let name = `\\operatorname{${s.name}}`;
    if (s.layer !== undefined) name += layerLatex(s.layer);
    if (s.sub !== undefined) name += `_${script(s.sub)}`;
    return name;
  }
  if (!isFnName(a.fn)) return `\\operatorname{${a.fn}}`;
  if (a.fn === 'sigmoid' && args.some((x) => freeSet(x).has(SIGMA))) return '\\operatorname{sigmoid}';
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

/** Functions printed with their own notation (e^u, |u|, u^⊤, log_b, ‖u‖, u ⊙ v, u ⊗ v, δ_{ij}), never as `\name^2(u)`. */
const SPECIAL_PRINT: ReadonlySet<string> = new Set(['exp', 'abs', 'transpose', 'log', 'norm', 'hadamard', 'outer', 'kronecker', 'component', 'matrix']);

function application(a: Apply, slot: Slot): string {
  const args = printedArgs(a);
  const primes = "'".repeat(a.primes);
  // e^0 and e^1 would read back as the numbers 1 and e.
  if (a.fn === 'exp' && a.primes === 0 && !isZero(args[0]!) && !isOne(args[0]!)) {
    const s = `e^${script(print(args[0]!, 'free'))}`;
    return slot === 'base' ? group(s) : s;
  }
  if (a.fn === 'abs' && a.primes === 0) return `\\left|${print(args[0]!, 'free')}\\right|`;
  if (a.fn === 'transpose') {
    const s = `${print(args[0]!, 'base')}^\\top`;
    return slot === 'base' ? group(s) : s;
  }
  if (a.fn === 'log' && a.primes === 0) return `\\log_${script(print(a.args[1]!, 'free'))}(${print(a.args[0]!, 'free')})`;
  if ((a.fn === 'hadamard' || a.fn === 'outer') && a.primes === 0) {
    const s = `${print(a.args[0]!, 'factor')} \\${a.fn === 'hadamard' ? 'odot' : 'otimes'} ${print(a.args[1]!, 'factor')}`;
    return slot === 'factor' || slot === 'base' ? group(s) : s;
  }
  if (a.fn === 'norm' && a.primes === 0) return `\\left\\|${print(args[0]!, 'free')}\\right\\|`;
  if (a.fn === 'component' && a.primes === 0) return `${print(a.args[0]!, 'base')}_${script(print(a.args[1]!, 'free'))}`;
  if (a.fn === 'matrix' && a.primes === 0) return grid(a);
  if (a.fn === 'kronecker' && a.primes === 0) {
    const [i, j] = a.args.map((x) => print(x, 'free'));
    return `\\delta_{${i}${i!.length > 1 || j!.length > 1 ? ',' : ''}${j}}`;
  }
  return `${primedName(a.fn, a.primes) ?? fnName(a) + primes}(${args.map((x) => print(x, 'free')).join(', ')})`;
}

/** A literal as it reads back: a row as `\left[a, b\right]`, anything else as a pmatrix; dots where the run is left out. */
function grid(a: Apply): string {
  const { rows, cols, cells } = literalOf(a)!;
  const cell = (e: Expr): string => (e === ELLIPSIS ? (cols === 1 ? '\\vdots' : rows === 1 ? '\\dots' : '\\cdots') : print(e, 'free'));
  if (rows === 1 && cols > 1) return `\\left[${cells.map(cell).join(', ')}\\right]`;
  const lines = Array.from({ length: rows }, (_, i) => cells.slice(i * cols, (i + 1) * cols).map(cell).join(' & '));
  return `\\begin{pmatrix} ${lines.join(' \\\\ ')} \\end{pmatrix}`;
}

/** A user function's name with its primes where TeX wants them, before a layer index: `g'^{[1]}`. */
function primedName(fn: Apply['fn'], primes: number): string | null {
  if (typeof fn === 'string' || primes === 0) return null;
  return symLatex(sym(fn.name, { sub: fn.sub, layer: fn.layer, accent: fn.accent, primes }));
}

/** `L(a) = …`: the parser reads a name applied to one symbol or number left of `=` as a function. */
function definitionSide(op: RelOp, e: Expr): string {
  if (op !== '=' || e.kind !== 'apply' || typeof e.fn === 'string' || e.args.length !== 1) return print(e, 'free');
  const arg = e.args[0]!;
  if (arg.kind !== 'sym' && arg.kind !== 'num') return print(e, 'free');
  return `${primedName(e.fn, e.primes) ?? symLatex(e.fn)}(${print(arg, 'free')})`;
}

function derivFracForm(d: Deriv): boolean {
  return d.body.kind === 'sym';
}

function derivative(d: Deriv): string {
  if (d.wrt.every((v) => v === PRIME_VARIABLE)) return `${group(print(d.body, 'free'))}${"'".repeat(d.wrt.length)}`;
  const op = d.partial ? '\\partial' : 'd';
  const order = d.wrt.length;
  const runs: [Sym, number][] = [];
  // `wrt` lists the innermost variable first; Leibniz notation writes it last.
  for (const v of [...d.wrt].reverse()) {
    const last = runs[runs.length - 1];
    if (last && last[0] === v) last[1]++;
    else runs.push([v, 1]);
  }
  // `dz` as textbooks write it; `\partial z` needs the space to end the command.
  const gap = d.partial ? ' ' : '';
  const bottom = runs.map(([v, k]) => `${op}${gap}${k > 1 ? `${print(v, 'base')}^${script(String(k))}` : symLatex(v)}`).join(' ');
  const top = order > 1 ? `${op}^${script(String(order))}` : op;
  if (derivFracForm(d)) return `\\frac{${top}${order > 1 ? '' : gap}${symLatex(d.body as Sym)}}{${bottom}}`;
  return `\\frac{${top}}{${bottom}}${group(print(d.body, 'free'))}`;
}
