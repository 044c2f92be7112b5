/**
 * The lexer: moo rules for LaTeX and plain math, wrapped so the grammar sees a clean stream.
 *
 * Which command is which comes from the tables of ./commands.ts: one moo rule reads any
 * command and maps it to its token type (a meaning), to `drop` (a decoration), or to an error
 * that names it; a few rules read a command together with its braced argument (`\text{…}`,
 * `\label{…}`, `\overset{…}{=}`, `\begin{…}`).
 *
 * The wrapper, not the grammar, drops what a reader's eye skips (white space, decorations,
 * `\quad` unless statement separators are asked for) — whitespace nonterminals in the grammar
 * are the classic source of Earley ambiguity. It also
 * - reads the delimiter after a sizing command by its side: `\left|` opens an absolute value,
 *   `\right\|` closes a norm, `\left.` is no delimiter;
 * - classifies `\text{…}`/`\mathrm{…}`/`\operatorname{…}` by content (a function name, a
 *   single letter like `\mathrm{d}`, a multi-letter symbol name, or prose);
 * - drops `&` inside environments of rows, where it only aligns, but keeps it in `cases` and
 *   matrices, where it separates a value from its condition or an entry from the next;
 * - rewrites Unicode superscript/subscript digits (`²`, `₁`) into `^`/`_` and a number.
 * Positions: `offset` is 0-based, `line`/`col` are 1-based, as moo reports them.
 */
import moo from 'moo';
import { BARE_ARGUMENT_NAME } from '../core/expr.js';
import { FUNCTION_WORDS, GREEK, fnByWord } from '../core/functions.js';
import {
  DECORATIONS, ENVIRONMENTS, MEANINGS, REFUSED, RELATIONS, WITH_ARGUMENT, type Decoration, type Meaning,
} from './commands.js';
import { ParseError, type ParseErrorCode } from './errors.js';

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
/** One of the commands (with their backslash), not followed by a letter. */
const named = (commands: readonly string[]): string => `\\\\(?:${commands.map((c) => esc(c.slice(1))).sort((a, b) => b.length - a.length).join('|')})(?![a-zA-Z])`;

const GREEK_UNICODE = Object.fromEntries(Object.entries(GREEK).map(([k, v]) => [v, k]));
/** Greek letters written as words without a backslash that are read as the letter in LaTeX. */
const GREEK_NAMES = Object.keys(GREEK).filter((k) => k.length >= 4 && !k.startsWith('var'));
const SUPERSCRIPTS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
/** Words that name a quantity in backpropagation notes, never a product of their letters. */
const NAME_WORDS = ['net', 'out', 'err', 'error', 'loss', 'cost', 'pred', 'target', 'input', 'output', 'hidden', 'score', 'label'];
/** `½`, `¼`: a fraction typed as one character. */
const VULGAR: Record<string, readonly [string, string]> = {
  '½': ['1', '2'], '⅓': ['1', '3'], '⅔': ['2', '3'], '¼': ['1', '4'], '¾': ['3', '4'], '⅕': ['1', '5'], '⅖': ['2', '5'], '⅗': ['3', '5'],
  '⅘': ['4', '5'], '⅙': ['1', '6'], '⅚': ['5', '6'], '⅛': ['1', '8'], '⅜': ['3', '8'], '⅝': ['5', '8'], '⅞': ['7', '8'],
};
/** `ŷ`, `x̄` (a letter and a combining mark): a decorated name, by the mark (`\hat`, `\bar`…). */
const MARKS: Record<string, string> = {
  '\u0302': '\\hat', '\u0304': '\\bar', '\u0305': '\\bar', '\u0303': '\\tilde', '\u0307': '\\dot', '\u0308': '\\ddot', '\u0301': '\\acute',
  '\u0300': '\\grave', '\u030C': '\\check', '\u0306': '\\breve', '\u20D7': '\\vec',
};
const SUBSCRIPTS: Record<string, string> = { '₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9' };

