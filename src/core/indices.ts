/**
 * Indices, as ML notes write them: `z_k`, `W_{ij}`, `y_{k,j}` are components, and a single letter
 * in a subscript is an index that a sum (`\sum_k`) binds or that a claim leaves free (`p_i`,
 * `\delta_{ij}`). A subscript is taken apart into index tokens: by its commas (`i,j`), letter by
 * letter when it is a short run of letters (`ij`), and otherwise whole (`h1`, `total`: a label,
 * never an index).
 *
 * Renaming an index (k → 2, i → j; `renameIndices` in walk.ts) rewrites both the index symbol and
 * every subscript that names it, so `\sum_{k=1}^{3} e^{z_k}` expands to e^{z_1} + e^{z_2} + e^{z_3}.
 */
import { num, sym, type Expr, type Sym } from './expr.js';

/** A subscript's index tokens: `i,j` → [i, j], `ij` → [i, j], `2j` → [2, j], `h1` → [h1]. */
export function subTokens(sub: string | undefined): string[] {
  if (sub === undefined) return [];
  if (sub.includes(',')) return sub.split(',').map((t) => t.trim());
  if (/^[a-zA-Z]{1,3}$/.test(sub) || /^(?:[a-zA-Z]|\d+)(?:[a-zA-Z])$/.test(sub)) return [...sub.matchAll(/\d+|[a-zA-Z]/g)].map((m) => m[0]);
  return [sub];
}

/**
 * Tokens back into a subscript: one character each runs together (`2j`, `11`), except a letter
 * before a digit (`k1` reads as a label, so k and 1 give `k,1`); longer ones take commas (`10,j`).
 */
export function joinSub(tokens: readonly string[]): string {
  const run = tokens.join('');
  return tokens.every((t) => t.length === 1) && !/[a-zA-Z]\d/.test(run) ? run : tokens.join(',');
}

/** A token that can be an index: one letter. */
export const isIndexToken = (t: string): boolean => /^[a-zA-Z]$/.test(t);

/**
 * The index in a layer superscript, the example or layer of ML notes: `x^{(i)}` → i,
 * `W^{(l+1)}` → l and 1 (an offset), `W^{[l]}` → l, and Nielsen's `w_{jk}^{l}`, `a_k^{l-1}` (a
 * lower-case letter; `a^{[L]}`, the last layer, is a label). `x^{(2)}` has none.
 */
export function layerIndex(layer: string | undefined): { readonly letter: string; readonly offset: number } | null {
  if (layer === undefined) return null;
  const inner = layerBrackets(layer);
  const m = /^([a-z])\s*(?:([+-])\s*(\d+))?$/.exec(layer.slice(inner[0].length, layer.length - inner[1].length));
  if (m === null || (inner[0] !== '(' && m[1] === undefined)) return null;
  if (inner[0] !== '(' && /^[A-Z]/.test(m[1]!)) return null;
  return { letter: m[1]!, offset: m[2] === undefined ? 0 : (m[2] === '-' ? -1 : 1) * Number(m[3]) };
}

/**
 * The brackets a layer superscript is stored with: `(l)`, `{l+1}` (Nielsen's), or none (`[l]` is
 * stored as `l`). Ng's `a^{[1](i)}`, a layer and an example, is stored as `1(i)`: its index is the
 * example's, and the layer stays in front of the bracket.
 */
export function layerBrackets(layer: string): readonly [string, string] {
  if (layer.endsWith(')') && layer.includes('(')) return [layer.slice(0, layer.indexOf('(') + 1), ')'];
  return layer.startsWith('{') && layer.endsWith('}') ? ['{', '}'] : ['', ''];
}

/** A layer superscript with its index given a value (a number, or another letter), in the brackets it was written with. */
export function renameLayer(layer: string, value: number | string): string {
  const at = layerIndex(layer)!;
  const [open, close] = layerBrackets(layer);
  if (typeof value === 'number') return `${open}${value + at.offset}${close}`;
  return `${open}${at.offset === 0 ? value : `${value}${at.offset > 0 ? '+' : '-'}${Math.abs(at.offset)}`}${close}`;
}

/** Whether the symbol is the index itself or a component it names (`k`, `z_k`, `W_{kj}`, `x^{(k)}`). */
export function boundBy(s: Sym, index: Sym): boolean {
  if (s === index) return true;
  return index.sub === undefined && index.layer === undefined && index.accent === undefined
    && (subTokens(s.sub).includes(index.name) || layerIndex(s.layer)?.letter === index.name);
}

/** The index letters a symbol names: in its subscript (`W_{ij}` → i, j) and its parenthesised superscript (`x^{(i)}`). */
export function subIndices(s: Sym): string[] {
  const out = subTokens(s.sub).filter(isIndexToken);
  const layer = layerIndex(s.layer);
  if (layer !== null && !out.includes(layer.letter)) out.push(layer.letter);
  return out;
}

/** Accents that make a name a vector or matrix (`\mathbf{z}`, `\vec{x}`): its entries drop them. */
export const BOLD_ACCENTS: ReadonlySet<string> = new Set(['mathbf', 'boldsymbol', 'bm', 'vec']);

/** Whether accents (outermost first, space-separated: `hat mathbf`) make a name bold: a vector or matrix. */
export const isBold = (accent: string | undefined): boolean => accent !== undefined && accent.split(' ').some((a) => BOLD_ACCENTS.has(a));

/** The accents an entry of a bold name keeps: `\hat{\mathbf{y}}` has entries \hat{y}_i. */
export function plainAccent(accent: string | undefined): string | undefined {
  const kept = accent?.split(' ').filter((a) => !BOLD_ACCENTS.has(a)) ?? [];
  return kept.length === 0 ? undefined : kept.join(' ');
}

/** The entry of a vector or matrix at `at` (indices or numbers): `\mathbf{z}`, [k] → z_k; `W^{[1]}`, [1, 2] → W^{[1]}_{12}. */
export function entryOf(s: Sym, at: readonly string[]): Sym {
  return sym(s.name, { sub: joinSub([...subTokens(s.sub), ...at]), layer: s.layer, accent: plainAccent(s.accent) });
}

/** An index token as a tree: a letter is a symbol (`j`), digits a number (`2`). */
export const tokenExpr = (t: string): Expr => (/^\d+$/.test(t) ? num(t) : sym(t));

/** A tree as an index token, when it is one: a one-letter name without decorations, or a whole number ≥ 0. */
export function exprToken(e: Expr): string | null {
  if (e.kind === 'sym') return e.sub === undefined && e.layer === undefined && e.accent === undefined && e.primes === 0 && isIndexToken(e.name) ? e.name : null;
  if (e.kind === 'num') return e.value.d === 1n && (e.value.s > 0n || e.value.n === 0n) ? e.value.n.toString() : null;
  return null;
}

/** Whether a name is a whole vector: bold and lower case, without index (`\mathbf{z}`, `\vec{x}`, `\boldsymbol{\delta}`). */
export const isVectorName = (s: Sym): boolean =>
  isBold(s.accent) && s.sub === undefined && s.primes === 0 && !/^[A-Z]/.test(s.name);

/**
 * Whether `entry` is one entry of the vector `vector`, as notes write them: `z_j` of
 * `\mathbf{z}`, `a_k^{(l)}` of `\mathbf{a}^{(l)}` (same name and layer, one index, no accent).
 */
export function isEntryOf(entry: Sym, vector: Sym): boolean {
  return isVectorName(vector) && entry.name === vector.name && entry.layer === vector.layer && entry.accent === plainAccent(vector.accent)
    && entry.primes === 0 && subTokens(entry.sub).length === 1;
}
