/**
 * Every LaTeX command the test corpora use, classified by the lexer's own tables
 * (src/parse/commands.ts): a *meaning* the grammar reads, a *decoration* the lexer drops, or
 * *refused* with a positioned error that names it. The test names list each command with its
 * class. What the reader does with each use in the corpora must agree with the table, and a
 * command KaTeX renders (asked of the installed katex package) is never refused as unknown.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { extractMath } from '../../src/check/markdown.js';
import { readClauses } from '../../src/parse/clauses.js';
import { ENVIRONMENTS, commandClass } from '../../src/parse/commands.js';
import { parse, parseStatements } from '../../src/parse/index.js';
import { BAD_TOKEN_ERRORS, tokenize, type Token } from '../../src/parse/lexer.js';
import { isSourceFile, readSource } from '../../src/sources/index.js';
import { readCorpus } from '../helpers/corpus.js';
import '../helpers/matchers.js';
import { blockLatex } from '../helpers/statements.js';

const NOTE_FOLDERS = ['test/notes', 'test/fixtures', 'proofs'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? sourceFiles(path) : isSourceFile(f) ? [path] : [];
  });
}

/** Every piece of math in the corpora: the lines of the notation corpus and the math of every note. */
async function corpusMath(): Promise<string[]> {
  const math = readCorpus().filter((c) => c.mode !== 'ascii').flatMap((c) => [c.input, c.expected]);
  for (const file of NOTE_FOLDERS.flatMap(sourceFiles)) {
    const source = await readSource(file, readFileSync(file, 'utf8'));
    if (source.ok) math.push(...extractMath(source.value.markdown).segments.map((s) => s.latex));
  }
  return math;
}

const COMMAND = /\\(?:[a-zA-Z]+|[^a-zA-Z\r\n\t])/g;
const ENVIRONMENT = /\\begin\s*\{([a-zA-Z*]+)\}/g;

