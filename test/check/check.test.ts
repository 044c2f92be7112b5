import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSource, LIMITS } from '../../src/check/index.js';
import { toJson, toText } from '../../src/check/report.js';
import { Budget } from '../../src/core/budget.js';

const root = path.resolve(import.meta.dirname, '../..');
const read = (p: string): string => readFileSync(path.join(root, p), 'utf8');
const proofs = readdirSync(path.join(root, 'proofs')).filter((f) => f.endsWith('.md')).sort();

describe('proofs/ — the project\'s own derivations', () => {
  it.each(proofs)('every step of %s is valid', (file) => {
    const r = checkSource(read(`proofs/${file}`), file);
    expect(r.errors).toEqual([]);
    expect(r.steps.length).toBeGreaterThan(0);
    expect(r.steps.filter((s) => s.verdict !== 'valid').map((s) => `${s.line}: ${s.message}`)).toEqual([]);
  });
});

type Flag = readonly [line: number, verdict: 'invalid' | 'unknown' | 'warning', hint: string | null];

/** Each fixture with exactly the lines it must flag; every other step must stay valid (test/fixtures/planted.json). */
const FIXTURES = (JSON.parse(read('test/fixtures/planted.json')) as { fixtures: Record<string, { flags: Flag[]; errors?: number[] }> }).fixtures;

describe('fixtures — student derivations with planted mistakes', () => {
  it('cover every fixture file', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(readdirSync(path.join(root, 'test/fixtures')).filter((f) => f.endsWith('.md')).sort());
  });

  it.each(Object.entries(FIXTURES))('%s flags exactly the planted lines', (file, want) => {
    const r = checkSource(read(`test/fixtures/${file}`), file);
    const flagged: Flag[] = r.steps
      .filter((s) => s.verdict !== 'valid' || s.warnings.length > 0)
      .map((s) => [s.line, s.verdict === 'valid' ? 'warning' : s.verdict, s.hint] as Flag);
    expect(flagged).toEqual(want.flags);
    expect(r.errors.map((e) => e.line)).toEqual(want.errors ?? []);
    // The correct steps around the mistakes are there, and valid.
    expect(r.summary.valid).toBeGreaterThan(0);
  });

  it('names the factor a backprop step dropped', () => {
    const r = checkSource(read('test/fixtures/backprop-missing-factor.md'), 'f.md');
    const step = r.steps.find((s) => s.line === 17)!;
    expect(step.detail.hint).toEqual({ kind: 'missing-factor', params: { factor: '\\frac{\\partial z}{\\partial w_1} = x_1', side: 'right' } });
    expect(step.message).toBe('step does not follow: the right side lacks a chain-rule factor: \\frac{\\partial z}{\\partial w_1} = x_1');
  });

  it('reads the approximate claims to the digits written', () => {
    const r = checkSource(read('test/fixtures/approx-claims.md'), 'a.md');
    expect(r.steps.find((s) => s.line === 9)).toMatchObject({ verdict: 'valid', warnings: ['approximate: use ≈'] });
    expect(r.steps.find((s) => s.line === 3 && s.relation === '≈')).toMatchObject({ verdict: 'valid', warnings: [] });
  });

  it('allows a result what the rounding of a long decimal it is computed from carries, and no more', () => {
    // (0.74136507)²/2 = 0.2748110835…; 0.75136507 is itself rounded to 8 places (±5·10⁻⁹), which
    // moves the result by about 3.7·10⁻⁹: 0.274811083 is within that, 0.274811093 (10⁻⁸ off) is not.
    // Data written with few digits (0.15, 0.05) are exact: 0.15 · 0.05 = 0.0075, never 0.0076.
    const verdicts = (md: string): string[] => checkSource(md, 'r.md').steps.map((s) => s.verdict);
    expect(verdicts('$$\\frac{1}{2}(0.01 - 0.75136507)^2 = 0.274811083$$')).toEqual(['valid']);
    expect(verdicts('$$\\frac{1}{2}(0.01 - 0.75136507)^2 = 0.274811093$$')).toEqual(['invalid']);
    expect(verdicts('$$0.15 \\cdot 0.05 = 0.0076$$')).toEqual(['invalid']);
    // A decimal of 450 places is moved by half a unit in its 450th place, exactly (not at the 15 places it prints with):
    // ½(0.1234… − 0.75136507)² = 0.1971…, not 0.27.
    expect(verdicts(`$$\\frac12(0.${'123456789'.repeat(50)} - 0.75136507)^2 = 0.27$$`)).toEqual(['invalid']);
  });

  it('does not take a derivative of a worked example\'s value as 0', () => {
    // o = 0.75136507 is a value at a point (of the sigmoid output, which these notes never write):
    // ∂o/∂net_o cannot be worked out. p = 5 is a constant: dp/ds = 0 is right.
    const r = checkSource('With output $o = 0.75136507$:\n\n$$\\frac{\\partial o}{\\partial net_o} = o(1 - o)$$\n\nLet $p = 5$. Then $\\frac{dp}{ds} = 0$.\n', 'o.md');
    expect(r.steps.map((s) => [s.verdict, s.detail.reason?.code])).toEqual([['unknown', 'not-defined'], ['valid', undefined]]);
  });

  it('shows the two sides of a close numeric slip with the digits that tell them apart', () => {
    const source = '$$\\frac{1}{2}(0.01 - 0.75136507)^2 = 0.274811093$$';
    const text = toText([checkSource(source, 'r.md')], new Map([['r.md', source]]), 1, false);
    expect(text).toContain('left = 0.27481108, right = 0.27481109');
  });
});

describe('reproducibility', () => {
  const source = read('test/fixtures/backprop-missing-factor.md');

  it('the same input and seed give byte-identical JSON', () => {
    const a = toJson([checkSource(source, 'f.md', { seed: 5 })], 5);
    const b = toJson([checkSource(source, 'f.md', { seed: 5 })], 5);
    expect(a).toBe(b);
    expect(JSON.parse(a).seed).toBe(5);
  });

  it('another seed draws other points but reaches the same verdicts', () => {
    const verdicts = (seed: number): string[] => checkSource(source, 'f.md', { seed }).steps.map((s) => `${s.verdict}/${s.hint}`);
    expect(verdicts(2)).toEqual(verdicts(1));
    const witness = (seed: number): unknown => checkSource(source, 'f.md', { seed }).steps.find((s) => s.line === 23)!.witness;
    expect(witness(2)).not.toEqual(witness(1));
  });
});

