import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractMath, isPlainMath, plainRuns, type MarkdownDoc } from '../../src/check/markdown.js';

const md = (...lines: string[]) => lines.join('\n');
const found = (source: string) =>
  extractMath(source).segments.map((s) => ({ kind: s.kind, latex: s.latex, line: s.start.line, column: s.start.column }));

/** Every character of every segment sits at the file position `pos` claims, and line/column agree with offset. */
function expectExactPositions(source: string, doc: MarkdownDoc) {
  const lineStarts = [0, ...[...source.matchAll(/\r\n|\r|\n/g)].map((m) => m.index + m[0].length)];
  for (const seg of doc.segments) {
    for (let i = 0; i <= seg.latex.length; i++) {
      const p = seg.pos(i);
      if (i < seg.latex.length) expect(source[p.offset], `latex[${i}] of ${JSON.stringify(seg.latex)}`).toBe(seg.latex[i]);
      expect(p.offset - (lineStarts[p.line - 1] ?? NaN)).toBe(p.column - 1);
    }
    expect(seg.start).toEqual(seg.pos(0));
  }
}

describe('math forms, with exact latex and start position', () => {
  const cases: [string, string, { kind: 'display' | 'inline'; latex: string; line: number; column: number }[]][] = [
    ['inline $…$', 'Let $x^2$ be', [{ kind: 'inline', latex: 'x^2', line: 1, column: 6 }]],
    ['inline \\(…\\)', String.raw`Let \( x^2 \) be`, [{ kind: 'inline', latex: 'x^2', line: 1, column: 8 }]],
    ['$$…$$ alone on one line', '$$a = b$$', [{ kind: 'display', latex: 'a = b', line: 1, column: 3 }]],
    ['$$…$$ with inner spaces', '$$ a = b $$', [{ kind: 'display', latex: 'a = b', line: 1, column: 4 }]],
    ['$$…$$ inside a sentence is still display', 'so $$a = b$$ holds', [{ kind: 'display', latex: 'a = b', line: 1, column: 6 }]],
    ['$$ fences on their own lines', md('$$', 'a = b', '$$'), [{ kind: 'display', latex: 'a = b', line: 2, column: 1 }]],
    ['content after the opening $$', md(String.raw`$$= \frac{y}{a}`, '+ 1 $$'),
      [{ kind: 'display', latex: md(String.raw`= \frac{y}{a}`, '+ 1'), line: 1, column: 3 }]],
    ['closing $$ after content', md('$$', 'a = b $$'), [{ kind: 'display', latex: 'a = b', line: 2, column: 1 }]],
    ['lines starting with - or + stay inside $$', md('$$', 'a', '- b', '+ c', '$$'),
      [{ kind: 'display', latex: md('a', '- b', '+ c'), line: 2, column: 1 }]],
    ['$$ block interrupting a paragraph', md('Hence', '$$= x', '+ y $$'), [{ kind: 'display', latex: md('= x', '+ y'), line: 2, column: 3 }]],
    ['\\[…\\] on one line', String.raw`\[ a = b \]`, [{ kind: 'display', latex: 'a = b', line: 1, column: 4 }]],
    ['\\[…\\] over several lines', md('\\[', 'a = b', '\\]'), [{ kind: 'display', latex: 'a = b', line: 2, column: 1 }]],
    ['\\(…\\) around emphasis-like markup', String.raw`\( a*b*c \)`, [{ kind: 'inline', latex: 'a*b*c', line: 1, column: 4 }]],
    // Blogs double the backslash for MathJax, which sees `\(` once Markdown has read `\\(`.
    ['\\\\(…\\\\) as blogs write it', String.raw`Let \\( \sigma(x) \\) be`, [{ kind: 'inline', latex: '\\sigma(x)', line: 1, column: 9 }]],
    ['\\\\[…\\\\] as blogs write it', String.raw`\\[ a = b \\]`, [{ kind: 'display', latex: 'a = b', line: 1, column: 5 }]],
    // Hugo's shortcodes around LaTeX.
    ['{{< katex >}} inline', 'so {{< katex >}}x_1^2{{< /katex >}} here', [{ kind: 'inline', latex: 'x_1^2', line: 1, column: 17 }]],
    ['{{< katex display >}} on lines of its own', md('{{< katex display >}}', '\\frac{d}{dx} x^2 = 2x', '{{< /katex >}}'),
      [{ kind: 'display', latex: '\\frac{d}{dx} x^2 = 2x', line: 2, column: 1 }]],
    ['```math fenced block', md('```math', 'a = b', '```'), [{ kind: 'display', latex: 'a = b', line: 2, column: 1 }]],
    ['$$ block in a list item', md('- item', '', '  $$', '  a = b', '  $$'), [{ kind: 'display', latex: 'a = b', line: 4, column: 3 }]],
    ['$$ block in a blockquote', md('> $$', '> a = b', '> $$'), [{ kind: 'display', latex: 'a = b', line: 2, column: 3 }]],
    ['CRLF line endings are kept', '$$\r\na = b\r\nc\r\n$$', [{ kind: 'display', latex: 'a = b\r\nc', line: 2, column: 1 }]],
    ['all forms, in document order', md('A $a$ B \\(b\\)', '', '$$', 'c', '$$', '', '\\[d\\] $$e$$', '', '```math', 'f', '```'), [
      { kind: 'inline', latex: 'a', line: 1, column: 4 },
      { kind: 'inline', latex: 'b', line: 1, column: 11 },
      { kind: 'display', latex: 'c', line: 4, column: 1 },
      { kind: 'display', latex: 'd', line: 7, column: 3 },
      { kind: 'display', latex: 'e', line: 7, column: 9 },
      { kind: 'display', latex: 'f', line: 10, column: 1 },
    ]],
  ];
  it.each(cases)('%s', (_name, source, expected) => {
    expect(found(source)).toEqual(expected);
    expect(extractMath(source).errors).toEqual([]);
  });
});