/** Each command and environment with the math it is used in, and where in it. */
function uses(math: readonly string[], pattern: RegExp): Map<string, { source: string; at: number }[]> {
  const out = new Map<string, { source: string; at: number }[]>();
  for (const source of math) {
    for (const m of source.matchAll(pattern)) {
      const name = m[1] ?? m[0];
      out.set(name, [...(out.get(name) ?? []), { source, at: m.index }]);
    }
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** Whether the installed KaTeX renders the command or environment (its own error says when it does not know one). */
function katexRenders(latex: string): boolean {
  try {
    katex.renderToString(latex, { throwOnError: true, displayMode: true });
    return true;
  } catch (e) {
    return !/Undefined control sequence|No such environment/.test((e as Error).message);
  }
}

const read = (source: string): Token[] => tokenize(source, false, { separators: true, lenient: true });
const namesIt = (t: Token, command: string): boolean =>
  t.type === 'bad' && new RegExp(`${command.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(?![a-zA-Z])`).test(BAD_TOKEN_ERRORS.get(t)!.message);

const math = await corpusMath();
const commands = uses(math, COMMAND);
const environments = uses(math, ENVIRONMENT);

function label(command: string): string {
  const c = commandClass(command);
  return c.class === 'refused' ? `refused (${c.why ?? 'unknown command'})` : `${c.class}: ${c.means}`;
}

describe('the commands of the corpora', () => {
  it('are the commands of real notes (the corpora are read)', () => {
    expect(commands.size).toBeGreaterThan(80);
    expect(environments.size).toBeGreaterThan(5);
  });

  it.each([...commands.keys()].map((c) => [c, label(c)]))('%s — %s', (command) => {
    const cls = commandClass(command);
    const places = commands.get(command)!;
    const tokens = places.map((p) => ({ ...p, tokens: read(p.source) }));
    const startsAt = (p: (typeof tokens)[number]): Token | undefined => p.tokens.find((t) => t.offset === p.at);
    if (katexRenders(command)) expect(cls.class === 'refused' && cls.why === null, `KaTeX renders ${command}: it is not unknown`).toBe(false);
    switch (cls.class) {
      case 'meaning':
        // Read as a token of the grammar where it is written, and never an error.
        expect(tokens.some((p) => startsAt(p) !== undefined && startsAt(p)!.type !== 'bad'), 'a token where it is written').toBe(true);
        expect(tokens.filter((p) => p.tokens.some((t) => namesIt(t, command))).map((p) => p.source)).toEqual([]);
        break;
      case 'decoration':
        // Dropped: no token where it is written, and never an error.
        expect(tokens.some((p) => startsAt(p) === undefined), 'dropped where it is written').toBe(true);
        expect(tokens.filter((p) => p.tokens.some((t) => namesIt(t, command))).map((p) => p.source)).toEqual([]);
        break;
      case 'refused':
        // A positioned error where it is written, naming it.
        expect(tokens.some((p) => startsAt(p) !== undefined && namesIt(startsAt(p)!, command)), 'an error naming it where it is written').toBe(true);
        break;
    }
  });
});

describe('the environments of the corpora', () => {
  it.each([...environments.keys()].map((e) => [e, ENVIRONMENTS[e]?.reads ?? 'unknown']))('\\begin{%s} — %s', (env) => {
    const reads = ENVIRONMENTS[env]?.reads;
    if (katexRenders(`\\begin{${env}}\\end{${env}}`)) expect(reads, `KaTeX renders \\begin{${env}}: it is not unknown`).toBeDefined();
    for (const { source, at } of environments.get(env)!) {
      const t = read(source).find((x) => x.offset === at);
      // Rows and cases are read; a matrix is read as entries (a determinant is refused when lowered); an unknown environment is an error.
      expect(t?.type).toBe(reads === undefined ? 'bad' : reads === 'matrix' ? 'matrix' : 'begin');
    }
  });
});

/**
 * The decisions for the commands KaTeX draws that ML notes plausibly use, one line each:
 * what the reader makes of it (printed back canonically), or the error that names it.
 */
describe('commands KaTeX draws, decided one by one', () => {
  it.each([
    // accents and fonts: a decorated name; synonyms take one spelling
    ['\\check{x}', '\\check{x}'],
    ['\\breve{x}', '\\breve{x}'],
    ['\\acute{x}', '\\acute{x}'],
    ['\\grave{x}', '\\grave{x}'],
    ['\\mathring{x}', '\\mathring{x}'],
    ['\\dddot{x}', '\\dddot{x}'],
    ['\\widecheck{x}', '\\widecheck{x}'],
    ['\\overrightarrow{x}', '\\vec{x}'],
    ['\\bold{w}', '\\mathbf{w}'],
    ['\\pmb{w}', '\\boldsymbol{w}'],
    ['\\Bbb{R}', '\\mathbb{R}'],
    ['\\frak{g}', '\\mathfrak{g}'],
    ['\\mathscr{L}', '\\mathscr{L}'],
    ['\\mathfrak{g}', '\\mathfrak{g}'],
    ['\\mathcal{L}', '\\mathcal{L}'],
    ['\\mathtt{x}', 'x'],
    ['\\mathnormal{x}', 'x'],
    ['\\mathit{lr}', '\\mathrm{lr}'],
    ['\\mathsf{W}', 'W'],
    ['\\mathbf{x}^{\\mathsf{T}}', '\\mathbf{x}^T'],
    ['\\operatorname*{softmax}(\\mathbf{z})', '\\operatorname{softmax}(\\mathbf{z})'],
    ['\\operatornamewithlimits{softmax}(\\mathbf{z})', '\\operatorname{softmax}(\\mathbf{z})'],
    // spacing
    ['a \\space b', 'a b'],
    ['a \\nobreakspace b', 'a b'],
    ['a \\kern 2pt b', 'a b'],
    ['a \\kern{2pt} b', 'a b'],
    ['a \\mkern3mu b', 'a b'],
    ['a \\mskip 3mu b', 'a b'],
    ['a \\hspace*{1em} b', 'a b'],
    ['a \\relax b', 'a b'],
    // sizing: the delimiter after it is read, on the side it names
    ['\\Bigg( x + 1 \\Bigg)^2', '\\left(x+1\\right)^2'],
    ['\\bigl| x \\bigr|', '\\left|x\\right|'],
    ['\\Biggl\\| x \\Biggr\\|', '\\left\\|x\\right\\|'],
    ['\\left\\lVert x \\right\\rVert', '\\left\\|x\\right\\|'],
    ['\\left\\vert x \\right\\vert', '\\left|x\\right|'],
    ['\\vert x \\vert', '\\left|x\\right|'],
    ['\\Vert x \\Vert', '\\left\\|x\\right\\|'],
    ['\\left( a \\middle/ b \\right)', '\\frac{a}{b}'],
    ['\\left. x^2 \\right.', 'x^2'],
    ['\\bigm| x \\bigm|', '\\left|x\\right|'],
    // styles, numbering, limits placement
    ['\\textstyle x', 'x'],
    ['\\scriptstyle x', 'x'],
    ['\\sum\\limits_{k=1}^{K} x_k', '\\sum_{k=1}^{K} x_k'],
    ['\\sum\\nolimits_{k=1}^{K} x_k', '\\sum_{k=1}^{K} x_k'],
    ['x = 1 \\tag{3}', 'x=1'],
    ['x = 1 \\tag*{(a)}', 'x=1'],
    ['x = 1 \\nonumber', 'x=1'],
    ['x = 1 \\notag', 'x=1'],
    ['x = 1 \\label{eq:x}', 'x=1'],
    // colour: what it colours is read
    ['\\color{red} x + 1', 'x+1'],
    ['\\textcolor{red}{x} + 1', 'x+1'],
    ['\\colorbox{yellow}{x} + 1', 'x+1'],
    ['\\fcolorbox{red}{white}{x} + 1', 'x+1'],
    // strikes, underlines and phantoms
    ['\\cancel{x} + \\bcancel{y} + \\xcancel{z}', 'x+y+z'],
    ['\\underline{x} + 1', 'x+1'],
    ['\\smash{x} + 1', 'x+1'],
    ['\\mathop{x} + 1', 'x+1'],
    ['\\phantom{0} x + \\hphantom{0} 1 \\vphantom{0}', 'x+1'],
    // relations
    ['a \\colonequals b', 'a=b'],
    ['a \\leqq b', 'a\\le b'],
    ['a \\geqq b', 'a\\ge b'],
    ['a \\thickapprox b', 'a\\approx b'],
    // products and marks
    ['a \\cdotp b', 'a b'],
    ['a \\centerdot b', 'a b'],
    ['a \\ast b', 'a b'],
    ['a \\star b', 'a b'],
    ['w^{\\star}', 'w^{*}'],
    ['a \\circ b', 'a \\odot b'],
    ['\\lparen x + 1 \\rparen^2', '\\left(x+1\\right)^2'],
    ["f^\\prime(x)", "f'(x)"],
    ["f^{\\prime}(x)", "f'(x)"],
    // fractions, roots, named functions
    ['\\cfrac{1}{1+x}', '\\frac{1}{1+x}'],
    ['\\sqrt[3]{x}', '\\sqrt[3]{x}'],
    ['\\exp(x)', 'e^x'],
    ['\\log_2 x', '\\log_2(x)'],
    // braces that label
    ['\\underbracket{x+1}_{u}', '\\underbrace{x+1}_{u}'],
    ['\\overbracket{x+1}^{u}', '\\overbrace{x+1}^{u}'],
  ])('%s reads as %s', (input, printed) => {
    expect(input).toParseAs(printed);
  });

  it.each([
    ['\\begin{array}{ll} a &= b \\\\ c &= d \\end{array}', 'a=b \\\\ c=d'],
    ['\\begin{alignedat}{2} a &= b \\end{alignedat}', 'a=b'],
    ['\\begin{alignat*}{2} a &= b \\end{alignat*}', 'a=b'],
    ['\\begin{gathered} a = b \\\\ c = d \\end{gathered}', 'a=b \\\\ c=d'],
    ['\\begin{multline} a = b \\end{multline}', 'a=b'],
    ['\\begin{flalign} a &= b \\end{flalign}', 'a=b'],
    ['y = \\begin{dcases} x & x > 0 \\\\ 0 & x \\le 0 \\end{dcases}', 'y=\\begin{cases}x & \\text{if } x>0 \\\\ 0 & \\text{if } x\\le0\\end{cases}'],
  ])('the environment in %s reads as %s', (input, printed) => {
    const r = parseStatements(input);
    if (!r.ok) throw new Error(r.error.message);
    expect(blockLatex(r.value)).toBe(printed);
  });

  it.each([
    // meanings deriv does not read: refused with the reason
    ['x \\pm 1', 3, 'unsupported-command', '\\pm'],
    ['x \\mp 1', 3, 'unsupported-command', '\\mp'],
    ['\\int x', 1, 'unsupported-command', '\\int'],
    ['\\lim x', 1, 'unsupported-command', '\\lim'],
    ['\\infty', 1, 'unsupported-command', '\\infty'],
    ['\\argmax_k z_k', 1, 'unsupported-command', '\\argmax'],
    ['\\arg\\max_k z_k', 1, 'unsupported-command', '\\arg'],
    ['\\sup_x f', 1, 'unsupported-command', '\\sup'],
    ['\\lg x', 1, 'unsupported-command', '\\lg'],
    ['\\binom{n}{k}', 1, 'unsupported-command', '\\binom'],
    ['\\langle a, b \\rangle', 1, 'unsupported-command', '\\langle'],
    ['\\lfloor x \\rfloor', 1, 'unsupported-command', '\\lfloor'],
    ['\\lceil x \\rceil', 1, 'unsupported-command', '\\lceil'],
    ['p(y \\mid x)', 5, 'unsupported-command', '\\mid'],
    ['p\\left(y \\middle| x\\right)', 17, 'unsupported-command', '\\middle|'],
    ['\\underset{\\theta}{\\min} f', 1, 'command-argument', '\\underset'],
    ['\\sum_{\\substack{i=1 \\\\ i \\neq j}} x_i', 7, 'unsupported-command', '\\substack'],
    ['\\det(W)', 1, 'unsupported-command', '\\det'],
    ['\\Pr(y)', 1, 'unsupported-command', '\\Pr'],
    ['x \\sim p', 3, 'unsupported-command', '\\sim'],
    ['y \\propto x', 3, 'unsupported-command', '\\propto'],
    ['\\forall x', 1, 'unsupported-command', '\\forall'],
    ['x \\to 0', 3, 'unsupported-command', '\\to'],
    ['x \\rightarrow y', 3, 'unsupported-command', '\\rightarrow'],
    ['x \\xrightarrow{f} y', 3, 'unsupported-command', '\\xrightarrow'],
    ['A \\subset B', 3, 'unsupported-command', '\\subset'],
    ['\\newcommand{\\R}{x}', 1, 'unsupported-command', '\\newcommand'],
    ['a = b \\Rightarrow c = d', 7, 'unsupported-command', '\\Rightarrow'],
    // a power -1 on a function name is its inverse: refused where the table has none (σ⁻¹, tanh⁻¹ are read: test/parse/lower.test.ts)
    ['\\cosh^{-1}(x)', 1, 'inverse-function', '\\cosh'],
    ['\\sin^{-1} x', 1, 'inverse-function', '\\sin'],
    ['\\mathrm{ReLU}^{-1}(y)', 1, 'inverse-function', '\\mathrm{ReLU}'],
    ['f^{-1}(y)', 1, 'inverse-function', 'f'],
    // determinants and norms written with bars are not matrices
    ['\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}', 1, 'refused-environment', 'vmatrix'],
    ['2\\begin{Vmatrix} a \\end{Vmatrix}', 2, 'refused-environment', 'Vmatrix'],
    // an argument that cannot be read
    ['\\text \\alpha', 1, 'command-argument', '\\text'],
    ['a \\overset{!}{b} c', 3, 'command-argument', '\\overset'],
    ['x \\hspace y', 3, 'command-argument', '\\hspace'],
    ['\\label x', 1, 'command-argument', '\\label'],
    ['\\bold{x+1}', 1, 'bad-script', '\\bold'],
    // unknown
    ['x \\wr y', 3, 'unknown-command', '\\wr'],
    ['\\aleph', 1, 'unknown-command', '\\aleph'],
    ['\\begin{foo} x \\end{foo}', 1, 'unknown-environment', 'foo'],
  ])('%s is refused at column %i (%s), naming %s', (input, column, code, named) => {
    expect(input).toFailToParseAt(1, column, code);
    const r = parse(input);
    expect(!r.ok && r.error.message).toContain(named);
  });

  it.each(['\\text', '\\textrm', '\\textit', '\\textbf', '\\textsf', '\\texttt', '\\textup', '\\textmd', '\\textnormal', '\\emph', '\\mbox', '\\hbox', '\\intertext'])(
    '%s{…} between two equations is prose that separates them',
    (command) => {
      const r = readClauses(`a = 1 ${command}{ and } b = 2`);
      expect(r.ok && r.value.map((c) => (c.kind === 'text' ? `text:${c.text}` : c.kind))).toEqual(['statement', 'text:and', 'statement']);
    },
  );

  it('\\isin declares a shape like \\in', () => {
    const r = readClauses('\\mathbf{x} \\isin \\mathbb{R}^{n}');
    expect(r.ok && r.value.map((c) => c.kind)).toEqual(['shape']);
  });
});

describe("the README's table of commands", () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### Notation: LaTeX commands'));
  const rows = section.split('\n').filter((l) => /^\| (read|dropped|refused) \|/.test(l));
  const CLASS = { read: 'meaning', dropped: 'decoration', refused: 'refused' } as const;

  it('has a row for each class', () => {
    expect(rows.map((r) => r.split('|')[1]!.trim())).toEqual(['read', 'dropped', 'refused']);
  });

  it.each(rows.map((r) => [r.split('|')[1]!.trim() as keyof typeof CLASS, r] as const))('every command in the row "%s" is what the tables say', (row, line) => {
    const wrong: string[] = [];
    for (const [, item] of line.matchAll(/`([^`]+)`/g)) {
      const command = /\\(?:[a-zA-Z]+|[^a-zA-Z])/.exec(item!)?.[0];
      if (command !== undefined) {
        const c = commandClass(command);
        if (c.class !== CLASS[row] || (c.class === 'refused' && c.why === null)) wrong.push(`${command}: ${c.class}`);
      } else {
        const reads = ENVIRONMENTS[item!]?.reads;
        if ((ENVIRONMENTS[item!]?.refused !== undefined ? 'refused' : reads === undefined ? 'unknown' : 'meaning') !== CLASS[row]) wrong.push(`${item}: ${reads}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
