/**
 * The lexer: moo rules for LaTeX and plain math, wrapped so the grammar sees a clean stream.
 *
 * The wrapper, not the grammar, drops what a reader's eye skips (white space, `\,`, `\quad`
 * unless statement separators are asked for, `\left`/`\right` sizing, `\displaystyle`,
 * `\checkmark`, `\label{…}`) — whitespace nonterminals in the grammar are the classic source
 * of Earley ambiguity. It also
 * - classifies `\text{…}`/`\mathrm{…}`/`\operatorname{…}` by content (a function name, a
 *   single letter like `\mathrm{d}`, a multi-letter symbol name, or prose);
 * - drops `&` inside alignment environments, where it only aligns, but keeps it in `cases`,
 *   where it separates a value from its condition;
 * - rewrites Unicode superscript/subscript digits (`²`, `₁`) into `^`/`_` and a number.
 * Positions: `offset` is 0-based, `line`/`col` are 1-based, as moo reports them.
 */
import moo from 'moo';
import { FUNCTIONS, FUNCTION_WORDS, GREEK, fnByCommand, fnByWord, type FnEntry } from '../core/functions.js';
import { ParseError } from './errors.js';

export interface Token {
  type: string;
  /** Canonical value: `\approx` and `≈` both have value `≈`; a Greek letter its name (`omega`). */
  value: string;
  text: string;
  offset: number;
  line: number;
  col: number;
}

const word = (xs: readonly string[]): RegExp => new RegExp(`(?:${[...xs].sort((a, b) => b.length - a.length).join('|')})(?![a-zA-Z])`);
const esc = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

const FN_COMMANDS = Object.values(FUNCTIONS as Record<string, FnEntry>).flatMap((e) => e.commands).map((c) => c.slice(1));
const GREEK_UNICODE = Object.fromEntries(Object.entries(GREEK).map(([k, v]) => [v, k]));
const RELATIONS: Record<string, string> = {
  '=': '=', ':=': '=', '\\coloneqq': '=', '\\coloneq': '=', '\\eqqcolon': '=', '\\triangleq': '=', '\\doteq': '=',
  '\\equiv': '=', '≡': '=', '≔': '=',
  // An update `w \leftarrow w - \eta g` reads as `w = …`, which the note reader takes for an update.
  '\\leftarrow': '=', '\\gets': '=', '←': '=',
  '\\approx': '≈', '\\simeq': '≈', '\\approxeq': '≈', '≈': '≈',
  '\\neq': '≠', '\\ne': '≠', '!=': '≠', '≠': '≠',
  '<': '<', '\\lt': '<', '>': '>', '\\gt': '>',
  '\\le': '≤', '\\leq': '≤', '\\leqslant': '≤', '<=': '≤', '≤': '≤',
  '\\ge': '≥', '\\geq': '≥', '\\geqslant': '≥', '>=': '≥', '≥': '≥',
};
const SUPERSCRIPTS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
const SUBSCRIPTS: Record<string, string> = { '₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9' };
const ALIGN_ENVS = new Set(['aligned', 'align', 'align*', 'split', 'gather', 'gather*', 'gathered', 'equation', 'equation*', 'eqnarray', 'eqnarray*', 'alignat', 'alignat*', 'multline', 'multline*']);
export const CASES_ENVS = new Set(['cases', 'dcases', 'rcases']);

/**
 * Limits on untrusted input; the parser rejects anything larger with a positioned error.
 * `maxBars`: bare `|` bars do not say which one opens, so n of them have up to Catalan(n/2)
 * readings, and the Earley parser builds every one (50 bars would never finish). Sixteen is far
 * more than any real formula uses; `\left| … \right|` has no such limit.
 */
export const LIMITS = { maxLength: 100_000, maxTokens: 20_000, maxDepth: 200, maxBars: 16 } as const;

