/**
 * What each LaTeX command is to the reader, as data: the lexer (./lexer.ts) builds its rules
 * from these tables, and the tests and the README list them. A command is
 * - a *meaning*: a token the grammar reads (`MEANINGS`, by token type; `WITH_ARGUMENT` for the
 *   ones read together with their braced argument);
 * - *decoration*: dropped, as KaTeX draws it without changing the math — spacing, sizing,
 *   styles, colour, labels (`DECORATIONS`);
 * - *refused*, with the reason (`REFUSED`): it means something deriv does not read.
 * Any other command is refused as unknown; every error names the command. Environments
 * (`\begin{…}`) have their own table, `ENVIRONMENTS`.
 */
import { FUNCTIONS, GREEK, fnByCommand, type FnEntry } from '../core/functions.js';

/** Each command with the canonical value of its token. */
type Commands = Readonly<Record<string, string>>;

export interface Meaning {
  /** What the grammar reads it as, in a few words. */
  readonly means: string;
  readonly commands: Commands;
}

/** The commands, each with one value (`null`: its own spelling). */
const each = (value: string | null, ...names: string[]): Commands => Object.fromEntries(names.map((n) => [n, value ?? n]));

/** Relations by spelling (commands, ASCII and Unicode), each with its canonical relation. */
export const RELATIONS: Readonly<Record<string, string>> = {
  '=': '=', ':=': '=', '\\coloneqq': '=', '\\coloneq': '=', '\\colonequals': '=', '\\eqqcolon': '=', '\\triangleq': '=', '\\doteq': '=',
  '\\equiv': '=', '≡': '=', '≔': '=',
  // An update `w \leftarrow w - \eta g` reads as `w = …`, which the note reader takes for an update.
  '\\leftarrow': '=', '\\gets': '=', '←': '=',
  '\\approx': '≈', '\\simeq': '≈', '\\approxeq': '≈', '\\thickapprox': '≈', '≈': '≈',
  '\\neq': '≠', '\\ne': '≠', '!=': '≠', '≠': '≠',
  '<': '<', '\\lt': '<', '>': '>', '\\gt': '>',
  '\\le': '≤', '\\leq': '≤', '\\leqq': '≤', '\\leqslant': '≤', '<=': '≤', '≤': '≤',
  '\\ge': '≥', '\\geq': '≥', '\\geqq': '≥', '\\geqslant': '≥', '>=': '≥', '≥': '≥',
};

const FN_COMMANDS = Object.values(FUNCTIONS as Record<string, FnEntry>).flatMap((e) => e.commands);

