// Reads a Markdown notes file and pulls out every piece of math with exact source positions. The Markdown
// parser decides what is code, prose and math, so `$` in code and escaped `\$` are never taken for math.
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Token } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { mathFromMarkdown } from 'mdast-util-math';
import { frontmatter } from 'micromark-extension-frontmatter';
import { math } from 'micromark-extension-math';
import type { Code, Construct, Effects, State, TokenizeContext } from 'micromark-util-types';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';

export interface SourcePos { line: number; column: number; offset: number } // line & column 1-based, offset 0-based
export interface MathSegment {
  kind: 'display' | 'inline';
  latex: string; // the content without delimiters or surrounding whitespace; container prefixes (`> `) removed
  start: SourcePos;
  /** The file position of latex[i] (i may equal latex.length), exact across prefixed lines. */
  pos(i: number): SourcePos;
  lead: string; // prose before an inline segment since the previous segment or paragraph start; '' for display
  section: number; // 0 before the first heading, incremented at every heading
}
export interface FrontMatter {
  define: { latex: string; line: number }[];
  assume: { latex: string; line: number }[];
  matrix: string[];
  tolerance?: number;
}
export interface ExtractError { line: number; column: number; code: string; message: string }
export interface MarkdownDoc { segments: MathSegment[]; frontMatter: FrontMatter | null; errors: ExtractError[] }

declare module 'micromark-util-types' {
  interface TokenTypeMap { displayMathTrailing: 'displayMathTrailing' }
}

type Range = [number, number];
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
 * either fence, the first later `$$` closes, and a block that meets a blank line, a lazy line or the end of
 * input is rejected, so its lines fall back to paragraphs where the stray `$$` is reported.
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
  const lineStart: State = (code) => {
    if (isEol(code)) return firstLine ? lineEnd(code) : nok(code);
    if (isSpace(code)) return effects.check(blankRest, nok, valueStart)(code);
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
  // A bug in the custom construct falls back to micromark's own math flow; deep nesting would fail there too.
  try { return extract(src, true); } catch (e) {
    if (!(e instanceof RangeError)) try { return extract(src, false); } catch { /* reported below */ }
  }
  const message = 'the Markdown parser failed on this input';
  return { segments: [], frontMatter: null, errors: [{ line: 1, column: 1, code: 'internal', message }] };
}