// moo accepts arrays mixing strings and regexes; its type declarations do not say so.
function rules(ascii: boolean): moo.Rules {
  const r: Record<string, unknown> = {
    ws: { match: /[ \t\r\n]+/, lineBreaks: true },
    nl: ['\\\\', /\\newline(?![a-zA-Z])/],
    // `\overset{\text{def}}{=}`, `\stackrel{!}{=}`: the relation underneath is what counts.
    decorated: { lineBreaks: true, match: /\\(?:overset|stackrel|underset)\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{\s*(?:=|\\approx|\\equiv|:=|\\le|\\leq|\\ge|\\geq|\\neq|<|>)\s*\}/ },
    drop: { lineBreaks: true, match: [
      /\\(?:left|right)\s*\./,
      /\\(?:label|tag|color)\s*\{[^{}]*\}/,
      /\\(?:textcolor)\s*\{[^{}]*\}/,
      /\\[,;:! ]/,
      /~/,
      /\\(?:enspace|thinspace|medspace|thickspace|negthinspace|negmedspace|negthickspace|enskip|displaystyle|textstyle|scriptstyle|scriptscriptstyle|checkmark|nonumber|notag|limits|nolimits|middle|mathstrut|strut|allowbreak|nobreak)(?![a-zA-Z])/,
      // Decorations KaTeX draws around math that changes nothing in it: spacing, phantoms, colour
      // boxes and strikes (the struck-out argument stays, as a brace group).
      /\\(?:hspace|vspace|kern|mkern|mskip|hskip|phantom|hphantom|vphantom)\s*\*?\s*\{[^{}]*\}/,
      /\\(?:colorbox)\s*\{[^{}]*\}/,
      /\\(?:cancel|bcancel|xcancel|underline|mathop)(?![a-zA-Z])/,
      /\\>/,
    ] },
    quad: /\\q?quad(?![a-zA-Z])/,
    implies: /\\(?:Rightarrow|Longrightarrow|implies|therefore|because|iff|Leftrightarrow|Longleftrightarrow)(?![a-zA-Z])/,
    // `\|x\|`, `\lVert x \rVert`: a norm; before `lvert`, whose `\left\|` it would otherwise take.
    ldbar: { lineBreaks: true, match: [/\\left\s*(?:\\\||\\Vert|\\lVert)/, /\\lVert(?![a-zA-Z])/] },
    rdbar: { lineBreaks: true, match: [/\\right\s*(?:\\\||\\Vert|\\rVert)/, /\\rVert(?![a-zA-Z])/] },
    dbar: [/\\\|/, /\\Vert(?![a-zA-Z])/, '‖'],
    lvert: { lineBreaks: true, match: [/\\left\s*(?:\||\\vert|\\lvert)/, /\\lvert(?![a-zA-Z])/] },
    rvert: { lineBreaks: true, match: [/\\right\s*(?:\||\\vert|\\rvert)/, /\\rvert(?![a-zA-Z])/] },
    size: /\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![a-zA-Z])/,
    begin: { lineBreaks: true, match: /\\begin\s*\{[a-zA-Z*]+\}/ },
    end: { lineBreaks: true, match: /\\end\s*\{[a-zA-Z*]+\}/ },
    textcmd: { lineBreaks: true, match: /\\(?:text|textrm|textit|textbf|textsf|mathrm|mathit|mathsf|mbox|operatorname\*?)\s*\{(?:[^{}]|\{[^{}]*\})*\}/ },
    accent: /\\(?:hat|bar|tilde|vec|dot|ddot|widehat|widetilde|overline|mathbf|boldsymbol|bm|mathcal|mathbb|mathscr|mathfrak)(?![a-zA-Z])/,
    bigop: [/\\(?:sum|prod)(?![a-zA-Z])/, '∑', '∏'],
    dots: [/\\(?:dots|cdots|ldots|vdots|ddots|dotsc|dotsb|dotsm|dotso)(?![a-zA-Z])/, '…', '⋯'],
    frac: /\\[dtc]?frac(?![a-zA-Z])/,
    sqrt: /\\sqrt(?![a-zA-Z])/,
    partial: [/\\partial(?![a-zA-Z])/, '∂'],
    wrap: /\\(?:boxed|underbrace|overbrace)(?![a-zA-Z])/,
    relop: [new RegExp(`\\\\(?:${Object.keys(RELATIONS).filter((k) => k.startsWith('\\')).map((k) => k.slice(1)).sort((a, b) => b.length - a.length).join('|')})(?![a-zA-Z])`), ':=', '<=', '>=', '!=', '=', '<', '>', '≈', '≠', '≤', '≥', '≡', '≔'],
    times: [/\\(?:cdot|times|ast)(?![a-zA-Z])/, '·', '⋅', '×', '∗'],
    // Products of vectors and matrices: elementwise (Hadamard) and outer.
    odot: [/\\(?:odot|circ)(?![a-zA-Z])/, '⊙', '∘'],
    otimes: [/\\otimes(?![a-zA-Z])/, '⊗'],
    nabla: [/\\nabla(?![a-zA-Z])/, '∇'],
    // `x \in \mathbb{R}^{n}` declares a shape; the clause reader reads it, the grammar never sees it.
    member: [/\\in(?![a-zA-Z])/, '∈'],
    caret: ['**', '^'],
    star: '*',
    divide: ['/', '÷', /\\div(?![a-zA-Z])/],
    prime: ["'", '′', /\\prime(?![a-zA-Z])/],
    top: /\\(?:top|intercal)(?![a-zA-Z])/,
    greek: [new RegExp(`\\\\(?:${Object.keys(GREEK).sort((a, b) => b.length - a.length).join('|')})(?![a-zA-Z])`), ...Object.keys(GREEK_UNICODE)],
    fname: [new RegExp(`\\\\(?:${FN_COMMANDS.sort((a, b) => b.length - a.length).join('|')})(?![a-zA-Z])`), word(FUNCTION_WORDS.map(esc))],
    lcurly: [/\\\{/, /\\lbrace(?![a-zA-Z])/],
    rcurly: [/\\\}/, /\\rbrace(?![a-zA-Z])/],
    lbrack: ['[', /\\lbrack(?![a-zA-Z])/],
    rbrack: [']', /\\rbrack(?![a-zA-Z])/],
    cmd: /\\[a-zA-Z]+/,
    badcmd: /\\./,
    number: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
    period: '.',
    // `net_{h1}`, `out_{o1}`: a run of three or more letters right before a subscript is one
    // name (as in the well-known backprop walkthroughs); never inside a script (`w_ix_i`).
    ...(ascii ? {} : { word: /(?<![a-zA-Z_^\\])[a-zA-Z]{3,}(?=_)/ }),
    ident: ascii ? /[a-zA-Z][a-zA-Z0-9]*/ : /[a-zA-Z]/,
    sup: Object.keys(SUPERSCRIPTS),
    subdigit: Object.keys(SUBSCRIPTS),
    underscore: '_',
    minus: ['-', '−', '–'],
    plus: '+',
    lparen: '(',
    rparen: ')',
    lbrace: '{',
    rbrace: '}',
    bar: ['|', /\\vert(?![a-zA-Z])/, /\\mid(?![a-zA-Z])/],
    comma: ',',
    semicolon: ';',
    amp: '&',
    other: { match: /[^]/, lineBreaks: true },
  };
  return r as moo.Rules;
}

