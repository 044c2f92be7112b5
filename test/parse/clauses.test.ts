/**
 * The clause reader, as a specification: how a span of math comes apart into statements,
 * prose and labels. Each clause is shown as `separator:kind text`.
 */
import { describe, expect, it } from 'vitest';
import { readClauses } from '../../src/parse/clauses.js';

const clauses = (source: string): string[] => {
  const r = readClauses(source);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((c) => {
    const text = source.slice(c.start, c.end).trim();
    const kind = c.kind === 'text' ? (c.label ? 'label' : 'text') : c.kind;
    return `${c.row}${c.sep === 'start' ? '' : `/${c.sep}`}${c.words ? `(${c.words})` : ''}:${kind} ${text}`;
  });
};

describe('separators at the top level', () => {
  it.each([
    ['\\quad between statements', 't > 1 \\quad h = 1 \\quad \\frac{dh}{dt} = 0', ['0:statement t > 1', '0/quad:statement h = 1', '0/quad:statement \\frac{dh}{dt} = 0']],
    ['\\qquad too', 'a = 1 \\qquad b = 2', ['0:statement a = 1', '0/quad:statement b = 2']],
    ['a comma and \\quad', 'g = t^{2}, \\quad t > 0', ['0:statement g = t^{2}', '0/quad:statement t > 0']],
    ['a semicolon', 'x = 1; y = 2', ['0:statement x = 1', '0/semicolon:statement y = 2']],
    ['\\Rightarrow between two equations', '2x = 4 \\Rightarrow x = 2', ['0:statement 2x = 4', '0/implies:statement x = 2']],
    ['a comma list after an equation', 'k = 1, 2', ['0:statement k = 1', '0/comma:statement 2']],
    // As with \\boxed, the clause is the relation inside the parentheses (its words kept as its cue).
    ['a condition in parentheses', 'y = x \\quad (x \\neq 0)', ['0:statement y = x', '0/quad:statement x \\neq 0']],
    ['a worded condition in parentheses', 'y = x \\quad (\\text{for } x > 0)', ['0:statement y = x', '0/quad(for):statement x > 0']],
  ])('%s', (_name, source, expected) => expect(clauses(source)).toEqual(expected));

  it.each([
    ['inside parentheses', 'f(x, y) = x + y', ['0:statement f(x, y) = x + y']],
    ['inside a subscript', 'W_{i,j} = 1', ['0:statement W_{i,j} = 1']],
    ['inside braces', '\\frac{a \\quad}{b} = 1', ['0:statement \\frac{a \\quad}{b} = 1']],
    ['\\quad right after a relation is spacing', 'a = \\quad b', ['0:statement a = \\quad b']],
    ['\\quad before an operator is spacing', 'a \\quad + b = c', ['0:statement a \\quad + b = c']],
    ['\\quad before a minus starts a clause', 'h = 1 \\quad -1 \\leq t', ['0:statement h = 1', '0/quad:statement -1 \\leq t']],
    ['the condition of a cases row', 'f = \\begin{cases} 1 & \\text{if } x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}',
      ['0:statement f = \\begin{cases} 1 & \\text{if } x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}']],
  ])('not %s', (_name, source, expected) => expect(clauses(source)).toEqual(expected));
});

describe('prose inside math', () => {
  it.each([
    ['a leading \\text is prose', '\\text{So } f(2) = 8', ['0:text \\text{So }', '0/text(so):statement f(2) = 8']],
    ['\\text{for} gives the words of the clause after it', '\\frac{dg}{dt} = 2t \\quad \\text{for } t \\neq 0',
      ['0:statement \\frac{dg}{dt} = 2t', '0/quad:text \\text{for }', '0/text(for):statement t \\neq 0']],
    ['a bracketed remark', 'f(3) = 27 \\quad [\\text{by the same rule}]', ['0:statement f(3) = 27', '0/quad:text [\\text{by the same rule}]']],
    ['a last chain member that is text', '3t = 6t = \\text{a straight line}', ['0:statement 3t = 6t =', '0/text:text \\text{a straight line}']],
    ['a function name before a comma is a label', '\\cosh, g(t) = 1', ['0:label \\cosh', '0/comma:statement g(t) = 1']],
    ['a word before a relation names a quantity', '\\text{loss} = (a - y)^2', ['0:statement \\text{loss} = (a - y)^2']],
    ['a signature and a mapping are said in symbols', 'f: \\mathbb{R}\\to\\mathbb{R}, \\quad x \\mapsto x^2',
      ['0:text f: \\mathbb{R}\\to\\mathbb{R}', '0/quad:text x \\mapsto x^2']],
  ])('%s', (_name, source, expected) => expect(clauses(source)).toEqual(expected));

  it('an arrow elsewhere is still refused', () => {
    expect(clauses('x \\to 0')).toEqual(['0:error x \\to 0']);
  });
});

describe('rows and environments', () => {
  it('the rows of an aligned environment, one chain continued by the next row', () => {
    expect(clauses('\\begin{aligned} a &= b \\\\ &= c \\end{aligned}')).toEqual(['0:statement a &= b', '1:statement = c']);
  });
  it('a brace in front of an aligned environment: each row on its own', () => {
    expect(clauses('\\left| \\begin{aligned} p &= 1 \\\\ q &= 2 \\end{aligned} \\right.')).toEqual(['0:statement p &= 1', '1:statement q &= 2']);
    expect(clauses('\\left\\{ \\begin{aligned} p &= 1 \\\\ q &= 2 \\end{aligned} \\right.')).toEqual(['0:statement p &= 1', '1:statement q &= 2']);
  });
  it('nested wrappers unwrap one after the other', () => {
    expect(clauses('\\begin{equation}\\begin{aligned} a &= b \\end{aligned}\\end{equation}')).toEqual(['0:statement a &= b']);
  });
  it('two environments side by side are not one wrapper', () => {
    expect(clauses('\\begin{aligned} a \\end{aligned} = \\begin{aligned} b \\end{aligned}')[0]).toMatch(/^0:error/);
  });
});

describe('errors stay in their clause', () => {
  it('an unknown command spoils only its clause', () => {
    const r = readClauses('x \\wr \\mathbb{R}, \\quad y = 2');
    expect(r.ok && r.value.map((c) => c.kind)).toEqual(['error', 'statement']);
    expect(r.ok && r.value[0]!.kind === 'error' && r.value[0]!.error).toMatchObject({ code: 'unknown-command', message: 'unknown command \\wr', column: 3 });
  });
  it('a clause that does not parse carries its positioned error', () => {
    const r = readClauses('a = 1 \\quad b = (2');
    expect(r.ok && r.value[1]).toMatchObject({ kind: 'error', error: { code: 'unexpected-end' } });
  });
  it('a bare operator before a relation parses with a placeholder operand', () => {
    expect(clauses('\\frac{d^2}{dt^2} = 0')).toEqual(['0:statement \\frac{d^2}{dt^2} = 0']);
  });
});