describe('limits on untrusted input', () => {
  it('a file above the size limit is one error, not a hang', () => {
    const r = checkSource('x'.repeat(LIMITS.maxFileSize + 1), 'big.md');
    expect(r.errors).toMatchObject([{ line: 1, column: 1, message: expect.stringMatching(/limit/) }]);
  });

  it('steps beyond the step limit are reported, not checked', () => {
    const r = checkSource('$$1 = 1$$\n\n'.repeat(LIMITS.maxSteps + 3), 'many.md');
    expect(r.steps).toHaveLength(LIMITS.maxSteps);
    expect(r.errors).toMatchObject([{ message: expect.stringMatching(/more than 2000 steps/) }]);
  });

  it.each([true, false])('a step that runs out of time is unknown with the reason, whatever the simplifier says (symbolic: %s)', (symbolic) => {
    const r = checkSource('$$\\sigma(z) = \\frac{1}{1+e^{-z}}$$', 't.md', { stepTimeMs: 0, symbolic });
    expect(r.steps[0]).toMatchObject({ verdict: 'unknown', method: 'none' });
    expect(r.steps[0]!.detail.reason?.code).toBe('time-limit');
    expect(r.steps[0]!.message).toMatch(/time limit/);
  });

  it('a step the sampler finds undefined everywhere is unknown, though its sides are the same tree', () => {
    const r = checkSource('$$\\ln(-1-x^2) = \\ln(-1-x^2)$$', 'u.md');
    expect(r.steps[0]).toMatchObject({ verdict: 'unknown', points: 0 });
    expect(r.steps[0]!.detail.reason?.code).toBe('too-few-points');
  });

  it('a derivative the differentiator cannot take is unknown with the reason, and the file goes on', () => {
    // a and b defined through each other: the second definition is set aside where it is
    // written (a warning), and b stays the variable the first one uses.
    const cyclic = checkSource('Let $a = b + x$ and let $b = a x$.\n\n$$\\frac{da}{dx} = 1$$\n\n$$x + x = 2x$$', 'c.md');
    expect(cyclic.warnings.map((w) => w.message)).toEqual(['b = a x: not a definition: it would make b depend on itself (b → a → b)']);
    expect(cyclic.steps.map((s) => s.verdict)).toEqual(['valid', 'valid']);
    // 21 primes: an order above the limit.
    const primes = checkSource(`$$\\sigma${"'".repeat(21)}(x) = 1$$`, 'p.md');
    expect(primes.steps[0]!.detail.reason).toMatchObject({ code: 'derivative-failed', detail: 'a derivative of order 21 is above the limit of 20' });
  });

  it('a derivative too large to work out is unknown, quickly, and so are five of them', () => {
    const step = '$$\\frac{d^{20}}{dx^{20}}\\sigma(x) = 0$$\n\n';
    const r = checkSource(step.repeat(5), 'big.md');
    expect(r.steps.map((s) => s.detail.reason?.code)).toEqual(['too-large', 'too-large', 'too-large', 'too-large', 'too-large']);
    expect(r.steps[0]!.message).toMatch(/grew past 2000000 nodes/);
  });

  it('assumptions with bounds beyond 10^{21} are sampled, and decided exactly where the sides are rational', () => {
    const r = checkSource('For $x > 1e21$:\n\n$$x + x = 2x$$\n\n$$\\sqrt{x^2} = x$$\n\nFor $y < -1e300$:\n\n$$y + 1 > y$$\n\n$$x + 1 = x$$\n', 'b.md');
    expect(r.steps.map((s) => s.verdict)).toEqual(['valid', 'valid', 'valid', 'invalid']);
  });

  it('an order above the limit is a positioned error of the file', () => {
    const r = checkSource('$$\\frac{\\partial a}{\\partial z^{10000000}} = 0$$', 'o.md');
    expect(r.errors).toEqual([{ line: 1, column: 32, code: 'parse', message: 'cannot read this as a derivative: the order 10000000 is above the limit of 20' }]);
  });

  it('when the file\'s budget runs out, the steps after are unknown with that reason', () => {
    const r = checkSource('$$x + x = 2x$$\n\n'.repeat(3), 'f.md', { budget: Budget.of('file', 0) });
    expect(r.steps.map((s) => s.detail.reason?.code)).toEqual(['time-limit', 'time-limit', 'time-limit']);
    expect(r.steps[0]!.message).toMatch(/the file time limit/);
  });

  it('arbitrary text never throws', () => {
    const piece = fc.constantFrom('$$', '$', '=', '\\frac{', '}', '{', '\\left(', '\\right)', 'x', '^', '_', '\\\\', '\\begin{aligned}', '&=', '\n', '\n\n', '# h\n', '---\n', 'where ', '\\sigma', "'", '\\partial', ' ', '0.5', '\\approx');
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
      const r = checkSource(parts.join(''), 'fuzz.md', { points: 4, stepTimeMs: 200 });
      return Array.isArray(r.steps);
    }), { numRuns: 150 });
  });
});

describe('unknown function names', () => {
  it('are a warning on the step, with the closest name of the table', () => {
    const r = checkSource('$$\\operatorname{relux}(x) + 1 = 1 + \\operatorname{relux}(x)$$\n\n$$\\operatorname{swsh}(x) = \\operatorname{swsh}(x)$$', 'u.md');
    expect(r.steps.map((s) => s.warnings)).toEqual([
      ['unknown function \\operatorname{relux}: did you mean \\operatorname{ReLU}?'],
      ['unknown function \\operatorname{swsh}: did you mean \\operatorname{swish}?'],
    ]);
    expect(r.steps[0]!.detail.warnings).toEqual([{ code: 'unknown-function', params: { name: '\\operatorname{relux}', closest: '\\operatorname{ReLU}' } }]);
  });

  it('are not reported once defined', () => {
    const r = checkSource('Let $\\operatorname{swsh}(x) = x\\sigma(x)$.\n\n$$\\operatorname{swsh}(x) = \\frac{x}{1+e^{-x}}$$', 'd.md');
    expect(r.steps.map((s) => [s.verdict, s.warnings])).toEqual([['valid', []]]);
  });
});

describe('defined functions', () => {
  const verdicts = (md: string): string[] => checkSource(md, 'notes.md').steps.map((s) => `${s.line}: ${s.verdict}`);

  it.each([
    ['inline, after "let"', 'Let $g(z) = \\frac{1}{1+e^{-z}}$.\n\n$$g(0) = 0.5$$\n\n$$g(z) = \\sigma(z)$$\n'],
    ['in display math', '$$g(z) = \\frac{1}{1+e^{-z}}$$\n\n$$g(0) = 0.5$$\n\n$$g(z) = \\sigma(z)$$\n'],
  ])('%s: applications mean the body at the arguments', (_, md) => {
    expect(verdicts(md)).toEqual(['3: valid', '5: valid']);
  });

  it('a wrong value of a defined function is invalid', () => {
    expect(verdicts('$$g(z) = \\frac{1}{1+e^{-z}}$$\n\n$$g(0) = 0.25$$\n')).toEqual(['3: invalid']);
  });
});

describe('a table function the notes define their own way', () => {
  const verdicts = (md: string): string[] => checkSource(md, 'notes.md').steps.map((s) => `${s.line}: ${s.verdict}`);

  // LeakyReLU(z) = max(αz, z) with 0 < α < 1: slope 1 for z > 0 and α for z < 0; the table's own
  // leaky ReLU (slope 0.01) is still what `LeakyReLU(z, 0.2)` means, written with its slope.
  it('is the notes\' function from there on, also in the same display and with a prime', () => {
    const md = [
      '$$\\text{LeakyReLU}(z) = \\max(\\alpha z, z), \\quad 0 < \\alpha < 1 \\qquad \\text{LeakyReLU}\'(-1) = \\alpha$$',
      '$$\\frac{d}{dz}\\text{LeakyReLU}(z) = 1 \\quad z > 0$$',
      '$$\\text{LeakyReLU}(-10) = -10\\alpha$$',
      '$$\\text{LeakyReLU}\'(-3) = 0$$',
      '$$\\operatorname{LeakyReLU}(-10, 0.2) = -2$$',
    ].join('\n\n');
    expect(verdicts(md)).toEqual(['1: valid', '3: valid', '5: valid', '7: invalid', '9: valid']);
  });

  it('a restatement with a letter the notes use as a variable stays a claim about the table\'s function', () => {
    expect(verdicts('$$y = 2x$$\n\n$$\\tanh(x) = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-y}}$$\n')).toEqual(['3: invalid']);
  });
});

describe('brackets left open at the end of the math', () => {
  // σ′ = σ(1 − σ) with its last `)` missing is read with it, and so is e^{x²}'s `}`; σ(1 + σ) is
  // still wrong. Brackets that close in the wrong order are not guessed at.
  it('are closed where the math ends, with a warning there', () => {
    const r = checkSource('$$\\frac{d}{dz}\\sigma(z) = \\sigma(z)(1 - \\sigma(z)$$\n\n$$\\frac{d}{dx} e^{x^2} = 2x e^{x^2$$\n\n$$\\frac{d}{dz}\\sigma(z) = \\sigma(z)(1 + \\sigma(z)$$\n', 'b.md');
    expect(r.steps.map((s) => s.verdict)).toEqual(['valid', 'valid', 'invalid']);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => [w.line, w.column, w.code, w.message])).toEqual([
      [1, 50, 'unclosed', '`)` is missing at the end of the math; read as if it were there'],
      [3, 35, 'unclosed', '`}` is missing at the end of the math; read as if it were there'],
      [5, 50, 'unclosed', '`)` is missing at the end of the math; read as if it were there'],
    ]);
  });

  it('are an error when they close in the wrong order', () => {
    const r = checkSource('$$\\frac{d}{dz}\\sigma(z) = (1 - \\sigma(z]$$\n', 'b.md');
    expect(r.steps).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['parse']);
  });
});

