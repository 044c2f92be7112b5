/**
 * Grades as a learning platform imports them (CSV, one row per submission; JSON, every step)
 * and as a teacher reads them in a terminal. The formats are documented in
 * docs/grade-format.md; both are byte-for-byte the same for the same submissions and task.
 */
import { stringify } from 'csv-stringify/sync';
import type { Task } from './task.js';
import type { GradeResult } from './types.js';

export const CSV_COLUMNS = ['submission', 'score', 'max', 'steps', 'valid', 'invalid', 'reached_target', 'error'] as const;
export const JSON_VERSION = 1;

export function toCsv(results: readonly GradeResult[]): string {
  const rows = results.map((r) => [
    r.submission, r.score, r.max, r.counts.steps, r.counts.valid, r.counts.invalid, r.final?.reachedTarget === true ? 'true' : 'false', r.error?.message ?? '',
  ]);
  // A cell starting with =, +, -, @ (a submission named `=HYPERLINK(…).txt`) gets a leading `'`,
  // so a spreadsheet shows it as text instead of running it as a formula; numbers are left alone.
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'unix', escape_formulas: true });
}

export function toJson(results: readonly GradeResult[], task: Task): string {
  const out = {
    version: JSON_VERSION,
    task: { file: task.file, title: task.title, max: task.max, seed: task.seed },
    submissions: results.map((r) => ({
      submission: r.submission,
      format: r.format,
      score: r.score,
      max: r.max,
      error: r.error,
      counts: r.counts,
      breakdown: r.breakdown,
      final: r.final,
      steps: r.steps,
      feedback: r.feedback,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** One submission in full: its feedback lines under a header. */
export function feedbackText(r: GradeResult): string {
  return `${r.submission}: ${r.score}/${r.max}\n${r.feedback.map((l) => `  ${l}\n`).join('')}`;
}

/** A class: one line per submission, then the mean. */
export function summaryText(results: readonly GradeResult[], task: Task): string {
  const lines = results.map((r) => {
    if (r.error !== null) return `${r.submission}: 0/${r.max} (not graded: ${r.error.message})`;
    const c = r.counts;
    const target = r.final?.reachedTarget ? 'target reached' : r.final?.followThrough ? 'follow-through' : 'target missed';
    const idle = [...(c.noProgress > 0 ? [`${c.noProgress} going nowhere`] : []), ...(c.unjustified > 0 ? [`${c.unjustified} skipping too much`] : [])];
    const valid = idle.length > 0 ? `${c.valid} valid (${idle.join(', ')})` : `${c.valid} valid`;
    return `${r.submission}: ${r.score}/${r.max} (${c.steps} step${c.steps === 1 ? '' : 's'}: ${valid}, ${c.invalid} wrong; ${target})`;
  });
  const graded = results.filter((r) => r.error === null);
  const mean = results.length === 0 ? 0 : results.reduce((s, r) => s + r.score, 0) / results.length;
  const notGraded = results.length - graded.length;
  lines.push(`${results.length} submission${results.length === 1 ? '' : 's'}: mean ${Number(mean.toFixed(2))}/${task.max}${notGraded > 0 ? `, ${notGraded} not graded` : ''}`);
  return `${lines.join('\n')}\n`;
}
