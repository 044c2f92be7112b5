import { describe, expect, it } from 'vitest';
import { extractMath } from '../../src/check/markdown.js';
import { impliedTolerance, prepareClaim } from '../../src/check/prepare.js';
import { EMPTY_SCOPE } from '../../src/check/scope.js';
import { collectSteps } from '../../src/check/steps.js';
import type { Claim } from '../../src/check/verdict.js';
import { parseOrThrow } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';

/** The claim of the last step of a Markdown source. */
function lastClaim(md: string): Claim {
  const steps = collectSteps(extractMath(md)).steps;
  const step = steps[steps.length - 1]!;
  const p = prepareClaim(step.op, step.lhs, step.rhs, step.scope);
  if (!p.ok) throw new Error(p.detail);
  return p.claim;
}

const NEURON = '$$z = w_1 x_1 + b$$\n\n$$a = \\sigma(z)$$\n\n$$L = -[y\\ln a + (1-y)\\ln(1-a)]$$\n\n';

describe('preparing a claim', () => {
  it('works out derivatives under the backprop convention, then substitutes every definition', () => {
    const c = lastClaim(`${NEURON}$$\\frac{\\partial z}{\\partial w_1} = x_1$$`);
    expect(toLatex(c.left)).toBe('x_1');
    const d = lastClaim(`${NEURON}$$\\frac{\\partial L}{\\partial a} = \\frac{a-y}{a(1-a)}$$`);
    expect(toLatex(d.right)).toContain('\\sigma(w_1 x_1+b)');
  });

  it('shows the symbols written in the step, each with its value in sampled symbols', () => {
    const c = lastClaim(`${NEURON}$$\\frac{\\partial L}{\\partial a} = \\frac{a-y}{a(1-a)}$$`);
    expect(c.shown.map((s) => s.label)).toEqual(['y', 'a']);
    expect(toLatex(c.shown[1]!.value)).toBe('\\sigma(w_1 x_1+b)');
  });

  it('offers the chain-rule factors a wrong step may have dropped', () => {
    const c = lastClaim(`${NEURON}$$\\frac{\\partial L}{\\partial w_1} = a - y$$`);
    expect(c.factors.map((f) => f.label)).toContain('\\frac{\\partial z}{\\partial w_1} = x_1');
    const inner = lastClaim('$$\\frac{d}{dx}\\sin(x^2) = \\cos(x^2)$$');
    expect(inner.factors.map((f) => toLatex(f.value))).toContain('2x');
  });

  it('substitutes bindings after the derivative is worked out', () => {
    const c = lastClaim('If $z = 0$, then\n\n$$\\frac{d}{dz}\\sigma(z) = \\frac{1}{4}$$');
    expect(toLatex(c.left)).toBe('\\sigma(0)\\left(1-\\sigma(0)\\right)');
  });

  it('reads a bare σ as σ(z), and σ\' as its derivative', () => {
    const c = lastClaim("$$\\sigma' = \\sigma(1-\\sigma)$$");
    expect(toLatex(c.left)).toBe(toLatex(c.right));
  });
});

describe('the tolerance implied by written digits', () => {
  const implied = (lhs: string, rhs: string): unknown => impliedTolerance([[parseOrThrow(lhs), lhs], [parseOrThrow(rhs), rhs]]);
  it.each([
    ['\\sigma(10)', '0.99995', { rel: 0.5e-5 / 0.99995 }],
    ['\\sigma\'(10)', '4.54 \\times 10^{-5}', { rel: 0.005 / 4.54 }],
    ['\\sigma(10)', '0.0', { abs: 0.05 }],
  ])('%s ≈ %s', (l, r, want) => {
    const t = implied(l, r) as { rel: number; abs: number };
    for (const [k, v] of Object.entries(want)) expect(t[k as 'rel' | 'abs']).toBeCloseTo(v * 1.001, 12);
  });

  it('is read from the approximating side: ≈ 0 implies nothing', () => {
    expect(implied('4.54 \\times 10^{-5}', '0')).toBeNull();
  });

  it('is nothing for a side with symbols left to sample', () => {
    expect(implied('\\sigma(z)', '0.5 + 0.25 z')).toBeNull();
  });
});

describe('a side prepared again', () => {
  const side = (latex: string) => ({ expr: parseOrThrow(latex), latex });
  const prepared = (lhs: string, rhs: string): [string, string] => {
    const p = prepareClaim('=', side(lhs), side(rhs), EMPTY_SCOPE);
    if (!p.ok) throw new Error(p.detail);
    return [toLatex(p.claim.left), toLatex(p.claim.right)];
  };

  it('is read where its own step puts a bare σ, whatever an earlier step made of it', () => {
    // The same right side, with σ at x (the step differentiates σ by x alone), then at z.
    expect(prepared('\\frac{d\\sigma}{dx}', '\\sigma(1-\\sigma)')[1]).toBe('\\sigma(x)\\left(1-\\sigma(x)\\right)');
    expect(prepared('\\sigma(1-\\sigma)', '0')[0]).toBe('\\sigma(z)\\left(1-\\sigma(z)\\right)');
    expect(prepared('\\frac{d\\sigma}{dx}', '\\sigma(1-\\sigma)')[1]).toBe('\\sigma(x)\\left(1-\\sigma(x)\\right)');
  });
});