/** Commands that are one token of the grammar, by token type. */
export const MEANINGS = {
  nl: { means: 'a new row', commands: each('\\\\', '\\\\', '\\newline') },
  quad: { means: 'space; between statements, a separator', commands: each('\\quad', '\\quad', '\\qquad') },
  implies: { means: 'a separator between two statements', commands: each(null, '\\Rightarrow', '\\Longrightarrow', '\\implies', '\\therefore', '\\because', '\\iff', '\\Leftrightarrow', '\\Longleftrightarrow') },
  relop: { means: 'a relation', commands: Object.fromEntries(Object.entries(RELATIONS).filter(([k]) => k.startsWith('\\'))) },
  greek: { means: 'a Greek letter: a name', commands: Object.fromEntries(Object.keys(GREEK).map((g) => [`\\${g}`, g])) },
  fname: { means: 'a function of the catalogue', commands: Object.fromEntries(FN_COMMANDS.map((c) => [c, fnByCommand(c)!])) },
  bigop: { means: 'a sum or a product over an index', commands: { '\\sum': 'sum', '\\prod': 'prod' } },
  dots: { means: 'the terms left out of a sum or a list', commands: each(null, '\\dots', '\\cdots', '\\ldots', '\\vdots', '\\ddots', '\\dotsc', '\\dotsb', '\\dotsm', '\\dotso', '\\dotsi', '\\mathellipsis') },
  frac: { means: 'a fraction, or a derivative (d/dx)', commands: each('\\frac', '\\frac', '\\dfrac', '\\tfrac', '\\cfrac') },
  sqrt: { means: 'a root', commands: each(null, '\\sqrt') },
  partial: { means: 'the ∂ of a partial derivative', commands: each(null, '\\partial') },
  nabla: { means: 'a gradient: ∇_w L', commands: each(null, '\\nabla') },
  wrap: { means: 'a box, or a brace that may label what it holds', commands: { '\\boxed': 'boxed', '\\underbrace': 'underbrace', '\\overbrace': 'overbrace', '\\underbracket': 'underbrace', '\\overbracket': 'overbrace' } },
  // Synonyms take one spelling, so `\bold{w}` and `\mathbf{w}` are the same name.
  accent: {
    means: 'a decorated name: ŷ, x̄, 𝐰, ℝ',
    commands: {
      '\\hat': 'hat', '\\widehat': 'widehat', '\\bar': 'bar', '\\overline': 'overline', '\\tilde': 'tilde', '\\widetilde': 'widetilde',
      '\\check': 'check', '\\widecheck': 'widecheck', '\\breve': 'breve', '\\acute': 'acute', '\\grave': 'grave', '\\mathring': 'mathring',
      '\\dot': 'dot', '\\ddot': 'ddot', '\\dddot': 'dddot', '\\vec': 'vec', '\\overrightarrow': 'vec',
      '\\mathbf': 'mathbf', '\\bold': 'mathbf', '\\boldsymbol': 'boldsymbol', '\\pmb': 'boldsymbol', '\\bm': 'bm',
      '\\mathcal': 'mathcal', '\\mathbb': 'mathbb', '\\Bbb': 'mathbb', '\\mathscr': 'mathscr', '\\mathfrak': 'mathfrak', '\\frak': 'mathfrak',
    },
  },
  times: { means: 'a product', commands: each('·', '\\cdot', '\\times', '\\ast', '\\star', '\\cdotp', '\\centerdot') },
  // `\circ` is also a composition, between functions applied together (`(f \circ g)(x)`).
  odot: { means: 'an elementwise product', commands: { '\\odot': '⊙', '\\circ': '∘' } },
  otimes: { means: 'an outer product', commands: each('⊗', '\\otimes') },
  divide: { means: 'a quotient', commands: each('/', '\\div') },
  member: { means: 'membership: a shape (x ∈ ℝⁿ) or an interval', commands: each(null, '\\in', '\\isin') },
  prime: { means: 'a derivative mark', commands: each("'", '\\prime') },
  top: { means: 'a transpose', commands: each(null, '\\top', '\\intercal') },
  bar: { means: 'an absolute-value bar', commands: each('|', '\\vert') },
  lvert: { means: 'an opening absolute-value bar', commands: each('|', '\\lvert') },
  rvert: { means: 'a closing absolute-value bar', commands: each('|', '\\rvert') },
  dbar: { means: 'a norm bar', commands: each('‖', '\\|', '\\Vert') },
  ldbar: { means: 'an opening norm bar', commands: each('‖', '\\lVert') },
  rdbar: { means: 'a closing norm bar', commands: each('‖', '\\rVert') },
  lcurly: { means: 'an opening brace', commands: each('\\{', '\\{', '\\lbrace') },
  rcurly: { means: 'a closing brace', commands: each('\\}', '\\}', '\\rbrace') },
  lbrack: { means: 'an opening bracket', commands: each('[', '\\lbrack') },
  rbrack: { means: 'a closing bracket', commands: each(']', '\\rbrack') },
  lparen: { means: 'an opening parenthesis', commands: each('(', '\\lparen') },
  rparen: { means: 'a closing parenthesis', commands: each(')', '\\rparen') },
} as const satisfies Record<string, Meaning>;

export interface WithArgument {
  readonly means: string;
  readonly commands: readonly string[];
  /** How to write it, for the error when its argument cannot be read. */
  readonly form: string;
}

/** Commands read together with their braced argument as one token, by the lexer's rule name. */
export const WITH_ARGUMENT = {
  textcmd: {
    means: 'by what it holds: a function name, a name (\\mathrm{d}, \\mathrm{lr}) or prose',
    form: '\\text{…}',
    commands: ['\\text', '\\textrm', '\\textit', '\\textbf', '\\textsf', '\\texttt', '\\textup', '\\textmd', '\\textnormal', '\\emph',
      '\\mbox', '\\hbox', '\\intertext', '\\mathrm', '\\mathit', '\\mathsf', '\\mathtt', '\\mathnormal', '\\operatorname', '\\operatornamewithlimits'],
  },
  decorated: { means: 'the relation written under it (\\overset{\\text{def}}{=})', form: '\\overset{…}{=}', commands: ['\\overset', '\\underset', '\\stackrel'] },
  begin: { means: 'an environment (see the environments table)', form: '\\begin{aligned}', commands: ['\\begin'] },
  end: { means: 'the end of an environment', form: '\\end{aligned}', commands: ['\\end'] },
} as const satisfies Record<string, WithArgument>;

