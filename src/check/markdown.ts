/**
 * Reads a Markdown notes file as a tree of sections, blocks and math, with exact source positions.
 * The Markdown parser decides what is code, prose and math, so `$` in code and escaped `\$` are
 * never taken for math. Every math span is found — inline or display, in a heading, a list item,
 * a table cell or a block quote — with the prose around it that a reader uses to understand it:
 * the words just before it in its block (`lead`), everything written since the previous math
 * (`prose`), which prose block it belongs to (`para`) and which heading it is under (`section`).
 * Math environments written bare in the Markdown (`\begin{align} … \end{align}`, MathJax style)
 * are display math too, and so is what blogs write for MathJax or KaTeX (`\\( … \\)`, Hugo's
 * `{{< katex >}}`); struck-out text is not read. Plain-text math among words is found where the
 * words leave off (`plainRuns`), each line a sentence on a page written without LaTeX.
 */
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Token } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { mathFromMarkdown } from 'mdast-util-math';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { math } from 'micromark-extension-math';
import type { Code, Construct, Effects, State, TokenizeContext } from 'micromark-util-types';
import { readFrontMatter, type FrontMatter } from './frontmatter.js';
import { fnByWord } from '../core/functions.js';
import { MATH_WORDS, isConditional, rewritePlain } from '../parse/plaintext.js';

export type { FrontMatter } from './frontmatter.js';

export interface SourcePos { line: number; column: number; offset: number } // line & column 1-based, offset 0-based
/** The kind of block a piece of math is written in. */
export type Container = 'paragraph' | 'heading' | 'list-item' | 'table-cell' | 'block-quote' | 'display';
export interface MathSegment {
  kind: 'display' | 'inline';
  latex: string; // the content without delimiters or surrounding whitespace; container prefixes (`> `) removed
  start: SourcePos;
  /** The file position of latex[i] (i may equal latex.length), exact across prefixed lines. */
  pos(i: number): SourcePos;
  /** Prose before an inline segment since the previous segment or the start of its block; '' for display. */
  lead: string;
  /** Prose written between the previous segment of the file and this one, across blocks (at most 300 characters). */
  prose: string;
  /** The sentence so far in its block, earlier math in it shown as `$` ("For large $ ,"). */
  sentence: string;
  /** Prose right after the segment in its block, as written, up to the next math (at most 300 characters): " is the standard normal CDF". */
  trail: string;
  container: Container;
  /**
   * The sentence the segment belongs to: it changes at every heading and at every block that
   * starts a new sentence of prose (a paragraph, list item or table cell whose first word is not
   * lowercase), but not at display math, so "Example: $t = 2$" holds for the display blocks
   * right after its paragraph (and a `while …` paragraph that goes on with it) and no further.
   */
  para: number;
  section: number; // 0 before the first heading, incremented at every heading
  /** Where the segment is in a table: which table, row and column, and the column's header as written. */
  cell?: TableCell;
  /** Plain-text math on a line of its own, rewritten into LaTeX: read as inline math, but an expression starts a chain. */
  plain?: true;
}
export interface TableCell { readonly table: number; readonly row: number; readonly column: number; readonly header: string }
export interface Heading { readonly line: number; readonly depth: number }
export interface ExtractError { line: number; column: number; code: string; message: string }
export interface MarkdownDoc {
  segments: MathSegment[];
  /** Heading k (1-based) opens section k; `headings[k - 1]` is it. */
  headings: Heading[];
  frontMatter: FrontMatter | null;
  errors: ExtractError[];
  /** Things read leniently (a blank line inside `$$`), for the reader to know. */
  warnings: ExtractError[];
}

declare module 'micromark-util-types' {
  interface TokenTypeMap { displayMathTrailing: 'displayMathTrailing' }
}

