/**
 * The role table, rule by rule: for each rule, notes where it decides, the clause it decides
 * and the role it gives. Every rule of ROLE_RULES is exercised here.
 */
import { describe, expect, it } from 'vitest';
import { extractMath } from '../../src/check/markdown.js';
import { ROLE_RULES } from '../../src/check/roles.js';
import { collectSteps } from '../../src/check/steps.js';

const md = (...lines: string[]): string => lines.join('\n\n');
const readingOf = (source: string, clause: string) => {
  const spans = collectSteps(extractMath(source)).spans;
  const found = spans.flatMap((s) => s.readings).filter((r) => r.latex === clause);
  if (found.length !== 1) throw new Error(`${found.length} readings of ${clause}: ${JSON.stringify(spans.flatMap((s) => s.readings))}`);
  return found[0]!;
};

const CASES: readonly [rule: string, role: string, source: string, clause: string][] = [
  ['continuation', 'claim', md('$$a = b$$', '$$= c$$'), '= c'],
  ['alternative', 'binding', 'Try $\\eta = 0.1$ or $\\eta = 0.01$ and compare.', '\\eta = 0.01'],
  ['index-range', 'binding', '$$p_i = \\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}, \\quad i = 1, \\dots, K$$', 'i = 1'],
  ['index-case', 'condition', md('Let $p_i = 2z_i$.', '**Case $i \\neq j$.**'), 'i \\neq j'],
  ['condition', 'condition', '$$t > 1 \\quad h = 1$$', 't > 1'],
  ['condition', 'condition', 'For $x > 0$ the slope is one.', 'x > 0'],
  ['sum-constraint', 'condition', 'Probabilities that sum to 1, $\\sum_{k=1}^{K} p_k = 1$.', '\\sum_{k=1}^{K} p_k = 1'],
  ['sum-constraint', 'condition', 'The last step uses $\\sum_k y_k = 1$.', '\\sum_k y_k = 1'],
  ['claim', 'claim', md('Let $p_k = \\frac{e^{z_k}}{\\sum_{m=1}^{K} e^{z_m}}$.', '$$\\sum_{k=1}^{K} p_k = 1$$'), '\\sum_{k=1}^{K} p_k = 1'],
  ['one-hot', 'condition', 'The target is a one-hot vector $\\mathbf{y}$.', '\\mathbf{y}'],
  ['one-hot', 'condition', 'with a one-hot label $y$', 'y'],
  ['limit', 'remark', 'For large $x$, $\\ln(1 + e^{x}) \\approx x$.', '\\ln(1 + e^{x}) \\approx x'],
  ['binding-list', 'binding', 'If $p_k = A_k h + b_k$ for $k = 1, 2$, then', 'k = 1'],
  ['binding', 'binding', md('Let $m = 3t^2$.', 'Example: $t = 2$, so'), 't = 2'],
  ['binding', 'binding', md('$$y = 2x$$', 'The line passes through $x = 3$ too.'), 'x = 3'],
  ['binding', 'binding', 'For $n = \\sum_{k=1}^{3} k$ we get', 'n = \\sum_{k=1}^{3} k'],
  ['definition', 'definition', 'For $L = \\frac{1}{2}\\sum_{k} (\\hat y_k - y_k)^2$ we have', 'L = \\frac{1}{2}\\sum_{k} (\\hat y_k - y_k)^2'],
  ['solve', 'condition', 'Setting $\\frac{d}{dx}(x^2 - 2x) = 0$ gives the minimum.', '\\frac{d}{dx}(x^2 - 2x) = 0'],
  ['solve', 'condition', 'The slope is largest where $\\sigma(z) = \\frac{1}{2}$.', '\\sigma(z) = \\frac{1}{2}'],
  ['solve', 'condition', 'The slope jumps at the kink $x - 1 = 0$.', 'x - 1 = 0'],
  // A place followed by a colon introduces a statement, not an equation to solve.
  ['claim', 'claim', 'It goes on the wrong side: $\\frac{d}{dx} x^2 = x$.', '\\frac{d}{dx} x^2 = x'],
  ['abstract-rule', 'rule', "$$\\frac{f}{g} = \\frac{gf' - fg'}{g^2}$$", "\\frac{f}{g} = \\frac{gf' - fg'}{g^2}"],
  ['abstract-rule', 'rule', "A linear map has $f(u + v) = f(u) + f(v)$.", 'f(u + v) = f(u) + f(v)'],
  ['update', 'rule', '$$w = w - \\eta \\frac{\\partial L}{\\partial w}$$', 'w = w - \\eta \\frac{\\partial L}{\\partial w}'],
  ['branch', 'definition', md('$$t > 1 \\quad h = 1$$', '$$t < -1 \\quad h = -1$$'), 'h = -1'],
  ['circular', 'remark', md('Let $u = kr + c$ and $h = \\tanh(u)$.', 'Then $c = 2h$.'), 'c = 2h'],
  ['gradient-name', 'definition', md('Let $J = (\\theta - 3)^2$.', '$$d\\theta = 2(\\theta - 3)$$'), 'd\\theta = 2(\\theta - 3)'],
  ['own-version', 'definition', 'Swish is $\\text{swish}(x) = x\\sigma(\\beta x)$.', '\\text{swish}(x) = x\\sigma(\\beta x)'],
  ['own-version', 'definition', '$$\\operatorname{LeakyReLU}(z) = \\max(\\alpha z, z)$$', '\\operatorname{LeakyReLU}(z) = \\max(\\alpha z, z)'],
  ['claim', 'claim', '$$\\sigma(x) = \\frac{1}{1 + e^{-x}}$$', '\\sigma(x) = \\frac{1}{1 + e^{-x}}'],
  ['claim', 'claim', md('$$y = 2x$$', '$$\\sigma(x) = \\frac{1}{1 + e^{-y}}$$'), '\\sigma(x) = \\frac{1}{1 + e^{-y}}'],
  ['redefinition', 'definition', md('$$h = \\sigma(u)$$', 'Now for a linear unit,', '$$h = u$$'), 'h = u'],
  ['redefinition', 'definition', md('Let $z = wx + b$.', 'In vector form $a = \\sigma(z)$, where $z = \\mathbf{w}^\\top\\mathbf{x} + b$.'), 'z = \\mathbf{w}^\\top\\mathbf{x} + b'],
  // A number after "where" is a value at a point, not a new form.
  ['claim', 'claim', md('Let $s = \\sigma(x)$.', 'It is flat at $x = 0$, where $s = 2$.'), 's = 2'],
  ['claim', 'claim', md('$$h = \\sigma(u)$$', '$$u < 0 \\quad h = 0$$'), 'h = 0'],
  ['definition', 'definition', '- unit: $h = q^{3}$', 'h = q^{3}'],
  ['definition', 'definition', '$r(q) = q\\tanh(q)$ is the next unit.', 'r(q) = q\\tanh(q)'],
  ['implicit-definition', 'claim', '$$\\frac{\\partial r}{\\partial u} = \\frac{\\partial}{\\partial u}(uv + 2) = v$$', '\\frac{\\partial r}{\\partial u} = \\frac{\\partial}{\\partial u}(uv + 2) = v'],
  ['claim', 'claim', md('$$h = \\sigma(u)$$', '$$h = u$$'), 'h = u'],
  ['claim', 'claim', '$$\\frac{d}{dz} z^2 = 2z$$', '\\frac{d}{dz} z^2 = 2z'],
];

