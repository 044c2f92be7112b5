import { describe, expect, it } from 'vitest';
import { sym } from '../../src/core/expr.js';
import { extractMath } from '../../src/check/markdown.js';
import { collectSteps, type Collected } from '../../src/check/steps.js';
import { toLatex } from '../../src/print/latex.js';

const collect = (md: string): Collected => collectSteps(extractMath(md));
/** Steps as `lhs op rhs @line:column` (the right side's position). */
const steps = (md: string): string[] => collect(md).steps.map((s) => `${s.lhs.latex} ${s.op} ${s.rhs.latex} @${s.rhs.pos.line}:${s.rhs.pos.column}`);

describe('chains', () => {
  it('a chain in one block gives one step per relation', () => {
    expect(steps('$$a + a = 2a = a \\cdot 2$$')).toEqual(['a + a = 2a @1:11', '2a = a \\cdot 2 @1:16']);
  });

  it('a block starting with a relation continues the previous block, across prose and blank lines', () => {
    const md = '$$x^2 + 2x + 1$$\n\nFactor it:\n\n$$= (x+1)^2$$\n$$\\approx (x+1.0)^2$$\n';
    expect(steps(md)).toEqual(['x^2 + 2x + 1 = (x+1)^2 @5:5', '(x+1)^2 ≈ (x+1.0)^2 @6:11']);
  });

  it('a dangling relation continues into the next block', () => {
    expect(steps('$$(x+1)^2 =$$\n\n$$x^2 + 2x + 1$$')).toEqual(['(x+1)^2 = x^2 + 2x + 1 @3:3']);
  });

  it('aligned rows continue the chain of their environment', () => {
    const md = '$$\n\\begin{aligned}\nu &= (x+1)^2 \\\\\n  &= x^2 + 2x + 1\n\\end{aligned}\n$$';
    expect(steps(md)).toEqual(['(x+1)^2 = x^2 + 2x + 1 @4:6']);
  });

  it('ignores decorations: boxes, check marks, underbraces, quads and text notes', () => {
    const md = '$$x + x = \\underbrace{2x}_{\\text{sum}} \\quad \\checkmark$$\n$$= \\boxed{2x} \\quad [\\text{done}]$$';
    const c = collect(md);
    expect(c.steps).toHaveLength(2);
    expect(c.errors).toEqual([]);
  });
});

describe('definitions', () => {
  it('a symbol not yet defined is defined by its first relation; the rest of the chain is checked', () => {
    const c = collect('$$L = -[y\\ln a + (1-y)\\ln(1-a)] = -y\\ln a - (1-y)\\ln(1-a)$$');
    expect(c.definitions).toEqual([{ line: 1, symbol: 'L', latex: '-[y\\ln a + (1-y)\\ln(1-a)]' }]);
    expect(c.steps).toHaveLength(1);
    expect(c.steps[0]!.scope.defs.has(sym('L'))).toBe(true);
  });

  it('a defined symbol on the left makes a step, not a new definition', () => {
    const c = collect('$$z = 2x$$\n\n$$z = x + x$$');
    expect(c.definitions).toHaveLength(1);
    expect(c.steps.map((s) => s.lhs.latex)).toEqual(['z']);
  });

  it('function heads define functions, even names that are not conventional function letters', () => {
    const c = collect('$$L(a) = -\\ln a$$\n\n$$L(a) = \\ln\\frac{1}{a}$$');
    expect(c.definitions.map((d) => d.symbol)).toEqual(['L(a)']);
    expect(c.steps).toHaveLength(1);
    expect(c.steps[0]!.scope.functions.get(sym('L'))?.params).toEqual([sym('a')]);
  });

  it('inline math after "let", "where", "with" defines, and "let" redefines', () => {
    const c = collect('$$a = 1$$\n\nLet $a = \\sigma(z)$ where $z = w x + b$.\n\n$$a = \\sigma(w x + b)$$');
    expect(c.definitions.map((d) => `${d.symbol} := ${d.latex}`)).toEqual(['a := 1', 'a := \\sigma(z)', 'z := w x + b']);
    expect(toLatex(c.steps[0]!.scope.defs.get(sym('a'))!)).toBe('\\sigma(z)');
  });

  it('other inline math is prose, never a step', () => {
    expect(collect('A linear map satisfies $f(u+v) = f(u) + f(v)$ for all inputs.').steps).toEqual([]);
  });

  it('the front matter defines, assumes, declares matrices and sets the tolerance', () => {
    const md = '---\ndefine:\n  - a = \\sigma(z)\nassume:\n  - 0 < y < 1\nmatrix: [W^{[1]}, W^{[2]}]\ntolerance: 0.01\n---\n$$a = a$$\n';
    const c = collect(md);
    const scope = c.steps[0]!.scope;
    expect(c.errors).toEqual([]);
    expect(scope.defs.has(sym('a'))).toBe(true);
    expect(scope.assumptions.domains.get(sym('y'))).toEqual({ lo: 0, hi: 1, loOpen: true, hiOpen: true });
    expect(scope.matrices).toEqual(new Set([sym('W', { layer: '1' }), sym('W', { layer: '2' })]));
    expect(scope.tolerance).toBe(0.01);
  });
});

