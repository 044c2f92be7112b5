/**
 * A person's Markdown notes as HTML, math rendered with KaTeX, each top-level block carrying
 * the marks (verdicts, errors) of the source lines it spans.
 *
 * The notes are untrusted: raw HTML is shown as text, links keep their text but not their
 * target (the page must not point anywhere), images show their alt text. Math that KaTeX
 * cannot read is shown as its source in red rather than hiding the rest of the page.
 */
import type { Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { mathFromMarkdown } from 'mdast-util-math';
import { frontmatter } from 'micromark-extension-frontmatter';
import { math } from 'micromark-extension-math';
import { renderMath } from './katex.js';

/** Something to show beside the source line it is about. */
export interface Mark {
  readonly line: number;
  readonly html: string;
  /** An invalid step or an error: its block is highlighted. */
  readonly severe: boolean;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const mathBlock = (latex: string): string => `<div class="math-display">${renderMath(latex, { display: true })}</div>`;

/** `\[ … \]` and `\( … \)` in text: Markdown reads them as escaped brackets, so the source decides. */
const BRACKET_MATH = /\\\[([\s\S]*?)\\\]|\\\(([\s\S]*?)\\\)/g;
const unescapeMarkdown = (s: string): string => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

class Renderer {
  constructor(private readonly src: string) {}

  private slice(n: Nodes): string {
    return this.src.slice(n.position?.start.offset ?? 0, n.position?.end.offset ?? 0);
  }

  private text(n: Extract<Nodes, { type: 'text' }>): string {
    const raw = this.slice(n);
    if (!/\\[[(]/.test(raw)) return escapeHtml(n.value);
    let out = '';
    let at = 0;
    for (const m of raw.matchAll(BRACKET_MATH)) {
      out += escapeHtml(unescapeMarkdown(raw.slice(at, m.index)));
      out += m[1] !== undefined ? mathBlock(m[1]) : renderMath(m[2]!, { display: false });
      at = m.index + m[0].length;
    }
    return out + escapeHtml(unescapeMarkdown(raw.slice(at)));
  }

  phrasing(nodes: readonly PhrasingContent[]): string {
    return nodes.map((n) => this.inline(n)).join('');
  }

  private inline(n: PhrasingContent): string {
    switch (n.type) {
      case 'text': return this.text(n);
      case 'emphasis': return `<em>${this.phrasing(n.children)}</em>`;
      case 'strong': return `<strong>${this.phrasing(n.children)}</strong>`;
      case 'delete': return `<del>${this.phrasing(n.children)}</del>`;
      case 'inlineCode': return `<code>${escapeHtml(n.value)}</code>`;
      case 'inlineMath': return this.slice(n).startsWith('$$') ? mathBlock(n.value) : renderMath(n.value, { display: false });
      case 'break': return '<br>';
      case 'link': case 'linkReference': return `<span class="link">${this.phrasing(n.children)}</span>`;
      case 'image': case 'imageReference': return `<span class="image">[${escapeHtml(n.alt ?? 'image')}]</span>`;
      case 'html': return `<code>${escapeHtml(n.value)}</code>`;
      case 'footnoteReference': return `<sup>${escapeHtml(n.identifier)}</sup>`;
      default: return '';
    }
  }

  block(n: RootContent): string {
    switch (n.type) {
      case 'heading': {
        // The page title is h1 and the file name h2, so the notes' headings move down one level.
        const h = Math.min(6, n.depth + 2);
        return `<h${h}>${this.phrasing(n.children)}</h${h}>`;
      }
      case 'paragraph': {
        // A paragraph holding display math (`$$…$$` on one line, `\[…\]`) cannot be a <p>: a <div> may not sit inside one.
        const body = this.phrasing(n.children);
        return body.includes('<div') ? `<div class="para">${body}</div>` : `<p>${body}</p>`;
      }
      case 'math': return mathBlock(n.meta ? `${n.meta}\n${n.value.replace(/\$\$\s*$/, '')}` : n.value);
      case 'code': return n.lang === 'math' ? mathBlock(n.value) : `<pre><code>${escapeHtml(n.value)}</code></pre>`;
      case 'blockquote': return `<blockquote>${n.children.map((c) => this.block(c)).join('\n')}</blockquote>`;
      case 'list': {
        const tag = n.ordered ? 'ol' : 'ul';
        const start = n.ordered && n.start !== null && n.start !== undefined && n.start !== 1 ? ` start="${n.start}"` : '';
        return `<${tag}${start}>${n.children.map((li) => `<li>${li.children.map((c) => this.block(c)).join('\n')}</li>`).join('\n')}</${tag}>`;
      }
      case 'thematicBreak': return '<hr>';
      case 'yaml': return `<pre class="front-matter"><code>${escapeHtml(n.value)}</code></pre>`;
      case 'html': return `<pre><code>${escapeHtml(n.value)}</code></pre>`;
      case 'table': return `<pre><code>${escapeHtml(this.slice(n))}</code></pre>`;
      case 'definition': case 'footnoteDefinition': return '';
      default: return `<p>${escapeHtml(this.slice(n as Nodes))}</p>`;
    }
  }
}

function parseNotes(source: string): Root {
  return fromMarkdown(source, {
    extensions: [math(), frontmatter()],
    mdastExtensions: [mathFromMarkdown(), frontmatterFromMarkdown()],
  });
}

/**
 * The notes as a sequence of blocks `<section class="block" data-lines="a-b">`, each with the
 * marks for lines a to b beside it. Marks on lines no block spans are returned apart.
 */
export function renderNotes(source: string, marks: readonly Mark[]): { html: string; orphans: Mark[] } {
  const r = new Renderer(source);
  const tree = parseNotes(source);
  const used = new Set<Mark>();
  const out: string[] = [];
  for (const n of tree.children) {
    const from = n.position?.start.line ?? 0;
    const to = n.position?.end.line ?? 0;
    const mine = marks.filter((m) => m.line >= from && m.line <= to);
    mine.forEach((m) => used.add(m));
    const body = r.block(n);
    if (body === '') continue;
    const side = mine.length === 0 ? '' : `<div class="marks">${mine.map((m) => m.html).join('\n')}</div>`;
    const cls = `block${mine.length > 0 ? ' marked' : ''}${mine.some((m) => m.severe) ? ' has-invalid' : ''}`;
    out.push(`<section class="${cls}" data-lines="${from}-${to}"><div class="src">${body}</div>${side}</section>`);
  }
  return { html: out.join('\n'), orphans: marks.filter((m) => !used.has(m)) };
}
