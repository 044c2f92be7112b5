/**
 * A total order on trees for canonical forms: sums and products are sorted with it so that
 * a+b and b+a become one node. It compares a structural hash, cached per node, so sorting a
 * large shared tree costs O(1) per comparison; it never depends on node ids (creation order),
 * so the order is the same in every run.
 */
import { assertNever, children, type Expr } from '../core/expr.js';

const hashes = new WeakMap<Expr, number>();

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

function strHash(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const KIND_SEED: Record<Expr['kind'], number> = {
  num: 1, const: 2, sym: 3, add: 4, mul: 5, pow: 6, apply: 7, deriv: 8, piecewise: 9, rel: 10, note: 11, sum: 12, at: 13,
};

export function structuralHash(e: Expr): number {
  const hit = hashes.get(e);
  if (hit !== undefined) return hit;
  let h = KIND_SEED[e.kind];
  switch (e.kind) {
    case 'num': h = strHash(`${e.value.s * e.value.n}/${e.value.d}`, h); break;
    case 'const': h = strHash(e.name, h); break;
    case 'sym': h = strHash(`${e.name}|${e.sub ?? ''}|${e.layer ?? ''}|${e.accent ?? ''}|${e.primes}`, h); break;
    case 'apply': h = strHash(`${typeof e.fn === 'string' ? e.fn : structuralHash(e.fn)}'${e.primes}`, h); break;
    case 'deriv': h = mix(h, e.partial ? 1 : 0); break;
    case 'rel': h = strHash(e.ops.join(''), h); break;
    case 'note': h = strHash(e.note + e.text, h); break;
    case 'sum': h = mix(strHash(e.op, h), structuralHash(e.index)); break;
    case 'at': h = mix(h, structuralHash(e.v)); break;
    case 'add': case 'mul': case 'pow': case 'piecewise': break;
    default: assertNever(e);
  }
  for (const c of children(e)) h = mix(h, structuralHash(c));
  if (e.kind === 'piecewise') for (const p of e.pieces) h = mix(h, p.cond ? 1 : 2);
  hashes.set(e, h);
  return h;
}

/** Numbers first, then by kind, then by hash; equal only for the same node. */
export function compareExpr(a: Expr, b: Expr): number {
  if (a === b) return 0;
  const ka = KIND_SEED[a.kind];
  const kb = KIND_SEED[b.kind];
  if (ka !== kb) return ka - kb;
  if (a.kind === 'num' && b.kind === 'num') return a.value.compare(b.value);
  const ha = structuralHash(a);
  const hb = structuralHash(b);
  if (ha !== hb) return ha - hb;
  return a.id - b.id; // a hash collision between different nodes: rare, and only affects order
}
