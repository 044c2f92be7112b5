// Reads a Markdown notes file and pulls out every piece of math with exact source positions.
// The Markdown parser (micromark via mdast-util-from-markdown) decides what is code, prose and
// math, so `$` inside code and escaped `\$` are never mistaken for math. Parsing LaTeX is not done here.
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

export interface SourcePos { line: number; column: number; offset: number }
export interface MathSegment {
  kind: 'display' | 'inline';
  latex: string;
  start: SourcePos;
  /** The file position of latex[i] (i may equal latex.length), exact across prefixed lines. */
  pos(i: number): SourcePos;
  lead: string;
  section: number;
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
const isEol = (c: Code): boolean => c === null || c < -2; // eof counts: every caller treats it as a line end
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
 * Replaces micromark's math flow, which reads `$$= x` as a fence with meta `= x`, needs the closing
 * `$$` alone on its line and swallows the rest of the container when it is missing. Here content may
 * share a line with either fence, the first later `$$` closes, and a block that meets a blank line,
 * a lazy line or the end of input is rejected, so its lines fall back to paragraphs.
 */
const displayMath: Construct = { name: 'displayMath', tokenize: tokenizeDisplayMath, concrete: true };
const nonLazyLine: Construct = { tokenize: tokenizeNonLazyLine, partial: true };
const blankRest: Construct = {
  partial: true,
  tokenize: (effects, ok, nok) => space(effects, (code) => (isEol(code) ? ok(code) : nok(code)), 'whitespace'),
};

function tokenizeDisplayMath(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this;
  const tail = self.events[self.events.length - 1];
  const indent = tail && tail[1].type === 'linePrefix' ? tail[2].sliceSerialize(tail[1], true).length : 0;
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
    if (firstLine && self.interrupt) return ok(code);
    if (code === null) return nok(code);
    firstLine = false;
    return effects.attempt(nonLazyLine, space(effects, lineStart, 'linePrefix', indent), nok)(code);
  };
  const lineStart: State = (code) => {
    if (isEol(code)) return firstLine ? lineEnd(code) : nok(code);
    if (isSpace(code)) return effects.check(blankRest, nok, valueStart)(code);
    if (code === DOLLAR) return effects.check(closeAhead, close, valueStart)(code);
    return valueStart(code);
  };
  const valueStart: State = (code) => { effects.enter('mathFlowValue'); effects.consume(code); return value; };
  const value: State = (code) => {
    if (isEol(code)) { effects.exit('mathFlowValue'); return lineEnd(code); }
    if (code === DOLLAR) return effects.check(closeAhead, (c) => { effects.exit('mathFlowValue'); return close(c); }, more)(code);
    effects.consume(code);
    return value;
  };
  const more: State = (code) => { effects.consume(code); return value; };
  // `$$a$$` within one line is left to inline math, which already handles it.
  const close: State = (code) => {
    if (firstLine) return nok(code);
    effects.enter('mathFlowFence');
    effects.enter('mathFlowFenceSequence');
    return closeSequence(code);
  };
  const closeSequence: State = (code) => {
    if (code === DOLLAR) { effects.consume(code); return closeSequence; }
    effects.exit('mathFlowFenceSequence');
    return space(effects, trailing, 'whitespace')(code);
  };
  const trailing: State = (code) => {
    if (isEol(code)) { effects.exit('mathFlowFence'); effects.exit('mathFlow'); return ok(code); }
    effects.enter('displayMathTrailing');
    return trailingMore(code);
  };
  const trailingMore: State = (code) => {
    if (!isEol(code)) { effects.consume(code); return trailingMore; }
    effects.exit('displayMathTrailing');
    return trailing(code);
  };
  return (code) => {
    effects.enter('mathFlow');
    effects.enter('mathFlowFence');
    effects.enter('mathFlowFenceSequence');
    return openSequence(code);
  };
}

function tokenizeNonLazyLine(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this;
  const lineStart: State = (code) => (self.parser.lazy[self.now().line] ? nok(code) : ok(code));
  return (code) => { effects.enter('lineEnding'); effects.consume(code); effects.exit('lineEnding'); return lineStart; };
}

