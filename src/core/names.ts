/**
 * Function names the table does not know. A word applied to arguments (`\operatorname{relu6}(x)`,
 * a typo such as `\operatorname{swsh}(x)`) is read as an unknown function, which is correct but
 * rarely meant: callers warn, with the closest name of the table when there is one close enough.
 * Single letters and Greek names (f, g, φ, ψ) are the usual names of unknown functions and are
 * not reported.
 */
import { children, type Expr, type Sym } from './expr.js';
import { FUNCTIONS, GREEK, type FnEntry, type FnName } from './functions.js';

export interface UnknownName {
  /** The name as written (its LaTeX head: `relu6`). */
  readonly name: string;
  /** The table's LaTeX name of the closest function (`\operatorname{ReLU}`), or null. */
  readonly closest: string | null;
}

/** Edit distance (insertions, deletions, substitutions), for suggestions between short words. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/** The table function whose name is closest to `word` (at most a third of its letters off), or null. */
export function closestFunction(word: string): FnName | null {
  const w = word.toLowerCase().replace(/[\s_{}-]/g, '');
  let best: { fn: FnName; d: number } | null = null;
  for (const [fn, entry] of Object.entries(FUNCTIONS) as [FnName, FnEntry][]) {
    for (const name of [fn, ...entry.words]) {
      const d = distance(w, name.toLowerCase().replace(/[\s_{}-]/g, ''));
      if (d <= Math.max(1, Math.floor(w.length / 3)) && (best === null || d < best.d)) best = { fn, d };
    }
  }
  return best?.fn ?? null;
}

const reportable = (s: Sym): boolean => s.name.length > 1 && !Object.hasOwn(GREEK, s.name);

/** The heads of `e` that are reportable words, cached per node (a checker judges the same sides again and again). */
const heads = new WeakMap<Expr, readonly Sym[]>();
function wordHeads(e: Expr): readonly Sym[] {
  const hit = heads.get(e);
  if (hit !== undefined) return hit;
  const own = e.kind === 'apply' && typeof e.fn !== 'string' && reportable(e.fn) ? [e.fn] : [];
  const all = [...new Set([...own, ...children(e).flatMap(wordHeads)])];
  heads.set(e, all);
  return all;
}

/** Words applied as functions in `e` that are neither in the table nor among `known` (defined functions), each once. */
const NONE: ReadonlySet<Sym> = new Set();

export function unknownFunctionNames(e: Expr, known: ReadonlySet<Sym> = NONE): UnknownName[] {
  const out: UnknownName[] = [];
  for (const head of wordHeads(e)) {
    if (known.has(head) || out.some((u) => u.name === head.name)) continue;
    const fn = closestFunction(head.name);
    out.push({ name: head.name, closest: fn === null ? null : FUNCTIONS[fn].latex });
  }
  return out;
}
