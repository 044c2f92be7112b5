/**
 * Every line of the notation corpus (test/corpus/latex.txt) reads in exactly one way, prints
 * as recorded, and its printing reads back as the very same tree.
 */
import { describe, expect, it } from 'vitest';
import { countReadings, parse, parseStatements } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';
import { readCorpus, type CorpusCase } from '../helpers/corpus.js';
import { blockLatex } from '../helpers/statements.js';

const cases = readCorpus();
const topics = [...new Set(cases.map((c) => c.topic))];

function check(c: CorpusCase): void {
  const options = { ascii: c.mode === 'ascii' };
  expect(countReadings(c.input, options), 'number of parse trees').toBe(1);
  if (c.mode === 'block') {
    const r = parseStatements(c.input);
    if (!r.ok) throw new Error(`line ${c.line}: ${r.error.code} at ${r.error.column}: ${r.error.message}`);
    expect(blockLatex(r.value)).toBe(c.expected);
    const back = parseStatements(c.expected);
    if (!back.ok) throw new Error(`line ${c.line}: the printing does not parse: ${back.error.message}`);
    expect(back.value.map((s) => [s.lead, s.ops, s.trail])).toEqual(r.value.map((s) => [s.lead, s.ops, s.trail]));
    back.value.forEach((s, i) => s.args.forEach((a, j) => expect(a === r.value[i]!.args[j], `statement ${i + 1}, operand ${j + 1}`).toBe(true)));
    return;
  }
  const r = parse(c.input, options);
  if (!r.ok) throw new Error(`line ${c.line}: ${r.error.code} at ${r.error.column}: ${r.error.message}`);
  expect(toLatex(r.value)).toBe(c.expected);
  const back = parse(c.expected);
  if (!back.ok) throw new Error(`line ${c.line}: the printing does not parse: ${back.error.message}`);
  expect(back.value === r.value, 'the printing reads back as the same node').toBe(true);
}

describe('the notation corpus', () => {
  it('has at least 220 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(220);
  });
  for (const topic of topics) {
    describe(topic, () => {
      for (const c of cases.filter((x) => x.topic === topic)) {
        it(`${c.mode === 'latex' ? '' : `${c.mode}: `}${c.input}`, () => check(c));
      }
    });
  }
});