describe('a function defined piece by piece in a sentence', () => {
  const verdictsOf = (source: string): string[] => checkSource(source, 'p.md').steps.map((s) => s.verdict);

  it('takes the value after "else" or "otherwise" everywhere its condition does not hold', () => {
    // ELU: f = x for x > 0, α(eˣ − 1) else; for x ≤ 0, f′ = αeˣ = f + α, and f′ = f is wrong.
    expect(verdictsOf("$f(x) = x$ if $x > 0$, else $\\alpha(e^x - 1)$; $f'(x) = f(x) + \\alpha$ for $x \\le 0$.")).toEqual(['valid']);
    expect(verdictsOf("$f(x) = x$ if $x > 0$ and $\\alpha(e^x - 1)$ otherwise. So $f'(x) = f(x)$ for $x < 0$.")).toEqual(['invalid']);
  });

  it('takes expressions each followed by their condition as the other pieces', () => {
    // g = t² for t ≥ 0 and −t² below: g′ = 2t for t > 0 and −2t for t < 0.
    expect(verdictsOf("$g(t) = t^2$ for $t \\ge 0$, $-t^2$ for $t < 0$. So $g'(t) = -2t$ for $t < 0$.")).toEqual(['valid']);
    expect(verdictsOf("$g(t) = t^2$ for $t \\ge 0$, $-t^2$ for $t < 0$. So $g'(t) = 2t$ for $t < 0$.")).toEqual(['invalid']);
    // Written as the same equation again: a definition's piece, not a claim that t² = −t².
    expect(verdictsOf("Define $g(t) = t^2$ if $t \\ge 0$, and $g(t) = -t^2$ otherwise. So $g'(t) = -2t$ for $t < 0$.")).toEqual(['valid']);
    // Three pieces (hard tanh): slope 1 inside, 0 outside.
    expect(verdictsOf("$h(x) = -1$ for $x < -1$, $x$ for $-1 \\le x \\le 1$, and $1$ for $x > 1$. Then $h'(x) = 0$ for $x > 1$.")).toEqual(['valid']);
  });

  it('makes a built-in function given by pieces one claim, and the condition of the last piece no assumption', () => {
    const r = checkSource('The ReLU is $\\mathrm{ReLU}(x) = x$ for $x > 0$ and $0$ for $x \\le 0$.\n\nSo $\\mathrm{ReLU}(2) = 2$.\n', 'r.md');
    // ReLU(2) = 2 is only true if x ≤ 0 was not taken as an assumption for the section.
    expect(r.steps.map((s) => [s.line, s.verdict])).toEqual([[1, 'valid'], [3, 'valid']]);
    expect(r.steps[0]!.rhs).toBe('\\begin{cases} x & x > 0 \\\\ 0 & x \\le 0 \\end{cases}');
  });

  it('gives a derivative said in words by its pieces', () => {
    // ReLU′ is 1 for x > 0 and 0 for x < 0; 1 for x < 0 is wrong.
    expect(verdictsOf('The derivative of $\\mathrm{ReLU}(x)$ is $1$ for $x > 0$ and $0$ for $x < 0$.')).toEqual(['valid']);
    expect(verdictsOf('The derivative of $\\mathrm{ReLU}(x)$ is $1$ for $x > 0$ and $1$ for $x < 0$.')).toEqual(['invalid']);
  });
});

describe('claims in words', () => {
  const stepsOf = (source: string): [number, string][] => checkSource(source, 'w.md').steps.map((s) => [s.line, s.verdict]);

  it('read a slope at a point as the derivative there', () => {
    // σ'(0) = 1/4.
    expect(stepsOf('The slope of $\\sigma$ at $0$ is $\\frac{1}{4}$.')).toEqual([[1, 'valid']]);
    expect(stepsOf('The slope of $\\sigma$ at $0$ is $\\frac{1}{2}$.')).toEqual([[1, 'invalid']]);
    expect(stepsOf('The slope of $\\tanh x$ at $x = 0$ is $1$.')).toEqual([[1, 'valid']]);
  });

  it('read "…, and at $0$ it is $1$" as the value before at that point', () => {
    // tanh′(0) = 1; σ′(0) = 1/4, not 1/2; x² at x = 3 is 9.
    expect(stepsOf("We have $\\tanh'(x) = 1 - \\tanh^2 x$, and at $0$ it is $1$.")).toEqual([[1, 'valid'], [1, 'valid']]);
    expect(stepsOf("So $\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))$, which at $0$ is $\\frac12$.")).toEqual([[1, 'valid'], [1, 'invalid']]);
    expect(stepsOf('Then $f(x) = x^2$, and at $x = 3$ it is $9$.')).toEqual([[1, 'valid']]);
  });

  it('read a value of a function at numbers said with "is" or "equals"', () => {
    expect(stepsOf('$\\sigma(0)$ equals $1$, of course.')).toEqual([[1, 'invalid']]);
    expect(stepsOf('Then $\\tanh(0)$ is $0$.')).toEqual([[1, 'valid']]);
    // A value at a name is no claim: "$f(x)$ is $x^2$" defines f.
    expect(stepsOf('Here $f(x)$ is $x^2$.')).toEqual([]);
  });

  it('read "the gradient w.r.t. $w$" as the derivative of the loss by w, the abbreviation ending no sentence', () => {
    // L = (wx − y)²: ∂L/∂w = 2(wx − y)x.
    expect(stepsOf('Let $L = (wx - y)^2$. The gradient w.r.t. $w$ is $2(wx - y)x$.')).toEqual([[1, 'valid']]);
    expect(stepsOf('Let $L = (wx - y)^2$. The gradient w.r.t. $w$ is $2(wx - y)$.')).toEqual([[1, 'invalid']]);
  });
});

describe('vectors and matrices the notes give entry by entry', () => {
  it('written whole without a definition, make the step unknown, not wrong', () => {
    const notes = ['Let $\\hat y_i = \\sigma(z_i)$ with $z_i = \\sum_{j=1}^{d} w_j x_{ij} + b$ and $L = \\frac{1}{2}\\sum_{i=1}^{n} (\\hat y_i - y_i)^2$.', '',
      'In matrix form, $\\nabla_{\\mathbf{w}} L = X^\\top (\\hat{\\mathbf{y}} - \\mathbf{y})$.', ''].join('\n');
    const [step] = checkSource(notes, 'v.md').steps;
    expect([step!.verdict, step!.detail.reason?.code]).toEqual(['unknown', 'whole-of-entries']);
  });

  it('defined whole, are what they are defined as', () => {
    // y = 2x entry by entry is no reason to leave a defined bold vector unread: u = 3v is wrong for u = 2v.
    const notes = 'Let $y_i = 2x_i$ and $\\mathbf{u} = 2\\mathbf{v}$. Then $\\mathbf{u} = 3\\mathbf{v}$.\n';
    expect(checkSource(notes, 'v.md').steps.map((s) => s.verdict)).toEqual(['invalid']);
  });
});

describe('a name given a function of the table without its argument', () => {
  it('is that function: applied, differentiated and composed', () => {
    // h = σ: h'(0) = 1/4, h(0) = 1/2; f = tanh, g = 2x: (f∘g)' = 2(1 − tanh²(2x)); dh/dz = σ(1 − σ).
    const stepsOf = (source: string): string[] => checkSource(source, 'n.md').steps.map((s) => s.verdict);
    expect(stepsOf("Let $h = \\sigma$. Then $h'(0) = \\frac14$, $h(0) = 2$ and $\\frac{dh}{dz} = \\sigma(z)(1 - \\sigma(z))$.")).toEqual(['valid', 'invalid', 'valid']);
    expect(stepsOf("With $f = \\tanh$ and $g(x) = 2x$: $(f\\circ g)'(x) = 2\\left(1 - \\tanh^2(2x)\\right)$.")).toEqual(['valid']);
  });
});