const compiled = { latex: moo.compile(rules(false)), ascii: moo.compile(rules(true)) };

export interface LexMode {
  /**
   * Keep what separates statements in a span of math (`\quad`, `;`, `\Rightarrow`) as tokens for
   * the clause reader; by default `\quad` is white space and the others are errors.
   */
  readonly separators?: boolean;
  /**
   * Unknown commands and stray characters become `bad` tokens carrying their error, instead of
   * failing the whole input, so one unreadable clause does not hide the others.
   */
  readonly lenient?: boolean;
}

/** A `bad` token's error. */
export const BAD_TOKEN_ERRORS = new WeakMap<Token, ParseError>();

/** Tokenise the whole input eagerly (so limits are checked before parsing starts). */
export function tokenize(input: string, ascii: boolean, mode: LexMode = {}): Token[] {
  if (input.length > LIMITS.maxLength) {
    throw new ParseError('too-long', { length: input.length, limit: LIMITS.maxLength }, 0, 1, 1);
  }
  const lexer = compiled[ascii ? 'ascii' : 'latex'];
  lexer.reset(input);
  const out: Token[] = [];
  const envs: string[] = [];
  const push = (type: string, value: string, t: moo.Token): void => {
    if (out.length >= LIMITS.maxTokens) {
      throw new ParseError('too-many-tokens', { limit: LIMITS.maxTokens }, t.offset, t.line, t.col);
    }
    out.push({ type, value, text: t.text, offset: t.offset, line: t.line, col: t.col });
  };
  const bad = (e: ParseError, t: moo.Token): void => {
    if (!mode.lenient) throw e;
    push('bad', t.text, t);
    BAD_TOKEN_ERRORS.set(out[out.length - 1]!, e);
  };
  let t: moo.Token | undefined;
  while ((t = lexer.next()) !== undefined) {
    const type = t.type ?? 'other';
    switch (type) {
      case 'ws': case 'drop': case 'size':
        break;
      case 'quad':
        if (mode.separators) push('quad', '\\quad', t);
        break;
      case 'semicolon': case 'implies':
        if (mode.separators) push(type, t.text, t);
        else bad(new ParseError(type === 'implies' ? 'unknown-command' : 'unexpected-character', type === 'implies' ? { command: t.text } : { char: t.text }, t.offset, t.line, t.col), t);
        break;
      case 'word': push('ident', t.text, t); break;
      case 'amp':
        if (envs.length === 0 || !ALIGN_ENVS.has(envs[envs.length - 1]!)) push('amp', '&', t);
        break;
      case 'begin': case 'end': {
        const name = t.text.replace(/^\\(?:begin|end)\s*\{|\}$/g, '');
        if (type === 'begin') envs.push(name);
        else envs.pop();
        push(type, name, t);
        break;
      }
      case 'relop': push('relop', RELATIONS[t.text]!, t); break;
      case 'bigop': push('bigop', t.text === '∏' || t.text === '\\prod' ? 'prod' : 'sum', t); break;
      case 'decorated': {
        const inner = /\{\s*([^{}]*?)\s*\}$/.exec(t.text)![1]!;
        push('relop', RELATIONS[inner] ?? RELATIONS[inner.replace(/^\\(le|ge)$/, '\\$1q')]!, t);
        break;
      }
      case 'greek': push('greek', t.text.startsWith('\\') ? t.text.slice(1) : GREEK_UNICODE[t.text]!, t); break;
      case 'fname': push('fname', (t.text.startsWith('\\') ? fnByCommand(t.text) : fnByWord(t.text))!, t); break;
      case 'star': push('times', '·', t); break;
      case 'caret': push('caret', '^', t); break;
      case 'sup':
        push('caret', '^', t);
        push('number', SUPERSCRIPTS[t.text]!, t);
        break;
      case 'subdigit':
        push('underscore', '_', t);
        push('number', SUBSCRIPTS[t.text]!, t);
        break;
      case 'textcmd': {
        const content = t.text.replace(/^\\[a-zA-Z]+\*?\s*\{|\}$/g, '').trim();
        const cmd = t.text.slice(0, t.text.indexOf('{')).trim();
        const fn = fnByWord(content);
        if (fn !== undefined) push('fname', fn, t);
        else if (/^[a-zA-Z]$/.test(content) && cmd.startsWith('\\math')) push('ident', content, t);
        else if (/^[a-zA-Z][a-zA-Z0-9]*$/.test(content) && (cmd.startsWith('\\math') || cmd.startsWith('\\operatorname'))) {
          push(cmd.startsWith('\\operatorname') ? 'opname' : 'ident', content, t);
        } else push('text', content, t);
        break;
      }
      case 'ident':
        if (ascii && t.text.length > 1) asciiIdent(t, push);
        else push('ident', t.text, t);
        break;
      case 'cmd':
        bad(new ParseError('unknown-command', { command: t.text }, t.offset, t.line, t.col), t);
        break;
      case 'badcmd':
      case 'other':
        bad(new ParseError('unexpected-character', { char: t.text }, t.offset, t.line, t.col), t);
        break;
      case 'period': push('period', '.', t); break;
      case 'minus': push('minus', '-', t); break;
      case 'times': push('times', '·', t); break;
      case 'divide': push('divide', '/', t); break;
      case 'prime': push('prime', "'", t); break;
      case 'lvert': push('lvert', '|', t); break;
      case 'ldbar': push('ldbar', '‖', t); break;
      case 'rdbar': push('rdbar', '‖', t); break;
      case 'dbar': push('dbar', '‖', t); break;
      case 'odot': push('odot', '⊙', t); break;
      case 'otimes': push('otimes', '⊗', t); break;
      case 'rvert': push('rvert', '|', t); break;
      case 'bar': push('bar', '|', t); break;
      case 'lcurly': push('lcurly', '\\{', t); break;
      case 'rcurly': push('rcurly', '\\}', t); break;
      case 'lbrack': push('lbrack', '[', t); break;
      case 'rbrack': push('rbrack', ']', t); break;
      default: push(type, t.text, t);
    }
  }
  const bar = out.filter((x) => x.type === 'bar')[LIMITS.maxBars];
  if (bar) throw new ParseError('too-many-bars', { limit: LIMITS.maxBars }, bar.offset, bar.line, bar.col);
  return dropPunctuation(out, mode);
}

