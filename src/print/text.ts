/**
 * Plain-text printing (`1/(1 + exp(-z))`, `sigmoid(z)*(1 - sigmoid(z))`) and the indented tree
 * outline that `deriv parse` shows. The plain form reads back with `parse(…, { ascii: true })`.
 */
import { assertNever, isReciprocal, num, pow, type Expr, type RelOp, type Sym } from '../core/expr.js';
import { FUNCTIONS, isFnName, type FnEntry } from '../core/functions.js';
import { printedArgs, toLatex } from './latex.js';

const REL: Record<RelOp, string> = { '=': '=', '≈': '≈', '≠': '!=', '<': '<', '≤': '<=', '>': '>', '≥': '>=' };

type Slot = 'free' | 'factor' | 'base';

export function toText(e: Expr): string {
  return text(e, 'free');
}

export function symText(s: Sym): string {
  let out = s.accent ? `${s.accent}(${s.name})` : s.name;
  if (s.layer !== undefined) out += `^[${s.layer}]`;
  if (s.sub !== undefined) out += `_${/^\w$/.test(s.sub) ? s.sub : `{${s.sub}}`}`;
  return out + "'".repeat(s.primes);
}

const paren = (s: string): string => `(${s})`;

function text(e: Expr, slot: Slot): string {
  switch (e.kind) {
    case 'num': {
      const v = e.value;
      const s = v.d === 1n ? `${v.s < 0n ? '-' : ''}${v.n}` : e.decimal ? toLatex(e) : `${v.s < 0n ? '-' : ''}${v.n}/${v.d}`;
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
        if (f.kind === 'num' && f.value.s < 0n && f === e.factors[0]) {
          sign = '-';
          if (!(f.value.n === 1n && f.value.d === 1n)) top.push(text(num(f.value.neg()), 'factor'));
        } else if (isReciprocal(f) && f.kind === 'pow' && f.exp.kind === 'num') bottom.push(text(pow(f.base, num(f.exp.value.neg())), 'factor'));
        else top.push(text(f, 'factor'));
      }
      const n = top.join('*') || '1';
      const s = sign + (bottom.length === 0 ? n : `${n}/${bottom.length === 1 ? bottom[0] : paren(bottom.join('*'))}`);
      return slot === 'base' || (slot === 'factor' && (sign || bottom.length)) ? paren(s) : s;
    }
    case 'pow': {
      if (e.exp.kind === 'num' && e.exp.value.s < 0n) return text({ ...e, kind: 'mul', factors: [e] } as unknown as Expr, slot);
      const s = `${text(e.base, 'base')}^${text(e.exp, 'base')}`;
      return slot === 'base' ? paren(s) : s;
    }
    case 'apply': {
      const name = typeof e.fn === 'string' ? (isFnName(e.fn) ? (FUNCTIONS[e.fn] as FnEntry).text : e.fn) : symText(e.fn);
      const args = e.fn === 'log' ? e.args : printedArgs(e);
      return `${name}${"'".repeat(e.primes)}(${args.map((a) => text(a, 'free')).join(', ')})`;
    }
    case 'deriv': {
      const op = e.partial ? '∂' : 'd';
      const wrt = e.wrt.map((v) => `${op}${symText(v)}`).join(' ');
      const top = e.wrt.length > 1 ? `${op}^${e.wrt.length}` : op;
      return e.body.kind === 'sym' ? `${top}${symText(e.body)}/${wrt}` : `${top}/${wrt}(${text(e.body, 'free')})`;
    }
    case 'piecewise':
      return `{ ${e.pieces.map((p) => `${text(p.value, 'free')} if ${p.cond ? text(p.cond, 'free') : 'otherwise'}`).join('; ')} }`;
    case 'rel': return e.args.map((a, i) => (i === 0 ? '' : ` ${REL[e.ops[i - 1]!]} `) + text(a, 'free')).join('');
    case 'note': return text(e.body, slot);
    default: return assertNever(e);
  }
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
      case 'note': return line(`note ${x.note}${x.text ? ` "${x.text}"` : ''}`, [x.body]);
      default: return assertNever(x);
    }
  };
  walk(e, 0);
  return lines.join('\n');
}