describe('pos() maps every latex index to its file position', () => {
  it('on the 3rd line of a multi-line $$ block', () => {
    const source = md('Intro.', '', '$$', String.raw`\frac{dL}{da}`, String.raw`= -\frac{y}{a}`, String.raw`+ \frac{1-y}{1-a}`, '$$');
    const [seg] = extractMath(source).segments;
    expect(seg?.latex).toBe(md(String.raw`\frac{dL}{da}`, String.raw`= -\frac{y}{a}`, String.raw`+ \frac{1-y}{1-a}`));
    expect(seg?.pos(seg.latex.indexOf('1-y'))).toEqual({ line: 6, column: 9, offset: source.indexOf('1-y') });
    expect(seg?.pos(seg.latex.length)).toEqual({ line: 6, column: 18, offset: source.lastIndexOf('}') + 1 });
  });
  const cases: [string, string, string, { line: number; column: number }][] = [
    ['in a > blockquote', md('> Hence', '>', '> $$', '> a = b', String.raw`> + \frac{1}{2}`, '> $$'), '\\frac', { line: 5, column: 5 }],
    ['in a blockquote, content after the opening $$', md('> $$= x', '> + y $$'), '+', { line: 2, column: 3 }],
    ['in an indented list item', md('1. Step', '', '   $$', '   a', '   + b', '   $$'), '+', { line: 5, column: 4 }],
    ['in a ```math block in a blockquote', md('> ```math', '> a', '> + b', '> ```'), '+', { line: 3, column: 3 }],
    ['in \\(…\\) across blockquote lines', md('> Let \\( a', '> = b \\) hold'), '=', { line: 2, column: 3 }],
    ['in $$…$$ across lines of a paragraph', md('So $$a', '  = b$$ holds'), '=', { line: 2, column: 3 }],
  ];
  it.each(cases)('%s', (_name, source, char, expected) => {
    const doc = extractMath(source);
    const [seg] = doc.segments;
    expect(seg?.pos(seg.latex.indexOf(char))).toMatchObject(expected);
    expectExactPositions(source, doc);
  });
});

