/**
 * The lexer, as a specification: what a reader's eye sees in tricky inputs. Tokens are shown as
 * `type` or `type:value` (value for names, numbers, functions, relations and environments).
 */
import { describe, expect, it } from 'vitest';
import { LIMITS, tokenize } from '../../src/parse/lexer.js';

const VALUED = new Set(['ident', 'number', 'greek', 'fname', 'opname', 'text', 'relop', 'begin', 'end']);
const tokens = (s: string, ascii = false): string =>
  tokenize(s, ascii).map((t) => (VALUED.has(t.type) ? `${t.type}:${t.value}` : t.type)).join(' ');

describe('LaTeX mode', () => {
  it.each([
    // spacing and sizing are dropped, so the grammar never sees them
    ['\\left( a \\right)', 'lparen ident:a rparen'],
    ['\\bigl( a \\bigr)', 'lparen ident:a rparen'],
    ['\\sigma\\,(z)\\quad\\checkmark', 'greek:sigma lparen ident:z rparen'],
    ['a \\! b ~ c', 'ident:a ident:b ident:c'],
    ['\\label{eq:1} x', 'ident:x'],
    ['\\left[ a \\right]', 'lbrack ident:a rbrack'],
    ['\\{ a \\}', 'lcurly ident:a rcurly'],
    ['\\left| x \\right|', 'lvert ident:x rvert'],
    ['\\lvert x \\rvert', 'lvert ident:x rvert'],
    // numbers: scientific notation is one number, but `2e^{…}` is 2 times e
    ['1e-5', 'number:1e-5'],
    ['2.5e3x', 'number:2.5e3 ident:x'],
    ['.5', 'number:.5'],
    ['2e^{-z}', 'number:2 ident:e caret lbrace minus ident:z rbrace'],
    ['\\frac12', 'frac number:1 number:2'],
    ['\\frac 123', 'frac number:1 number:2 number:3'],
    // letters are one name each; multi-letter names come from \mathrm
    ['xy', 'ident:x ident:y'],
    ['x_{i,j}', 'ident:x underscore lbrace ident:i comma ident:j rbrace'],
    ["g'(z)", 'ident:g prime lparen ident:z rparen'],
    ['\\theta^\\top', 'greek:theta caret top'],
    // \text, \mathrm, \operatorname are classified by what they hold
    ['\\mathrm{ReLU}(x)', 'fname:relu lparen ident:x rparen'],
    ['\\text{softplus}(x)', 'fname:softplus lparen ident:x rparen'],
    ['\\operatorname{L}(a)', 'opname:L lparen ident:a rparen'],
    ['\\mathrm{d}x', 'ident:d ident:x'],
    ['\\mathrm{lr}', 'ident:lr'],
    ['\\text{if } x', 'text:if ident:x'],
    // operators and relations have one canonical value however they are written
    ['a \\cdot b \\times c', 'ident:a times ident:b times ident:c'],
    ['a * b', 'ident:a times ident:b'],
    ['a \\le b \\geq c \\neq d \\approx e', 'ident:a relop:≤ ident:b relop:≥ ident:c relop:≠ ident:d relop:≈ ident:e'],
    ['a := b', 'ident:a relop:= ident:b'],
    // Unicode reads like its LaTeX
    ['σ(z)(1−σ(z))', 'greek:sigma lparen ident:z rparen lparen number:1 minus greek:sigma lparen ident:z rparen rparen'],
    ['x₁²', 'ident:x underscore number:1 caret number:2'],
    ['∂L/∂a', 'partial ident:L divide partial ident:a'],
    ['a × b', 'ident:a times ident:b'],
    ['x ≥ 0', 'ident:x relop:≥ number:0'],
    ['½x + ¾', 'frac number:1 number:2 ident:x plus frac number:3 number:4'],
    ['ŷ − y', 'accent ident:y minus ident:y'],
    ["f″(x) + g‴", 'ident:f prime prime lparen ident:x rparen plus ident:g prime prime prime'],
    // words that name quantities in backpropagation notes are one name; other runs of letters are letters
    ['\\sigma(net) + out - target', 'greek:sigma lparen ident:net rparen plus ident:out minus ident:target'],
    ['e^{net} \\cdot nets', 'ident:e caret lbrace ident:net rbrace times ident:n ident:e ident:t ident:s'],
    ['x\u0302 + x\u0304', 'accent ident:x plus accent ident:x'],
    // `&` aligns in aligned environments (dropped) but separates value and condition in cases
    ['\\begin{aligned} a &= b \\\\ &= c \\end{aligned}', 'begin:aligned ident:a relop:= ident:b nl relop:= ident:c end:aligned'],
    ['\\begin{cases} x & x > 0 \\end{cases}', 'begin:cases ident:x amp ident:x relop:> number:0 end:cases'],
    // sentence punctuation at the end of a display line is prose
    ['x < 0.', 'ident:x relop:< number:0'],
    ['x, \\\\ y', 'ident:x nl ident:y'],
  ])('%s → %s', (input, expected) => {
    expect(tokens(input)).toBe(expected);
  });
});