export interface Decoration {
  readonly means: string;
  readonly commands: readonly string[];
  /**
   * What the lexer drops with the command: nothing (what follows is read, so `\cancel{x}` is
   * `{x}`), or its first one or two arguments (`\label{eq:1}`; `\textcolor{red}` keeps `{x}`).
   * `dimen` is a size, braced or not (`\kern 2pt`, `\hspace{1em}`).
   */
  readonly drop: 0 | 1 | 2 | 'dimen';
  /** How to write it, for the error when the argument it drops cannot be read. */
  readonly form?: string;
  /**
   * Sizing: the delimiter after it opens or closes (`\left|` opens an absolute value), or stands
   * between two parts (`\middle|`, a conditional bar); `.` after it is no delimiter.
   */
  readonly side?: 'open' | 'close' | 'between' | 'either';
}

/** Commands KaTeX draws without changing the math: the lexer drops them. */
export const DECORATIONS = {
  spacing: {
    means: 'spacing', drop: 0,
    commands: ['\\,', '\\:', '\\;', '\\!', '\\ ', '\\>', '\\enspace', '\\thinspace', '\\medspace', '\\thickspace', '\\negthinspace', '\\negmedspace',
      '\\negthickspace', '\\enskip', '\\space', '\\nobreakspace', '\\mathstrut', '\\strut', '\\allowbreak', '\\nobreak', '\\relax'],
  },
  sized: { means: 'spacing of a given size', drop: 'dimen', form: '\\hspace{1em}', commands: ['\\hspace', '\\vspace', '\\kern', '\\mkern', '\\mskip', '\\hskip'] },
  style: {
    means: 'a style, a numbering mark or a limits placement', drop: 0,
    commands: ['\\displaystyle', '\\textstyle', '\\scriptstyle', '\\scriptscriptstyle', '\\nonumber', '\\notag', '\\limits', '\\nolimits', '\\checkmark', '\\hline', '\\hdashline'],
  },
  label: { means: 'a label or an equation tag', drop: 1, form: '\\label{…}', commands: ['\\label', '\\tag'] },
  colour: { means: 'colour (what it colours is read)', drop: 1, form: '\\color{red}', commands: ['\\color', '\\textcolor', '\\colorbox'] },
  framed: { means: 'a coloured frame (what it frames is read)', drop: 2, form: '\\fcolorbox{red}{white}{…}', commands: ['\\fcolorbox'] },
  phantom: { means: 'invisible space', drop: 1, form: '\\phantom{…}', commands: ['\\phantom', '\\hphantom', '\\vphantom'] },
  marked: {
    means: 'a strike, an underline or an overlap around math that is read', drop: 0,
    commands: ['\\cancel', '\\bcancel', '\\xcancel', '\\sout', '\\underline', '\\mathop', '\\smash', '\\mathllap', '\\mathrlap', '\\mathclap', '\\llap', '\\rlap', '\\clap'],
  },
  open: { means: 'the size of the delimiter after it, which opens', drop: 0, side: 'open', commands: ['\\left', '\\bigl', '\\Bigl', '\\biggl', '\\Biggl'] },
  close: { means: 'the size of the delimiter after it, which closes', drop: 0, side: 'close', commands: ['\\right', '\\bigr', '\\Bigr', '\\biggr', '\\Biggr'] },
  between: { means: 'the size of the delimiter after it, which separates two parts', drop: 0, side: 'between', commands: ['\\middle'] },
  either: {
    means: 'the size of the delimiter after it', drop: 0, side: 'either',
    commands: ['\\big', '\\Big', '\\bigg', '\\Bigg', '\\bigm', '\\Bigm', '\\biggm', '\\Biggm'],
  },
} as const satisfies Record<string, Decoration>;

const ARROWS = 'deriv has no arrows: write \\Rightarrow between two statements, and a limit or a mapping in words';
const SETS = 'deriv has no sets';
const TWO_VALUES = 'it stands for two values; write the two cases apart';
const MACROS = 'deriv does not expand macros: write the math out';