function parse(src: string, custom: boolean, prefixes: Range[], fences: Range[]) {
  const record = (into: Range[]) => (t: Token) => { into.push([t.start.offset, t.end.offset]); };
  return fromMarkdown(src, {
    extensions: [math(), frontmatter(), ...(custom ? [{ flow: { [DOLLAR]: displayMath }, disable: { null: ['mathFlow'] } }] : [])],
    mdastExtensions: [mathFromMarkdown(), frontmatterFromMarkdown(), {
      enter: {
        // Container prefixes and stripped indentation are not part of any math, so positions skip them.
        linePrefix: record(prefixes), blockQuotePrefix: record(prefixes), listItemIndent: record(prefixes),
        mathFlowFenceSequence: record(fences), codeFencedFenceSequence: record(fences),
      },
    }],
  });
}

export function extractMath(source: string): MarkdownDoc {
  const src = typeof source === 'string' ? source : '';
  for (const custom of [true, false]) {
    try { return extract(src, custom); } catch { /* fall back to the stock math flow, then give up */ }
  }
  return { segments: [], frontMatter: null, errors: [{ line: 1, column: 1, code: 'internal', message: 'the Markdown parser failed on this input' }] };
}

function extract(src: string, custom: boolean): MarkdownDoc {
  const prefixes: Range[] = [];
  const fences: Range[] = [];
  const tree = parse(src, custom, prefixes, fences);
  prefixes.sort((a, b) => a[0] - b[0]);
  fences.sort((a, b) => a[0] - b[0]);
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10 || (c === 13 && src.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  const lineOf = (offset: number): number => {
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if ((lineStarts[mid] ?? 0) <= offset) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const at = (offset: number): SourcePos => {
    const l = lineOf(offset);
    return { line: l + 1, column: offset - (lineStarts[l] ?? 0) + 1, offset };
  };
  const firstAtOrAfter = (list: Range[], offset: number): number => {
    let lo = 0, hi = list.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if ((list[mid]?.[1] ?? 0) <= offset) lo = mid + 1; else hi = mid; }
    return lo;
  };
  /** The pieces of [from, to) that are not line prefixes. */
  const chunks = (from: number, to: number): Range[] => {
    const out: Range[] = [];
    for (let k = firstAtOrAfter(prefixes, from), p = prefixes[k]; from < to; p = prefixes[++k]) {
      const [ps, pe] = p && p[0] < to ? p : [to, to];
      if (ps > from) out.push([from, ps]);
      from = Math.max(from, pe);
    }
    return out;
  };
  const errors: ExtractError[] = [];
  const error = (offset: number, code: string, message: string) => { errors.push({ ...at(offset), code, message }); };
  const segments: MathSegment[] = [];
  let section = 0;

  const segment = (kind: MathSegment['kind'], from: number, to: number, lead: string): boolean => {
    const map: { at: number; off: number }[] = [];
    let raw = '';
    for (const [s, e] of chunks(from, to)) { map.push({ at: raw.length, off: s }); raw += src.slice(s, e); }
    const skip = raw.length - raw.trimStart().length;
    const latex = raw.trim();
    if (latex === '') return false;
    const pos = (i: number): SourcePos => {
      const r = Math.min(Math.max(0, Math.trunc(i) || 0), latex.length) + skip;
      let lo = 0, hi = map.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if ((map[mid]?.at ?? 0) <= r) lo = mid; else hi = mid - 1; }
      const m = map[lo] ?? { at: 0, off: from };
      return at(m.off + r - m.at);
    };
    segments.push({ kind, latex, start: pos(0), pos, lead: kind === 'inline' ? lead.replace(/\s+/g, ' ').trim() : '', section });
    return true;
  };

  /** Inline `$…$`/`$$…$$` nodes, plus `\(…\)` and `\[…\]`, which Markdown sees as escaped brackets in text. */
  const phrasing = (block: Nodes) => {
    let lead = '';
    let open: { at: number; from: number; close: string; lead: string } | null = null;
    const abandon = () => {
      if (open) error(open.at, 'unterminated-math', `\\${open.close === ')' ? '(' : '['} has no matching \\${open.close} in this paragraph`);
      open = null;
    };
    const scanText = (s: number, e: number) => {
      for (const [cs, ce] of chunks(s, e)) {
        for (let i = cs; i < ce; i++) {
          const c = src[i] ?? '';
          const next = i + 1 < ce ? src[i + 1] ?? '' : '';
          const escaped = c === '\\' && /[!-/:-@[-`{-~]/.test(next);
          if (open) {
            if (escaped && next === open.close) {
              if (segment(open.close === ')' ? 'inline' : 'display', open.from, i, open.lead)) lead = '';
              open = null;
            }
            if (escaped) i++;
          } else if (escaped && (next === '(' || next === '[')) {
            open = { at: i, from: i + 2, close: next === '(' ? ')' : ']', lead };
            i++;
          } else if (escaped) {
            lead += next;
            i++;
          } else if (c === '$') {
            let j = i;
            while (src[j + 1] === '$' && j + 1 < ce) j++;
            error(i, 'unterminated-math', j > i
              ? '`$$` has no closing `$$` (display math cannot contain a blank line)'
              : '`$` has no closing `$` (write `\\$` for a literal dollar)');
            i = j;
          } else lead += c;
        }
        lead += ' ';
      }
    };
    const visit = (node: Nodes) => {
      const [s, e] = span(node);
      if (node.type === 'text') return scanText(s, e);
      if (node.type === 'break') { lead += ' '; return; }
      if (node.type === 'inlineCode') lead += ` ${node.value} `;
      if (node.type === 'inlineCode' || node.type === 'html') return abandon();
      if (node.type === 'inlineMath') {
        abandon();
        let k = 0;
        while (src.charCodeAt(s + k) === DOLLAR && s + k < e) k++;
        if (segment(k >= 2 ? 'display' : 'inline', s + k, e - k, lead)) lead = '';
        return;
      }
      if ('children' in node) for (const child of node.children) visit(child);
    };
    visit(block);
    abandon();
  };

  /** Content of a fenced block: after its opening fence line, up to the closing fence sequence. */
  const fenced = (node: Nodes, isCode: boolean) => {
    const [s, e] = span(node);
    const k = firstAtOrAfter(fences, s);
    const openFence = fences[k];
    const closeFence = fences[k + 1];
    if (!openFence || openFence[0] >= e) return;
    const closed = closeFence !== undefined && closeFence[0] < e;
    if (!closed) return error(openFence[0], 'unterminated-math', 'math block has no closing fence');
    if (isCode) segment('display', lineStarts[lineOf(openFence[1]) + 1] ?? e, lineStarts[lineOf(closeFence[0])] ?? e, '');
    else {
      segment('display', openFence[1], closeFence[0], '');
      const rest = src.slice(closeFence[1], e).trim();
      if (/[^\s.,;:!?)\]]/.test(rest)) error(closeFence[1], 'trailing-text', `text after the closing $$ is ignored: ${rest.slice(0, 40)}`);
    }
  };

  let frontMatter: FrontMatter | null = null;
  const walk = (node: Nodes) => {
    switch (node.type) {
      case 'heading': section++; return phrasing(node);
      case 'paragraph': return phrasing(node);
      case 'math': return fenced(node, false);
      case 'code': return node.lang === 'math' ? fenced(node, true) : undefined;
      case 'yaml': {
        const l = lineOf(span(node)[0]);
        const end = lineOf(span(node)[1]);
        const from = lineStarts[l + 1] ?? src.length;
        frontMatter = readFrontMatter(src.slice(from, Math.max(from, lineStarts[end] ?? from)), (o) => at(from + o), errors);
        return;
      }
      default: if ('children' in node) for (const child of node.children) walk(child);
    }
  };
  walk(tree);
  return { segments, frontMatter, errors };
}

function span(node: { position?: { start: { offset?: number | undefined }; end: { offset?: number | undefined } } | undefined }): Range {
  return [node.position?.start.offset ?? 0, node.position?.end.offset ?? 0];
}

const LIST_KEYS = ['define', 'assume', 'matrix'] as const;

/**
 * YAML flow sequences cannot hold LaTeX such as `[W^{[1]}, W^{[2]}]` (braces and brackets are flow
 * indicators), so one-line `key: [...]` lists of the list keys are split here by bracket depth and
 * blanked out, length-preserving, before YAML sees the text.
 */
function readFrontMatter(text: string, at: (offset: number) => SourcePos, errors: ExtractError[]): FrontMatter {
  const fm: FrontMatter = { define: [], assume: [], matrix: [] };
  const fail = (offset: number, message: string) => { errors.push({ ...at(offset), code: 'front-matter', message }); };
  const flowLists = new Map<string, { latex: string; line: number }[]>();
  let yamlText = '';
  for (const lineMatch of text.matchAll(/[^\r\n]*(\r\n|\r|\n|$)/g)) {
    let line = lineMatch[0];
    const m = /^(define|assume|matrix)[ \t]*:[ \t]*\[(.*)\][ \t]*(\r\n|\r|\n)?$/.exec(line);
    if (m && m[1] && m[2] !== undefined) {
      const items: string[] = [];
      let depth = 0, item = '';
      for (const ch of m[2]) {
        if (ch === ',' && depth === 0) { items.push(item); item = ''; continue; }
        depth += '[{'.includes(ch) ? 1 : ']}'.includes(ch) ? -1 : 0;
        item += ch;
      }
      items.push(item);
      const lineNo = at(lineMatch.index).line;
      flowLists.set(m[1], items.map((s) => s.trim()).filter((s) => s !== '').map((s) => ({ latex: unquote(s), line: lineNo })));
      const open = line.indexOf('[');
      const close = line.lastIndexOf(']');
      line = line.slice(0, open + 1) + ' '.repeat(close - open - 1) + line.slice(close);
    }
    yamlText += line;
    if (lineMatch[0] === '') break;
  }
  const doc = parseDocument(yamlText, { prettyErrors: false });
  for (const e of doc.errors) fail(e.pos[0], `front matter is not valid YAML: ${e.message}`);
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return fm;
  if (!isMap(root)) { fail(root.range?.[0] ?? 0, 'front matter must be a mapping of define/assume/matrix/tolerance'); return fm; }
  const stringOf = (node: unknown): string | null => {
    if (!isScalar(node) || node.value === null) return null;
    return typeof node.value === 'string' ? node.value : yamlText.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0).trim();
  };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyAt = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
    const value = pair.value as YamlNode | null;
    if (key === 'tolerance') {
      const t = isScalar(value) ? value.value : null;
      if (typeof t === 'number' && Number.isFinite(t) && t > 0) fm.tolerance = t;
      else fail(value?.range?.[0] ?? keyAt, 'tolerance must be a positive number');
    } else if ((LIST_KEYS as readonly string[]).includes(key)) {
      const listKey = key as (typeof LIST_KEYS)[number];
      const nodes = isSeq(value) ? value.items : value === null ? [] : [value];
      const items = flowLists.get(key) ?? [];
      for (const item of nodes) {
        const latex = stringOf(item);
        const offset = (item as YamlNode | null)?.range?.[0] ?? keyAt;
        if (latex === null || latex.trim() === '') fail(offset, `each ${key} item must be a LaTeX string (quote it if it contains ': ' or starts with a YAML indicator)`);
        else items.push({ latex, line: at(offset).line });
      }
      if (listKey === 'matrix') fm.matrix = items.map((i) => i.latex);
      else fm[listKey] = items;
    } else {
      fail(keyAt, `unknown front matter key '${key}' (expected define, assume, matrix or tolerance)`);
    }
  }
  return fm;
}

/** A quoted flow item keeps YAML's quoting rules; an unquoted one is literal LaTeX. */
function unquote(item: string): string {
  if (!/^(".*"|'.*')$/.test(item)) return item;
  try {
    const v: unknown = parseDocument(item).toJS();
    return typeof v === 'string' ? v : item;
  } catch { return item; }
}