type Range = [number, number];
/** A number written in prose right after inline math with `=` or `≈` (` = 0.5`, ` = 1/4`), not a term of something longer. */
const VALUE_AFTER = /^[ \t]*(?:=|≈)[ \t]*[-−]?\d+(?:\.\d+)?(?:[ \t]*\/[ \t]*\d+(?:\.\d+)?)?(?![\w$^(/]|\.\d)/;
const DOLLAR = 36;
const isEol = (c: Code): boolean => c === null || c < -2; // end of input counts: every caller treats it as a line end
const isSpace = (c: Code): boolean => c === -2 || c === -1 || c === 32;

/** Consumes up to `max` spaces/tabs as one `type` token, then continues with `next`. */
function space(effects: Effects, next: State, type: 'linePrefix' | 'whitespace', max = Infinity): State {
  let n = 0;
  const inside: State = (code) => {
    if (isSpace(code) && n++ < max) { effects.consume(code); return inside; }
    effects.exit(type);
    return next(code);
  };
  return (code) => (isSpace(code) && max > 0 ? (effects.enter(type), inside(code)) : next(code));
}

/**
 * Replaces micromark's math flow, which reads `$$= x` as a fence with meta `= x`, wants the closing `$$` alone
 * on its line and swallows the rest of the container when it is missing. Here content may share a line with
 * either fence, the first later `$$` closes, a blank line inside is kept (with a warning), and a block that
 * meets a lazy line or the end of input is rejected, so its lines fall back to paragraphs where the stray
 * `$$` is reported.
 */
const displayMath: Construct = { name: 'displayMath', tokenize: tokenizeDisplayMath, concrete: true };
const blankRest: Construct = {
  partial: true,
  tokenize: (effects, ok, nok) => space(effects, (code) => (isEol(code) ? ok(code) : nok(code)), 'whitespace'),
};
const nonLazyLine: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    const lineStart: State = (code) => (this.parser.lazy[this.now().line] ? nok(code) : ok(code));
    return (code) => { effects.enter('lineEnding'); effects.consume(code); effects.exit('lineEnding'); return lineStart; };
  },
};

function tokenizeDisplayMath(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const tail = this.events[this.events.length - 1];
  const indent = tail && tail[1].type === 'linePrefix' ? tail[2].sliceSerialize(tail[1], true).length : 0;
  const interrupt = this.interrupt;
  let size = 0;
  let firstLine = true;
  const closeAhead: Construct = {
    partial: true,
    tokenize(effects, ok, nok) {
      let n = 0;
      const run: State = (code) => {
        if (code === DOLLAR) { effects.consume(code); n++; return run; }
        effects.exit('mathFlowFenceSequence');
        return n >= size ? ok(code) : nok(code);
      };
      return (code) => { effects.enter('mathFlowFenceSequence'); return run(code); };
    },
  };
  const openSequence: State = (code) => {
    if (code === DOLLAR) { effects.consume(code); size++; return openSequence; }
    if (size < 2) return nok(code);
    effects.exit('mathFlowFenceSequence');
    return space(effects, (c) => { effects.exit('mathFlowFence'); return lineStart(c); }, 'whitespace')(code);
  };
  const lineEnd: State = (code) => {
    if (firstLine && interrupt) return ok(code); // like micromark: the opening line alone decides interruption
    if (code === null) return nok(code);
    firstLine = false;
    return effects.attempt(nonLazyLine, space(effects, lineStart, 'linePrefix', indent), nok)(code);
  };
  // A blank line does not end the block (read leniently; the extractor warns about it).
  const lineStart: State = (code) => {
    if (isEol(code)) return lineEnd(code);
    if (isSpace(code)) return effects.check(blankRest, space(effects, lineEnd, 'whitespace'), valueStart)(code);
    return code === DOLLAR ? effects.check(closeAhead, close, valueStart)(code) : valueStart(code);
  };
  const valueStart: State = (code) => { effects.enter('mathFlowValue'); return more(code); };
  const more: State = (code) => { effects.consume(code); return value; };
  const value: State = (code) => {
    if (isEol(code)) { effects.exit('mathFlowValue'); return lineEnd(code); }
    if (code !== DOLLAR) return more(code);
    return effects.check(closeAhead, (c) => { effects.exit('mathFlowValue'); return close(c); }, more)(code);
  };
  const close: State = (code) => {
    if (firstLine) return nok(code); // `$$a$$` within one line is inline math with two dollars
    effects.enter('mathFlowFence'); effects.enter('mathFlowFenceSequence');
    return closeSequence(code);
  };
  const closeSequence: State = (code) => {
    if (code === DOLLAR) { effects.consume(code); return closeSequence; }
    effects.exit('mathFlowFenceSequence');
    if (isEol(code)) return done(code);
    effects.enter('displayMathTrailing');
    return trailing(code);
  };
  const trailing: State = (code) => {
    if (!isEol(code)) { effects.consume(code); return trailing; }
    effects.exit('displayMathTrailing');
    return done(code);
  };
  const done: State = (code) => { effects.exit('mathFlowFence'); effects.exit('mathFlow'); return ok(code); };
  return (code) => {
    effects.enter('mathFlow'); effects.enter('mathFlowFence'); effects.enter('mathFlowFenceSequence');
    return openSequence(code);
  };
}

export function extractMath(source: string): MarkdownDoc {
  const src = typeof source === 'string' ? source : '';
  try {
    return extract(src);
  } catch (e) {
    // Only exhausted recursion is the input's fault (nesting deeper than the parser's stack); a
    // bug elsewhere is a bug and propagates.
    if (!(e instanceof RangeError) || !/call stack/i.test(e.message)) throw e;
  }
  const message = 'the Markdown is nested too deeply to read';
  return { segments: [], headings: [], frontMatter: null, errors: [{ line: 1, column: 1, code: 'markdown', message }], warnings: [] };
}