describe('a function approximated by another with fitted constants', () => {
  const verdictsOf = (source: string): string[] => checkSource(source, 'a.md').steps.map((s) => s.verdict);
  it('holds as well as such a fit does, and no better', () => {
    // xσ(1.702x) is within 0.02 of xΦ(x); xσ(x) (SiLU) is 0.19 off at x = 2.
    expect(verdictsOf('$\\mathrm{GELU}(x) \\approx x\\sigma(1.702x)$')).toEqual(['valid']);
    expect(verdictsOf('$\\mathrm{GELU}(x) \\approx x\\sigma(x)$')).toEqual(['invalid']);
    // Written with `=`, it is not an identity.
    expect(verdictsOf('$\\mathrm{GELU}(x) = x\\sigma(1.702x)$')).toEqual(['invalid']);
    // Without fitted constants, ≈ keeps the default tolerance: σ(x) ≈ 1/2 + x/4 is only near 0.
    expect(verdictsOf('$\\sigma(x) \\approx \\frac{1}{2} + \\frac{x}{4}$')).toEqual(['invalid']);
  });
});

describe('a table of values', () => {
  it('claims each number under a column headed by a function, at the row\'s value of its variable', () => {
    // σ(0) = 0.5, tanh′(0) = 1; σ(2) = 0.8808, tanh′(2) = 0.0707; σ(−1) = 0.2689 (0.73 is σ(1)), tanh′(−1) = 0.4200.
    const notes = ['| $x$ | $\\sigma(x)$ | $\\tanh\'(x)$ |', '|---|---|---|', '| $0$ | $0.5$ | $1$ |', '| $2$ | $0.88$ | $0.07$ |', '| $-1$ | $0.73$ | $0.42$ |', ''].join('\n');
    const r = checkSource(notes, 't.md');
    expect(r.steps.map((s) => [s.line, s.verdict])).toEqual([[3, 'valid'], [3, 'valid'], [4, 'valid'], [4, 'valid'], [5, 'invalid'], [5, 'valid']]);
    expect(r.steps[4]!.lhs).toBe('\\left.\\sigma(x)\\right|_{x=-1}');
  });

  it('without a column of the variable, makes no step', () => {
    expect(checkSource('| activation | $f(0)$ |\n|---|---|\n| sigmoid | $0.5$ |\n', 't.md').steps).toEqual([]);
  });
});

describe('values a sentence offers side by side', () => {
  const stepsOf = (source: string): [number, string][] => checkSource(source, 'v.md').steps.map((s) => [s.line, s.verdict]);

  it('are alternatives, not claims that contradict the first', () => {
    expect(stepsOf('Try $\\eta = 0.1$ or $\\eta = 0.01$ and compare.')).toEqual([]);
    expect(stepsOf('Typical choices are $\\alpha = 0.01$, $\\alpha = 0.1$ or $\\alpha = 0.2$.')).toEqual([]);
  });

  it('only right after the value before, joined by a comma, "and" or "or"', () => {
    // a = 2 defines a; "Then $a = 3$" claims it, and is wrong.
    expect(stepsOf('Let $a = 2$. Then $a = 3$.')).toEqual([[1, 'invalid']]);
    expect(stepsOf('Let $a = 2$, so $a^2 = 4$ or $a^2 = 5$.')).toEqual([[1, 'valid'], [1, 'invalid']]);
  });
});

describe('conditions in words on expressions, and "otherwise" after a claim', () => {
  const verdictsOf = (source: string): string[] => checkSource(source, 'o.md').steps.map((s) => s.verdict);
  it('take any inequality after "when" or "for" as the condition', () => {
    // Hinge ℓ = max(0, 1 − ys): ∂ℓ/∂s = −y where ys < 1, 0 where ys > 1.
    expect(verdictsOf('Let $\\ell = \\max(0, 1 - ys)$, so $\\frac{\\partial \\ell}{\\partial s} = -y$ when $ys < 1$ and $0$ when $ys > 1$.')).toEqual(['valid']);
    expect(verdictsOf('Let $\\ell = \\max(0, 1 - ys)$, so $\\frac{\\partial \\ell}{\\partial s} = -y$ when $ys > 1$.')).toEqual(['invalid']);
  });
  it('read a claim said to hold "otherwise" where the condition before it does not', () => {
    // Huber: L′ = a for |a| ≤ δ and δ·sign(a) beyond; a·sign(a) = |a| beyond is wrong.
    const huber = '$L(a) = \\frac12 a^2$ for $|a| \\le \\delta$, and $\\delta(|a| - \\frac12\\delta)$ otherwise.\n\n';
    expect(verdictsOf(`${huber}So $L'(a) = a$ for $|a| \\le \\delta$ and $L'(a) = \\delta\\,\\mathrm{sign}(a)$ otherwise.`)).toEqual(['valid', 'valid']);
    expect(verdictsOf(`${huber}So $L'(a) = a$ for $|a| \\le \\delta$ and $L'(a) = |a|$ otherwise.`)).toEqual(['valid', 'invalid']);
  });
});

describe('a square defined (a variance, σ²)', () => {
  const stepsOf = (source: string): [number, string][] => checkSource(source, 'v.md').steps.map((s) => [s.line, s.verdict]);
  it('defines the name as its root, so its derivatives read', () => {
    // σ² = (1/m)Σ(x_i − μ)²: ∂σ²/∂x_j = (2/m)(x_j − μ), since Σ(x_i − μ) = 0; not (1/m)(x_j − μ).
    const notes = '$\\mu = \\frac{1}{m}\\sum_{i=1}^m x_i$ and $\\sigma^2 = \\frac{1}{m}\\sum_{i=1}^m (x_i - \\mu)^2$.\n\n';
    expect(stepsOf(`${notes}Then $\\frac{\\partial \\sigma^2}{\\partial x_j} = \\frac{2}{m}(x_j - \\mu)$.`)).toEqual([[3, 'valid']]);
    expect(stepsOf(`${notes}Then $\\frac{\\partial \\sigma^2}{\\partial x_j} = \\frac{1}{m}(x_j - \\mu)$.`)).toEqual([[3, 'invalid']]);
  });
  it('is a claim as written when the name is defined', () => {
    // x = −2: x² = 4 holds (x = √4 would not).
    expect(stepsOf('Let $x = -2$. Then $x^2 = 4$.')).toEqual([[1, 'valid']]);
  });
});

describe('a sign said in words after the math', () => {
  it('is a condition on its one variable', () => {
    // |x| = x for x > 0 and −x for x < 0; ELU(x) = x for x > 0.
    const verdictsOf = (source: string): string[] => checkSource(source, 's.md').steps.map((s) => s.verdict);
    expect(verdictsOf('$|x| = x$ for positive $x$ and $|x| = -x$ for negative inputs.')).toEqual(['valid', 'valid']);
    expect(verdictsOf('$|x| = x$ for negative $x$.')).toEqual(['invalid']);
    expect(verdictsOf('The ELU is $\\mathrm{ELU}(x) = x$ for positive inputs.')).toEqual(['valid']);
  });
});

