/**
 * Replaying a remembered derivation is exactly the Earley parser's answer: for every line of
 * every corpus, and for lines of the same shapes with fresh names and numbers, the parse with
 * replay deep-equals the parse without it (same tree, same spans, same errors).
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeClass } from '../../bench/grade.js';
import { isStackOverflow } from '../../src/core/errors.js';
import { resetStats } from '../../src/core/stats.js';
import { toDiagnostic, ParseError } from '../../src/parse/errors.js';
import { PARSE_REPLAY, parseStatements } from '../../src/parse/index.js';
import { tokenize, type Token } from '../../src/parse/lexer.js';
import { shapeKey } from '../../src/parse/replay.js';
import { readings } from '../../src/parse/run.js';
import { readCorpus } from '../helpers/corpus.js';
import { fuzzParams } from '../helpers/fuzz.js';

const ROOT = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** The pieces of a text the readers hand to the parser: each line, and each `$…$` / `$$…$$` span. */
function pieces(text: string): string[] {
  const out = text.split('\n').map((l) => l.trim().replace(/^=\s*/, '')).filter((l) => l !== '');
  for (const m of text.matchAll(/\$\$([\s\S]+?)\$\$|\$([^$\n]+)\$/g)) out.push((m[1] ?? m[2]!).trim());
  return out;
}

const SEPARATORS = new Set(['quad', 'comma', 'semicolon', 'implies', 'text']);

/** Token lists of a piece as the parser meets them: whole, and cut at separators as a clause reader cuts them. */
function tokenLists(source: string): Token[][] {
  const out: Token[][] = [];
  for (const ascii of [false, true]) {
    try {
      out.push(tokenize(source, ascii));
    } catch { /* a lexer error never reaches the parser */ }
    try {
      const all = tokenize(source, ascii, { separators: true, lenient: true });
      let clause: Token[] = [];
      for (const t of all) {
        if (SEPARATORS.has(t.type)) {
          if (clause.length > 0) out.push(clause);
          clause = [];
        } else clause.push(t);
      }
      if (clause.length > 0) out.push(clause);
    } catch { /* idem */ }
  }
  return out;
}

/** A parse as data: the trees read through their getters (lazy lists), or the error. */
function outcome(tokens: readonly Token[], source: string): unknown {
  try {
    return plain(readings(tokens, source));
  } catch (e) {
    if (e instanceof ParseError) return { error: toDiagnostic(e) };
    if (isStackOverflow(e)) return { error: 'stack overflow' };
    throw e;
  }
}

function plain(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(plain);
  if (x === null || typeof x !== 'object') return x;
  const proto = Object.getPrototypeOf(x) as object;
  const getters = proto === Object.prototype ? [] : Object.entries(Object.getOwnPropertyDescriptors(proto)).filter(([, d]) => d.get).map(([k]) => k);
  const out: Record<string, unknown> = {};
  // The lazy nodes' memo fields are filled only once read: not part of the value.
  for (const k of [...Object.keys(x), ...getters]) if (!/^cache$|Cache$/.test(k)) out[k] = plain((x as Record<string, unknown>)[k]);
  return out;
}

function withReplay<T>(on: boolean, f: () => T): T {
  const was = PARSE_REPLAY.enabled;
  PARSE_REPLAY.enabled = on;
  try {
    return f();
  } finally {
    PARSE_REPLAY.enabled = was;
  }
}

/** Parses without replay, then with it twice (the first may record, the second replays), and compares. */
function expectSame(tokens: readonly Token[], source: string): void {
  const cold = withReplay(false, () => outcome(tokens, source));
  const first = withReplay(true, () => outcome(tokens, source));
  const again = withReplay(true, () => outcome(tokens, source));
  const text = JSON.stringify(cold);
  if (JSON.stringify(first) !== text || JSON.stringify(again) !== text) {
    expect({ source, replayed: again }).toEqual({ source, replayed: cold });
    expect({ source, recorded: first }).toEqual({ source, recorded: cold });
  }
}

const classDirs: string[] = [];
const CORPORA: string[] = [];

beforeAll(() => {
  // JSON files there are expected reports and settings, not writing.
  const texts = ['test/notes', 'proofs', 'test/fixtures'].flatMap((d) => files(join(ROOT, d))).filter((f) => !f.endsWith('.json')).map((f) => readFileSync(f, 'utf8'));
  for (const kind of ['repetitive', 'no-repetition'] as const) {
    const { dir } = writeClass(kind, 60);
    classDirs.push(dir);
    texts.push(...files(dir).map((f) => readFileSync(f, 'utf8')));
  }
  const seen = new Set(readCorpus().map((c) => c.input));
  for (const t of texts) for (const p of pieces(t)) seen.add(p);
  CORPORA.push(...seen);
});

afterAll(() => {
  for (const d of classDirs) rmSync(d, { recursive: true, force: true });
});