describe('bindings and assumptions', () => {
  it('"if z = 10" binds z for the steps that follow, until the next heading', () => {
    const c = collect('# One\n\nIf $z = 10$, then\n\n$$\\sigma(z) \\approx 1$$\n\n# Two\n\n$$\\sigma(z) = \\sigma(z)$$');
    expect(c.steps[0]!.scope.bindings.get(sym('z'))).toBeDefined();
    expect(c.steps[1]!.scope.bindings.size).toBe(0);
  });

  it('"for x > 0" restricts sampling; a later "for x < 0" replaces it', () => {
    const c = collect('For $x > 0$:\n\n$$x = x$$\n\nFor $x < 0$:\n\n$$x = x$$');
    expect(c.steps[0]!.scope.localAssumptions.domains.get(sym('x'))).toMatchObject({ lo: 0, hi: Infinity });
    expect(c.steps[1]!.scope.localAssumptions.domains.get(sym('x'))).toMatchObject({ lo: -Infinity, hi: 0 });
  });
});

describe('errors', () => {
  it('a block that does not parse is an error at its file position; other blocks are still read', () => {
    const c = collect('# Notes\n\n$$x = x^{2}}$$\n\n$$x + x = 2x$$');
    expect(c.errors).toMatchObject([{ line: 3, code: 'parse' }]);
    expect(c.steps).toHaveLength(1);
  });

  it('a continuation of an unreadable block skips only its first step', () => {
    const c = collect('$$x = (2]$$\n$$= 2x = x + x$$');
    expect(c.errors.map((e) => e.code)).toEqual(['parse', 'continues-unreadable']);
    expect(c.steps.map((s) => s.lhs.latex)).toEqual(['2x']);
  });

  it('a continuation with nothing before it is an error', () => {
    expect(collect('$$= 2x$$').errors).toMatchObject([{ line: 1, column: 3, code: 'nothing-to-continue' }]);
  });

  it('inline math that does not parse is prose and no error', () => {
    expect(collect('The set $x \\in \\mathbb{R}$ of reals.').errors).toEqual([]);
  });
});

describe('sections: a definition holds until the end of its section', () => {
  const defined = (c: Collected, i: number): string[] => [...c.steps[i]!.scope.defs.keys()].map((s) => toLatex(s)).sort();
  it('subsections inherit; a later sibling keeps what earlier sections defined, as names it may define again', () => {
    const c = collect([
      '# A', 'Let $a = 1$.', '## B', 'Let $b = 2$.', '### C', '$$x = x$$', '## D', '$$x = x$$', '# E', '$$x = x$$',
    ].join('\n\n'));
    const inherited = (i: number): string[] => [...c.steps[i]!.scope.inherited].map((s) => toLatex(s)).sort();
    expect([defined(c, 0), defined(c, 1), defined(c, 2)]).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b']]);
    expect([inherited(0), inherited(1), inherited(2)]).toEqual([[], ['b'], ['a', 'b']]);
  });
  it('a sibling section that defines a name again is a new case, not a claim', () => {
    const c = collect(['# Case 1, $h = u$', '$$x = x$$', '# Case 2, $h = 2u$', '$$h = 2u$$'].join('\n\n'));
    expect(c.definitions.map((d) => `${d.symbol} := ${d.latex}`)).toEqual(['h := u', 'h := 2u']);
    expect(c.steps).toHaveLength(2);
  });
  it('definitions before the first heading hold for the whole file, and the front matter too', () => {
    const c = collect(['---', 'define: [w = 3]', '---', 'Let $v = 1$.', '# One', '## Two', '$$x = x$$', '# Three', '$$x = x$$'].join('\n'));
    expect([defined(c, 0), defined(c, 1)]).toEqual([['v', 'w'], ['v', 'w']]);
  });
  it('a definition in a heading holds for that section, and for a later one only as a name it may define again', () => {
    const c = collect(['# Case 1, $h = u$', '$$x = x$$', '# Case 2', '$$x = x$$'].join('\n\n'));
    expect([defined(c, 0), defined(c, 1)]).toEqual([['h'], ['h']]);
    expect([...c.steps[1]!.scope.inherited].map((s) => toLatex(s))).toEqual(['h']);
  });
  it('a chain goes on across a heading', () => {
    expect(steps('$$a + a$$\n\n## Simplify\n\n$$= 2a$$')).toEqual(['a + a = 2a @5:5']);
  });
});

