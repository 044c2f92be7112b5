/**
 * Vectors and matrices written entry by entry: `\begin{pmatrix} a & b \\ c & d \end{pmatrix}`,
 * `\left[a, b, c\right]`, and runs written with dots,
 *
 *   \begin{pmatrix} \hat{y}_1 - y_1 \\ \vdots \\ \hat{y}_n - y_n \end{pmatrix}     [\mathbf{x}^{(1)}, \dots, \mathbf{x}^{(m)}]
 *
 * A literal is an application of the table function `matrix` to the numbers of rows and columns
 * as written, then the written entries row by row; `ELLIPSIS` stands for the entries the dots
 * leave out. An entry may itself be a vector or matrix (the columns `\mathbf{x}^{(i)}` of X): the
 * literal is then a block matrix. Only the checker's entry-by-entry path (check/tensor.ts) gives
 * a literal a value; as a number it is undefined.
 *
 * A run's entries follow the pattern its first and last entries show: the same expression except
 * for one index, 1 (or 0) in the first and a size (`n`, `m`, `K`) or a number in the last.
 */
import { ELLIPSIS, apply, num, sym, type Apply, type Expr, type Sym } from './expr.js';
import { layerIndex, subIndices, subTokens, tokenExpr } from './indices.js';
import { MAX_RUN_ENTRIES } from './limits.js';
import { renameIndices, symbolsIn } from './walk.js';

/** The written form of a literal: its numbers of rows and columns and its entries, row by row. */
export interface Literal { readonly rows: number; readonly cols: number; readonly cells: readonly Expr[] }

export function literal(rows: number, cols: number, cells: readonly Expr[]): Apply {
  if (cells.length !== rows * cols) throw new Error('literal: a grid of r rows and c columns has r·c entries');
  return apply('matrix', [num(rows), num(cols), ...cells]);
}

export function literalOf(e: Expr): Literal | null {
  if (e.kind !== 'apply' || e.fn !== 'matrix') return null;
  const [r, c, ...cells] = e.args;
  return { rows: Number(r!.kind === 'num' ? r.value.valueOf() : 0), cols: Number(c!.kind === 'num' ? c.value.valueOf() : 0), cells };
}

/** The pattern of a run: entry k is `pattern` with `index` = k, for k from `lo` to `hi`. */
export interface RunPattern { readonly pattern: Expr; readonly index: Sym; readonly lo: number; readonly hi: Expr }

/** Letters a run's pattern may use for its index, in order of preference. */
const INDEX_LETTERS = ['i', 'k', 'j', 'l', 'p', 'q'];

/**
 * The pattern of `before…, \dots, last`: the entries written before the dots are its first
 * instances (at lo, lo + 1, …), `last` its last one. Null when no index fits.
 */
export function runPattern(before: readonly Expr[], last: Expr): RunPattern | null {
  const all = [...before, last];
  const used = new Set(all.flatMap((e) => [...symbolsIn(e)].flatMap((s) => [s.name, ...subIndices(s)])));
  const index = INDEX_LETTERS.find((n) => !used.has(n));
  if (index === undefined || before.length === 0) return null;
  const tops = new Set<string>();
  for (const s of symbolsIn(last)) {
    for (const t of subTokens(s.sub)) tops.add(t);
    const layer = layerIndex(s.layer);
    if (layer !== null && layer.offset === 0) tops.add(layer.letter);
  }
  for (const top of tops) {
    if (!/^(?:[a-zA-Z]|\d+)$/.test(top)) continue;
    const pattern = renameIndices(last, new Map([[top, index]]));
    if (pattern === last) continue;
    for (const lo of [1, 0]) {
      if (/^\d+$/.test(top) && Number(top) < lo + before.length) continue;
      if (before.every((e, k) => renameIndices(pattern, new Map([[index, lo + k]])) === e)) return { pattern, index: sym(index), lo, hi: tokenExpr(top) };
    }
  }
  return null;
}

/** The run of a literal written with dots (one row or one column, one entry after the dots), or null. */
export function literalRun(l: Literal): RunPattern | null {
  const at = l.cells.indexOf(ELLIPSIS);
  if (at < 0 || at !== l.cells.length - 2) return null;
  return runPattern(l.cells.slice(0, at), l.cells[at + 1]!);
}

/**
 * How many entries a run has when its last index is `hi` (a number, or a size's value), or null
 * when that is not known or above `MAX_RUN_ENTRIES`.
 */
export function runLength(run: RunPattern, size: (s: Sym) => number | undefined): number | null {
  const hi = run.hi.kind === 'num' ? Number(run.hi.value.valueOf()) : run.hi.kind === 'sym' ? size(run.hi) : undefined;
  const n = hi === undefined ? 0 : hi - run.lo + 1;
  return n >= 1 && n <= MAX_RUN_ENTRIES ? n : null;
}

/** Whether a literal is written with dots. */
export const hasRun = (l: Literal): boolean => l.cells.includes(ELLIPSIS);

/**
 * A literal with its run written out: `count` entries along the run's direction. The entries
 * stand where the written ones stood (a column stays a column).
 */
export function writeOutRun(l: Literal, run: RunPattern, count: number): Apply {
  const cells = Array.from({ length: count }, (_, k) => renameIndices(run.pattern, new Map([[run.index.name, run.lo + k]])));
  return l.cols === 1 && l.rows > 1 ? literal(count, 1, cells) : literal(1, count, cells);
}
