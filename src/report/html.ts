/**
 * Self-contained HTML pages: the checked notes as written, every formula rendered, each step
 * marked valid / invalid / unknown beside its line (with the hint, the witness and, for a wrong
 * step, a plot of both sides), and a summary at the top that links to every problem.
 *
 * A page holds everything it needs (KaTeX's CSS and fonts inlined, plots as inline SVG, no
 * script) and nothing that depends on the time or the machine, so the same notes and seed give
 * the same bytes.
 */
import type { FileReport, StepReport } from '../check/index.js';
import { short } from '../check/report.js';
import { alignLatex, type Derivation } from '../derive/index.js';
import { katexCss, renderMath } from './katex.js';
import { escapeHtml, renderNotes, type Mark } from './notes.js';
import { stepPlot } from './plot.js';

const STYLE = `
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f; margin: 0; background: #fafafa; }
main, header.summary { max-width: 70rem; margin: 0 auto; padding: 1rem 1.5rem; }
header.summary { background: #fff; border-bottom: 1px solid #ddd; max-width: none; }
header.summary > * { max-width: 67rem; margin-left: auto; margin-right: auto; }
h1 { font-size: 1.4rem; margin: .4rem auto; }
.totals { font-size: 1.05rem; }
.count { font-weight: 600; }
.count.valid { color: #1a7f37; } .count.invalid { color: #c62828; } .count.unknown { color: #9a6700; } .count.error { color: #c62828; }
.problems { margin: .3rem auto; padding-left: 1.2rem; }
.problems a { color: inherit; }
article.file { background: #fff; border: 1px solid #ddd; border-radius: .5rem; margin: 1.2rem 0; padding: .5rem 1.2rem 1rem; }
article.file > h2 { font-size: 1.15rem; font-family: ui-monospace, monospace; margin: .5rem 0; }
.block { display: grid; grid-template-columns: minmax(0, 1fr) 21rem; gap: 1.2rem; align-items: start; border-radius: .3rem; }
.block.marked.has-invalid { background: #fff5f5; }
.src { min-width: 0; overflow-x: auto; }
.math-display { overflow-x: auto; overflow-y: hidden; }
.marks { display: flex; flex-direction: column; gap: .35rem; padding: .4rem 0; font-size: .88rem; }
.mark { border-left: 4px solid #bbb; padding: .15rem .5rem; background: #fff; border-radius: .2rem; }
.mark.valid { border-color: #1a7f37; } .mark.invalid { border-color: #c62828; background: #fff0f0; }
.mark.unknown { border-color: #d4a72c; background: #fffbea; } .mark.error { border-color: #c62828; background: #fff0f0; }
.badge { font-weight: 700; } .valid .badge { color: #1a7f37; } .invalid .badge, .error .badge { color: #c62828; } .unknown .badge { color: #9a6700; }
.line, .method { color: #666; }
.hint { font-weight: 600; }
.mark p { margin: .2rem 0; }
.plot { margin: .3rem 0 0; }
.chart { max-width: 100%; height: auto; }
pre { background: #f4f4f4; padding: .5rem; overflow-x: auto; }
.derivation { background: #fff; border: 1px solid #ddd; border-radius: .5rem; padding: .5rem 1.5rem; overflow-x: auto; }
.index td, .index th { padding: .25rem .8rem; text-align: left; }
.index a { color: #0b57d0; }
@media (max-width: 900px) { .block { grid-template-columns: 1fr; } }
`;

/** A complete page; KaTeX's stylesheet (with its fonts, most of the bytes) only when there is math. */
function page(title: string, body: string, math = true): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${math ? `<style>${katexCss()}</style>\n` : ''}<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

const BADGE = { valid: '✓ valid', invalid: '✗ invalid', unknown: '? unknown' } as const;

/** The witness as math: `a = 0.31,\ y = 0.72`, then both sides' values. */
function witnessHtml(s: StepReport): string {
  const w = s.detail.witness;
  if (w === null) return '';
  const at = w.values.map(([k, v]) => `${k} = ${short(v)}`).join(',\\ ');
  const random = [...w.randomMatrices, ...w.randomFunctions].map(escapeHtml).join(', ');
  const where = at === '' ? '' : `at ${renderMath(at, { display: false })}`;
  return `<p class="witness">${where}${random === '' ? '' : ` (random ${random})`}${where === '' && random === '' ? '' : ': '}left = ${short(w.left)}, right = ${short(w.right)}</p>`;
}