/** Commands with a meaning deriv does not read, and why (the error reads "\pm is not read: …"). */
export const REFUSED: Readonly<Record<string, string>> = {
  '\\pm': TWO_VALUES, '\\mp': TWO_VALUES,
  ...Object.fromEntries(['\\int', '\\iint', '\\oint', '\\intop'].map((c) => [c, 'deriv has no integrals'])),
  ...Object.fromEntries(['\\lim', '\\liminf', '\\limsup'].map((c) => [c, 'deriv has no limits'])),
  '\\sup': 'deriv has no suprema or infima', '\\inf': 'deriv has no suprema or infima',
  '\\infty': 'infinity is not a number deriv computes with',
  ...Object.fromEntries(['\\argmax', '\\argmin', '\\arg'].map((c) => [c, 'deriv has no arg max or arg min'])),
  '\\lg': 'it means base 2 or base 10, depending on the writer: write \\log_2 or \\log_{10}',
  ...Object.fromEntries(['\\binom', '\\dbinom', '\\tbinom', '\\choose'].map((c) => [c, 'deriv has no binomial coefficients'])),
  '\\langle': 'deriv has no inner product brackets: write a^\\top b', '\\rangle': 'deriv has no inner product brackets: write a^\\top b',
  ...Object.fromEntries(['\\lfloor', '\\rfloor', '\\lceil', '\\rceil'].map((c) => [c, 'deriv has no floor or ceiling'])),
  '\\mid': 'it is a conditional or "such that" bar; an absolute value is |x|',
  '\\substack': 'a sum takes one index: \\sum_{k=1}^{K}',
  '\\det': 'deriv has no determinants', '\\Pr': 'deriv has no probabilities',
  '\\sim': 'deriv has no distributions', '\\propto': 'deriv has no proportionality',
  '\\forall': 'deriv has no quantifiers: say it in words', '\\exists': 'deriv has no quantifiers: say it in words',
  ...Object.fromEntries(['\\to', '\\rightarrow', '\\longrightarrow', '\\mapsto', '\\longmapsto', '\\xrightarrow', '\\xleftarrow', '\\xRightarrow', '\\xmapsto']
    .map((c) => [c, ARROWS])),
  ...Object.fromEntries(['\\subset', '\\subseteq', '\\notin', '\\cup', '\\cap', '\\setminus', '\\emptyset', '\\varnothing'].map((c) => [c, SETS])),
  '\\newcommand': MACROS, '\\renewcommand': MACROS, '\\def': MACROS,
};

export interface Environment {
  /** `rows`: lines of math (`&` only aligns); `cases`: value `&` condition; `matrix`: entries. */
  readonly reads: 'rows' | 'cases' | 'matrix';
  /** Takes a column specification, dropped: `\begin{array}{ll}`, `\begin{alignat}{2}`. */
  readonly spec?: true;
  /** Read as entries, then refused with this reason: bars around a matrix make a determinant. */
  readonly refused?: string;
}

const DETERMINANT = 'it is a determinant (or a norm), which deriv does not have; a matrix is \\begin{pmatrix} or \\begin{bmatrix}';

export const ENVIRONMENTS: Readonly<Record<string, Environment>> = {
  ...Object.fromEntries(['aligned', 'align', 'align*', 'split', 'gather', 'gather*', 'gathered', 'equation', 'equation*', 'eqnarray', 'eqnarray*',
    'multline', 'multline*', 'flalign', 'flalign*'].map((e) => [e, { reads: 'rows' }])),
  ...Object.fromEntries(['array', 'darray', 'alignat', 'alignat*', 'alignedat'].map((e) => [e, { reads: 'rows', spec: true }])),
  ...Object.fromEntries(['cases', 'dcases', 'rcases', 'drcases'].map((e) => [e, { reads: 'cases' }])),
  ...Object.fromEntries(['matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'smallmatrix', 'matrix*', 'pmatrix*', 'bmatrix*', 'Bmatrix*'].map((e) => [e, { reads: 'matrix' }])),
  ...Object.fromEntries(['vmatrix', 'Vmatrix', 'vmatrix*', 'Vmatrix*'].map((e) => [e, { reads: 'matrix', refused: DETERMINANT }])),
};

export type CommandClass =
  | { readonly class: 'meaning'; readonly token: string; readonly means: string }
  | { readonly class: 'decoration'; readonly means: string }
  | { readonly class: 'refused'; readonly why: string | null };

/** What a command (`\frac`, `\,`) is to the reader, from the tables above; `why` is null for an unknown command. */
export function commandClass(command: string): CommandClass {
  for (const [token, m] of Object.entries(MEANINGS) as [string, Meaning][]) {
    if (Object.hasOwn(m.commands, command)) return { class: 'meaning', token, means: m.means };
  }
  for (const [token, m] of Object.entries(WITH_ARGUMENT) as [string, WithArgument][]) {
    if (m.commands.includes(command)) return { class: 'meaning', token, means: m.means };
  }
  for (const d of Object.values(DECORATIONS) as Decoration[]) {
    if (d.commands.includes(command)) return { class: 'decoration', means: d.means };
  }
  return { class: 'refused', why: REFUSED[command] ?? null };
}
