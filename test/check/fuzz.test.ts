/**
 * Checker fuzz: random Markdown notes built from prose, headings, front matter, inline and
 * display math (random trees printed as LaTeX, mutated corpus lines, relations and chains).
 * `checkSource` never throws, its JSON report always parses, and the same input gives the same
 * bytes twice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { toJson } from '../../src/check/report.js';
import { toLatex } from '../../src/print/latex.js';
import { lineArb } from '../helpers/arbitrary.js';
import { readCorpus } from '../helpers/corpus.js';
import { fuzzParams } from '../helpers/fuzz.js';

const CORPUS = readCorpus().filter((c) => c.mode === 'latex').map((c) => c.input);

const math = fc.oneof(
  { weight: 60, arbitrary: lineArb({ userFunctions: true, maxDepth: 3 }).map(toLatex) },
  { weight: 40, arbitrary: fc.constantFrom(...CORPUS) },
  { weight: 20, arbitrary: fc.tuple(fc.constantFrom(...CORPUS), fc.nat(), fc.nat({ max: 6 })).map(([l, at, n]) => l.slice(0, at % (l.length + 1)) + l.slice((at % (l.length + 1)) + n)) },
  { weight: 20, arbitrary: fc.constantFrom('= 0', '\\approx 0.5', '= \\frac{d}{dx} x^2', '1e400 = 1', 'x > 1e21', '\\frac 1e5', '\\operatorname{relu6}(x) = x') },
  // A derivative that runs into the size limit costs a tenth of a second: rarely.
  { weight: 1, arbitrary: fc.constant('\\frac{d^{20}}{dx^{20}}\\sigma(x) = 0') },
);

const block = fc.oneof(
  { weight: 4, arbitrary: math.map((m) => `$$${m}$$`) },
  { weight: 1, arbitrary: fc.array(math, { minLength: 1, maxLength: 3 }).map((ms) => `$$\\begin{aligned}\n${ms.map((m) => `&= ${m}`).join(' \\\\\n')}\n\\end{aligned}$$`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('Let', 'where', 'for', 'if', 'assume', 'and', 'so'), math).map(([w, m]) => `${w} $${m}$.`) },
  { weight: 1, arbitrary: fc.constantFrom('# Heading', '## Section', 'Some prose with `code` and *emphasis*.', '```math\nx = x\n```', '- a list item', '') },
);

const frontMatter = fc.option(fc.tuple(
  fc.array(math, { maxLength: 2 }), fc.array(fc.constantFrom('0 < y < 1', 'x > 0', 'a > 1e21', 'nonsense'), { maxLength: 2 }), fc.constantFrom('', 'tolerance: 1e-3\n', 'matrix: [W]\n'),
).map(([defs, assumes, extra]) => `---\ndefine:\n${defs.map((d) => `  - ${JSON.stringify(d)}`).join('\n')}\nassume:\n${assumes.map((a) => `  - ${a}`).join('\n')}\n${extra}---\n`), { freq: 4 });

const note = fc.tuple(frontMatter, fc.array(block, { maxLength: 8 })).map(([fm, blocks]) => `${fm ?? ''}${blocks.join('\n\n')}\n`);

describe('checker fuzz', () => {
  it('random notes: never throws, the JSON report parses, the same bytes twice', () => {
    fc.assert(fc.property(note, (source) => {
      const once = toJson([checkSource(source, 'fuzz.md', { points: 8 })], 1);
      const twice = toJson([checkSource(source, 'fuzz.md', { points: 8 })], 1);
      expect(() => JSON.parse(once)).not.toThrow();
      expect(twice).toBe(once);
    }), fuzzParams(40, 5_000));
  });
});