/**
 * Limits on untrusted input; the parser rejects anything larger with a positioned error.
 * `maxBars`: bare `|` bars do not say which one opens, so n of them have up to Catalan(n/2)
 * readings, and the Earley parser builds every one (50 bars would never finish). Sixteen is far
 * more than any real formula uses; `\left| … \right|` has no such limit.
 */
export const LIMITS = { maxLength: 100_000, maxTokens: 20_000, maxDepth: 200, maxBars: 16 } as const;

/** A braced argument, with braces nested one level inside it. */
const GROUP = String.raw`\{(?:[^{}]|\{[^{}]*\})*\}`;
/** A size: braced, or a number and a unit (`2pt`, `-3mu`). */
const DIMEN = String.raw`(?:\{[^{}]*\}|-?(?:\d+(?:\.\d*)?|\.\d+)\s*[a-z]{2})`;

const decorations = Object.values(DECORATIONS) as Decoration[];
const dropped = (n: Decoration['drop']): string[] => decorations.filter((d) => d.drop === n).flatMap((d) => d.commands);

/** Decorations that take arguments: the command and what it drops, as one token. */
const DROP_WITH_ARGUMENTS = ([['dimen', DIMEN], [2, `${GROUP}\\s*${GROUP}`], [1, GROUP]] as const)
  .filter(([n]) => dropped(n).length > 0)
  .map(([n, argument]) => new RegExp(`${named(dropped(n))}\\s*\\*?\\s*${argument}`));

/** The relations `\overset{…}{…}` may stand over. */
const RELATION_SPELLINGS = Object.keys(RELATIONS).map((r) => (r.startsWith('\\') ? `${esc(r)}(?![a-zA-Z])` : esc(r))).sort((a, b) => b.length - a.length).join('|');
const SPEC_ENVS = Object.entries(ENVIRONMENTS).filter(([, e]) => e.spec).map(([name]) => esc(name));

/**
 * Every command by the token type it becomes. Commands that take arguments, when their
 * argument cannot be read, become `argless`; refused ones `refused`; any other stays `command`.
 */
const KEYWORDS: Record<string, string[]> = {
  ...Object.fromEntries(Object.entries(MEANINGS).map(([type, m]) => [type, Object.keys(m.commands)])),
  drop: dropped(0).filter((c) => !decorations.some((d) => d.side !== undefined && d.commands.includes(c))),
  ...Object.fromEntries(decorations.filter((d) => d.side !== undefined).map((d) => [`size-${d.side}`, [...d.commands]])),
  argless: [...Object.values(WITH_ARGUMENT).flatMap((w) => w.commands), ...decorations.filter((d) => d.drop !== 0).flatMap((d) => d.commands)],
  refused: Object.keys(REFUSED),
};

type Side = NonNullable<Decoration['side']>;
/** A bar after a sizing command: `\left|` opens, `\right\|` closes, `\middle|` is a conditional bar. */
const SIDED: Readonly<Record<string, Readonly<Record<Side, string>>>> = {
  bar: { open: 'lvert', close: 'rvert', between: 'conditional', either: 'bar' },
  dbar: { open: 'ldbar', close: 'rdbar', between: 'conditional', either: 'dbar' },
};

/** Values of character tokens that have one; a command's comes from its table. */
const CHAR_VALUES: Readonly<Record<string, (text: string) => string>> = {
  relop: (c) => RELATIONS[c]!,
  greek: (c) => GREEK_UNICODE[c]!,
  fname: (c) => fnByWord(c)!,
  bigop: (c) => (c === '∏' ? 'prod' : 'sum'),
  odot: (c) => (c === '∘' ? '∘' : '⊙'),
  ...Object.fromEntries(Object.entries({ times: '·', otimes: '⊗', divide: '/', prime: "'", minus: '-', bar: '|', lvert: '|', rvert: '|', dbar: '‖', ldbar: '‖', rdbar: '‖' })
    .map(([type, v]) => [type, () => v])),
};

function valueOf(type: string, text: string): string {
  return (MEANINGS as Record<string, Meaning>)[type]?.commands[text] ?? CHAR_VALUES[type]?.(text) ?? text;
}