describe('a condition that leads into the math after it ("for $x > 0$: …")', () => {
  const verdictsOf = (source: string): string[] => checkSource(source, 'c.md').steps.map((s) => s.verdict);

  it('holds for the math of its sentence', () => {
    // |x| = x for x > 0 and −x for x < 0.
    expect(verdictsOf('For $x > 0$, $|x| = x$. For $x < 0$, $|x| = -x$.')).toEqual(['valid', 'valid']);
    expect(verdictsOf('When $x < 0$: $|x| = x$.')).toEqual(['invalid']);
    expect(verdictsOf('If $x < 0$ then $\\sqrt{x^2} = -x$.')).toEqual(['valid']);
  });

  it('holds no further than its sentence: a paragraph after it is read without it', () => {
    // Under x > 0 both would hold; |x| = x is wrong for the negative x the second paragraph may take.
    expect(verdictsOf('for $x > 0$: $|x| = x$\n\nand $|x| = x$ too')).toEqual(['valid', 'invalid']);
  });

  it('holds for display math right after it, and for the chain it writes after some prose', () => {
    // ELU for z < 0 is α(eᶻ − 1), so f′ = αeᶻ = f + α there (not for z > 0).
    const notes = ['Let $f(z) = z$ for $z > 0$, else $\\alpha(e^z - 1)$.', '', 'For $z < 0$:', '', "$$f'(z) = \\alpha e^z$$", '', 'Adding and subtracting $\\alpha$,', '', '$$= \\alpha(e^z - 1) + \\alpha = f(z) + \\alpha$$', ''].join('\n');
    expect(verdictsOf(notes)).toEqual(['valid', 'valid', 'valid']);
    // A new chain after it is not under the condition.
    expect(verdictsOf(`${notes}\n$$f(z) + \\alpha = \\alpha e^z$$\n`)).toEqual(['valid', 'valid', 'valid', 'invalid']);
  });
});

describe('a list item that gives its own function approximately', () => {
  it('defines it, in place of the function of the item before', () => {
    // f = softplus in the first item; the second gives the GELU tanh form, so f(1) ≈ 0.8412 there.
    const notes = '- **Softplus**: $f(x) = \\log(1 + e^x)$, $f\'(x) = \\sigma(x)$\n- **GELU (tanh approx.)**: $f(x) \\approx \\frac{x}{2}\\left(1 + \\tanh\\left(\\sqrt{2/\\pi}(x + 0.044715x^3)\\right)\\right)$, so $f(1) \\approx 0.8412$\n';
    const r = checkSource(notes, 'l.md');
    expect(r.steps.map((s) => s.verdict)).toEqual(['valid', 'valid']);
    expect(r.definitions.map((d) => d.line)).toEqual([1, 2]);
  });
});

describe('log-sum-exp and the cross-entropy with logits', () => {
  it('reads the size of a sum as no parameter, and an entry p_j of a p defined after the math', () => {
    // LSE′ = softmax; ℓ = LSE(z) − z_y has ∂ℓ/∂z_j = p_j − δ_jy with p = softmax(z); + δ is wrong.
    const notes = (sign: string): string => [
      'Define $\\operatorname{LSE}(\\mathbf{z}) = \\log\\sum_{k=1}^{K} e^{z_k}$.',
      `The loss is $\\ell = \\operatorname{LSE}(\\mathbf{z}) - z_y$, so $\\frac{\\partial \\ell}{\\partial z_j} = p_j ${sign} \\delta_{jy}$ where $p = \\operatorname{softmax}(\\mathbf{z})$.`,
    ].join('\n\n');
    const r = checkSource(notes('-'), 'lse.md');
    expect(r.spans[0]!.readings[0]).toMatchObject({ role: 'claim' });
    expect(r.steps.map((s) => s.verdict)).toEqual(['valid', 'valid']);
    expect(checkSource(notes('+'), 'lse.md').steps.map((s) => s.verdict)).toEqual(['valid', 'invalid']);
  });
});

describe('a chain of names ending in a value', () => {
  it('defines each name nothing defined yet, and judges the rest of the chain', () => {
    // ŷ = a = σ(z) defines ŷ and a; then a(1 − a) is σ′(z); 2a is not.
    const r = checkSource('$$\\hat{y} = a = \\sigma(z)$$\n\n$$\\frac{da}{dz} = a(1 - a)$$\n\n$$\\frac{d\\hat{y}}{dz} = 2a$$\n', 'c.md');
    expect(r.definitions.map((d) => d.symbol)).toEqual(['\\hat{y}', 'a']);
    expect(r.steps.map((s) => s.verdict)).toEqual(['valid', 'invalid']);
  });
});

describe("Ng's notation for one example", () => {
  it('reads the forward pass as definitions, and never takes a gradient name for the loss of another', () => {
    // No loss is defined, so dW^{[2]}, db^{[2]} and dW^{[1]} cannot be checked; before, db^{[2]} was
    // read as the gradient of dW^{[2]} (a gradient name taken for a loss) and judged wrong.
    const notes = [
      '$$z^{[1] (i)} =  W^{[1]} x^{(i)} + b^{[1]}$$', '$$a^{[1] (i)} = \\tanh(z^{[1] (i)})$$', '$$z^{[2] (i)} = W^{[2]} a^{[1] (i)} + b^{[2]}$$',
      '$$dz^{[2]} = a^{[2]} - y$$', '$$dW^{[2]} = dz^{[2]} a^{[1]T}$$', '$$db^{[2]} = dz^{[2]}$$', '$$dW^{[1]} = dz^{[1]} x^T$$',
    ].join('\n\n');
    const r = checkSource(notes, 'ng.md');
    expect(r.definitions.slice(0, 3).map((d) => d.symbol)).toEqual(['z^{[1](i)}', 'a^{[1](i)}', 'z^{[2](i)}']);
    expect(r.steps.filter((s) => s.verdict === 'invalid')).toEqual([]);
  });
});

describe('a name defined in math that could not be read', () => {
  // z = ⟨w, x⟩ + b is not read (no inner product brackets), so what z depends on is unknown:
  // ∂L/∂b is not 0 and cannot be checked; ∂L/∂z and ∂L/∂a (a is defined through z, so z cannot
  // depend on it) are checked as usual: 2(a − y)a(1 − a) is right, 2(a + y) for ∂L/∂a is not.
  it('makes the derivatives that go through it unknown, not wrong', () => {
    const md = [
      'Let $z = \\langle \\mathbf{w}, \\mathbf{x} \\rangle + b$, $a = \\sigma(z)$ and $L = (a - y)^2$.',
      '$$\\frac{\\partial L}{\\partial z} = 2(a - y)a(1 - a)$$',
      '$$\\frac{\\partial L}{\\partial b} = 2(a - y)a(1 - a)$$',
      '$$\\frac{\\partial L}{\\partial a} = 2(a + y)$$',
    ].join('\n\n');
    const r = checkSource(md, 'notes.md');
    expect(r.steps.map((s) => [s.line, s.verdict, s.detail.reason?.code])).toEqual([[3, 'valid', undefined], [5, 'unknown', 'unread-definition'], [7, 'invalid', undefined]]);
  });

  it('is defined again, readably, and then is used as written', () => {
    const md = 'Let $z = \\langle \\mathbf{w}, \\mathbf{x} \\rangle + b$.\n\nIn one dimension, let $z = wx + b$ and $L = z^2$.\n\n$$\\frac{\\partial L}{\\partial b} = 2z$$\n';
    expect(checkSource(md, 'notes.md').steps.map((s) => s.verdict)).toEqual(['valid']);
  });
});

describe('a loss the notes differentiate but never define', () => {
  const verdictsOf = (source: string): string[] => checkSource(source, 'l.md').steps.map((s) => s.verdict);
  const notes = (...steps: string[]): string => ['Let $z = wx + b$ and $a = \\sigma(z)$.', ...steps].join('\n\n');

  it('checks the chain rule through it for every loss at once', () => {
    // ∂L/∂w = L'(a) σ'(z) x = ∂L/∂a · a(1−a) · x whatever L is; with x in place of 1, ∂L/∂b is wrong.
    expect(verdictsOf(notes(
      '$$\\frac{\\partial L}{\\partial w} = \\frac{\\partial L}{\\partial a}\\frac{\\partial a}{\\partial z}\\frac{\\partial z}{\\partial w} = \\frac{\\partial L}{\\partial a}\\, a(1-a)\\, x$$',
      '$$\\frac{\\partial L}{\\partial b} = \\frac{\\partial L}{\\partial a}\\, a(1-a)\\, x$$',
      '$$\\frac{\\partial L}{\\partial b} = \\frac{\\partial L}{\\partial a}\\, a(1-a)$$',
    ))).toEqual(['valid', 'valid', 'invalid', 'valid']);
  });

  it('never gives the derivative of an undefined name a value of its own', () => {
    // dk/dt = 3t² says what k is; with k never defined the step cannot be judged.
    expect(verdictsOf('$$\\frac{dk}{dt} = 3t^{2}$$')).toEqual(['unknown']);
    expect(verdictsOf(notes('$$\\frac{\\partial L}{\\partial w} = a(1-a)\\, x$$'))).toEqual(['unknown']);
  });
});

