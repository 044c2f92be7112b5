/**
 * Plain-text printing (`1/(1 + exp(-z))`, `sigmoid(z)*(1 - sigmoid(z))`) and the indented tree
 * outline that `deriv parse` shows. The plain form reads back with `parse(…, { ascii: true })`.
 */
import { assertNever, sym, type Expr, type RelOp, type Sym } from '../core/expr.js';
import { FUNCTIONS, isFnName, type FnEntry } from '../core/functions.js';
import { accented, decimalString, denominatorOf, printedArgs, readsAsApplication, toLatex } from './latex.js';
import { joinSub } from '../core/indices.js';

const REL: Record<RelOp, string> = { '=': '=', '≈': '≈', '≠': '!=', '<': '<', '≤': '<=', '>': '>', '≥': '>=' };

type Slot = 'free' | 'factor' | 'base';

export function toText(e: Expr): string {
  return text(e, 'free');
}

/** `^[1]` for a layer; an example index or a mark as in LaTeX (`^{(i)}`, `^{*}`): plain `^(i)` is a power. */
const layerText = (layer: string): string => (/^\{.*\}$/.test(layer) ? `^${layer}` : /^(\(.*\)|\*|\+)$/.test(layer) ? `^{${layer}}` : `^[${layer}]`);

export function symText(s: Sym): string {
  // Accents have no plain spelling; the LaTeX one (`\hat{y}`) reads back in plain-text mode too.
  let out = s.accent ? accented(s.accent, s.name) : s.name;
  if (s.layer !== undefined) out += layerText(s.layer);
  if (s.sub !== undefined) out += `_${/^\w$/.test(s.sub) ? s.sub : `{${s.sub}}`}`;
  return out + "'".repeat(s.primes);
}

const paren = (s: string): string => `(${s})`;

/** An index after `_`: one character bare, anything longer in braces. */
function subscriptText(e: Expr): string {
  const t = text(e, 'free');
  return /^\w$/.test(t) ? t : `{${t}}`;
}

/** A user function's name, spelled so that it reads back as an application (see latex.ts). */
function userHead(s: Sym, primes: number, args: readonly Expr[]): string {
  if (primes > 0 || args.length > 1 || readsAsApplication(s, args[0]!)) return symText(s);
  return `\\operatorname{${s.name}}${s.layer !== undefined ? layerText(s.layer) : ''}${s.sub !== undefined ? symText(sym('_', { sub: s.sub })).slice(1) : ''}`;
}

function text(e: Expr, slot: Slot): string {
  switch (e.kind) {
    case 'num': {
      const v = e.value;
      const sign = v.s < 0n ? '-' : '';
      const s = v.d === 1n ? `${sign}${v.n}` : e.decimal && terminates(v.d) ? `${sign}${decimalString(v.n, v.d)}` : `${sign}${v.n}/${v.d}`;
      return (slot !== 'free' && (s.startsWith('-') || s.includes('/'))) ? paren(s) : s;
    }
    case 'const': return e.name;
    case 'sym': return symText(e);
    case 'add': {
      const s = e.terms.map((t, i) => {
        const p = text(t, 'free');
        return i === 0 ? p : p.startsWith('-') ? ` - ${p.slice(1)}` : ` + ${p}`;
      }).join('');
      return slot === 'free' ? s : paren(s);
    }
    case 'mul': {
      const top: string[] = [];
      const bottom: string[] = [];
      let sign = '';
      for (const f of e.factors) {
        if (f.kind === 'num') {
          // The coefficient: its numerator goes on top and its denominator below (x/2, not (1/2)*x).
          if (f.value.s < 0n) sign = '-';
          const v = f.value.abs();
          if (f.decimal && terminates(v.d)) top.push(decimalString(v.n, v.d));
          else {
            if (v.n !== 1n) top.push(String(v.n));
            if (v.d !== 1n) bottom.push(String(v.d));
          }
        } else if (denominatorOf(f) !== null) bottom.push(text(denominatorOf(f)!, 'factor'));
        else top.push(text(f, 'factor'));
      }
      const n = top.join('*') || '1';
      // Several denominator factors share parentheses: a/(b*c). A lone one is never a product
      // (b^{-1}c^{-1} is two factors; (bc)^{-1} prints as a power).
      const under = bottom.length === 1 ? bottom[0]! : paren(bottom.join('*'));
      const s = sign + (bottom.length === 0 ? n : `${n}/${under}`);
      return slot === 'base' || (slot === 'factor' && (sign || bottom.length)) ? paren(s) : s;
    }
    case 'pow': {
      if (denominatorOf(e) !== null) {
        return text({ ...e, kind: 'mul', factors: [e] } as unknown as Expr, slot);
      }
      if (e.exp.kind === 'num' && !e.exp.decimal && e.exp.value.s > 0n && e.exp.value.n === 1n && e.exp.value.d === 2n) return `sqrt(${text(e.base, 'free')})`;
      // A decorated exponent needs parentheses: x^(y_1), not x^y_1 (the subscript would go on x).
      const x = text(e.exp, 'base');
      const s = `${text(e.base, 'base')}^${/^[a-zA-Z0-9.]+$/.test(x) || x.startsWith('(') ? x : paren(x)}`;
      return slot === 'base' ? paren(s) : s;
    }
    case 'apply': {
      if (e.fn === 'transpose') return `${text(e.args[0]!, 'base')}^\\top`;
      // Entry i of a vector and the Kronecker delta, as in LaTeX: softmax(\mathbf{z})_i, delta_{ij}.
      if (e.fn === 'component') return `${text(e.args[0]!, 'base')}_${subscriptText(e.args[1]!)}`;
      // A literal has no plain spelling: its LaTeX one, as for accents.
      if (e.fn === 'matrix') return toLatex(e);
      if (e.fn === 'kronecker') return symText(sym('delta', { sub: joinSub(e.args.map((a) => text(a, 'free'))) }));
      const args = e.fn === 'log' ? e.args : printedArgs(e);
      const name = typeof e.fn === 'string' ? (isFnName(e.fn) ? (FUNCTIONS[e.fn] as FnEntry).text : e.fn) : userHead(e.fn, e.primes, args);
      return `${name}${"'".repeat(e.primes)}(${args.map((a) => text(a, 'free')).join(', ')})`;
    }
    case 'deriv': {
      const op = e.partial ? '∂' : 'd';
      const runs: [Sym, number][] = [];
      for (const v of [...e.wrt].reverse()) {
        const last = runs[runs.length - 1];
        if (last && last[0] === v) last[1]++;
        else runs.push([v, 1]);
      }
      const wrt = runs.map(([v, k]) => `${op}${symText(v)}${k > 1 ? `^${k}` : ''}`).join(' ');
      const top = e.wrt.length > 1 ? `${op}^${e.wrt.length}` : op;
      return e.body.kind === 'sym' ? `${top}${symText(e.body)}/${wrt}` : `${top}/${wrt}(${text(e.body, 'free')})`;
    }
    case 'sum': {
      const range = e.lo === null ? symText(e.index) : `${symText(e.index)}=${text(e.lo, 'free')}..${e.hi === null ? '' : text(e.hi, 'free')}`;
      return `${e.op}(${range}, ${text(e.body, 'free')})`;
    }
    case 'piecewise':
      return `{ ${e.pieces.map((p) => `${text(p.value, 'free')} if ${p.cond ? text(p.cond, 'free') : 'otherwise'}`).join('; ')} }`;
    case 'rel': return e.args.map((a, i) => (i === 0 ? definitionSide(e.ops[0]!, a) : ` ${REL[e.ops[i - 1]!]} ${text(a, 'free')}`)).join('');
    case 'note': return text(e.body, slot);
    case 'at': return `(${text(e.body, 'free')})|_(${symText(e.v)} = ${text(e.value, 'free')})`;
    default: return assertNever(e);
  }
}