/** How a command that takes arguments is written, for the error when they cannot be read. */
function formOf(command: string): string {
  const entry = [...Object.values(WITH_ARGUMENT), ...decorations].find((e) => (e.commands as readonly string[]).includes(command));
  return (entry?.form ?? '\\x{…}').replace(/^\\[a-zA-Z]+/, command);
}

/**
 * `\text{…}`, `\mathrm{…}`, `\operatorname{…}` by what they hold: a function name, a letter
 * (`\mathrm{d}`), a multi-letter name (`\mathrm{lr}`, `\operatorname{L}`), or prose.
 */
function textCommand(t: moo.Token, push: (type: string, value: string, t: moo.Token) => void): void {
  // `\mathrm{d}`, or as TeX also reads it, `\mathrm d`: the one character after the command.
  const cmd = /^\\[a-zA-Z]+/.exec(t.text)![0];
  const arg = t.text.slice(cmd.length).replace(/^\*?\s*/, '');
  const content = (arg.startsWith('{') ? arg.slice(1, -1) : arg).trim();
  const fn = fnByWord(content);
  const math = cmd.startsWith('\\math');
  const operator = cmd.startsWith('\\operatorname');
  if (fn !== undefined) push('fname', fn, t);
  // `\operatorname{d}` is the differential's upright d, as `\mathrm{d}` is, not a function named d.
  else if (/^[a-zA-Z]$/.test(content) && (math || (operator && content === 'd'))) push('ident', content, t);
  else if (/^[a-zA-Z][a-zA-Z0-9]*$/.test(content) && (math || operator)) push(operator ? 'opname' : 'ident', content, t);
  else push('text', content, t);
}