describe('dollars that are not math', () => {
  const cases: [string, string][] = [
    ['$ inside a code span', 'Cost `$x$` here'],
    ['$$ inside a fenced code block', md('```', '$$', 'a', '$$', '```')],
    ['$ inside a fenced code block with another language', md('```js', 'let s = "$x$"', '```')],
    ['$ inside an indented code block', '    $x$'],
    ['escaped dollars', String.raw`It costs \$5 or \$6`],
    ['$ inside an HTML block', md('<div>', '$x$', '</div>')],
    ['$ inside an HTML comment', md('<!-- $x = 2x$ scratch -->')],
    ['$ struck out with ~~', 'My first try was ~~$\\sigma\'(x) = \\sigma(x)^2$~~.'],
  ];
  it.each(cases)('%s', (_name, source) => {
    expect(extractMath(source)).toMatchObject({ segments: [], errors: [] });
  });
  it('math next to a code span is still found', () => {
    expect(found('Use `$x$` but $y$')).toEqual([{ kind: 'inline', latex: 'y', line: 1, column: 16 }]);
  });
  it('math after struck-out math is still found; a single tilde strikes nothing out', () => {
    expect(found('~~$a = 1$~~ then $b = 2$')).toEqual([{ kind: 'inline', latex: 'b = 2', line: 1, column: 19 }]);
    expect(found('~$a \\sim b$~ and $c$')).toEqual([
      { kind: 'inline', latex: 'a \\sim b', line: 1, column: 3 },
      { kind: 'inline', latex: 'c', line: 1, column: 19 },
    ]);
  });
});

describe('lead: prose since the previous math or paragraph start', () => {
  const cases: [string, string, string[]][] = [
    ['where', String.raw`where $a = \sigma(z)$`, ['where']],
    ['if', 'if $z = 10$', ['if']],
    ['after earlier math', 'Let $x$ and if $y$', ['Let', 'and if']],
    ['none', '$x$', ['']],
    ['markup dropped, whitespace collapsed', md('Let **bold**   words', 'across lines, where $x$'), ['Let bold words across lines, where']],
    ['code span text counts as prose', 'Let `c` be $x$', ['Let c be']],
    ['display segments have none and reset it', 'Hence \\[ a \\] and so \\( b \\)', ['', 'and so']],
    ['blockquote markers dropped', md('> quoted', '> where $x$'), ['quoted where']],
    ['a new paragraph resets it', md('Let', '', 'where $x$'), ['where']],
  ];
  it.each(cases)('%s', (_name, source, leads) => {
    expect(extractMath(source).segments.map((s) => s.lead)).toEqual(leads);
  });
});

it('section counts headings of any level, including setext', () => {
  const source = md('$a$', '', '# One', '', '$b$', '', '## Two $c$', '', 'Three', '=====', '', '$$', 'd', '$$');
  expect(extractMath(source).segments.map((s) => [s.latex, s.section])).toEqual([['a', 0], ['b', 1], ['c', 2], ['d', 3]]);
});