describe('a loss of a whole vector the notes never define', () => {
  it('checks the vector–Jacobian product through the softmax for every loss', () => {
    // With p = softmax(z): ∂L/∂z = Jᵀg = p ⊙ g − p(pᵀg) for g = ∂L/∂p, whatever L is; pᵀp in place of ppᵀ is wrong.
    const notes = [
      'With $\\mathbf{p} = \\operatorname{softmax}(\\mathbf{z}) \\in \\mathbb{R}^{K}$,',
      '$$J = \\frac{\\partial \\mathbf{p}}{\\partial \\mathbf{z}}$$',
      'and an upstream gradient $\\mathbf{g} = \\frac{\\partial L}{\\partial \\mathbf{p}}$,',
      '$$\\frac{\\partial L}{\\partial \\mathbf{z}} = J^\\top \\mathbf{g} = \\mathbf{p} \\odot \\mathbf{g} - \\mathbf{p}\\left(\\mathbf{p}^\\top \\mathbf{g}\\right)$$',
      '$$\\frac{\\partial L}{\\partial \\mathbf{z}} = \\mathbf{p} \\odot \\mathbf{g} - \\mathbf{p}^\\top\\mathbf{p}\\,\\mathbf{g}$$',
    ].join('\n\n');
    expect(checkSource(notes, 'v.md').steps.map((s) => s.verdict)).toEqual(['valid', 'valid', 'invalid']);
  });
});

describe('a function the prose names', () => {
  const verdictsOf = (source: string): string[] => checkSource(source, 'p.md').steps.map((s) => s.verdict);

  it('is that function, after the name or before it', () => {
    // g = tanh: g′ = 1 − g²; h = σ: h′ = h(1 − h); φ the standard normal density: φ′(x) = −xφ(x).
    expect(verdictsOf("where $g$ is the tanh, so $g'(z) = 1 - \\tanh^2(z)$.")).toEqual(['valid']);
    expect(verdictsOf("The logistic function $h$ satisfies $h'(t) = h(t)(1-h(t))$.")).toEqual(['valid']);
    expect(verdictsOf("$\\phi(x)$ is the standard normal density, so $\\phi'(x) = -x\\phi(x)$.")).toEqual(['valid']);
    // The same claims about the wrong function are still wrong.
    expect(verdictsOf("where $g$ is the sigmoid, so $g'(z) = 1 - g(z)^2$.")).toEqual(['invalid']);
    // A name with a layer index, as in Ng's notes.
    expect(verdictsOf("where $g^{[1]}$ is the tanh, so $g^{[1]\\prime}(z) = 1 - \\tanh^2(z)$.")).toEqual(['valid']);
    // Without a verb, after "with" or "where": Φ′ = φ, the density, so (xΦ)′ = Φ + xφ, not Φ + φ.
    expect(verdictsOf('Then $\\frac{d}{dx} x\\Phi(x) = \\Phi(x) + x\\phi(x)$ with $\\Phi$ the standard normal CDF and $\\phi$ the standard normal PDF.')).toEqual(['valid']);
    expect(verdictsOf('Then $\\frac{d}{dx} x\\Phi(x) = \\Phi(x) + \\phi(x)$ with $\\Phi$ the standard normal CDF and $\\phi$ the standard normal PDF.')).toEqual(['invalid']);
  });

  it('defines what a "let" defines through it', () => {
    // f = g² with g = tanh: f′ = 2g·g′ = 2g(1 − g²); with g left open, f′ = 2g g′ for every g.
    expect(verdictsOf("Let $f(z) = g(z)^2$, where $g$ is the hyperbolic tangent. Then $f'(z) = 2g(z)(1 - g(z)^2)$.")).toEqual(['valid']);
    expect(verdictsOf("Let $f(z) = g(z)^2$ for an activation $g$. Then $f'(z) = 2g(z)g'(z)$.")).toEqual(['valid']);
    expect(verdictsOf("Let $f(z) = g(z)^2$ for an activation $g$. Then $f'(z) = 2g'(z)$.")).toEqual(['invalid']);
  });

  it('holds for the steps of its sentence written before it', () => {
    // GELU(x) = xΦ(x) with Φ the standard normal CDF, Φ′ = φ: GELU′(x) = Φ(x) + xφ(x).
    const notes = [
      'The GELU is $\\mathrm{GELU}(x) = x\\Phi(x)$, where $\\Phi$ is the standard normal CDF and $\\phi(x) = \\frac{1}{\\sqrt{2\\pi}}e^{-x^2/2}$ its density.',
      '$$\\frac{d}{dx}\\mathrm{GELU}(x) = \\Phi(x) + x\\phi(x)$$',
      '$$\\frac{d}{dx}\\mathrm{GELU}(x) = \\Phi(x) + \\phi(x)$$',
    ].join('\n\n');
    expect(verdictsOf(notes)).toEqual(['valid', 'valid', 'invalid']);
  });

  it('is not a value the prose gives ("the sigmoid of $z$") nor the output of a function', () => {
    // a is a value here, not the sigmoid function: a(t) stays a function the notes never define.
    expect(checkSource("Here $a$ is the sigmoid of $z$.", 'p.md').definitions).toEqual([]);
    expect(checkSource("The output of the sigmoid $s$ is what we compare.", 'p.md').definitions).toEqual([]);
  });
});

describe('plain-text math in Markdown', () => {
  it('is checked line by line, a derivative operator taking the rest of its line', () => {
    // σ′ through the power rule, typed without dollars; the last line has 1 + σ for 1 − σ.
    const notes = ['# Q1', '', 'd/dz 1/(1+e^(-z))', '= -(1+e^(-z))^(-2) * (-e^(-z))', '= e^(-z)/(1+e^(-z))^2', '= sigmoid(z)(1+sigmoid(z))'].join('\n');
    expect(checkSource(notes, 'q.md').steps.map((s) => [s.line, s.verdict])).toEqual([[4, 'valid'], [5, 'valid'], [6, 'invalid']]);
  });

  it('reads a program\'s `a if c else b` as cases', () => {
    // ReLU′ is 1 for x > 0 and 0 below; 1 everywhere is wrong for x < 0.
    const verdicts = (line: string): string[] => checkSource(`# Q2\n\n${line}\n`, 'q.md').steps.map((s) => s.verdict);
    expect(verdicts("relu'(x) = 1 if x > 0 else 0")).toEqual(['valid']);
    expect(verdicts("relu'(x) = 1 if x > 0 else 1")).toEqual(['invalid']);
  });

  it('reads a line that starts with => as the statement after it', () => {
    // y = σ(2x): y′ = 2σ(2x)(1 − σ(2x)), not σ(2x)(1 − σ(2x)).
    const verdicts = (line: string): string[] => checkSource(`y = sigma(2x)\n\n${line}\n`, 'q.md').steps.map((s) => s.verdict);
    expect(verdicts('=> dy/dx = 2 sigma(2x)(1 - sigma(2x))')).toEqual(['valid']);
    expect(verdicts('=> dy/dx = sigma(2x)(1 - sigma(2x))')).toEqual(['invalid']);
  });
});

