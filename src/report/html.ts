/**
 * Self-contained HTML pages: the checked notes as written, every formula rendered, each step
 * marked valid / invalid / unknown beside its line (with the hint, the witness and, for a wrong
 * step, a plot of both sides), and a summary at the top that links to every problem.
 *
 * A page holds everything it needs (KaTeX's CSS and fonts inlined, plots as inline SVG, no
 * script) and nothing that depends on the time or the machine, so the same notes and seed give
 * the same bytes.
 */
import type { FileReport } from '../check/index.js';
import { alignLatex, type Derivation } from '../derive/index.js';
import { countOf, countsHtml, fileArticle, total } from './article.js';
import { renderMath } from './katex.js';
import { katexCss } from './katex-css.js';
import { escapeHtml } from './notes.js';
import { REPORT_STYLE } from './style.js';


/** A complete page; KaTeX's stylesheet (with its fonts, most of the bytes) only when there is math. */
function page(title: string, body: string, math = true): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${math ? `<style>${katexCss()}</style>\n` : ''}<style>${REPORT_STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export interface PageOptions {
  readonly seed: number;
  /** The page title; by default the file name (one file) or "deriv check". */
  readonly title?: string;
  /** How a line of a file is named (a notebook's `cell 4:line 3`); by default `line 12`. */
  readonly lineName?: (file: string, line: number) => string;
}

/** Every report on one page, a summary with links to each problem at the top. */
export function reportPage(reports: readonly FileReport[], sources: ReadonlyMap<string, string>, options: PageOptions): string {
  const { lineName } = options;
  const articles = reports.map((r, i) => fileArticle(r, sources.get(r.file) ?? '', `f${i + 1}`, lineName === undefined ? undefined : (line) => lineName(r.file, line)));
  const problems = articles.flatMap((a) => a.problems);
  const files = reports.length === 1 ? '' : `${reports.length} files, `;
  const title = options.title ?? (reports.length === 1 ? `deriv check: ${reports[0]!.file}` : 'deriv check');
  const summary = `<header class="summary"><h1>${escapeHtml(title)}</h1><p class="totals">${files}${countsHtml(total(reports))} (seed ${options.seed})</p>${
    problems.length === 0 ? '' : `<ul class="problems">${problems.join('\n')}</ul>`}</header>`;
  return page(title, `${summary}\n<main>\n${articles.map((a) => a.html).join('\n')}\n</main>`);
}

export interface IndexEntry { readonly report: FileReport; readonly href: string }

/** The index of a report folder: each file with its counts, linked to its page. */
export function indexPage(entries: readonly IndexEntry[], options: PageOptions): string {
  const title = options.title ?? 'deriv report';
  const rows = entries.map((e) => `<tr><td><a href="${escapeHtml(e.href)}">${escapeHtml(e.report.file)}</a></td><td>${countsHtml(countOf(e.report))}</td></tr>`);
  const summary = `<header class="summary"><h1>${escapeHtml(title)}</h1><p class="totals">${entries.length} file${entries.length === 1 ? '' : 's'}, ${countsHtml(total(entries.map((e) => e.report)))} (seed ${options.seed})</p></header>`;
  return page(title, `${summary}\n<main><table class="index"><thead><tr><th>file</th><th>steps</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></main>`, false);
}

/** A generated derivation, rendered, with the checker's confirmation. */
export function derivationPage(d: Derivation, report: FileReport, options: PageOptions): string {
  const body = `<header class="summary"><h1>${renderTitle(d.title)}</h1><p class="totals">checked by deriv check: ${countsHtml(countOf(report))} (seed ${options.seed})</p></header>
<main><div class="derivation">${renderMath(alignLatex(d), { display: true })}</div></main>`;
  return page(d.title.replace(/\$/g, ''), body);
}

/** Prose with `$…$` math, rendered. */
function renderTitle(title: string): string {
  return title.split(/(\$[^$]*\$)/).map((part) => (part.startsWith('$') && part.endsWith('$') && part.length > 1
    ? renderMath(part.slice(1, -1), { display: false }) : escapeHtml(part))).join('');
}