describe('bindings hold for their sentence and the display math right after it', () => {
  const bound = (c: Collected): string[] => c.steps.map((s) => [...s.scope.bindings].map(([k, v]) => `${toLatex(k)}=${toLatex(v)}`).join(','));
  it('a new sentence ends them; a paragraph that goes on in lowercase does not', () => {
    const c = collect(['Let $m = 3t^2$.', 'Take $t = 1$, so', '$$m = 3$$', 'while', '$$m = 3$$', 'Later:', '$$m = 3t^2$$'].join('\n\n'));
    expect(bound(c)).toEqual(['t=1', 't=1', '']);
  });
  it('"and" goes on with the cue before it in the same sentence', () => {
    const c = collect('Let $f(u, v) = u + v$.\n\nTake $u = 1$ and $v = -1$:\n\n$$f(u, v) = 0$$');
    expect(bound(c)).toEqual(['u=1,v=-1']);
  });
  it('a list item is a sentence of its own', () => {
    const c = collect('Let $m = 3t$.\n\n- for $t = 1$: $m = 3$\n- in general $m = 3t$');
    expect(bound(c)).toEqual(['t=1', '']);
  });
});

describe('what the reader defines along the way', () => {
  const defs = (md: string): string[] => collect(md).definitions.map((d) => `${d.symbol} := ${d.latex}`);
  it('an indexed definition "for k = 1, 2" defines each instance', () => {
    expect(defs('If $p_k = A_k h + b_k$ for $k = 1, 2$, then')).toEqual(['p_k := A_k h + b_k', 'p_1 := A_1 h+b_1', 'p_2 := A_2 h+b_2']);
  });
  it('an underbrace names its body', () => {
    expect(defs('$$3(kt + c) = \\underbrace{3k}_{p}\\, t + \\underbrace{3c}_{q}$$')).toEqual(['p := 3k', 'q := 3c']);
  });
  it('a gradient name is the gradient of the loss in scope: given explicitly, or implied', () => {
    expect(defs('Let $J = \\theta^2$.\n\n$$d\\theta = \\frac{\\partial J}{\\partial \\theta} = 2\\theta$$')).toEqual(['J := \\theta^2', 'd{\\theta} := \\frac{\\partial J}{\\partial \\theta}']);
    const c = collect('Let $J = \\theta^2$.\n\n$$d\\theta = 2\\theta$$');
    expect(c.steps.map((s) => `${s.lhs.latex} ${s.op} ${s.rhs.latex}`)).toEqual(['d\\theta = 2\\theta']);
  });
  it('a chain that starts with the derivative of an undefined name defines it implicitly', () => {
    expect(defs('$$\\frac{dr}{du} = \\frac{d}{du}(u^2) = 2u$$')).toEqual(['r := u^2']);
  });
  it('a circular definition is set aside with a warning where it is written', () => {
    const c = collect('Let $u = k + c$ and $h = 2u$.\n\nThen $c = h$.');
    expect(c.definitions.map((d) => d.symbol)).toEqual(['u', 'h']);
    expect(c.warnings).toMatchObject([{ line: 3, code: 'circular', message: expect.stringContaining('c → h → u → c') }]);
  });
  it('a definition with a condition beside it restricts the steps that use it', () => {
    const c = collect('$$g = t^2, \\quad t > 0$$\n\n$$\\sqrt{g} = t$$');
    expect(c.steps.map((s) => [...s.scope.domains.values()].flat().map(toLatex))).toEqual([['t>0']]);
  });
  it('pieces under conditions build one piecewise function', () => {
    const c = collect('$$t > 1 \\quad h = 1$$\n\n$$t < 1 \\quad h = t$$\n\n$$x = x$$');
    expect(toLatex(c.steps[0]!.scope.defs.get(sym('h'))!)).toBe('\\begin{cases}1 & \\text{if } t>1 \\\\ t & \\text{if } t<1\\end{cases}');
  });
});