// moo accepts arrays mixing strings and regexes; its type declarations do not say so.
function rules(ascii: boolean): moo.Rules {
  const r: Record<string, unknown> = {
    ws: { match: /[ \t\r\n]+/, lineBreaks: true },
    // `\overset{\text{def}}{=}`, `\stackrel{!}{=}`: the relation underneath is what counts.
    decorated: { lineBreaks: true, match: new RegExp(`${named(WITH_ARGUMENT.decorated.commands)}\\s*${GROUP}\\s*\\{\\s*(?:${RELATION_SPELLINGS})\\s*\\}`) },
    drop: { lineBreaks: true, match: [...DROP_WITH_ARGUMENTS, '~'] },
    textcmd: { lineBreaks: true, match: new RegExp(`${named(WITH_ARGUMENT.textcmd.commands)}(?:\\s*\\*?\\s*${GROUP}|\\s+[a-zA-Z0-9])`) },
    begin: { lineBreaks: true, match: [new RegExp(String.raw`\\begin\s*\{(?:${SPEC_ENVS.join('|')})\}\s*\{[^{}]*\}`), /\\begin\s*\{[a-zA-Z*]+\}/] },
    end: { lineBreaks: true, match: /\\end\s*\{[a-zA-Z*]+\}/ },
    command: { lineBreaks: true, match: /\\(?:[a-zA-Z]+|[^a-zA-Z])/, type: moo.keywords(KEYWORDS) },
    bigop: ['∑', '∏'],
    dots: ['…', '⋯'],
    partial: '∂',
    relop: Object.keys(RELATIONS).filter((k) => !k.startsWith('\\')),
    times: ['·', '⋅', '×', '∗'],
    odot: ['⊙', '∘'],
    otimes: '⊗',
    nabla: '∇',
    member: '∈',
    dbar: '‖',
    caret: ['**', '^'],
    star: '*',
    divide: ['/', '÷'],
    prime: ["'", '′'],
    primes: ['″', '‴', '⁗'],
    // A Latin letter with a mark: precomposed (`ŷ`, `ȳ`) or followed by a combining one (`x̂`, `x̄`).
    marked: /[a-zA-Z][\u0300-\u036F\u20D7]|[\u00C0-\u024F\u1E00-\u1EFF]/,
    greek: Object.keys(GREEK_UNICODE),
    fname: word(FUNCTION_WORDS.map(esc)),
    // `sigma(x)`, `alpha` without their backslash: a Greek letter, never a product of five letters.
    // Names shorter than four letters (`eta`, `phi`, `mu`) stay letters: `eta` may well be e·t·a.
    ...(ascii ? {} : { greekname: new RegExp(`(?<![a-zA-Z\\\\])${word(GREEK_NAMES).source}`) }),
    lbrack: '[',
    rbrack: ']',
    number: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
    period: '.',
    // `net_{h1}`, `out_{o1}`: a run of three or more letters right before a subscript is one
    // name (as in the well-known backprop walkthroughs); never inside a script (`w_ix_i`).
    // So are the words backpropagation notes name quantities with (`o = \sigma(net)`, `out - target`).
    ...(ascii ? {} : { word: new RegExp(`(?<![a-zA-Z_^\\\\])(?:[a-zA-Z]{3,}(?=_)|(?:${NAME_WORDS.join('|')})(?![a-zA-Z]))`) }),
    ident: ascii ? /[a-zA-Z][a-zA-Z0-9]*/ : /[a-zA-Z]/,
    sup: Object.keys(SUPERSCRIPTS),
    vulgar: Object.keys(VULGAR),
    // `⇒`, `∴`: between two statements, as `\Rightarrow` and `\therefore` are.
    arrow: ['⇒', '⟹', '⇔', '⟺', '∴', '∵'],
    subdigit: Object.keys(SUBSCRIPTS),
    underscore: '_',
    minus: ['-', '−', '–'],
    plus: '+',
    lparen: '(',
    rparen: ')',
    lbrace: '{',
    rbrace: '}',
    bar: '|',
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
  const error = (code: ParseErrorCode, params: Record<string, string>, t: moo.Token): void => bad(new ParseError(code, params, t.offset, t.line, t.col), t);
  // After `\left`, `\bigr`…: which side the next delimiter is on (`\left|` opens an absolute value).
  let sized: Side | null = null;
  let t: moo.Token | undefined;
  while ((t = lexer.next()) !== undefined) {
    let type = t.type ?? 'other';
    if (type === 'ws') continue;
    if (sized !== null) {
      const side = sized;
      sized = null;
      if (type === 'period') continue; // `\left.`, `\right.`: no delimiter at all
      type = SIDED[type]?.[side] ?? type;
    }
    switch (type) {
      case 'drop':
        break;
      case 'size-open': case 'size-close': case 'size-between': case 'size-either':
        sized = type.slice('size-'.length) as Side;
        break;
      case 'quad':
        if (mode.separators) push('quad', '\\quad', t);
        break;
      case 'semicolon':
        if (mode.separators) push(type, t.text, t);
        else error('unexpected-character', { char: t.text }, t);
        break;
      case 'implies':
      case 'arrow':
        if (mode.separators) push('implies', t.text, t);
        else error('unsupported-command', { command: t.text, why: 'it stands between two statements, which are read one at a time' }, t);
        break;
      case 'word': push('ident', t.text, t); break;
      case 'amp':
        if (ENVIRONMENTS[envs[envs.length - 1] ?? '']?.reads !== 'rows') push('amp', '&', t);
        break;
      case 'begin': {
        const name = /\{([a-zA-Z*]+)\}/.exec(t.text)![1]!;
        const env = ENVIRONMENTS[name];
        envs.push(name);
        if (env === undefined) error('unknown-environment', { env: name }, t);
        else push(env.reads === 'matrix' ? 'matrix' : 'begin', name, t);
        break;
      }
      case 'end':
        envs.pop();
        push(type, /\{([a-zA-Z*]+)\}/.exec(t.text)![1]!, t);
        break;
      case 'decorated': push('relop', RELATIONS[/\{\s*([^{}]*?)\s*\}$/.exec(t.text)![1]!]!, t); break;
      case 'star': push('times', '·', t); break;
      case 'caret': push('caret', '^', t); break;
      case 'sup':
        push('caret', '^', t);
        push('number', SUPERSCRIPTS[t.text]!, t);
        break;
      case 'vulgar': {
        const [n, d] = VULGAR[t.text]!;
        // Each part is one digit written in full, as in `\frac12`.
        push('frac', valueOf('frac', '\\frac'), t);
        push('number', n, { ...t, text: n });
        push('number', d, { ...t, text: d });
        break;
      }
      case 'marked': {
        const [letter, mark] = [...t.text.normalize('NFD')];
        const accent = mark === undefined ? undefined : MARKS[mark];
        if (letter === undefined || accent === undefined || !/^[a-zA-Z]$/.test(letter)) error('unexpected-character', { char: t.text }, t);
        else {
          push('accent', valueOf('accent', accent), t);
          push('ident', letter, t);
        }
        break;
      }
      case 'primes':
        for (let k = 0; k <= '′″‴⁗'.indexOf(t.text); k++) push('prime', "'", t);
        break;
      case 'subdigit':
        push('underscore', '_', t);
        push('number', SUBSCRIPTS[t.text]!, t);
        break;
      case 'textcmd': textCommand(t, push); break;
      case 'greekname': push('greek', t.text, t); break;
      case 'ident':
        if (ascii && t.text.length > 1) asciiIdent(t, push);
        else push('ident', t.text, t);
        break;
      case 'argless': error('command-argument', { command: t.text, form: formOf(t.text) }, t); break;
      case 'refused': error('unsupported-command', { command: t.text, why: REFUSED[t.text]! }, t); break;
      case 'conditional': error('unsupported-command', { command: `\\middle${t.text}`, why: REFUSED['\\mid']! }, t); break;
      case 'command':
        if (/^\\[a-zA-Z]/.test(t.text)) error('unknown-command', { command: t.text }, t);
        else error('unexpected-character', { char: t.text }, t);
        break;
      case 'other': error('unexpected-character', { char: t.text }, t); break;
      default: push(type, valueOf(type, t.text), t);
    }
  }
  markEvaluationBars(out);
  splitFractionDigits(out, (e, i) => {
    if (!mode.lenient) throw e;
    out[i] = { ...out[i]!, type: 'bad' };
    BAD_TOKEN_ERRORS.set(out[i]!, e);
  });
  splitLayerTranspose(out);
  if (!ascii) supplyBareArguments(out);
  const bar = out.filter((x) => x.type === 'bar')[LIMITS.maxBars];
  if (bar) throw new ParseError('too-many-bars', { limit: LIMITS.maxBars }, bar.offset, bar.line, bar.col);
  return dropPunctuation(out, mode);
}

/** What cannot start a function's argument: a function name right before one was written without its argument. */
const ENDS_ARGUMENTLESS = new Set(['relop', 'rparen', 'rbrack', 'rbrace', 'comma', 'nl', 'amp', 'end', 'quad', 'semicolon', 'implies', 'evalbar', 'rvert', 'rdbar']);
/** The same for a name with neither prime nor power: only a relation, a closing brace or the end. */
const BARE_ENDS = new Set(['relop', 'rbrace']);

/**
 * `\tanh' = 1 - \tanh^2`: a function name with a prime or a power (or nothing) and no argument,
 * right before a relation, a closing bracket or the end, gets one: `(∙)`, the variable the
 * checker finds (as for a bare σ). After a prime or a power, `+`, `-` and a comma end it too
 * (`\tanh^2 + 1`); a bare name before them (`\tanh - x`, the label `\cosh,`) is left as it is.
 */
function supplyBareArguments(tokens: Token[]): void {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.type !== 'fname') continue;
    let j = i + 1;
    let scripted = false;
    for (;;) {
      if (tokens[j]?.type === 'prime') { j++; scripted = true; continue; }
      if (tokens[j]?.type === 'caret' && tokens[j + 1]?.type === 'number') { j += 2; scripted = true; continue; }
      if (tokens[j]?.type === 'caret' && tokens[j + 1]?.type === 'lbrace' && tokens[j + 2]?.type === 'number' && tokens[j + 3]?.type === 'rbrace') { j += 4; scripted = true; continue; }
      break;
    }
    const next = tokens[j];
    // A bare name before a comma is a label (`\cosh, g(t) = …`), and stays one.
    const ends = next === undefined || (scripted ? ENDS_ARGUMENTLESS.has(next.type) || next.type === 'plus' || next.type === 'minus' : BARE_ENDS.has(next.type));
    if (!ends) continue;
    const at = tokens[j - 1]!;
    const made = (type: string, value: string): Token => ({ type, value, text: '', offset: at.offset + at.text.length, line: at.line, col: at.col + at.text.length });
    tokens.splice(j, 0, made('lparen', '('), made('ident', BARE_ARGUMENT_NAME), made('rparen', ')'));
  }
}