/**
 * Sentence punctuation at the end of a line of display math (`x < 0.`, `x \ge 0, \\`) is
 * prose, not math: a comma or period right before `\\`, `\end{…}` or the end is dropped.
 * A period anywhere else is an error.
 */
function dropPunctuation(tokens: Token[], mode: LexMode): Token[] {
  const out = tokens.filter((t, i) => {
    if (t.type !== 'period' && t.type !== 'comma' && t.type !== 'semicolon') return true;
    const next = tokens[i + 1];
    return next !== undefined && next.type !== 'nl' && next.type !== 'end';
  });
  for (const [i, stray] of out.entries()) {
    if (stray.type !== 'period') continue;
    const e = new ParseError('unexpected-character', { char: '.' }, stray.offset, stray.line, stray.col);
    if (!mode.lenient) throw e;
    out[i] = { ...stray, type: 'bad' };
    BAD_TOKEN_ERRORS.set(out[i]!, e);
  }
  return out;
}

/** Plain-text identifiers: `alpha` is α, `w1` is w₁, `sqrt` the root, `lr` one symbol. */
function asciiIdent(t: moo.Token, push: (type: string, value: string, t: moo.Token) => void): void {
  const m = /^([a-zA-Z]+?)(\d+)$/.exec(t.text);
  if (m) {
    // Each piece gets its own text and position: subscripts are read back from the source.
    const name = m[1]!;
    const digits: moo.Token = { ...t, text: m[2]!, value: m[2]!, offset: t.offset + name.length, col: t.col + name.length };
    asciiIdent({ ...t, text: name, value: name }, push);
    push('underscore', '_', { ...digits, text: '' });
    push('number', m[2]!, digits);
    return;
  }
  if (Object.hasOwn(GREEK, t.text)) push('greek', t.text, t);
  else if (t.text === 'sqrt') push('sqrt', '\\sqrt', t);
  else push('ident', t.text, t);
}

/** A nearley-compatible lexer over a pre-tokenised stream. */
export class TokenStream {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  reset(): void { this.i = 0; }
  next(): Token | undefined { return this.tokens[this.i++]; }
  save(): object { return {}; }
  formatError(token: Token): string { return `unexpected ${token.text}`; }
  has(type: string): boolean { return type.length > 0; }
}