describe('front matter', () => {
  it('parses define/assume/matrix/tolerance with file lines', () => {
    const source = md(
      '---', 'define:', String.raw`  - a = \sigma(z)`, String.raw`  - L = -[y \ln a + (1-y)\ln(1-a)]`, 'assume:', '  - 0 < y < 1',
      'matrix: [W^{[1]}, W^{[2]}]', 'tolerance: 1e-3', '---', '', 'Then $x$.');
    const doc = extractMath(source);
    expect(doc.errors).toEqual([]);
    expect(doc.frontMatter).toEqual({
      define: [{ latex: String.raw`a = \sigma(z)`, line: 3 }, { latex: String.raw`L = -[y \ln a + (1-y)\ln(1-a)]`, line: 4 }],
      assume: [{ latex: '0 < y < 1', line: 6 }],
      matrix: ['W^{[1]}', 'W^{[2]}'],
      tolerance: 0.001,
    });
    expect(found(source)).toEqual([{ kind: 'inline', latex: 'x', line: 11, column: 7 }]);
  });
  it('is null without a front matter block', () => {
    expect(extractMath('$x$').frontMatter).toBeNull();
  });
  it('follows YAML quoting rules for quoted items', () => {
    const source = md('---', 'define:', String.raw`  - "a = \\sigma(z)"`, `matrix: ["W", 'V^{[2]}']`, '---');
    expect(extractMath(source).frontMatter).toEqual({ define: [{ latex: String.raw`a = \sigma(z)`, line: 3 }], assume: [], matrix: ['W', 'V^{[2]}'] });
  });
  const errors: [string, string, { line: number; column: number; message: RegExp }][] = [
    ['malformed YAML', md('define:', '  - a', ' - b: : c'), { line: 4, column: 1, message: /not valid YAML/ }],
    ['tolerance that is not a number', 'tolerance: fast', { line: 2, column: 12, message: /tolerance must be a positive number/ }],
    ['item that YAML reads as a mapping', md('assume:', '  - a: b'), { line: 3, column: 5, message: /must be a LaTeX string/ }],
    ['not a mapping', '- a', { line: 2, column: 1, message: /must be a mapping/ }],
  ];
  it('ignores the keys of static-site generators (title, layout, tags, date, …) without an error', () => {
    const source = md('---', 'title: "Backprop, by hand"', 'layout: post', 'tags: [ml, calculus]', 'date: 2024-03-01',
      'author:', '  name: Kim', String.raw`define: [a = \sigma(z)]`, '---', '', '$x$');
    const doc = extractMath(source);
    expect(doc.errors).toEqual([]);
    expect(doc.frontMatter?.define).toEqual([{ latex: String.raw`a = \sigma(z)`, line: 8 }]);
  });
  it('ignores TOML front matter (+++) as a whole', () => {
    const doc = extractMath(md('+++', 'title = "Notes"', '+++', '', '$x$'));
    expect(doc).toMatchObject({ errors: [], frontMatter: null });
    expect(doc.segments.map((s) => s.latex)).toEqual(['x']);
  });
  it.each([
    ['1,000 nested brackets', `define: ${'['.repeat(1000)}${']'.repeat(1000)}`, /nested more than 32 levels/],
    ['deep indentation', Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n'), /nested more than 32 levels/],
    ['a huge front matter', `title: "${'x'.repeat(70_000)}"`, /characters long; the limit is 65536/],
  ])('refuses %s before the YAML parser sees it, the same way every time', (_name, yaml, message) => {
    const source = md('---', yaml, '---', '', '$x$');
    const first = extractMath(source);
    expect(first.errors).toMatchObject([{ code: 'front-matter', message: expect.stringMatching(message) }]);
    expect(first.segments.map((s) => s.latex)).toEqual(['x']);
    expect(extractMath(source).errors).toEqual(first.errors);
  });
  it.each(errors)('reports %s', (_name, yaml, expected) => {
    const doc = extractMath(md('---', yaml, '---', '', '$x$'));
    expect(doc.errors[0]).toEqual({ line: expected.line, column: expected.column, code: 'front-matter', message: expect.stringMatching(expected.message) });
    expect(doc.segments.map((s) => s.latex)).toEqual(['x']);
  });
});

describe('malformed math is reported, and the rest of the file is still read', () => {
  const cases: [string, string, { line: number; column: number; code: string }[], string[]][] = [
    ['unterminated $$ block', md('Intro $a$', '', '$$', 'b = c', '', 'Later $d$'), [{ line: 3, column: 1, code: 'unterminated-math' }], ['a', 'd']],
    ['unterminated $$ with content on its line', md('$$ b = c', '', '$d$'), [{ line: 1, column: 1, code: 'unterminated-math' }], ['d']],
    ['unterminated $$ at the end of input', md('$$', 'x'), [{ line: 1, column: 1, code: 'unterminated-math' }], []],
    ['unterminated $$ in a blockquote', md('> $$', '> x', '', '$d$'), [{ line: 1, column: 3, code: 'unterminated-math' }], ['d']],
    ['a lone $', 'costs $5', [{ line: 1, column: 7, code: 'unterminated-math' }], []],
    ['unterminated \\(', md('Let \\( x', '', '$d$'), [{ line: 1, column: 5, code: 'unterminated-math' }], ['d']],
    ['\\( … \\) across a code span', 'a \\( b `c` d \\)', [{ line: 1, column: 3, code: 'unterminated-math' }], []],
    ['unclosed ```math block', md('$a$', '```math', 'x'), [{ line: 2, column: 1, code: 'unterminated-math' }], ['a']],
  ];
  it.each(cases)('%s', (_name, source, errors, latex) => {
    const doc = extractMath(source);
    expect(doc.errors.map(({ line, column, code }) => ({ line, column, code }))).toEqual(errors);
    expect(doc.segments.map((s) => s.latex)).toEqual(latex);
  });
  it('punctuation after a closing $$ is fine', () => {
    expect(extractMath(md('$$', 'a', '$$.')).errors).toEqual([]);
  });
  it('an equation number or a Quarto label after a closing $$ is its label; other text is ignored with a warning', () => {
    for (const label of ['(1)', '(2.3)', '(A.1a)', '(eq. 4)', '{#eq-sigmoid}', '{#eq:tanh.2}']) {
      const doc = extractMath(md('$$', 'a', `$$ ${label}`));
      expect([doc.errors, doc.warnings]).toEqual([[], []]);
    }
    const doc = extractMath(md('$$', 'a', '$$ then text'));
    expect(doc.errors).toEqual([]);
    expect(doc.warnings.map(({ line, column, code }) => ({ line, column, code }))).toEqual([{ line: 3, column: 3, code: 'trailing-text' }]);
    expect(doc.segments.map((s) => s.latex)).toEqual(['a']);
  });
});

describe('plain-text math on lines of its own', () => {
  it.each([
    'L = -(y log(a) + (1-y) log(1-a)), a = sigmoid(z), z = w*x + b',
    'dL/da = -y/a + (1-y)/(1-a)',
    'f(x) = exp(-x^2)',
    "relu'(x) = 1 if x > 0 else 0",
  ])('is math: %s', (line) => expect(isPlainMath(line)).toBe(true));

  it.each([
    'so the loss is L = a - y',
    'Note: x = 2',
    'Here $x = 2$ and y = 3',
    'a = b',
    'see https://example.com/?a=b',
    'x = \\frac{1}{2}',
    'y = 1 if we want else nothing',
  ])('is prose: %s', (line) => expect(isPlainMath(line)).toBe(false));

  it('is read as inline math, line by line, only when every line of the paragraph is math', () => {
    expect(found(md('L = (a - y)^2,', 'a = sigmoid(z).')).map((s) => [s.kind, s.latex, s.line])).toEqual([['inline', 'L = (a - y)^2', 1], ['inline', 'a = \\sigma(z)', 2]]);
    // A paragraph with a line of words: the math in it is read where the words leave off, on a page
    // that writes its math in LaTeX too, its lines wrapped prose of one sentence.
    const mixed = extractMath(md('Let $u$ be given.', '', 'L = (a - y)^2', 'and then we differentiate.'));
    expect(mixed.segments.map((s) => [s.latex, s.plain])).toEqual([['u', undefined], ['L = (a - y)^2', true]]);
    // An expression the next line continues with `=` starts a chain.
    expect(found(md('(x+1)^2', '= x^2 + 2x + 1')).map((s) => s.latex)).toEqual(['(x+1)^2', '= x^2 + 2x + 1']);
    // Rewritten into LaTeX as a plain-text submission is (d/dz takes the rest of the line), placed at the columns typed.
    const doc = extractMath(md('d/dz 1/(1+e^(-z))', '= sigmoid(z)(1-sigmoid(z))'));
    expect(doc.segments.map((s) => [s.latex, s.plain])).toEqual([['\\frac{d}{dz}\\left( 1/(1+e^(-z))\\right)', true], ['= \\sigma(z)(1-\\sigma(z))', true]]);
    expect(doc.segments[1]!.pos(3)).toMatchObject({ line: 2, column: 3 });
    expect(found(md('Let $u$ be given.', '', '(x+1)^2', 'is what we expand', 'so x = 2 there')).map((s) => [s.latex, s.line])).toEqual([['u', 1], ['(x+1)^2', 3], ['x = 2', 5]]);
    expect(found('```\nL = (a - y)^2\n```')).toEqual([]);
  });

  it('on a page without LaTeX, each line is a sentence and the math in it is read where the words leave off', () => {
    const doc = extractMath(md('Q4: d/dx log(1+exp(x)) = 1/(1+exp(-x))', 'for x > 0: relu\'(x) = 1, which I checked', 'and then we differentiate.'));
    expect(doc.segments.map((s) => [s.latex, s.start.line, s.lead, s.plain])).toEqual([
      ['\\frac{d}{dx}\\left( \\log(1+\\exp(x)) \\right)= 1/(1+\\exp(-x))', 1, 'Q4:', undefined],
      ['x > 0', 2, 'for', undefined],
      ["relu'(x) = 1", 2, ':', undefined],
    ]);
    expect(doc.segments.map((s) => s.start.column)).toEqual([5, 5, 12]);
    // One sentence per line: the second line's math is not in the first line's sentence.
    expect(doc.segments[1]!.para).toBe(doc.segments[0]!.para + 1);
    expect(doc.segments[2]!.sentence).toBe('for $ :');
    // A line that is math as a whole is read as before; `*` is a product, not Markdown emphasis.
    expect(found(md('dL/dw = 2*(h - t)*x', 'so that is it')).map((s) => s.latex)).toEqual(['\\frac{dL}{dw} = 2*(h - t)*x']);
    // A dollar in a paragraph keeps it prose, with its error.
    expect(extractMath(md('it costs $5 so x = 2')).errors.map((e) => e.code)).toEqual(['unterminated-math']);
  });
});

describe('plainRuns: the math in a line of words', () => {
  const runs = (line: string): string[] => plainRuns(line).map(([a, b]) => line.slice(a, b));
  it.each([
    ['Q3: d/dx [x * sigmoid(x)] = sigmoid(x) + x', ['d/dx [x * sigmoid(x)] = sigmoid(x) + x']],
    ['for x <= 0: ELU\'(x) = alpha*exp(x), done', ['x <= 0', "ELU'(x) = alpha*exp(x)"]],
    ['ELU(x) = x for x > 0, alpha*(exp(x) - 1) for x <= 0', ['ELU(x) = x', 'x > 0', 'alpha*(exp(x) - 1)', 'x <= 0']],
    ['I think a = 2, so f(a) = 4.', ['a = 2', 'f(a) = 4']],
    ['max(0, x) is the ReLU', ['max(0, x)']],
    ['the slope is 2x here', ['2x']],
    ['dL/dz = 2(y - a) * a     <- got the sign wrong', ['dL/dz = 2(y - a) * a']],
    ['so => dy/dx = 2x', ['dy/dx = 2x']],
    // a lone function name after "of", a lone number after "is" or "at": what a phrase in words is about
    ['the slope of sigmoid at 0 is 0.25', ['sigmoid', '0', '0.25']],
  ])('%s', (line, want) => expect(runs(line)).toEqual(want));
  it.each([
    'the update is w = w - lr * dL/dw',
    'Homework (a) is due',
    'I am a student',
    'x is positive',
    'Lecture 3 = backprop',
    'e.g. the answer',
    'Week 4 exercises, due in 2 days',
  ])('no math in: %s', (line) => expect(runs(line)).toEqual([]));
});

describe('the sentence around a segment', () => {
  it('shows earlier math as $ and a dollar of the prose as something else', () => {
    const doc = extractMath('For \\$5 we get $a$ and then $b$.');
    expect(doc.segments[1]!.sentence).toBe('For ＄5 we get $ and then');
  });
});

describe('a number written after inline math with = or ≈', () => {
  it('is part of the math, at its own place in the file, and is not prose', () => {
    const source = "So $\\sigma'(0)$ = 0.5 and $\\tanh(0)$ ≈ 1/4, then $u$ = 2x and $v$ = 3.\n\nAlso $w$ = 0.5.5 here.";
    const doc = extractMath(source);
    // `= 2x` is prose (a number that goes on as a term), `0.5.5` is not a number, `3.` ends a sentence.
    expect(doc.segments.map((s) => s.latex)).toEqual(["\\sigma'(0) = 0.5", '\\tanh(0) ≈ 1/4', 'u', 'v = 3', 'w']);
    expect(doc.segments[1]!.lead.trim()).toBe('and');
    expect(doc.segments[2]!.lead.trim()).toBe(', then');
    expectExactPositions(source, doc);
  });
});

describe('table cells know their column', () => {
  it('by its header, as written', () => {
    const doc = extractMath(md('| function | $f\'(x)$ |', '|---|---|', '| $x^2$ | $2x$ |'));
    expect(doc.segments.map((s) => [s.latex, s.cell])).toEqual([
      ["f'(x)", { table: 0, row: 0, column: 1, header: "$f'(x)$" }],
      ['x^2', { table: 0, row: 1, column: 0, header: 'function' }],
      ['2x', { table: 0, row: 1, column: 1, header: "$f'(x)$" }],
    ]);
  });
});

describe('any input returns a MarkdownDoc', () => {
  const nasty = ['', '$', '$$', '$$$', '\\', '\\(', '```math', '---', '---\n', '---\n:\n---', '---\n[\n---', '\u0000\uffff\ud800',
    '>'.repeat(1000) + ' $x$', '- '.repeat(500) + '$x$', '$'.repeat(10_000), '\\('.repeat(10_000), '$$\n'.repeat(10_000), `${'['.repeat(5000)}$x$`];
  it.each(nasty.map((s) => [JSON.stringify(s).slice(0, 40), s]))('%s', (_name, source) => {
    const doc = extractMath(source);
    expect(Array.isArray(doc.segments) && Array.isArray(doc.errors)).toBe(true);
    expectExactPositions(source, doc);
  });
  it('1 MB of binary garbage', () => {
    let seed = 1;
    let source = '';
    while (source.length < 1 << 20) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      source += String.fromCharCode((seed >> 16) & 255);
    }
    const doc = extractMath(source);
    expect(doc.errors.every((e) => e.line >= 1 && e.column >= 1)).toBe(true);
    expect(doc.segments.every((s) => s.start.offset < source.length)).toBe(true);
  });
  it('random markdown-ish text never throws and positions are exact', () => {
    const unit = fc.constantFrom('$', '$$', '\\(', '\\)', '\\[', '\\]', '\n', '\n\n', '> ', '- ', '   ', '\t', 'a', 'x = y', '`',
      '```', '```math\n', '#', '\\', '\\$', '---\n', '*', '{', '}', '1. ', '<b>', '&amp;', '\r\n', ':', '  - ');
    fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), (source) => {
      expectExactPositions(source, extractMath(source));
    }), { numRuns: 500 });
  });
});