/**
 * `\frac 12`: without braces TeX takes one character for each part, so `\frac12 x` is ½·x and
 * `\frac 123` is ½·3; the number after `\frac` is split into those digits. A number that is not
 * all digits (`\frac 1e5`, `\frac 2.5`) would give TeX's `\frac{1}{e}5` and `\frac{2}{.}5`,
 * which no one means: it is refused where it is written.
 */
function splitFractionDigits(tokens: Token[], refuse: (e: ParseError, i: number) => void): void {
  for (let i = tokens.length - 2; i >= 0; i--) {
    const n = tokens[i + 1]!;
    if (tokens[i]!.type !== 'frac' || n.type !== 'number' || /^\d$/.test(n.text)) continue;
    if (!/^\d{2,}$/.test(n.text)) {
      refuse(new ParseError('bad-fraction', { text: n.text }, n.offset, n.line, n.col), i + 1);
      continue;
    }
    const digit = (k: number, len: number): Token => ({ ...n, value: n.value.slice(k, k + len), text: n.text.slice(k, k + len), offset: n.offset + k, col: n.col + k });
    tokens.splice(i + 1, 1, digit(0, 1), digit(1, 1), ...(n.text.length > 2 ? [digit(2, n.text.length - 2)] : []));
  }
}

/**
 * `\mathbf{w}^{[2]\top}`, `W^{[1]T}`, `\mathbf{x}^{(i)\top}`: a layer or example index and a
 * transpose in one superscript are read as the index, then the transpose (`^{[2]}^\top`).
 */