/** `L(a) = …` reads as a definition of L (see `definitionSide` in latex.ts). */
function definitionSide(op: RelOp, e: Expr): string {
  const arg = e.kind === 'apply' && typeof e.fn !== 'string' && e.args.length === 1 ? e.args[0]! : null;
  if (op !== '=' || e.kind !== 'apply' || typeof e.fn === 'string' || arg === null || (arg.kind !== 'sym' && arg.kind !== 'num')) return text(e, 'free');
  return `${symText(e.fn)}${"'".repeat(e.primes)}(${text(arg, 'free')})`;
}

function terminates(d: bigint): boolean {
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n;
}

/** An indented outline of the tree, one node per line. */
export function toOutline(e: Expr): string {
  const lines: string[] = [];
  const walk = (x: Expr, depth: number): void => {
    const pad = '  '.repeat(depth);
    const line = (label: string, kids: readonly Expr[]): void => {
      lines.push(pad + label);
      for (const k of kids) walk(k, depth + 1);
    };
    switch (x.kind) {
      case 'num': return line(`num ${x.value.d === 1n ? text(x, 'free') : `${text(x, 'free')}`}`, []);
      case 'const': return line(`const ${x.name}`, []);
      case 'sym': return line(`sym ${symText(x)}`, []);
      case 'add': return line('add', x.terms);
      case 'mul': return line('mul', x.factors);
      case 'pow': return line('pow', [x.base, x.exp]);
      case 'apply': return line(`apply ${typeof x.fn === 'string' ? x.fn : symText(x.fn)}${"'".repeat(x.primes)}`, x.args);
      case 'deriv': return line(`deriv ${x.partial ? '∂' : 'd'}/${x.wrt.map((v) => `${x.partial ? '∂' : 'd'}${symText(v)}`).join(' ')}`, [x.body]);
      case 'piecewise':
        lines.push(`${pad}piecewise`);
        for (const p of x.pieces) {
          lines.push(`${pad}  piece ${p.cond ? `if ${text(p.cond, 'free')}` : 'otherwise'}`);
          walk(p.value, depth + 2);
        }
        return;
      case 'rel': return line(`rel ${x.ops.join(' ')}`, x.args);
      case 'sum': return line(`${x.op} ${symText(x.index)}${x.lo === null ? '' : `=${text(x.lo, 'free')}..${x.hi === null ? '' : text(x.hi, 'free')}`}`, [x.body]);
      case 'note': return line(`note ${x.note}${x.text ? ` "${x.text}"` : ''}`, [x.body]);
      case 'at': return line(`at ${symText(x.v)}`, [x.body, x.value]);
      default: return assertNever(x);
    }
  };
  walk(e, 0);
  return lines.join('\n');
}
