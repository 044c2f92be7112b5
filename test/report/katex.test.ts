/**
 * Every LaTeX string the project emits renders with KaTeX, in strict mode, without error: the
 * printer's output for random trees, the catalogue, `deriv table`, `deriv derive` (every name,
 * every output), `deriv diff --steps --latex`, `deriv simplify`. A string KaTeX rejects is a
 * string a reader's page (or LaTeX) would show as an error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue, type CatalogueEntry } from '../../src/catalog/index.js';
import { parse } from '../../src/parse/index.js';
import { sym } from '../../src/core/expr.js';
import { deriveNames } from '../../src/derive/index.js';
import { toLatex } from '../../src/print/latex.js';
import { renderMath } from '../../src/report/index.js';
import { exprArb } from '../helpers/arbitrary.js';
import { mathIn, run, withoutComments } from './support.js';

/** The KaTeX error for `latex`, or null when it renders. */
function katexError(latex: string, display = true): string | null {
  try {
    renderMath(latex, { display, strict: true });
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Every string that does not render, with its error (an empty list reads well in a failure). */
const failures = (strings: readonly { latex: string; display?: boolean }[]): string[] =>
  strings.flatMap(({ latex, display }) => {
    const e = katexError(latex, display ?? true);
    return e === null ? [] : [`${latex}\n  → ${e}`];
  });

describe('renderMath', () => {
  it('throws a KaTeX error in strict mode and shows the source in red otherwise', () => {
    expect(katexError('\\frac{1}{')).toMatch(/KaTeX parse error/);
    expect(renderMath('\\frac{1}{', { display: false })).toContain('katex-error');
  });
});

describe('the printer', () => {
  it('prints LaTeX KaTeX renders, for random trees of every kind', () => {
    const bad: string[] = [];
    fc.assert(fc.property(exprArb(), (e) => {
      const s = toLatex(e);
      const err = katexError(s);
      if (err !== null && bad.length < 5) bad.push(`${s}\n  → ${err}`);
      return true;
    }), { numRuns: 2_000, seed: 20_240_601 });
    expect(bad).toEqual([]);
  });

  it('prints decorated symbols with primes KaTeX renders (a layer index and a prime are both superscripts)', () => {
    const primed = [sym('d', { accent: 'hat', layer: '1', primes: 1 }), sym('a', { layer: '2', sub: 'i', primes: 2 })];
    expect(failures(primed.map((s) => ({ latex: toLatex(s) })))).toEqual([]);
  });
});

describe('the catalogue', () => {
  it('every fact of every entry renders', () => {
    const strings = catalogue().flatMap((c) => [
      c.call, c.definition, c.derivative.self, c.derivative.input, ...c.kinks, c.range,
      toLatex(c.trees.call), toLatex(c.trees.definition), toLatex(c.trees.self), toLatex(c.trees.input),
    ]).map((latex) => ({ latex }));
    expect(failures(strings)).toEqual([]);
  });

  it('deriv table --format markdown: every $…$ cell renders', async () => {
    const r = await run(['table', '--format', 'markdown']);
    expect(r.code).toBe(0);
    const math = mathIn(r.stdout.replace(/\\\|/g, '|'));
    expect(math.length).toBeGreaterThan(catalogue().length * 3);
    expect(failures(math)).toEqual([]);
  });
});

describe('deriv derive', () => {
  it.each(deriveNames())('%s: the align* block, the standalone document and the Markdown all render', async (name) => {
    const latex = await run(['derive', name]);
    expect(latex.code, latex.stderr).toBe(0);
    const standalone = await run(['derive', name, '--standalone']);
    const body = /\\begin\{align\*\}[\s\S]*\\end\{align\*\}/.exec(standalone.stdout)?.[0] ?? '';
    const markdown = await run(['derive', name, '--markdown']);
    expect(failures([
      { latex: withoutComments(latex.stdout) },
      { latex: body },
      ...mathIn(markdown.stdout),
    ])).toEqual([]);
  });

  it.each([
    ['\\frac{1}{1+e^{-z}}', 'z'], ['\\ln(1+e^{x})', 'x'], ['x^3\\sin x', 'x'], ['\\frac{e^{w}-1}{w^2+1}', 'w'],
    ['\\operatorname{ReLU}(w_1 x_1 + b)', 'w_1'], ['\\tanh(2z)^2', 'z'],
  ])('derive %s --wrt %s renders', async (expr, wrt) => {
    const r = await run(['derive', expr, '--wrt', wrt]);
    expect(r.code, r.stderr).toBe(0);
    expect(failures([{ latex: withoutComments(r.stdout) }])).toEqual([]);
  });
});

describe('deriv diff and deriv simplify', () => {
  // A name the parser reads (the printed one is not always: see the round-trip tests of the parser).
  const call = (c: CatalogueEntry): string => (parse(c.call).ok ? c.call : `\\operatorname{${c.id}}(${c.variable})`);
  const cases: [string, string][] = [
    ...catalogue().filter((c) => c.kind === 'activation').map((c) => [call(c), c.variable] as [string, string]),
    ...catalogue().map((c) => [c.definition, c.variable] as [string, string]),
    ['\\frac{e^z-e^{-z}}{e^z+e^{-z}}', 'z'], ['x^{x}', 'x'], ['\\log_2(x^2+1)', 'x'], ['|x|^3', 'x'],
  ];

  it.each(cases)('diff %s --wrt %s, with and without --steps --latex, renders', async (expr, wrt) => {
    const plain = await run(['diff', expr, '--wrt', wrt]);
    const steps = await run(['diff', expr, '--wrt', wrt, '--steps', '--latex']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(steps.code, steps.stderr).toBe(0);
    expect(failures([{ latex: withoutComments(plain.stdout) }, { latex: withoutComments(steps.stdout) }])).toEqual([]);
  });

  it.each(cases.map(([e]) => e))('simplify %s renders', async (expr) => {
    const r = await run(['simplify', expr]);
    expect(r.code, r.stderr).toBe(0);
    expect(failures([{ latex: r.stdout.trim() }])).toEqual([]);
  });
});
