/**
 * Grades as a learning platform imports them (CSV, one row per submission; JSON, every step)
 * and as a teacher reads them in a terminal (the README's grading section documents the
 * formats). Each format is written one submission at a time, so a class streams through in
 * constant memory; the whole-class functions (toCsv, toJson, summaryText) are the same pieces
 * joined, byte for byte.
 */
import { stringify } from 'csv-stringify/sync';
import type { Task } from './task.js';
import type { GradeResult } from './types.js';

export const CSV_COLUMNS = ['submission', 'score', 'max', 'steps', 'valid', 'invalid', 'reached_target', 'error'] as const;
export const JSON_VERSION = 1;

// A cell starting with =, +, -, @ (a submission named `=HYPERLINK(…).txt`) gets a leading `'`,
// so a spreadsheet shows it as text instead of running it as a formula; numbers are left alone.
const CSV_OPTIONS = { columns: [...CSV_COLUMNS], record_delimiter: 'unix', escape_formulas: true } as const;

export const csvHeader = (): string => stringify([], { ...CSV_OPTIONS, header: true });

export const csvRow = (r: GradeResult): string => stringify([[
  r.submission, r.score, r.max, r.counts.steps, r.counts.valid, r.counts.invalid, r.final?.reachedTarget === true ? 'true' : 'false', r.error?.message ?? '',
]], CSV_OPTIONS);

export const toCsv = (results: readonly GradeResult[]): string => csvHeader() + results.map(csvRow).join('');

/** The JSON document up to its first submission. */
export const jsonHead = (task: Task): string => {
  const head = JSON.stringify({ version: JSON_VERSION, task: { file: task.file, title: task.title, max: task.max, seed: task.seed } }, null, 2);
  return `${head.slice(0, -2)},\n  "submissions": [`;
};

/** One submission's JSON, indented as it sits in the document's `submissions` array. */
export function renderJson(r: GradeResult): string {
  const item = {
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
  };
  return `    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}`;
}

/** One submission in the `submissions` array (`index` from 0), from its rendered JSON. */
export const jsonItem = (json: string, index: number): string => `${index === 0 ? '\n' : ',\n'}${json}`;

export const jsonTail = (count: number): string => (count === 0 ? ']\n}\n' : '\n  ]\n}\n');

export const toJson = (results: readonly GradeResult[], task: Task): string =>
  jsonHead(task) + results.map((r, i) => jsonItem(renderJson(r), i)).join('') + jsonTail(results.length);

/** One submission in full: its feedback lines under a header. */
export function feedbackText(r: GradeResult): string {
  return `${r.submission}: ${r.score}/${r.max}\n${r.feedback.map((l) => `  ${l}\n`).join('')}`;
}

/** A class, line by line: one line per submission, then the mean. */
export class Summary {
  private count = 0;
  private total = 0;
  private notGraded = 0;

  line(r: GradeResult): string {
    this.count++;
    this.total += r.score;
    if (r.error !== null) {
      this.notGraded++;
      return `${r.submission}: 0/${r.max} (not graded: ${r.error.message})\n`;
    }
    const c = r.counts;
    const target = r.final?.reachedTarget ? 'target reached' : r.final?.followThrough ? 'follow-through' : 'target missed';
    const idle = [...(c.noProgress > 0 ? [`${c.noProgress} going nowhere`] : []), ...(c.unjustified > 0 ? [`${c.unjustified} skipping too much`] : [])];
    const valid = idle.length > 0 ? `${c.valid} valid (${idle.join(', ')})` : `${c.valid} valid`;
    return `${r.submission}: ${r.score}/${r.max} (${c.steps} step${c.steps === 1 ? '' : 's'}: ${valid}, ${c.invalid} wrong; ${target})\n`;
  }

  end(task: Task): string {
    const mean = this.count === 0 ? 0 : this.total / this.count;
    return `${this.count} submission${this.count === 1 ? '' : 's'}: mean ${Number(mean.toFixed(2))}/${task.max}${this.notGraded > 0 ? `, ${this.notGraded} not graded` : ''}\n`;
  }
}

export function summaryText(results: readonly GradeResult[], task: Task): string {
  const s = new Summary();
  return results.map((r) => s.line(r)).join('') + s.end(task);
}
