/**
 * Running the generated parser over a token list: the only module that touches it
 * (./generated/grammar.ts, compiled from grammar/math.ne by `npm run grammar`, which `build` and
 * `test` run first). Errors come back as ParseError with the position of the culprit.
 */
import nearley from 'nearley';
import type { Doc } from './cst.js';
import { ParseError, toDiagnostic, type Diagnostic } from './errors.js';
import compiled from './generated/grammar.js';
import { isStackOverflow } from '../core/errors.js';
import { LIMITS, TokenStream, type Token } from './lexer.js';
import { cacheStats } from '../core/stats.js';
import { derivation, RecordingStream, replay, shapeKey, type Derivation } from './replay.js';

export type Result<T, E = Diagnostic> = { ok: true; value: T } | { ok: false; error: E };

const grammar = nearley.Grammar.fromCompiled(compiled);

export const OPEN = new Set(['lparen', 'lbrack', 'lbrace', 'lcurly', 'lvert', 'ldbar', 'begin', 'matrix']);
export const CLOSE = new Set(['rparen', 'rbrack', 'rbrace', 'rcurly', 'rvert', 'rdbar', 'end']);

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

export function runParser(tokens: readonly Token[], source: string): Doc {
  const results = readings(tokens, source);
  if (results.length > 1) {
    const bar = tokens.find((t) => t.type === 'bar');
    throw new ParseError('ambiguous', { count: results.length, advice: bar ? 'write nested absolute values with \\left| … \\right|' : 'add parentheses' }, bar?.offset ?? 0, bar?.line ?? 1, bar?.col ?? 1);
  }
  return results[0]!;
}

/**
 * Lines of a class, or of one derivation, differ in names and numbers but share their token
 * shape (`\frac{d}{dz}\frac{1}{u_{17}}`, `…{u_{42}}`), so the derivation of each shape that
 * parsed in exactly one way is kept and replayed (./replay.ts) instead of running the Earley
 * parser again. Errors and ambiguous or empty parses are never kept: they run the parser and
 * are reported by it. Bounded, oldest out first; lines longer than `maxTokens` are not kept,
 * since keeping the chart of a parse to read its derivation costs memory in proportion.
 */
const REPLAY_SIZE = 4096;
const derivations = new Map<string, Derivation>();

/** Replay's hit counts; `enabled: false` runs the Earley parser on every line (tests, benchmarks). */
export const PARSE_REPLAY = {
  enabled: true,
  maxTokens: 400,
  stats: cacheStats(),
  clear: (): void => derivations.clear(),
};

/** Every complete parse of the tokens (the grammar is meant to give exactly one). */
export function readings(tokens: readonly Token[], source: string): Doc[] {
  if (tokens.length === 0) throw new ParseError('empty', {}, 0, 1, 1);
  checkDepth(tokens);
  const key = PARSE_REPLAY.enabled && tokens.length <= PARSE_REPLAY.maxTokens ? shapeKey(tokens) : null;
  if (key === null) return earley(tokens, source, new TokenStream(tokens));
  const known = derivations.get(key);
  PARSE_REPLAY.stats[known === undefined ? 'misses' : 'hits']++;
  if (known !== undefined) return [replay<Doc>(known, tokens, grammar)];
  const stream = new RecordingStream(tokens);
  const results = earley(tokens, source, stream);
  if (results.length === 1) {
    if (derivations.size >= REPLAY_SIZE) derivations.delete(derivations.keys().next().value!);
    derivations.set(key, derivation(stream.columns, grammar));
  }
  return results;
}

function earley(tokens: readonly Token[], source: string, stream: TokenStream): Doc[] {
  grammar.lexer = stream as unknown as nearley.Lexer;
  const parser = new nearley.Parser(grammar);
  if (stream instanceof RecordingStream) stream.attach(parser);
  try {
    parser.feed(source);
  } catch (e) {
    // A builder's own positioned refusal passes through as it is.
    if (e instanceof ParseError) throw e;
    const err = e as { offset?: number; token?: Token };
    const tok = err.token ?? tokens[err.offset ?? 0];
    if (!tok) throw e;
    throw new ParseError('unexpected-token', { found: `\`${tok.text}\``, expected: expectedAt(parser, err.offset ?? 0) }, tok.offset, tok.line, tok.col);
  }
  const results = parser.results as Doc[];
  if (results.length === 0) {
    const lines = source.split('\n');
    const last = tokens[tokens.length - 1]!;
    throw new ParseError('unexpected-end', { expected: expectedAt(parser, tokens.length) }, source.length, lines.length, (lines[lines.length - 1]?.length ?? 0) + 1 + (last ? 0 : 0));
  }
  return results;
}


/** A parse error (or a too-deep recursion in the parser) as an error value; anything else is a bug and is thrown. */
export function guard<T>(f: () => T): Result<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: toDiagnostic(e) };
    if (isStackOverflow(e)) return { ok: false, error: { code: 'too-deep', message: 'expression is too deeply nested', offset: 0, line: 1, column: 1 } };
    throw e;
  }
}

