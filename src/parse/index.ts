/**
 * The parsing stage's public face: text → statements or one expression, as a result value.
 * The generated parser itself is run by ./run.ts only.
 */
import type { Expr } from '../core/expr.js';
import { rel } from '../core/expr.js';
import { cacheStats } from '../core/stats.js';
import { ParseError, toDiagnostic, type ParseErrorCode } from './errors.js';
import { tokenize } from './lexer.js';
import { canonicalScript } from './literals.js';
import { lowerDoc, type Statement } from './lower.js';
import { guard, readings, runParser, type Result } from './run.js';

export type { Result } from './run.js';
export { PARSE_REPLAY } from './run.js';

export interface ParseOptions {
  /** Plain-text mode: multi-letter words are single names (`lr`), `w1` is w₁, `alpha` is α. */
  readonly ascii?: boolean;
  /** Names to read as functions when followed by `( … )`: `L` makes `L(a)` an application. */
  readonly functions?: Iterable<string>;
  /** Reuse and keep recent results (default true); benchmarks of the parser itself turn it off. */
  readonly cache?: boolean;
}

/**
 * How many parse trees the grammar finds for `source` (0 when it does not parse). For tests
 * that hold the grammar to one reading per input; `parse` reports more than one as 'ambiguous'.
 */
export function countReadings(source: string, options: ParseOptions = {}): number {
  try {
    return readings(tokenize(source, options.ascii ?? false), source).length;
  } catch (e) {
    if (e instanceof ParseError) return 0;
    throw e;
  }
}

/** Every relation chain in a block of math (rows of an `aligned` environment join into one chain). */
export function parseStatements(source: string, options: ParseOptions = {}): Result<Statement[]> {
  const functions = [...new Set([...(options.functions ?? [])].map(canonicalScript))].sort();
  const key = `${options.ascii ? 'a' : 'l'}\u0000${functions.join('\u0001')}\u0000${source}`;
  const useCache = options.cache ?? true;
  const hit = useCache ? cache.get(key) : undefined;
  if (useCache) PARSE_CACHE.stats[hit === undefined ? 'misses' : 'hits']++;
  if (hit !== undefined) return hit;
  const result = guard(() => {
    const tokens = tokenize(source, options.ascii ?? false);
    const doc = runParser(tokens, source);
    return Object.freeze(lowerDoc(doc, { source, functions: new Set(functions) })) as Statement[];
  });
  if (!useCache) return result;
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}

/**
 * Parsing is a pure function of the text and options, and the same lines recur (a class of
 * students writes the same steps; a derivation restates its previous line), so recent results
 * are kept. Bounded, oldest out first; results are frozen since callers share them.
 */
const CACHE_SIZE = 4096;
const cache = new Map<string, Result<Statement[]>>();

/** The cache's hit counts, and a way to empty it (benchmarks measure cold calls after `clear`). */
export const PARSE_CACHE = { stats: cacheStats(), clear: (): void => cache.clear() };

/** One expression, or one relation chain as a `rel` node. */
export function parse(source: string, options: ParseOptions = {}): Result<Expr> {
  const r = parseStatements(source, options);
  if (!r.ok) return r;
  const [s, ...more] = r.value;
  const error = (code: ParseErrorCode, params: Record<string, string | number>, at: { start: number; line: number; col: number }): Result<Expr> =>
    ({ ok: false, error: toDiagnostic(new ParseError(code, params, at.start, at.line, at.col)) });
  if (s === undefined) return error('empty', {}, { start: 0, line: 1, col: 1 });
  if (more.length > 0) return error('several-statements', { count: r.value.length }, more[0]!.span);
  if (s.lead !== null) return error('relation-without-operand', { side: 'left' }, s.span);
  if (s.trail !== null) {
    const lines = source.split('\n');
    return error('relation-without-operand', { side: 'right' }, { start: source.length, line: lines.length, col: lines[lines.length - 1]!.length + 1 });
  }
  return { ok: true, value: s.args.length === 1 ? s.args[0]! : rel(s.ops, s.args) };
}

/** Like `parse`, but throws on error: for trusted input such as rule tables and tests. */
export function parseOrThrow(source: string, options: ParseOptions = {}): Expr {
  const r = parse(source, options);
  if (!r.ok) throw new Error(`${r.error.message} at ${r.error.line}:${r.error.column} in ${JSON.stringify(source)}`);
  return r.value;
}

export type { Statement } from './lower.js';
export type { Diagnostic } from './errors.js';
export { formatDiagnostic } from './errors.js';