describe('each rule of the table', () => {
  it.each(CASES)('%s gives %s: %s', (rule, role, source, clause) => {
    expect(readingOf(source, clause)).toMatchObject({ rule, role });
  });

  it('every rule is exercised above, and every rule has an example and a unique id', () => {
    const ids = ROLE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(ids));
    for (const r of ROLE_RULES) expect(r.example.length).toBeGreaterThan(0);
  });
});

describe('clauses that are not relations', () => {
  it.each([
    ['prose inside math', '$$\\text{So } x = x$$', '\\text{So }', 'remark', 'text'],
    ['a label', '$$\\cosh, g(t) = 1$$', '\\cosh', 'remark', 'label'],
    ['an expression that a later block continues', '$$\\frac{1}{1+e^{-z}}$$', '\\frac{1}{1+e^{-z}}', 'expression', 'expression'],
  ])('%s', (_name, source, clause, role, rule) => {
    expect(readingOf(source, clause)).toMatchObject({ role, rule });
  });

  it('display math that cannot be read is an error; inline math that cannot be read is a remark, never an error', () => {
    const c = collectSteps(extractMath(md('$$x = (2]$$', 'The set $x \\wr \\mathbb{R}$.')));
    expect(c.errors.map((e) => e.code)).toEqual(['parse']);
    expect(c.spans.map((s) => s.readings.map((r) => r.role))).toEqual([['unreadable'], ['unreadable']]);
  });

  it('a dangling relation with no continuation is an unfinished line, at most a note', () => {
    const c = collectSteps(extractMath(md('$$\\frac{2}{q} q =$$', 'Next.', '$$x = x$$')));
    expect(c.errors).toEqual([]);
    expect(c.spans[0]!.readings).toMatchObject([{ role: 'remark', rule: 'unfinished' }]);
  });
});
