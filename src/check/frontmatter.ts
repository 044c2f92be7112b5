/**
 * The front matter of a notes file: `define`, `assume`, `matrix` and `tolerance` mean something to
 * the checker; every other key (`title`, `layout`, `tags`, `date`, … of static-site generators) is
 * left alone without a complaint. Its size and nesting are bounded before the YAML parser sees it,
 * so a hostile file cannot exhaust memory or the stack.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';

export interface FrontMatter {
  define: { latex: string; line: number }[];
  assume: { latex: string; line: number }[];
  matrix: string[];
  tolerance?: number;
}

interface Place { line: number; column: number }
export interface FrontMatterError { line: number; column: number; code: string; message: string }

export const FRONT_MATTER_LIMITS = {
  /** Characters of front matter. */
  maxSize: 64 * 1024,
  /** Nesting of YAML collections, counted by brackets and by indentation. */
  maxDepth: 32,
} as const;

/** Why the text is too large or too deeply nested for the YAML parser, or null. */
function bounds(text: string): { offset: number; message: string } | null {
  if (text.length > FRONT_MATTER_LIMITS.maxSize) {
    return { offset: 0, message: `front matter is ${text.length} characters long; the limit is ${FRONT_MATTER_LIMITS.maxSize}` };
  }
  // Brackets are counted everywhere, quoted or not: an overestimate only refuses absurd input.
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    if (depth > FRONT_MATTER_LIMITS.maxDepth) return { offset: i, message: `front matter is nested more than ${FRONT_MATTER_LIMITS.maxDepth} levels deep` };
  }
  for (const m of text.matchAll(/^( *)(?:- |\S)/gm)) {
    if (m[1]!.length / 2 > FRONT_MATTER_LIMITS.maxDepth) return { offset: m.index, message: `front matter is nested more than ${FRONT_MATTER_LIMITS.maxDepth} levels deep` };
  }
  return null;
}

/**
 * YAML flow sequences cannot hold LaTeX like `[W^{[1]}, W^{[2]}]` (brackets and braces are flow indicators),
 * so a one-line `define|assume|matrix: [...]` is split here by bracket depth and blanked, length-preserving,
 * before YAML reads the text; block lists (`- a = \sigma(z)`) are plain scalars, where backslashes are literal.
 */
export function readFrontMatter(text: string, at: (offset: number) => Place, errors: FrontMatterError[]): FrontMatter {
  const fm: FrontMatter = { define: [], assume: [], matrix: [] };
  const fail = (offset: number, message: string) => {
    errors.push({ ...at(offset), code: 'front-matter', message });
  };
  const bound = bounds(text);
  if (bound !== null) {
    fail(bound.offset, bound.message);
    return fm;
  }
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
  if (!isMap(root)) { fail(root.range[0], 'front matter must be a mapping (define, assume, matrix, tolerance and any keys of your own)'); return fm; }
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
    }
    // Any other key (title, layout, tags, date, … of a static-site generator) is not ours: ignored.
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
