/**
 * One checked file as HTML: the notes as written, each formula rendered, each step marked
 * valid / invalid / unknown beside its line with the hint, the witness and, for a wrong step,
 * a plot of both sides. Used by the HTML reports and by the playground (it runs in browsers:
 * no Node module here).
 */
import type { FileReport, StepReport } from '../check/index.js';
import { short } from '../check/report.js';
import { renderMath } from './katex.js';
import { escapeHtml, renderNotes, type Mark } from './notes.js';
import { stepPlot } from './plot.js';

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

/** How a line is named on the page: `line 12`, or for a notebook `cell 4:line 3`. */
export type LineName = (line: number) => string;
const plainLine: LineName = (line) => `line ${line}`;

function stepMark(report: FileReport, s: StepReport, anchor: string, lineName: LineName): Mark {
  const method = `${s.method}${s.method === 'numeric' ? `, ${s.points} points` : ''}`;
  const facts = [`<span class="line">${escapeHtml(lineName(s.line))}</span>`, ...(s.hint === null ? [] : [`<span class="hint">${escapeHtml(s.hint)}</span>`]), `<span class="method">${escapeHtml(method)}</span>`];
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

export interface Counted { readonly valid: number; readonly invalid: number; readonly unknown: number; readonly errors: number; readonly steps: number }

export const countOf = (r: FileReport): Counted => ({ ...r.summary, errors: r.errors.length, steps: r.steps.length });

export function countsHtml(c: Counted): string {
  const errors = c.errors === 0 ? '' : `, <span class="count error">${c.errors} error${c.errors === 1 ? '' : 's'}</span>`;
  return `${c.steps} step${c.steps === 1 ? '' : 's'}: <span class="count valid">${c.valid} valid</span>, <span class="count invalid">${c.invalid} invalid</span>, <span class="count unknown">${c.unknown} unknown</span>${errors}`;
}

/**
 * One file's article: its name, counts and the notes with their marks, and the list of its
 * problems linking to them. `data-line` on a mark is always the line of `source`; `lineName`
 * says how people know that line.
 */
export function fileArticle(r: FileReport, source: string, prefix: string, lineName: LineName = plainLine): { html: string; problems: string[] } {
  const problems: string[] = [];
  const place = (line: number): string => escapeHtml(`${r.file}:${lineName(line).replace(/^line /, '')}`);
  const marks: Mark[] = r.steps.map((s, i) => {
    const anchor = `${prefix}-s${i + 1}`;
    if (s.verdict !== 'valid') problems.push(`<li><a href="#${anchor}">${place(s.line)}</a>: ${escapeHtml(s.message)}</li>`);
    return stepMark(r, s, anchor, lineName);
  });
  r.errors.forEach((e, i) => {
    const anchor = `${prefix}-e${i + 1}`;
    problems.push(`<li><a href="#${anchor}">${place(e.line)}</a>: ${escapeHtml(e.message)}</li>`);
    marks.push({ line: e.line, severe: true, html: `<div class="mark error" id="${anchor}" data-verdict="error" data-line="${e.line}"><span class="badge">! error</span> <span class="line">${escapeHtml(lineName(e.line))}:${e.column}</span><p class="message">${escapeHtml(e.message)}</p></div>` });
  });
  marks.sort((a, b) => a.line - b.line);
  const notes = renderNotes(source, marks);
  const orphans = notes.orphans.length === 0 ? '' : `<section class="block marked"><div class="src"><p>Not placed in the notes:</p></div><div class="marks">${notes.orphans.map((m) => m.html).join('\n')}</div></section>`;
  return {
    html: `<article class="file" id="${prefix}"><h2>${escapeHtml(r.file)}</h2><p class="totals">${countsHtml(countOf(r))}</p>\n${notes.html}${orphans}</article>`,
    problems,
  };
}

export function total(reports: readonly FileReport[]): Counted {
  return reports.map(countOf).reduce((a, b) => ({
    valid: a.valid + b.valid, invalid: a.invalid + b.invalid, unknown: a.unknown + b.unknown, errors: a.errors + b.errors, steps: a.steps + b.steps,
  }), { valid: 0, invalid: 0, unknown: 0, errors: 0, steps: 0 });
}