function extract(src: string, custom: boolean): MarkdownDoc {
  const prefixes: Range[] = [];
  const fences: Range[] = [];
  const record = (into: Range[]) => (t: Token) => { into.push([t.start.offset, t.end.offset]); };
  const tree = fromMarkdown(src, {
    extensions: [math(), frontmatter(), ...(custom ? [{ flow: { [DOLLAR]: displayMath }, disable: { null: ['mathFlow'] } }] : [])],
    mdastExtensions: [mathFromMarkdown(), frontmatterFromMarkdown(), {
      // Container prefixes and stripped indentation belong to no math, so positions step over them.
      enter: { linePrefix: record(prefixes), blockQuotePrefix: record(prefixes), listItemIndent: record(prefixes),
        mathFlowFenceSequence: record(fences), codeFencedFenceSequence: record(fences) },
    }],
  });
  prefixes.sort((a, b) => a[0] - b[0]);
  fences.sort((a, b) => a[0] - b[0]);
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
  const error = (offset: number, code: string, message: string) => {
    errors.push({ ...lineColumn(at(offset)), code, message });
  };
  const segments: MathSegment[] = [];
  let section = 0;
  let frontMatter: FrontMatter | null = null;

  const segment = (kind: MathSegment['kind'], from: number, to: number, lead: string): boolean => {
    const map: { at: number; off: number }[] = [];
    let raw = '';
    for (const [s, e] of chunks(from, to)) { map.push({ at: raw.length, off: s }); raw += src.slice(s, e); }
    const skip = raw.length - raw.trimStart().length;
    const latex = raw.trim();
    if (latex === '') return false;
    const pos = (i: number): SourcePos => {
      const r = Math.min(Math.max(0, Math.trunc(i) || 0), latex.length) + skip;
      const m = map[lastAtOrBefore(map, (c) => c.at, r)] ?? { at: 0, off: from };
      return at(m.off + r - m.at);
    };
    lead = kind === 'inline' ? lead.replace(/\s+/g, ' ').trim() : '';
    segments.push({ kind, latex, start: pos(0), pos, lead, section });
    return true;
  };

  /** Inline `$…$`/`$$…$$` nodes, and `\(…\)`/`\[…\]`, which Markdown reads as escaped brackets in text. */
  const phrasing = (block: Nodes) => {
    let lead = '';
    let open: { at: number; from: number; close: string; lead: string } | null = null;
    const abandon = () => {
      const opener = open?.close === ')' ? '(' : '[';
      if (open) error(open.at, 'unterminated-math', `\\${opener} has no matching \\${open.close} in its paragraph`);
      open = null;
    };
    const scanText = (s: number, e: number) => {
      for (const [cs, ce] of chunks(s, e)) {
        for (let i = cs; i < ce; i++) {
          const c = src[i];
          const next = i + 1 < ce ? src[i + 1] ?? '' : '';
          const escape = c === '\\' && /[!-/:-@[-`{-~]/.test(next); // CommonMark escapes any ASCII punctuation
          if (open) {
            if (escape && next === open.close) {
              if (segment(next === ')' ? 'inline' : 'display', open.from, i, open.lead)) lead = '';
              open = null;
            }
          } else if (escape && (next === '(' || next === '[')) {
            open = { at: i, from: i + 2, close: next === '(' ? ')' : ']', lead };
          } else if (escape) lead += next;
          else if (c === '$') {
            // Balanced dollars became math nodes, so any dollar left in text opens math that never closes.
            error(i, 'unterminated-math', next === '$'
              ? '`$$` has no closing `$$` in its paragraph (display math cannot contain a blank line)'
              : '`$` has no closing `$` in its paragraph (write `\\$` for a literal dollar)');
            while (src[i + 1] === '$' && i + 1 < ce) i++;
          } else lead += c;
          if (escape) i++;
        }
        lead += ' ';
      }
    };
    const stack: Nodes[] = [block];
    for (let node = stack.pop(); node; node = stack.pop()) {
      const [s, e] = span(node);
      if (node.type === 'text') scanText(s, e);
      else if (node.type === 'break') lead += ' ';
      else if (node.type === 'inlineCode' || node.type === 'html') {
        abandon();
        if (node.type === 'inlineCode') lead += ` ${node.value} `;
      }
      else if (node.type === 'inlineMath') {
        abandon();
        let k = 0;
        while (src.charCodeAt(s + k) === DOLLAR && s + k < e) k++;
        if (segment(k >= 2 ? 'display' : 'inline', s + k, e - k, lead)) lead = '';
      } else if ('children' in node) pushChildren(stack, node);
    }
    abandon();
  };

  /** A `$$` block or ```` ```math ```` block: the content between its two fence sequences. */
  const fenced = (node: Nodes, isCode: boolean) => {
    const [s, e] = span(node);
    const k = firstAfter(fences, s);
    const [open, close] = [fences[k], fences[k + 1]];
    if (!open || open[0] >= e) return;
    if (!close || close[0] >= e) return error(open[0], 'unterminated-math', 'math block has no closing fence');
    // A code fence's info string (`math`) is not content, so its content runs from line to line.
    if (isCode) return void segment('display', lineStarts[lineOf(open[1]) + 1] ?? e, lineStarts[lineOf(close[0])] ?? e, '');
    segment('display', open[1], close[0], '');
    const rest = src.slice(close[1], e).trim();
    if (/[^.,;:!?)\]]/.test(rest)) error(close[1], 'trailing-text', `text after the closing $$ is ignored: ${rest.slice(0, 40)}`);
  };

  const stack: Nodes[] = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'heading') section++;
    if (node.type === 'heading' || node.type === 'paragraph') phrasing(node);
    else if (node.type === 'math' || (node.type === 'code' && node.lang === 'math')) fenced(node, node.type === 'code');
    else if (node.type === 'yaml') {
      const [s, e] = span(node).map(lineOf) as Range;
      const from = lineStarts[s + 1] ?? src.length;
      frontMatter = readFrontMatter(src.slice(from, Math.max(from, lineStarts[e] ?? from)), (o) => at(from + o), errors);
    } else if ('children' in node) pushChildren(stack, node);
  }
  return { segments, frontMatter, errors };
}

/** Children go on the stack in reverse so they pop in document order (a loop: spreading huge lists overflows). */
function pushChildren(stack: Nodes[], node: Extract<Nodes, { children: unknown }>) {
  for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
}

const lineColumn = ({ line, column }: SourcePos) => ({ line, column });

function span(node: Nodes): Range {
  return [node.position?.start.offset ?? 0, node.position?.end.offset ?? 0];
}

/**
 * YAML flow sequences cannot hold LaTeX like `[W^{[1]}, W^{[2]}]` (brackets and braces are flow indicators),
 * so a one-line `define|assume|matrix: [...]` is split here by bracket depth and blanked, length-preserving,
 * before YAML reads the text; block lists (`- a = \sigma(z)`) are plain scalars, where backslashes are literal.
 */
function readFrontMatter(text: string, at: (offset: number) => SourcePos, errors: ExtractError[]): FrontMatter {
  const fm: FrontMatter = { define: [], assume: [], matrix: [] };
  const fail = (offset: number, message: string) => {
    errors.push({ ...lineColumn(at(offset)), code: 'front-matter', message });
  };
  const lists = new Map<string, { latex: string; line: number }[]>();
  const flowList = /^(define|assume|matrix)([ \t]*:[ \t]*\[)(.*)(\][ \t]*)$/gm;
  const blanked = text.replace(flowList, (_, key: string, head: string, inner: string, tail: string, offset: number) => {
    const items: string[] = [''];
    let depth = 0;
    for (const ch of inner) {
      depth += '[{'.includes(ch) ? 1 : ']}'.includes(ch) ? -1 : 0;
      if (ch === ',' && depth === 0) items.push('');
      else items[items.length - 1] += ch;
    }
    const line = at(offset).line;
    lists.set(key, items.map((s) => s.trim()).filter((s) => s !== '').map((s) => ({ latex: unquote(s), line })));
    return key + head + ' '.repeat(inner.length) + tail;
  });
  const doc = parseDocument(blanked, { prettyErrors: false });
  for (const e of doc.errors) fail(e.pos[0], `front matter is not valid YAML: ${e.message}`);
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return fm;
  if (!isMap(root)) { fail(root.range[0], 'front matter must be a mapping of define, assume, matrix and tolerance'); return fm; }
  for (const { key: k, value: v } of root.items) {
    const key = isScalar(k) ? String(k.value) : '';
    const keyAt = (k as YamlNode | null)?.range?.[0] ?? 0;
    const value = v as YamlNode | null;
    if (key === 'tolerance') {
      const t = isScalar(value) ? value.value : null;
      if (typeof t === 'number' && Number.isFinite(t) && t > 0) fm.tolerance = t;
      else fail(value?.range?.[0] ?? keyAt, 'tolerance must be a positive number');
    } else if (key === 'define' || key === 'assume' || key === 'matrix') {
      const items = lists.get(key) ?? [];
      for (const item of isSeq(value) ? value.items : value === null ? [] : [value]) {
        const offset = (item as YamlNode | null)?.range?.[0] ?? keyAt;
        // Plain numbers keep their spelling (`1e-3` stays `1e-3`).
        const latex = !isScalar(item) || item.value === null ? null
          : typeof item.value === 'string' ? item.value : blanked.slice(item.range?.[0] ?? 0, item.range?.[1] ?? 0).trim();
        if (latex !== null && latex.trim() !== '') items.push({ latex, line: at(offset).line });
        else fail(offset, `each ${key} item must be a LaTeX string (quote it if YAML reads it otherwise)`);
      }
      if (key === 'matrix') fm.matrix = items.map((i) => i.latex);
      else fm[key] = items;
    } else fail(keyAt, `unknown front matter key '${key}' (expected define, assume, matrix or tolerance)`);
  }
  return fm;
}

/** A quoted flow item follows YAML's quoting rules; an unquoted one is literal LaTeX. */
function unquote(item: string): string {
  if (!/^(".*"|'.*')$/.test(item)) return item;
  const doc = parseDocument(item);
  const value: unknown = doc.errors.length === 0 ? doc.toJS() : null;
  return typeof value === 'string' ? value : item;
}