/** Math environments MathJax reads when written bare in Markdown. */
const BARE_ENV = /\\begin\{(align\*?|equation\*?|gather\*?|multline\*?|eqnarray\*?|alignat\*?|flalign\*?)\}/g;
/** Hugo's math shortcodes: `{{< katex >}}`, `{{< katex display >}}`, `{{< /katex >}}` (and `math`). */
const SHORTCODE = /^\{\{[<%]\s*(\/)?\s*(?:katex|math)(\s+display)?\s*[>%]\}\}/;
/** Where prose starts a new sentence: after `.`, `!` or `?`, but not after "w.r.t.", "i.e.", "e.g.", "cf.", "vs.", "resp.", "eq.". */
export const SENTENCE_BREAK = /(?<=[.!?])(?<!\b(?:w\.\s?r\.\s?t|wrt|i\.\s?e|e\.\s?g|cf|vs|resp|eqs?|Eqs?|approx)\.)\s+/;
/** Prose worth reading: a letter or digit outside math. */
/** The label of an enumerated part at the start of a paragraph: `(a)`, `(iv)`, `b)`, `**(c)**`. */
const ENUMERATOR = /^[*_]*\(?(?:[a-z]|[ivx]{1,4})\)[*_]*\s/;
const WORDY = /[\p{L}\p{N}]/u;
const PROSE_KEEP = 300;