describe('a bare sigma', () => {
  const verdictsOf = (source: string): string[] => checkSource(source, 's.md').steps.map((s) => s.verdict);

  it('is at the variable the step differentiates it by', () => {
    // dσ/dx with σ = σ(x): σ(1 − σ); dσ/dx with σ = σ(z) would be 0.
    expect(verdictsOf('$$\\frac{\\mathrm{d}\\,\\sigma}{\\mathrm{d}x} = \\sigma(1-\\sigma)$$')).toEqual(['valid']);
    expect(verdictsOf('$$\\frac{d\\sigma}{dx} = \\sigma(1+\\sigma)$$')).toEqual(['invalid']);
  });

  it('and a function name written without its argument is too', () => {
    // tanh′ = 1 − tanh², d tanh/dx = 1 − tanh²; 1 + tanh² is wrong.
    expect(verdictsOf("$$\\tanh' = 1 - \\tanh^2$$\n\n$$\\frac{d\\tanh}{dx} = 1-\\tanh^2$$\n\n$$\\tanh' = 1 + \\tanh^2$$")).toEqual(['valid', 'valid', 'invalid']);
  });

  it('is at z when the notes have a z', () => {
    // z = wx + b: ∂/∂w of σ(z) is σ(1 − σ)x, with σ at z.
    expect(verdictsOf('Let $z = wx + b$.\n\n$$\\frac{\\partial \\sigma}{\\partial w} = \\sigma(1-\\sigma)x$$')).toEqual(['valid']);
  });
});

describe('a value written again in words', () => {
  const verdictsOf = (source: string): string[] => checkSource(source, 'w.md').steps.map((s) => s.verdict);

  it('is a step from the last member before it', () => {
    // σ − σ² = σ(1 − σ); x² + 2x + 1 = (x + 1)²; e^{2 ln x} = x², not x³.
    expect(verdictsOf('The derivative is $\\sigma(x) - \\sigma(x)^2$, which simplifies to $\\sigma(x)(1 - \\sigma(x))$.')).toEqual(['valid']);
    expect(verdictsOf('Expanding, $(x+1)^2 = x^2 + 2x + 1$, which factors as $(x + 1)(x + 1)$.')).toEqual(['valid', 'valid']);
    expect(verdictsOf('So $e^{2\\ln x}$, which is just $x^3$.')).toEqual(['invalid']);
    // (x³)′ = 3x², not 2x²; (ln x)′ = 1/x, not x (a lone name, said to be the derivative); (x²/2)′ = x.
    expect(verdictsOf('Differentiating $x^3$ gives $2x^2$.')).toEqual(['invalid']);
    expect(verdictsOf('Taking the derivative of $\\ln x$ we get $x$.')).toEqual(['invalid']);
    expect(verdictsOf('Taking the derivative of $\\frac{x^2}{2}$ we get $x$.')).toEqual(['valid']);
    // σ(1 − σ) = σ − σ², said with "i.e."; 2tanh(1 − tanh²) is not 2tanh − tanh³.
    expect(verdictsOf('The derivative is $\\sigma(x)(1-\\sigma(x))$, i.e. $\\sigma(x) - \\sigma(x)^2$.')).toEqual(['valid']);
    expect(verdictsOf('We get $2\\tanh(x)(1-\\tanh^2(x))$, or equivalently $2\\tanh(x) - \\tanh^3(x)$.')).toEqual(['invalid']);
  });

  it('is a point given right after math, for that math', () => {
    // tanh(0) = 0; "largest at" does not bind the identity before it, so σ′ = σ² is judged everywhere.
    expect(verdictsOf('Similarly $\\tanh(x) = 0$ at $x = 0$.')).toEqual(['valid']);
    expect(verdictsOf("Here $\\sigma'(x) = \\sigma(x)^2$, largest at $x = 0$.")).toEqual(['invalid']);
  });

  it('is not read for a quantity of a function that is not its value', () => {
    // The maximum of σ′ is 1/4, but σ′ is not 1/4.
    expect(verdictsOf("The maximum of $\\sigma'$ is $\\frac14$, attained at $x = 0$.")).toEqual([]);
  });

  it('holds at the point the words give, and is not read where they give a region', () => {
    // x² at x = 0 is 0; x³ at x = 2 is 8, not 1; "for large x" is not a point.
    expect(verdictsOf('We have $f(x) = x^2$, which is $0$ at $x = 0$.')).toEqual(['valid']);
    expect(verdictsOf('Also $g(x) = x^3$, which is $1$ at $x = 2$.')).toEqual(['invalid']);
    expect(verdictsOf("The slope $\\tanh'(x)$ is $0$ near $x = 5$.")).toEqual([]);
    // 1 − σ(z) at z = 0 is 1/2, not 1/4 (the point is said between "which" and "is").
    expect(verdictsOf('Then $g(z) = 1 - \\sigma(z)$, which at $z = 0$ is $\\frac{1}{2}$.')).toEqual(['valid']);
    expect(verdictsOf('Then $g(z) = 1 - \\sigma(z)$, which at $z = 0$ is $\\frac{1}{4}$.')).toEqual(['invalid']);
  });
});

describe('a table whose rows write a derivative and its value', () => {
  it('claims each row\'s value is its derivative', () => {
    // L = (wx + b − y)²: ∂L/∂w = 2(ŷ − y)x, ∂L/∂b = 2(ŷ − y); ∂²L/∂w² = 2x², not 2x.
    const notes = [
      'Prediction $\\hat{y} = wx + b$, loss $L = (\\hat{y} - y)^2$.', '',
      '| quantity | expression |', '|---|---|',
      '| $\\partial L/\\partial w$ | $2(\\hat{y} - y)x$ |',
      '| $\\partial L/\\partial b$ | $2(\\hat{y} - y)$ |',
      '| $\\partial^2 L/\\partial w^2$ | $2x$ |',
      '| $w$ | $0.5$ |',
    ].join('\n');
    expect(checkSource(notes, 't.md').steps.map((s) => [s.line, s.verdict])).toEqual([[5, 'valid'], [6, 'valid'], [7, 'invalid']]);
  });
});

describe('a table with a derivative column', () => {
  it('claims each cell is the derivative of its row\'s function', () => {
    // σ′ = σ(1 − σ); tanh′ = 1 − tanh², not 1 + tanh²; (x³)′ = 3x²; the name cell is prose.
    const notes = [
      '| name | function | derivative |',
      '|---|---|---|',
      '| sigmoid | $\\sigma(x)$ | $\\sigma(x)(1-\\sigma(x))$ |',
      '| tanh | $\\tanh(x)$ | $1+\\tanh^2(x)$ |',
      '| cube | $x^3$ | $3x^2$ |',
    ].join('\n');
    expect(checkSource(notes, 't.md').steps.map((s) => [s.line, s.verdict])).toEqual([[3, 'valid'], [4, 'invalid'], [5, 'valid']]);
  });

  it('reads headers written in math, and a table of values at the points of its variable\'s column', () => {
    const byMath = '| $f(x)$ | $f\'(x)$ |\n|---|---|\n| $e^{2x}$ | $2e^{2x}$ |';
    expect(checkSource(byMath, 't.md').steps.map((s) => s.verdict)).toEqual(['valid']);
    // σ(0) = 0.5 and σ′(0) = 0.25; without a column of x, the numbers are no claims.
    const values = '| $x$ | $\\sigma(x)$ | $\\sigma\'(x)$ |\n|---|---|---|\n| $0$ | $0.5$ | $0.25$ |';
    expect(checkSource(values, 't.md').steps.map((s) => s.verdict)).toEqual(['valid', 'valid']);
    expect(checkSource('| $\\sigma(x)$ | $\\sigma\'(x)$ |\n|---|---|\n| $0.5$ | $0.25$ |', 't.md').steps).toEqual([]);
  });
});

describe('display math in notation deriv does not read', () => {
  it('is a warning, not an error, and so is the block that continues it', () => {
    // A limit is well written; deriv does not compute limits: nothing to blame the notes for.
    const r = checkSource('$$\\lim_{x\\to\\infty}\\sigma(x)$$\n\n$$= 1$$\n\n$$\\sigma(0) = \\frac12$$', 'l.md');
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => [w.line, w.code])).toEqual([[1, 'not-read'], [3, 'not-read']]);
    expect(r.steps.map((s) => s.verdict)).toEqual(['valid']);
  });

  it('is still an error when it is badly written', () => {
    const r = checkSource('$$\\frac{1}{2}}$$', 'l.md');
    expect(r.errors.map((e) => e.code)).toEqual(['parse']);
  });
});