describe('the document model: blocks, sentences and sections around the math', () => {
  it('the container of each span: paragraph, heading, list item, table cell, block quote, display', () => {
    const source = md('# Title $a$', '', 'Text $b$.', '', '- item $c$', '', '> quote $d$', '', '| x | y |', '|---|---|', '| $e$ | 1 |', '', '$$f$$', '', '$$', 'g', '$$');
    expect(extractMath(source).segments.map((s) => [s.latex, s.container])).toEqual([
      ['a', 'heading'], ['b', 'paragraph'], ['c', 'list-item'], ['d', 'block-quote'], ['e', 'table-cell'], ['f', 'display'], ['g', 'display'],
    ]);
  });
  it('headings with their depths, in order', () => {
    expect(extractMath(md('# A', '', '## B', '', '### C', '', '## D')).headings.map((h) => [h.line, h.depth])).toEqual([[1, 1], [3, 2], [5, 3], [7, 2]]);
  });
  it('prose: everything written since the previous math, across blocks', () => {
    const source = md('Let $a$ be.', '', 'Now here we go', 'instead:', '', '$$x$$');
    expect(extractMath(source).segments.map((s) => s.prose)).toEqual(['Let', 'be. Now here we go instead:']);
  });
  it('para: a new sentence starts at a heading and at a block whose first word is not lowercase', () => {
    const source = ['Take $t = 1$, so', '$$a$$', 'while', '$$b$$', 'Later', '$$c$$', '# H', '$$d$$', '- item $e$', '- item $f$'].join('\n\n');
    const paras = extractMath(source).segments.map((s) => s.para);
    expect(paras[0]).toBe(paras[1]);
    expect(paras[1]).toBe(paras[2]);
    expect(new Set(paras).size).toBe(paras.length - 2);
  });
  it('math environments written bare in the Markdown are display math, with exact positions', () => {
    const source = md('Intro text.', '', String.raw`\begin{align}`, String.raw`a_1 &= b_1 \\`, String.raw`&= c_1`, String.raw`\end{align}`, '', 'after $x$');
    const doc = extractMath(source);
    expect(doc.segments.map((s) => [s.kind, s.latex.replace(/\s+/g, ' ')])).toEqual([
      ['display', String.raw`\begin{align} a_1 &= b_1 \\ &= c_1 \end{align}`], ['inline', 'x'],
    ]);
    expectExactPositions(source, doc);
  });
  it('a bare environment inside a paragraph keeps the prose around it', () => {
    const source = String.raw`So \begin{equation} y = 2x \end{equation} holds, with $x$ given.`;
    const segs = extractMath(source).segments;
    expect(segs.map((s) => [s.kind, s.latex])).toEqual([['display', String.raw`\begin{equation} y = 2x \end{equation}`], ['inline', 'x']]);
    expect(segs[1]!.lead).toBe('holds, with');
  });
  it('a blank line inside $$ is read as one block, with a warning', () => {
    const doc = extractMath(md('$$', 'a = b', '', '= c', '$$'));
    expect(doc.segments.map((s) => s.latex)).toEqual(['a = b\n\n= c']);
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toMatchObject([{ line: 2, code: 'blank-line-in-math' }]);
  });
  it('a $$ that never closes is still an error', () => {
    expect(extractMath(md('$$', 'a = b', '', 'Prose.')).errors).toMatchObject([{ code: 'unterminated-math' }]);
    expect(extractMath(md('$$', 'a = b', '', 'Prose.')).segments).toEqual([]);
  });
});