function extract(src: string): MarkdownDoc {
  const prefixes: Range[] = [];
  const fences: Range[] = [];
  const record = (into: Range[]) => (t: Token) => { into.push([t.start.offset, t.end.offset]); };
  const tree = fromMarkdown(src, {
    extensions: [math(), frontmatter(['yaml', 'toml']), gfmTable(), gfmStrikethrough({ singleTilde: false }), { flow: { [DOLLAR]: displayMath }, disable: { null: ['mathFlow'] } }],
    mdastExtensions: [mathFromMarkdown(), frontmatterFromMarkdown(['yaml', 'toml']), gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown(), {
      // Container prefixes and stripped indentation belong to no math, so positions step over them.
      enter: { linePrefix: record(prefixes), blockQuotePrefix: record(prefixes), listItemIndent: record(prefixes),
        mathFlowFenceSequence: record(fences), codeFencedFenceSequence: record(fences) },
    }],
  });
  prefixes.sort((a, b) => a[0] - b[0]);
  fences.sort((a, b) => a[0] - b[0]);
  const plainPage = isPlainPage(tree, src);
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10 || (c === 13 && src.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  const lastAtOrBefore = <T>(list: T[], key: (t: T) => number, x: number): number => {
    let lo = 0, hi = list.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (key(list[mid] as T) <= x) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const lineOf = (offset: number) => lastAtOrBefore(lineStarts, (s) => s, offset);
  const at = (offset: number): SourcePos => {
    const l = lineOf(offset);
    return { line: l + 1, column: offset - (lineStarts[l] ?? 0) + 1, offset };
  };
  /** Index of the first range ending after `offset`. */
  const firstAfter = (list: Range[], offset: number) => {
    const k = lastAtOrBefore(list, (r) => r[1], offset);
    return (list[k]?.[1] ?? Infinity) <= offset ? k + 1 : k;
  };
  /** The pieces of [from, to) outside line prefixes. */
  const chunks = (from: number, to: number): Range[] => {
    const out: Range[] = [];
    for (let k = firstAfter(prefixes, from); from < to; k++) {
      const [ps, pe] = (prefixes[k]?.[0] ?? Infinity) < to ? (prefixes[k] as Range) : [to, to];
      if (ps > from) out.push([from, ps]);
      from = Math.max(from, pe);
    }
    return out;
  };
  const errors: ExtractError[] = [];
  const warnings: ExtractError[] = [];
  const error = (offset: number, code: string, message: string) => {
    errors.push({ ...lineColumn(at(offset)), code, message });
  };
  const segments: MathSegment[] = [];
  const headings: Heading[] = [];
  let frontMatter: FrontMatter | null = null;
  /** Prose since the previous segment, across blocks. */
  let prose = '';
  let para = 0;
  const addProse = (text: string): void => {
    prose = (prose + text).slice(-PROSE_KEEP * 2);
  };

  let sentence = '';
  /** The table cell being read, if any. */
  let cell: TableCell | null = null;
  /** Each table cell's place and its column's header. */
  const cells = new Map<Nodes, TableCell>();
  let tables = 0;
  /** The segment whose trailing prose is being read (the last one of the current block). */
  let trailing: MathSegment | null = null;
  /** Prose up to here was read as part of the math before it (`$\sigma'(0)$ = 0.5`). */
  let readUpTo = 0;
  /**
   * A piece of math. `plain` marks plain-text math on a line of its own (`d/dz 1/(1+e^(-z))`),
   * which is rewritten into the LaTeX the parser reads (parse/plaintext.ts), each character of
   * it still placed at the column it came from.
   */
  const segment = (kind: MathSegment['kind'], from: number, to: number, lead: string, container: Container, plain: 'line' | 'run' | false = false, after: Range | null = null): boolean => {
    const map: { at: number; off: number }[] = [];
    let raw = '';
    for (const [s, e] of [...chunks(from, to), ...(after === null ? [] : [after])]) { map.push({ at: raw.length, off: s }); raw += src.slice(s, e); }
    const skip = raw.length - raw.trimStart().length;
    const rewritten = plain !== false ? rewritePlain(raw.trim()) : null;
    const latex = rewritten?.text ?? raw.trim();
    if (latex === '') return false;
    const pos = (i: number): SourcePos => {
      const k = Math.min(Math.max(0, Math.trunc(i) || 0), latex.length);
      const r = (rewritten === null ? k : rewritten.origin[k]!) + skip;
      const m = map[lastAtOrBefore(map, (c) => c.at, r)] ?? { at: 0, off: from };
      return at(m.off + r - m.at);
    };
    lead = kind === 'inline' ? tidy(lead) : '';
    const before = tidy(prose).slice(-PROSE_KEEP);
    prose = '';
    const said = tidy(sentence).split(SENTENCE_BREAK).pop() ?? '';
    sentence += ' $ ';
    trailing = {
      kind, latex, start: pos(0), pos, lead, prose: before, sentence: said, trail: '', container, para, section: headings.length,
      ...(cell === null ? {} : { cell }), ...(plain === 'line' ? { plain: true as const } : {}),
    };
    segments.push(trailing);
    if (kind === 'display' && /\n[ \t>]*\r?\n/.test(raw)) {
      warnings.push({ ...lineColumn(pos(0)), code: 'blank-line-in-math', message: 'a blank line inside display math: read as one block' });
    }
    return true;
  };

  /** Ranges of bare math environments in [s, e), which MathJax reads as display math. */
  const bareEnvironments = (s: number, e: number): Range[] => {
    const text = src.slice(s, e);
    const out: Range[] = [];
    for (const m of text.matchAll(BARE_ENV)) {
      const open = s + m.index;
      if (out.length > 0 && open < out[out.length - 1]![1]) continue;
      const close = text.indexOf(`\\end{${m[1]}}`, m.index + m[0].length);
      if (close >= 0) out.push([open, s + close + `\\end{${m[1]}}`.length]);
    }
    return out;
  };

  /** The first word of a block outside its math, or null. */
  const firstWord = (block: Nodes, envs: Range[]): string | null => {
    const stack: Nodes[] = [block];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.type === 'text' || node.type === 'inlineCode') {
        const [s, e] = span(node);
        let text = src.slice(s, e);
        for (const [a, b] of envs) if (a < e && b > s) text = text.slice(0, Math.max(0, a - s)) + text.slice(Math.max(0, b - s));
        const word = WORDY.exec(text.replace(/\\\(.*?\\\)|\\\[.*?\\\]/gs, ''));
        if (word !== null) return word[0];
      } else if ('children' in node) pushChildren(stack, node);
    }
    return null;
  };
  const hasWords = (block: Nodes): boolean => firstWord(block, []) !== null;
  /**
   * Whether a block starts a new sentence of prose: it has words outside its math, and unless
   * display math ends the text before it, whatever its first word. After display math, a first
   * word in lowercase goes on with the sentence before it (`while the right side …`); after
   * prose, a paragraph is a sentence of its own (`for $x > 0$: …` on a student's page).
   */
  const startsSentence = (block: Nodes, envs: Range[]): boolean => {
    // An enumerated part, "(a) …", "(ii) …", "b) …", starts a new sentence whatever its letter's case.
    if (ENUMERATOR.test(src.slice(span(block)[0], span(block)[1]))) return true;
    const word = firstWord(block, envs);
    if (word === null) return false;
    const afterDisplay = segments.at(-1)?.kind === 'display' && !WORDY.test(prose);
    return !afterDisplay || !/\p{Ll}/u.test(word);
  };

  /** Inline `$…$`/`$$…$$` nodes, and `\(…\)`/`\[…\]`, which Markdown reads as escaped brackets in text. */
  const phrasing = (block: Nodes, container: Container) => {
    const [blockStart, blockEnd] = span(block);
    const envs = bareEnvironments(blockStart, blockEnd);
    const wordy = hasWords(block);
    if (container === 'heading' || ((container === 'paragraph' || container === 'block-quote') ? startsSentence(block, envs) : wordy)) para++;
    // A paragraph that is only display math (`$$…$$` on one line) is a display block.
    const displayIn: Container = wordy ? container : 'display';
    let lead = '';
    sentence = '';
    trailing = null;
    let env = 0;
    let open: { at: number; from: number; close: string; lead: string; doubled: boolean; display?: boolean } | null = null;
    const abandon = () => {
      const opener = open?.close === ')' ? '(' : '[';
      if (open?.close === 'shortcode') error(open.at, 'unterminated-math', '`{{< katex >}}` has no closing `{{< /katex >}}` in its paragraph');
      else if (open) error(open.at, 'unterminated-math', `\\${opener} has no matching \\${open.close} in its paragraph`);
      open = null;
    };
    const say = (text: string): void => {
      lead += text;
      if (trailing !== null && trailing.trail.length < PROSE_KEEP) trailing.trail = (trailing.trail + text).slice(0, PROSE_KEEP);
      // A dollar written in the prose (`\$5`) is not a placeholder for math in the sentence.
      sentence = (sentence + text.replaceAll('$', '\uFF04')).slice(-PROSE_KEEP * 2);
      addProse(text);
    };
    /** Emits the bare environments that start before `offset`; returns where reading may go on. */
    const envsBefore = (offset: number): number => {
      let resume = -1;
      while (env < envs.length && envs[env]![0] < offset) {
        const [s, e] = envs[env++]!;
        if (segment('display', s, e, lead, displayIn)) lead = '';
        resume = e;
      }
      return resume;
    };
    const inEnv = (offset: number): boolean => envs.some(([s, e]) => offset >= s && offset < e);
    const scanText = (s: number, e: number) => {
      for (const [cs, ce] of chunks(s, e)) {
        for (let i = Math.max(cs, readUpTo); i < ce; i++) {
          if (!open) {
            const resume = envsBefore(i + 1);
            if (resume > i) { i = resume - 1; continue; }
            if (inEnv(i)) continue;
          }
          const c = src[i];
          const next = i + 1 < ce ? src[i + 1] ?? '' : '';
          const escape = c === '\\' && /[!-/:-@[-`{-~]/.test(next); // CommonMark escapes any ASCII punctuation
          // `{{< katex >}} … {{< /katex >}}`: Hugo's shortcode around LaTeX (`display` for display math).
          if (c === '{' && next === '{') {
            const code = SHORTCODE.exec(src.slice(i, Math.min(ce, i + 40)));
            if (code !== null && !open && code[1] === undefined) {
              open = { at: i, from: i + code[0].length, close: 'shortcode', lead, doubled: false, display: code[2] !== undefined };
              i += code[0].length - 1;
              continue;
            }
            if (code !== null && open !== null && code[1] !== undefined && open.close === 'shortcode') {
              const display = open.display === true;
              if (segment(display ? 'display' : 'inline', open.from, i, open.lead, display ? displayIn : container)) lead = '';
              open = null;
              i += code[0].length - 1;
              continue;
            }
          }
          // `\\( … \\)`: blogs double the backslash so that MathJax gets `\(` once Markdown has read it.
          const doubled = c === '\\' && next === '\\' && i + 2 < ce ? src[i + 2]! : '';
          if (open?.doubled === true && doubled === open.close) {
            if (segment(doubled === ')' ? 'inline' : 'display', open.from, i, open.lead, doubled === ')' ? container : displayIn)) lead = '';
            open = null;
            i += 2;
            continue;
          }
          if (!open && (doubled === '(' || doubled === '[')) {
            open = { at: i, from: i + 3, close: doubled === '(' ? ')' : ']', lead, doubled: true };
            i += 2;
            continue;
          }
          if (open) {
            if (escape && next === open.close && !open.doubled) {
              if (segment(next === ')' ? 'inline' : 'display', open.from, i, open.lead, next === ')' ? container : displayIn)) lead = '';
              open = null;
            }
          } else if (escape && (next === '(' || next === '[')) {
            open = { at: i, from: i + 2, close: next === '(' ? ')' : ']', lead, doubled: false };
          } else if (escape) say(next);
          else if (c === '$') {
            // Balanced dollars became math nodes, so any dollar left in text opens math that never closes.
            error(i, 'unterminated-math', next === '$'
              ? '`$$` has no closing `$$` in its paragraph'
              : '`$` has no closing `$` in its paragraph (write `\\$` for a literal dollar)');
            while (src[i + 1] === '$' && i + 1 < ce) i++;
          } else say(c!);
          if (escape) i++;
        }
        say(' ');
      }
    };
    // `L = -(y log(a) + (1-y) log(1-a)), a = sigmoid(z)` on lines of their own, without dollars:
    // math written as plain text, read as inline math (what cannot be read stays prose).
    const lines = container === 'heading' ? null : plainMathLines(block);
    if (lines !== null) {
      for (const [ls, le] of lines) segment('inline', ls, le, '', container, 'line');
      addProse(' ');
      return;
    }
    // Text without dollars or commands: the math in it read where the words leave off ("for x > 0:
    // ELU'(x) = 1", "Q4: d/dx log(1+exp(x)) = …"). On a page written without LaTeX, each line is a
    // sentence of its own; elsewhere the lines of a paragraph are wrapped prose.
    if (container !== 'heading' && textOnly(block) && !/[$\\]|\{\{[<%]/.test(src.slice(blockStart, blockEnd))) {
      const [s, e] = span(block);
      let first = true;
      for (const [cs, ce] of chunks(s, e)) {
        for (let from = cs; from < ce;) {
          const nl = src.indexOf('\n', from);
          const to = nl < 0 || nl >= ce ? ce : nl;
          const text = src.slice(from, to);
          if (WORDY.test(text)) {
            if (!first && plainPage) { para++; sentence = ''; lead = ''; }
            first = false;
            const whole = isPlainMath(text.trim(), src.slice(to + 1, ce).trimStart().startsWith('='));
            let at = 0;
            for (const [a, b] of whole ? [[text.length - text.trimStart().length, text.trimEnd().length] as Range] : plainRuns(text)) {
              say(text.slice(at, a));
              if (segment('inline', from + a, from + b, lead, container, whole ? 'line' : 'run')) lead = '';
              at = b;
            }
            say(`${text.slice(at)} `);
          }
          from = to + 1;
        }
      }
      addProse(' ');
      return;
    }
    const stack: Nodes[] = [block];
    for (let node = stack.pop(); node; node = stack.pop()) {
      const [s, e] = span(node);
      if (node !== block && (node.type === 'text' || node.type === 'inlineMath' || node.type === 'inlineCode') && envs.length > 0) {
        envsBefore(s);
        if (envs.some(([a, b]) => s >= a && e <= b)) continue;
      }
      if (node.type === 'text') scanText(s, e);
      else if (node.type === 'break') say(' ');
      // `~~$\sigma' = \sigma^2$~~`: what the writer struck out is not part of the notes.
      else if (node.type === 'delete') say(' ');
      else if (node.type === 'inlineCode' || node.type === 'html') {
        abandon();
        if (node.type === 'inlineCode') say(` ${node.value} `);
      }
      else if (node.type === 'inlineMath') {
        abandon();
        let k = 0;
        while (src.charCodeAt(s + k) === DOLLAR && s + k < e) k++;
        // `$\sigma'(0)$ = 0.5`: a number written after the math with `=` is part of it.
        const value = k === 1 ? VALUE_AFTER.exec(src.slice(e, e + 40)) : null;
        const after: Range | null = value === null ? null : [e, e + value[0].length];
        if (segment(k >= 2 ? 'display' : 'inline', s + k, e - k, lead, k >= 2 ? displayIn : container, false, after)) lead = '';
        if (after !== null) readUpTo = after[1];
      } else if ('children' in node) pushChildren(stack, node);
    }
    envsBefore(Infinity);
    abandon();
    addProse(' ');
  };

  /**
   * A block of text alone, read from its source: `2*(h-t)*x` is a product, however Markdown
   * takes its stars (as emphasis).
   */
  const textOnly = (block: Nodes): boolean => 'children' in block && block.children.length > 0
    && block.children.every((c) => c.type === 'text' || c.type === 'break' || ((c.type === 'emphasis' || c.type === 'strong') && textOnly(c)));
  /** The lines of a paragraph of text only, when every one is plain-text math (`isPlainMath`), else null. */
  const plainMathLines = (block: Nodes): Range[] | null => {
    if (!textOnly(block)) return null;
    const [s, e] = span(block);
    const out: Range[] = [];
    let from = s;
    const lines = src.slice(s, e).split('\n');
    for (const [k, line] of lines.entries()) {
      const start = from + (line.length - line.trimStart().length);
      const end = from + line.trimEnd().length;
      from += line.length + 1;
      if (end <= start) continue;
      // `d/dz 1/(1+e^{-z})` followed by `= …` lines: the start of a chain.
      const continued = lines[k + 1]?.trimStart().startsWith('=') ?? false;
      if (!isPlainMath(src.slice(start, end), continued)) return null;
      out.push([start, src[end - 1] === '.' || src[end - 1] === ',' ? end - 1 : end]);
    }
    return out.length > 0 ? out : null;
  };

  /** A `$$` block or ```` ```math ```` block: the content between its two fence sequences. */
  const fenced = (node: Nodes, isCode: boolean) => {
    const [s, e] = span(node);
    const k = firstAfter(fences, s);
    const [open, close] = [fences[k], fences[k + 1]];
    if (!open || open[0] >= e) return;
    if (!close || close[0] >= e) return error(open[0], 'unterminated-math', 'math block has no closing fence');
    // A code fence's info string (`math`) is not content, so its content runs from line to line.
    sentence = '';
    if (isCode) return void segment('display', lineStarts[lineOf(open[1]) + 1] ?? e, lineStarts[lineOf(close[0])] ?? e, '', 'display');
    segment('display', open[1], close[0], '', 'display');
    const rest = src.slice(close[1], e).trim();
    // An equation number after the block, `(1)` or `(2.3a)`, or a label `{#eq-name}`, names it; other text is ignored with a warning.
    if (/[^.,;:!?)\]]/.test(rest) && !EQUATION_NUMBER.test(rest)) {
      warnings.push({ ...lineColumn(at(close[1])), code: 'trailing-text', message: `text after the closing $$ is ignored: ${rest.slice(0, 40)}` });
    }
  };

  const stack: { node: Nodes; container: Container }[] = [{ node: tree, container: 'paragraph' }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { node, container } = item;
    if (node.type === 'heading') {
      headings.push({ line: at(span(node)[0]).line, depth: node.depth });
      addProse(' ');
      phrasing(node, 'heading');
    } else if (node.type === 'paragraph') phrasing(node, container);
    else if (node.type === 'tableCell') {
      cell = cells.get(node) ?? null;
      phrasing(node, 'table-cell');
      cell = null;
    } else if (node.type === 'table') {
      // The header row names each column (`function | derivative`): a reader reads the cells below by it.
      const table = tables++;
      const [head, ...rows] = node.children;
      const headers = (head?.children ?? []).map((c) => { const [s, e] = span(c); return tidy(src.slice(s, e).replace(/^\s*\||\|\s*$/g, '')); });
      [head, ...rows].forEach((r, row) => r?.children.forEach((c, column) => cells.set(c, { table, row, column, header: headers[column] ?? '' })));
      for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as Nodes, container });
    }
    else if (node.type === 'math' || (node.type === 'code' && node.lang === 'math')) fenced(node, node.type === 'code');
    else if (node.type === 'yaml') {
      const [s, e] = span(node).map(lineOf) as Range;
      const from = lineStarts[s + 1] ?? src.length;
      frontMatter = readFrontMatter(src.slice(from, Math.max(from, lineStarts[e] ?? from)), (o) => lineColumn(at(from + o)), errors);
    } else if ('children' in node) {
      const inner: Container = node.type === 'listItem' ? 'list-item' : node.type === 'blockquote' ? 'block-quote' : container;
      for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as Nodes, container: inner });
    }
  }
  return { segments, headings, frontMatter, errors, warnings };
}