describe('an evaluation bar', () => {
  const verdictsOf = (source: string): string[] => checkSource(source, 'e.md').steps.map((s) => s.verdict);

  it('evaluates after differentiating, with the definitions in', () => {
    // a = σ(x): a′(0) = a(1 − a) at 0 = 1/4; (x³ + 2x)′ at 1 is 5, not 3; ∂/∂w (wx − y)² at w = 1 is 2(x − y)x.
    const notes = [
      'Let $a = \\sigma(x)$.',
      '$$\\left.\\frac{da}{dx}\\right|_{x=0} = a(1-a)\\Big|_{x=0} = \\frac{1}{4}$$',
      '$$\\frac{d}{dx}\\left(x^3 + 2x\\right)\\Big|_{x=1} = 5$$',
      '$$\\frac{d}{dx}\\left(x^3 + 2x\\right)\\Big|_{x=1} = 3$$',
      '$$\\left.\\frac{\\partial}{\\partial w}\\left(w x - y\\right)^2\\right|_{w = 1} = 2(x - y)x$$',
    ].join('\n\n');
    expect(verdictsOf(notes)).toEqual(['valid', 'valid', 'valid', 'invalid', 'valid']);
  });

  it('keeps the written side whole, \\left. included', () => {
    const [step] = checkSource('$$\\left.\\frac{d}{dx}\\sigma(x)\\right|_{x=0} = \\frac{1}{4}$$', 'e.md').steps;
    expect(step?.lhs).toBe('\\left.\\frac{d}{dx}\\sigma(x)\\right|_{x=0}');
    expect(step?.verdict).toBe('valid');
  });
});

describe('a derivative by an entry of a vector', () => {
  it('is unknown, not 0, when the vector is used whole', () => {
    // Ng's logistic regression: h = σ(θᵀx), ∂J/∂θ_j = (1/m) Σ (h(x⁽ⁱ⁾) − y⁽ⁱ⁾) x_j⁽ⁱ⁾ is right;
    // read with θ_j a name apart from θ, J would not depend on it and the step would look wrong.
    const notes = [
      'For one example, $h_\\theta(x) = \\sigma(\\theta^T x)$ and the cost over $m$ examples is',
      '$$J(\\theta) = -\\frac{1}{m}\\sum_{i=1}^{m}\\left[y^{(i)}\\log h_\\theta(x^{(i)}) + (1-y^{(i)})\\log\\left(1-h_\\theta(x^{(i)})\\right)\\right]$$',
      '$$\\frac{\\partial J}{\\partial \\theta_j} = \\frac{1}{m}\\sum_{i=1}^{m}\\left(h_\\theta(x^{(i)}) - y^{(i)}\\right)x_j^{(i)}$$',
    ].join('\n\n');
    const [step] = checkSource(notes, 'lr.md').steps;
    expect(step?.verdict).toBe('unknown');
    expect(step?.detail.reason?.code).toBe('entry-of-whole');
  });

  it('is worked out for names with a subscript that no whole name goes with', () => {
    // f = w_1 x + w_2 y: ∂f/∂w_1 = x; 2x is wrong.
    const v = (rhs: string): string | undefined => checkSource(`Let $f = w_1 x + w_2 y$.\n\n$$\\frac{\\partial f}{\\partial w_1} = ${rhs}$$`, 'w.md').steps[0]?.verdict;
    expect(v('x')).toBe('valid');
    expect(v('2x')).toBe('invalid');
  });
});

describe('a function the notes never define', () => {
  const verdictsOf = (source: string): string[] => checkSource(source, 'g.md').steps.map((s) => s.verdict);

  it('is unknown when one side alone says what its derivative is', () => {
    // "g is the activation" names no function: g′(z) = 1 − tanh²(z) says what g is, which the notes never did.
    expect(verdictsOf('where $g$ is the activation, so $g\'(z) = 1 - \\tanh^2(z)$.')).toEqual(['unknown']);
  });

  it('stands for every function where both sides have it', () => {
    // a = g(z), z = wx: ∂a/∂w = g′(z) x for every activation g; without the x it is wrong.
    const notes = (rhs: string): string => `Let $z = wx$ and $a = g(z)$ for an activation $g$.\n\n$$\\frac{\\partial a}{\\partial w} = ${rhs}$$`;
    expect(verdictsOf(notes("g'(z)\\, x"))).toEqual(['valid']);
    expect(verdictsOf(notes("g'(z)"))).toEqual(['invalid']);
  });

  it('still catches a term of it dropped from a computation', () => {
    // a = f(z) + g(z): ∂a/∂z = f′(z) + g′(z), so f′(z) alone is wrong (for every g but a constant).
    expect(verdictsOf("Let $a = f(z) + g(z)$ for activations $f$ and $g$.\n\n$$\\frac{\\partial a}{\\partial z} = f'(z)$$")).toEqual(['invalid']);
  });
});

describe('inverse functions: σ⁻¹ is the logit, tanh⁻¹ the artanh', () => {
  // logit(x) = ln(x/(1−x)) on (0, 1), with derivative 1/(x(1−x)); artanh(x) = ½ ln((1+x)/(1−x)) on (−1, 1), with derivative 1/(1−x²).
  const LOGIT = 'The function $\\sigma^{-1}(x) = \\log\\left(\\frac{x}{1-x}\\right)$ is the logit, for $x \\in (0, 1)$.\n\n';
  const verdictsOf = (source: string, symbolic = true): string[] => checkSource(source, 'inverse.md', { symbolic }).steps.map((s) => `${s.line}: ${s.verdict}`);

  it('lecture notes on the logit are read and valid, by the simplifier and by sampling alone', () => {
    const notes = `${LOGIT}$$\\frac{d}{dx}\\sigma^{-1}(x) = \\frac{1}{x(1-x)}$$\n`;
    const r = checkSource(notes, 'logit.md');
    expect(r.errors).toEqual([]);
    expect(r.steps.map((s) => [s.line, s.verdict, s.method])).toEqual([[1, 'valid', 'symbolic'], [3, 'valid', 'symbolic']]);
    expect(verdictsOf(notes, false)).toEqual(['1: valid', '3: valid']);
  });

  it('a wrong derivative or a wrong logarithm of σ⁻¹ is invalid', () => {
    expect(verdictsOf(`${LOGIT}$$\\frac{d}{dx}\\sigma^{-1}(x) = \\frac{1}{x(1+x)}$$\n`)).toEqual(['1: valid', '3: invalid']);
    expect(verdictsOf(`${LOGIT}$$\\sigma^{-1}(x) = \\log\\left(\\frac{1-x}{x}\\right)$$\n`)).toEqual(['1: valid', '3: invalid']);
    expect(verdictsOf(`${LOGIT}$$\\frac{d}{dx}\\sigma^{-1}(x) = \\frac{1}{x(1+x)}$$\n`, false)).toEqual(['1: valid', '3: invalid']);
  });

  it('tanh⁻¹, artanh and arctanh are one function, ½ ln((1+x)/(1−x))', () => {
    const notes = 'For $x \\in (-1, 1)$, $\\tanh^{-1}(x) = \\frac{1}{2}\\ln\\left(\\frac{1+x}{1-x}\\right)$.\n\n'
      + '$$\\frac{d}{dx}\\operatorname{arctanh}(x) = \\frac{1}{1-x^2}$$\n\n'
      + '$$\\frac{d}{dx}\\tanh^{-1}(x) = \\frac{1}{1+x^2}$$\n\n'
      + '$$\\operatorname{artanh}(x) = \\tanh^{-1}(x)$$\n';
    expect(verdictsOf(notes)).toEqual(['1: valid', '3: valid', '5: invalid', '7: valid']);
  });

  it('a function without an inverse in the table is still refused, with the reason (a warning: the notes are not wrong)', () => {
    const r = checkSource('$$\\frac{d}{dx}\\cosh^{-1}(x) = \\frac{1}{\\sqrt{x^2-1}}$$\n', 'cosh.md');
    expect(r.steps).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toMatchObject([{ line: 1, column: 15, code: 'not-read', message: '\\cosh^{-1} is the inverse function, which deriv does not have; write a reciprocal as \\frac{1}{…}' }]);
  });
});
