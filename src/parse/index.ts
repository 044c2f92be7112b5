/**
 * The parsing stage's public face: text → statements or one expression, as a result value.
 * This is the only module that touches the generated parser (./generated/grammar.ts, compiled
 * from grammar/math.ne by `npm run grammar`, which `build` and `test` run first).
 */
import nearley from 'nearley';
import type { Expr } from '../core/expr.js';
import { rel } from '../core/expr.js';
import { isStackOverflow } from '../core/errors.js';
import { cacheStats } from '../core/stats.js';
import type { Doc } from './cst.js';
import { ParseError, toDiagnostic, type Diagnostic, type ParseErrorCode } from './errors.js';
import compiled from './generated/grammar.js';
import { LIMITS, TokenStream, tokenize, type Token } from './lexer.js';
import { canonicalScript } from './literals.js';
import { lowerDoc, type Statement } from './lower.js';

export type Result<T, E = Diagnostic> = { ok: true; value: T } | { ok: false; error: E };

export interface ParseOptions {
  /** Plain-text mode: multi-letter words are single names (`lr`), `w1` is w₁, `alpha` is α. */
  readonly ascii?: boolean;
  /** Names to read as functions when followed by `( … )`: `L` makes `L(a)` an application. */
  readonly functions?: Iterable<string>;
  /** Reuse and keep recent results (default true); benchmarks of the parser itself turn it off. */
  readonly cache?: boolean;
}

const grammar = nearley.Grammar.fromCompiled(compiled);

const OPEN = new Set(['lparen', 'lbrack', 'lbrace', 'lcurly', 'lvert', 'begin']);
const CLOSE = new Set(['rparen', 'rbrack', 'rbrace', 'rcurly', 'rvert', 'end']);

const EXPECTED: Record<string, string> = {
  rparen: '`)`', rbrack: '`]`', rbrace: '`}`', rcurly: '`\\}`', rvert: '`\\right|`', bar: '`|`', lbrace: '`{`',
  number: 'a number', ident: 'a name', greek: 'a name', relop: 'a relation', end: '\\end{…}', amp: '`&`',
  lparen: '`(`', fname: 'a function', frac: '\\frac', comma: '`,`', nl: '`\\\\`',
};

function checkDepth(tokens: readonly Token[]): void {
  let depth = 0;
  for (const t of tokens) {
    if (OPEN.has(t.type) && ++depth > LIMITS.maxDepth) {
      throw new ParseError('too-deep', { limit: LIMITS.maxDepth }, t.offset, t.line, t.col);
    }
    if (CLOSE.has(t.type)) depth--;
  }
}

function expectedAt(parser: nearley.Parser, column: number): string {
  const table = (parser as unknown as { table: { scannable: { rule: { symbols: { type?: string }[] }; dot: number }[] }[] }).table;
  const states = table[column]?.scannable ?? [];
  const types = new Set<string>();
  for (const s of states) {
    const sym = s.rule.symbols[s.dot];
    if (sym?.type && EXPECTED[sym.type]) types.add(sym.type);
  }
  // A missing closer is the likeliest mistake, so it is named first: "expected `}`, …".
  const ordered = [...types].sort((a, b) => Number(CLOSE.has(b)) - Number(CLOSE.has(a)));
  return [...new Set(ordered.map((t) => EXPECTED[t]!))].slice(0, 5).join(', ');
}

function runParser(tokens: readonly Token[], source: string): Doc {
  const results = readings(tokens, source);
  if (results.length > 1) {
    const bar = tokens.find((t) => t.type === 'bar');
    throw new ParseError('ambiguous', { count: results.length, advice: bar ? 'write nested absolute values with \\left| … \\right|' : 'add parentheses' }, bar?.offset ?? 0, bar?.line ?? 1, bar?.col ?? 1);
  }
  return results[0]!;
}

/** Every complete parse of the tokens (the grammar is meant to give exactly one). */
function readings(tokens: readonly Token[], source: string): Doc[] {
  if (tokens.length === 0) throw new ParseError('empty', {}, 0, 1, 1);
  checkDepth(tokens);
  grammar.lexer = new TokenStream(tokens) as unknown as nearley.Lexer;
  const parser = new nearley.Parser(grammar);
  try {
    parser.feed(source);
  } catch (e) {
    // A builder's own positioned refusal (`\frac 1e5`) passes through as it is.
    if (e instanceof ParseError) throw e;
    const err = e as { offset?: number; token?: Token };
    const tok = err.token ?? tokens[err.offset ?? 0];
    if (!tok) throw e;
    throw new ParseError('unexpected-token', { found: `\`${tok.text}\``, expected: expectedAt(parser, (err.offset ?? 1) - 1) }, tok.offset, tok.line, tok.col);
  }
  const results = parser.results as Doc[];
  if (results.length === 0) {
    const lines = source.split('\n');
    const last = tokens[tokens.length - 1]!;
    throw new ParseError('unexpected-end', { expected: expectedAt(parser, tokens.length) }, source.length, lines.length, (lines[lines.length - 1]?.length ?? 0) + 1 + (last ? 0 : 0));
  }
  return results;
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

function guard<T>(f: () => T): Result<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: toDiagnostic(e) };
    if (isStackOverflow(e)) return { ok: false, error: { code: 'too-deep', message: 'expression is too deeply nested', offset: 0, line: 1, column: 1 } };
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