describe('replaying a remembered derivation', () => {
  it('gives the Earley parser\'s tree or error for every line of the corpora (notes, proofs, fixtures, bench classes, notation corpus)', () => {
    PARSE_REPLAY.clear();
    resetStats(PARSE_REPLAY.stats);
    const seen = new Set<string>();
    for (const source of CORPORA) {
      for (const tokens of tokenLists(source)) {
        const id = `${source}\u0000${tokens.map((t) => `${t.type} ${t.offset} ${t.text} ${t.value}`).join('\u0001')}`;
        if (seen.has(id)) continue;
        seen.add(id);
        expectSame(tokens, source);
      }
    }
    expect(CORPORA.length).toBeGreaterThan(1500);
    // Every line parsed twice with replay on: a line that parses once is replayed at least the second time.
    expect(PARSE_REPLAY.stats.hits).toBeGreaterThan(seen.size / 4);
  }, 300_000);

  it('gives the Earley parser\'s answer for lines of a known shape with fresh names and numbers', () => {
    const NUMBERS = ['1', '7', '12', '123', '2.5', '1e5', '0', '0.01', '10'];
    const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
    PARSE_REPLAY.clear();
    resetStats(PARSE_REPLAY.stats);
    const line = fc.constantFrom(...CORPORA.filter((s) => s.length < 200));
    const fresh = fc.tuple(line, fc.array(fc.nat(), { minLength: 8, maxLength: 8 })).map(([source, picks]) => {
      let i = 0;
      const pick = (): number => picks[i++ % picks.length]! + i;
      // Numbers, and single letters that are not part of a command or a word.
      return source.replace(/\d+(\.\d+)?|(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])/g, (m) => /\d/.test(m) ? NUMBERS[pick() % NUMBERS.length]! : LETTERS[pick() % LETTERS.length]!);
    });
    fc.assert(fc.property(line, fresh, (known, variant) => {
      for (const tokens of tokenLists(known)) withReplay(true, () => outcome(tokens, known));
      for (const tokens of tokenLists(variant)) expectSame(tokens, variant);
    }), fuzzParams(400, 20_000));
    expect(PARSE_REPLAY.stats.hits).toBeGreaterThan(0);
  });

  it('is the same through the public parse, lowering included', () => {
    for (const source of CORPORA.slice(0, 600)) {
      for (const ascii of [false, true]) {
        const cold = withReplay(false, () => parseStatements(source, { ascii, cache: false }));
        const replayed = withReplay(true, () => (parseStatements(source, { ascii, cache: false }), parseStatements(source, { ascii, cache: false })));
        expect(replayed).toEqual(cold);
      }
    }
  });

  it('needs no value in its key: the lexer splits \\frac 12 into digits and refuses \\frac 2.5 before any parse', () => {
    PARSE_REPLAY.clear();
    resetStats(PARSE_REPLAY.stats);
    const first = tokenize('\\frac 12 + x', false);
    const second = tokenize('\\frac 34 + y', false);
    expect(shapeKey(second)).toBe(shapeKey(first));
    withReplay(true, () => {
      expect(outcome(first, '\\frac 12 + x')).not.toHaveProperty('error');
      expect(outcome(second, '\\frac 34 + y')).not.toHaveProperty('error');
    });
    expect(PARSE_REPLAY.stats).toEqual({ hits: 1, misses: 1 });
    expect(() => tokenize('\\frac 2.5 + x', false)).toThrow(expect.objectContaining({ code: 'bad-fraction' }));
  });

  it('never keeps an error or an ambiguous parse: the parser runs and reports each time', () => {
    PARSE_REPLAY.clear();
    resetStats(PARSE_REPLAY.stats);
    for (const [source, code] of [['x + )', 'unexpected-token'], ['\\frac{1}{2', 'unexpected-end']] as const) {
      for (let i = 0; i < 2; i++) expect(withReplay(true, () => outcome(tokenize(source, false), source))).toMatchObject({ error: { code } });
    }
    // Both readings of bars that nest two ways, each time (runParser reports them as 'ambiguous').
    for (let i = 0; i < 2; i++) expect(withReplay(true, () => outcome(tokenize('|a|b|c|', false), '|a|b|c|'))).toHaveLength(2);
    expect(PARSE_REPLAY.stats).toEqual({ hits: 0, misses: 6 });
  });

  it('does not keep lines longer than its limit', () => {
    PARSE_REPLAY.clear();
    resetStats(PARSE_REPLAY.stats);
    const long = Array.from({ length: PARSE_REPLAY.maxTokens + 1 }, (_, i) => `x_${i % 10}`).join(' + ');
    withReplay(true, () => {
      outcome(tokenize(long, false), long);
      outcome(tokenize(long, false), long);
    });
    expect(PARSE_REPLAY.stats).toEqual({ hits: 0, misses: 0 });
    const short = 'x_1 + x_2';
    withReplay(true, () => {
      outcome(tokenize(short, false), short);
      outcome(tokenize(short, false), short);
    });
    expect(PARSE_REPLAY.stats).toEqual({ hits: 1, misses: 1 });
  });
});