describe('plain-text mode', () => {
  it.each([
    ['x**2', 'ident:x caret number:2'],
    ['w1*x1', 'ident:w underscore number:1 times ident:x underscore number:1'],
    ['alpha*lr', 'greek:alpha times ident:lr'],
    ['sqrt(x)', 'sqrt lparen ident:x rparen'],
    ['sigmoid(z)', 'fname:sigmoid lparen ident:z rparen'],
    ['leaky_relu(x)', 'fname:leakyrelu lparen ident:x rparen'],
    ['yhat', 'ident:yhat'],
  ])('%s → %s', (input, expected) => {
    expect(tokens(input, true)).toBe(expected);
  });

  it('gives the pieces of `w12` their own positions, so the subscript reads back as 12', () => {
    const [w, , n] = tokenize('  w12', true);
    expect([w?.text, w?.col, n?.text, n?.col]).toEqual(['w', 3, '12', 4]);
  });
});

describe('positions and limits', () => {
  it('reports 1-based lines and columns and 0-based offsets', () => {
    const t = tokenize('a +\n  \\beta', false);
    expect(t.map((x) => [x.type, x.line, x.col, x.offset])).toEqual([['ident', 1, 1, 0], ['plus', 1, 3, 2], ['greek', 2, 3, 6]]);
  });

  it('rejects unknown commands, stray characters and stray periods with their position', () => {
    expect(() => tokenize('a + \\foo', false)).toThrow(expect.objectContaining({ code: 'unknown-command', column: 5 }));
    expect(() => tokenize('a # b', false)).toThrow(expect.objectContaining({ code: 'unexpected-character', column: 3 }));
    expect(() => tokenize('a . b', false)).toThrow(expect.objectContaining({ code: 'unexpected-character', column: 3 }));
  });

  it('checks the input length and token count before parsing', () => {
    expect(() => tokenize('x'.repeat(LIMITS.maxLength + 1), false)).toThrow(expect.objectContaining({ code: 'too-long' }));
    expect(() => tokenize('x+'.repeat(LIMITS.maxTokens), false)).toThrow(expect.objectContaining({ code: 'too-many-tokens' }));
  });
});

describe('statement punctuation and decorations', () => {
  it.each([
    ['a \\overset{\\text{def}}{=} b', 'ident:a relop:= ident:b'],
    ['a \\stackrel{!}{=} b', 'ident:a relop:= ident:b'],
    ['a \\underset{x \\to 0}{\\approx} b', 'ident:a relop:≈ ident:b'],
    ['a \\triangleq b \\coloneq c', 'ident:a relop:= ident:b relop:= ident:c'],
    ['w \\leftarrow w', 'ident:w relop:= ident:w'],
    ['a \\newline b', 'ident:a nl ident:b'],
    ['\\cancel{x} \\hspace{1em} \\phantom{0} y \\> z \\mathstrut', 'lbrace ident:x rbrace ident:y ident:z'],
    ['\\colorbox{yellow}{x}', 'lbrace ident:x rbrace'],
  ])('%s → %s', (input, expected) => {
    expect(tokens(input)).toBe(expected);
  });
});
