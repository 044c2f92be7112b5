/**
 * Parser fuzz: random text and corpus lines mutated as a careless or hostile user would. Every
 * input gives a result or a positioned error — never an exception, never a position outside
 * the text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseStatements, type Diagnostic } from '../../src/parse/index.js';
import { readCorpus } from '../helpers/corpus.js';
import { fuzzParams } from '../helpers/fuzz.js';

const CORPUS = readCorpus().map((c) => c.input);

const TOKENS = [
  '\\frac', '\\frac 1e5', '\\frac 2.5', '{', '}', '(', ')', '[', ']', '|', '\\left(', '\\right)', '\\left|', '\\right|', '^', '_', "'",
  'x', 'z', 'a', 'e', '2', '0.5', '1e400', '1e21', '10^{309}', '+', '-', '=', '\\approx', '<', '\\le', '\\sigma', '\\ln', '\\log_2', '\\partial',
  'd', '\\cdot', '\\times', '\\begin{cases}', '\\end{cases}', '\\begin{aligned}', '\\end{aligned}', '&', '\\\\', '\\text{if }', ',', '.', ' ',
  '\\boxed{', '\\sqrt', '\\sqrt[3]', '\\operatorname{relu6}', '\\operatorname{ReLU}', '\\max', 'σ', '−', '²', '₁', '\\hat{y}', 'W^{[1]}', '^{10000000}',
  '\\frac{d}{dx}', '\\frac{\\partial L}{\\partial w_1}', "g''", '\\underbrace{x}_{n}', '\\mathrm{d}', '\\,', '%', '$', '\\unknown', '\u0000', '\u{1F600}',
];

/** One edit of a line: delete, duplicate or replace a slice, or insert a token. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 4 }), token: fc.constantFrom(...TOKENS) }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function apply(line: string, e: Edit): string {
  const at = line.length === 0 ? 0 : e.at % (line.length + 1);
  switch (e.kind) {
    case 'delete': return line.slice(0, at) + line.slice(at + e.len);
    case 'duplicate': return line.slice(0, at + e.len) + line.slice(at, at + e.len) + line.slice(at + e.len);
    case 'insert': return line.slice(0, at) + e.token + line.slice(at);
    case 'replace': return line.slice(0, at) + e.token + line.slice(at + e.len);
  }
}

const mutatedLine = fc.tuple(fc.constantFrom(...CORPUS), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([line, edits]) => edits.reduce(apply, line));
const randomText = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((xs) => xs.join('')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

function expectPositioned(source: string, error: Diagnostic): void {
  expect(error.code).toMatch(/^[a-z-]+$/);
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.line).toBeGreaterThanOrEqual(1);
  expect(error.column).toBeGreaterThanOrEqual(1);
  expect(error.offset).toBeGreaterThanOrEqual(0);
  expect(error.offset).toBeLessThanOrEqual(source.length);
  expect(error.line).toBeLessThanOrEqual(source.split('\n').length);
}

function check(source: string): void {
  for (const ascii of [false, true]) {
    const r = parse(source, { ascii });
    if (!r.ok) expectPositioned(source, r.error);
    const s = parseStatements(source, { ascii, cache: false });
    if (!s.ok) expectPositioned(source, s.error);
  }
}

describe('parser fuzz', () => {
  it('mutated corpus lines: a result or a positioned error, never an exception', () => {
    fc.assert(fc.property(mutatedLine, (line) => check(line)), fuzzParams(800, 50_000));
  });

  it('random text: a result or a positioned error, never an exception', () => {
    fc.assert(fc.property(randomText, (text) => check(text)), fuzzParams(1000, 20_000));
  });
});