/**
 * Plain-text math on a line of its own: an equation (`=`) of names, numbers, operators and
 * function words (`log`, `sigmoid`, `exp`), derivatives written `dL/da`; no other word (`so`,
 * `where`), no LaTeX command, no dollar. A line of prose with math in it is prose. An expression
 * without `=` is math when the next line continues it (`continued`: it starts with `=`).
 */
export function isPlainMath(line: string, continued = false): boolean {
  if (line.length > 300 || (!line.includes('=') && !continued) || /[$`\\?!:;]|\b(?:https?|www)\b/.test(line)) return false;
  if (!/[-+*/^()]/.test(line)) return false;
  // `relu'(x) = 1 if x > 0 else 0`: a program's cases, its two words included.
  const words = isConditional(line) ? (w: string): boolean => w === 'if' || w === 'else' : (): boolean => false;
  return (line.match(/[A-Za-z]+/g) ?? []).every((w) => w.length === 1 || MATH_WORDS.has(w.toLowerCase()) || /^d[A-Za-z]$/.test(w) || words(w));
}

/** A page that writes no math in LaTeX: no dollars, `\(`, `\[`, math fence or bare environment. */
function isPlainPage(tree: Nodes, src: string): boolean {
  if (/\\[([]|\\begin\{|\{\{[<%]\s*(?:katex|math)/.test(src)) return false;
  const stack: Nodes[] = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'math' || node.type === 'inlineMath' || (node.type === 'code' && node.lang === 'math')) return false;
    if ('children' in node) pushChildren(stack, node);
  }
  return true;
}

/**
 * The stretches of plain-text math in a line of prose, as [start, end) in the line: names,
 * numbers, operators and math words (`sigmoid`, `exp`, `alpha`, `dL`), between words that are
 * not math, colons, semicolons and commas outside brackets. A stretch is math when it relates
 * two sides (`ELU'(x) = 1`, `x <= 0`) or computes something (`alpha*(exp(x) - 1)`, `2x`); a
 * lone name (`a`, `I`) is a word.
 */
export function plainRuns(line: string): Range[] {
  const out: Range[] = [];
  const token = /\s+|\d+(?:\.\d+)?|[A-Za-z]+'*|<=|>=|!=|[-+*/^=<>()[\]|.,']|[≤≥≠·×σ]|./gy;
  let start = -1, end = -1, depth = 0;
  const close = (): void => {
    if (start >= 0) {
      const r = trimRun(line, start, end) ?? saidValue(line, start, end);
      if (r !== null) out.push(r);
    }
    start = -1;
    depth = 0;
  };
  for (let m = token.exec(line); m !== null && m[0] !== ''; m = token.exec(line)) {
    const t = m[0];
    const word = /^[A-Za-z]/.test(t) ? t.replace(/'+$/, '') : null;
    const math = /^\s+$/.test(t) ? start >= 0
      : word !== null ? word.length === 1 || MATH_WORDS.has(word.toLowerCase()) || /^d[A-Za-z]$/.test(word)
      : t === ',' ? depth > 0
      : t === '.' ? false
      : /^(?:\d|<=|>=|!=|[-+*/^=<>()[\]|'≤≥≠·×σ])/.test(t);
    if (!math) { close(); continue; }
    if (start < 0) start = m.index;
    end = m.index + t.length;
    if (t === '(' || t === '[') depth++;
    if ((t === ')' || t === ']') && depth > 0) depth--;
  }
  close();
  return out;
}

/**
 * A stretch without its loose ends (unmatched brackets, commas), when what is left is math. One
 * that a word cuts short (`w = w - lr * dL/dw`: `lr` is no math word) is part of an expression
 * in words, not math.
 */
function trimRun(line: string, start: number, end: number): Range | null {
  // `<- got the sign wrong`, `=> dL/dz = …`: an arrow pointing at or from the math is no part of it.
  let text = line.slice(start, end).replace(/\s*(?:<-+|-+>|=+>)\s*$/, '').replace(/^\s*(?:<-+|-+>|=+>)\s*/, '');
  if (/[-+*/^=<>]\s*$/.test(text) || /^\s*[+*/^=<>]/.test(text)) return null;
  for (let changed = true; changed;) {
    const before = text;
    text = text.replace(/^[\s=+*/^<>,|)\]]+/, '').replace(/[\s=+\-*/^<>,|(\[]+$/, '');
    const opens = (text.match(/[([]/g) ?? []).length, closes = (text.match(/[)\]]/g) ?? []).length;
    if (opens > closes && /^[([]/.test(text)) text = text.slice(1);
    if (closes > opens && /[)\]]$/.test(text)) text = text.slice(0, -1);
    changed = text !== before;
  }
  if (text === '' || (text.match(/[([]/g) ?? []).length !== (text.match(/[)\]]/g) ?? []).length) return null;
  const relates = /[^<>=!]\s*(?:<=|>=|!=|[=<>≤≥≠])\s*[^<>=]/.test(text);
  const computes = /[-+*/^]|[A-Za-z]\(|\d[A-Za-z]/.test(text);
  if (!relates && !computes) return null;
  const from = start + line.slice(start, end).indexOf(text);
  return [from, from + text.length];
}

/**
 * A lone number or function name the words around it make a value or a function: "the slope of
 * sigmoid at 0 is 0.25" (a function after *of*, a number after *is*, *at*, *equals*, *gives*).
 */
function saidValue(line: string, start: number, end: number): Range | null {
  const text = line.slice(start, end).trim();
  const before = line.slice(0, start).trimEnd().toLowerCase();
  const from = start + line.slice(start, end).indexOf(text);
  const fn = /^[A-Za-z]+$/.test(text) && fnByWord(text) !== undefined && /\bof$/.test(before);
  const value = /^\d+(?:\.\d+)?$/.test(text) && /\b(?:is|at|equals|gives|get|be)$/.test(before);
  return fn || value ? [from, from + text.length] : null;
}

/** `(1)`, `(2.3)`, `(A.1a)`, `(eq. 4)`: an equation's number written after it; `{#eq-sigmoid}`: its Quarto/Pandoc label. */
const EQUATION_NUMBER = /^(?:\((?:eq\.?\s*)?(?:[A-Z]\.?)?\d+(?:\.\d+)*[a-z]?\)|\{#[\w:.-]+\})$/i;

const tidy = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Children go on the stack in reverse so they pop in document order (a loop: spreading huge lists overflows). */
function pushChildren(stack: Nodes[], node: Extract<Nodes, { children: unknown }>) {
  for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
}

const lineColumn = ({ line, column }: SourcePos) => ({ line, column });

function span(node: Nodes): Range {
  return [node.position?.start.offset ?? 0, node.position?.end.offset ?? 0];
}