function splitLayerTranspose(tokens: Token[]): void {
  for (let i = 0; i + 5 < tokens.length; i++) {
    const open = tokens[i + 2]!.type;
    if (tokens[i]!.type !== 'caret' || tokens[i + 1]!.type !== 'lbrace' || (open !== 'lbrack' && open !== 'lparen')) continue;
    const close = open === 'lbrack' ? 'rbrack' : 'rparen';
    let k = i + 3;
    while (k < tokens.length && tokens[k]!.type !== close && tokens[k]!.type !== 'rbrace') k++;
    const t = tokens[k + 1];
    if (tokens[k]?.type !== close || tokens[k + 2]?.type !== 'rbrace' || t === undefined || !(t.type === 'top' || (t.type === 'ident' && t.value === 'T'))) continue;
    const made = (type: string, value: string): Token => ({ type, value, text: '', offset: t.offset, line: t.line, col: t.col });
    tokens.splice(k + 1, 2, made('rbrace', '}'), made('caret', '^'), { ...t, type: 'top', value: t.value === 'T' ? '\\top' : t.value });
  }
}

/**
 * `\right|_{x=0}`, `\Big|_{x=0}`, `|_{x=0}`: a bar right before a subscript that gives a
 * variable a value is an evaluation bar (what comes before it, at that value), not the end of
 * an absolute value.
 */
function markEvaluationBars(tokens: Token[]): void {
  for (let i = 0; i + 2 < tokens.length; i++) {
    const t = tokens[i]!;
    if ((t.type !== 'bar' && t.type !== 'rvert') || tokens[i + 1]!.type !== 'underscore' || tokens[i + 2]!.type !== 'lbrace') continue;
    let depth = 0;
    for (let k = i + 2; k < tokens.length; k++) {
      const u = tokens[k]!;
      if (u.type === 'lbrace') depth++;
      else if (u.type === 'rbrace' && --depth === 0) break;
      else if (depth === 1 && u.type === 'relop' && u.value === '=') {
        tokens[i] = { ...t, type: 'evalbar' };
        break;
      }
    }
  }
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