function stepMark(report: FileReport, s: StepReport, anchor: string): Mark {
  const method = `${s.method}${s.method === 'numeric' ? `, ${s.points} points` : ''}`;
  const facts = [`<span class="line">line ${s.line}</span>`, ...(s.hint === null ? [] : [`<span class="hint">${escapeHtml(s.hint)}</span>`]), `<span class="method">${escapeHtml(method)}</span>`];
  const head = `<div class="mark-head"><span class="badge">${BADGE[s.verdict]}</span> · ${facts.join(' · ')}</div>`;
  const parts = [head];
  if (s.verdict !== 'valid') parts.push(`<p class="message">${escapeHtml(s.message)}</p>`);
  for (const w of s.warnings) parts.push(`<p class="warning">${escapeHtml(w)}</p>`);
  if (s.verdict === 'invalid') {
    parts.push(witnessHtml(s));
    const svg = stepPlot(report, s, `${anchor}-plot`);
    if (svg !== null) parts.push(`<figure class="plot">${svg}</figure>`);
  }
  return { line: s.line, severe: s.verdict === 'invalid', html: `<div class="mark ${s.verdict}" id="${anchor}" data-verdict="${s.verdict}" data-line="${s.line}">${parts.join('')}</div>` };
}

interface Counted { readonly valid: number; readonly invalid: number; readonly unknown: number; readonly errors: number; readonly steps: number }

const countOf = (r: FileReport): Counted => ({ ...r.summary, errors: r.errors.length, steps: r.steps.length });

function countsHtml(c: Counted): string {
  const errors = c.errors === 0 ? '' : `, <span class="count error">${c.errors} error${c.errors === 1 ? '' : 's'}</span>`;
  return `${c.steps} step${c.steps === 1 ? '' : 's'}: <span class="count valid">${c.valid} valid</span>, <span class="count invalid">${c.invalid} invalid</span>, <span class="count unknown">${c.unknown} unknown</span>${errors}`;
}

/** One file's article: its name, counts and the notes with their marks. */
function fileArticle(r: FileReport, source: string, prefix: string): { html: string; problems: string[] } {
  const problems: string[] = [];
  const marks: Mark[] = r.steps.map((s, i) => {
    const anchor = `${prefix}-s${i + 1}`;
    if (s.verdict !== 'valid') problems.push(`<li><a href="#${anchor}">${escapeHtml(r.file)}:${s.line}</a>: ${escapeHtml(s.message)}</li>`);
    return stepMark(r, s, anchor);
  });
  r.errors.forEach((e, i) => {
    const anchor = `${prefix}-e${i + 1}`;
    problems.push(`<li><a href="#${anchor}">${escapeHtml(r.file)}:${e.line}</a>: ${escapeHtml(e.message)}</li>`);
    marks.push({ line: e.line, severe: true, html: `<div class="mark error" id="${anchor}" data-verdict="error" data-line="${e.line}"><span class="badge">! error</span> <span class="line">line ${e.line}:${e.column}</span><p class="message">${escapeHtml(e.message)}</p></div>` });
  });
  marks.sort((a, b) => a.line - b.line);
  const notes = renderNotes(source, marks);
  const orphans = notes.orphans.length === 0 ? '' : `<section class="block marked"><div class="src"><p>Not placed in the notes:</p></div><div class="marks">${notes.orphans.map((m) => m.html).join('\n')}</div></section>`;
  return {
    html: `<article class="file" id="${prefix}"><h2>${escapeHtml(r.file)}</h2><p class="totals">${countsHtml(countOf(r))}</p>\n${notes.html}${orphans}</article>`,
    problems,
  };
}

function total(reports: readonly FileReport[]): Counted {
  return reports.map(countOf).reduce((a, b) => ({
    valid: a.valid + b.valid, invalid: a.invalid + b.invalid, unknown: a.unknown + b.unknown, errors: a.errors + b.errors, steps: a.steps + b.steps,
  }), { valid: 0, invalid: 0, unknown: 0, errors: 0, steps: 0 });
}

export interface PageOptions {
  readonly seed: number;
  /** The page title; by default the file name (one file) or "deriv check". */
  readonly title?: string;
}

/** Every report on one page, a summary with links to each problem at the top. */
export function reportPage(reports: readonly FileReport[], sources: ReadonlyMap<string, string>, options: PageOptions): string {
  const articles = reports.map((r, i) => fileArticle(r, sources.get(r.file) ?? '', `f${i + 1}`));
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
