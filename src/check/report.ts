/**
 * Reports, as a compiler prints them (text) and as tools read them (JSON).
 *
 * Text: one diagnostic per invalid or unknown step, per valid step with a warning, and per
 * error in the file, in line order, each with the source lines of both sides, then a summary
 * line per file. Valid steps print nothing. JSON: the shape documented in the README (version 2:
 * the math spans with the role of every clause, error and warning codes, unknown reasons).
 */
import type { FileError, FileReport, StepReport } from './index.js';
import { HINT_TEXT } from './messages.js';

export const JSON_VERSION = 2;

const problem = (e: FileError) => ({ line: e.line, column: e.column, code: e.code, message: e.message });

export function toJson(reports: readonly FileReport[], seed: number): string {
  const files = reports.map((r) => ({
    file: r.file,
    steps: r.steps.map((s) => ({
      line: s.line, column: s.column, relation: s.relation, lhs: s.lhs, rhs: s.rhs,
      verdict: s.verdict, method: s.method, points: s.points, hint: s.hint, reason: s.detail.reason?.code ?? null,
      message: s.message, warnings: s.warnings, witness: s.witness, context: s.context,
    })),
    definitions: r.definitions.map((d) => ({ line: d.line, symbol: d.symbol, latex: d.latex })),
    spans: r.spans.map((m) => ({
      line: m.line, column: m.column, kind: m.kind, container: m.container, latex: m.latex,
      readings: m.readings.map((x) => ({ line: x.line, column: x.column, latex: x.latex, role: x.role, rule: x.rule, reason: x.reason })),
    })),
    errors: r.errors.map(problem),
    warnings: r.warnings.map(problem),
    summary: r.summary,
  }));
  return `${JSON.stringify({ version: JSON_VERSION, seed, files }, null, 2)}\n`;
}

interface Style {
  readonly error: (s: string) => string;
  readonly warning: (s: string) => string;
  readonly place: (s: string) => string;
  readonly gutter: (s: string) => string;
}

const ansi = (open: string, close: string) => (s: string): string => `\u001b[${open}m${s}\u001b[${close}m`;
const PLAIN: Style = { error: (s) => s, warning: (s) => s, place: (s) => s, gutter: (s) => s };
const COLOR: Style = { error: ansi('1;31', '22;39'), warning: ansi('1;33', '22;39'), place: ansi('1', '22'), gutter: ansi('2', '22') };

/** Four significant digits, as a reader wants them. */
export const short = (x: number | null): string => (x === null ? 'undefined' : String(Number(x.toPrecision(4))));

/** `x` to four significant digits, or to as many as it takes to tell it from `other` (0.274811093 beside 0.2748110835), up to 15. */
function apart(x: number | null, other: number | null): string {
  if (x === null || other === null || x === other) return short(x);
  for (let digits = 4; digits <= 15; digits++) {
    if (x.toPrecision(digits) !== other.toPrecision(digits)) return String(Number(x.toPrecision(digits)));
  }
  return String(x);
}

function witnessLine(s: StepReport): string | null {
  const w = s.detail.witness;
  if (w === null) return null;
  const parts = w.values.map(([k, v]) => `${k} = ${short(v)}`);
  if (w.randomMatrices.length > 0) parts.push(`random ${w.randomMatrices.join(', ')}`);
  if (w.randomFunctions.length > 0) parts.push(`random smooth ${w.randomFunctions.join(', ')}`);
  const values = `left = ${apart(w.left, w.right)}, right = ${apart(w.right, w.left)}`;
  return parts.length === 0 ? values : `at ${parts.join(', ')}: ${values}`;
}

interface Entry { readonly line: number; readonly column: number; readonly text: string }

/** Characters of a source line shown around the column a diagnostic points at. */
export const EXCERPT_WIDTH = 120;

/**
 * The part of a long line around `column` (1-based), with `…` where it is cut, and the column
 * of the same character in the excerpt: a 100 KB line is never echoed in full.
 */
export function excerpt(line: string, column: number, width = EXCERPT_WIDTH): { text: string; column: number } {
  if (line.length <= width) return { text: line, column };
  const from = Math.max(0, Math.min(column - 1 - (width >> 1), line.length - width));
  const head = from > 0 ? '…' : '';
  const tail = from + width < line.length ? '…' : '';
  return { text: `${head}${line.slice(from, from + width)}${tail}`, column: column - from + head.length };
}

export interface TextOptions {
  /** How a line of a file is named in positions and beside source lines (default: its number). */
  readonly lineName?: (file: string, line: number) => string;
  /** Warnings about a whole file (nothing to check in it), printed before its summary. */
  readonly fileWarnings?: (file: string) => readonly string[];
}

export function toText(reports: readonly FileReport[], sources: ReadonlyMap<string, string>, seed: number, color: boolean, options: TextOptions = {}): string {
  const st = color ? COLOR : PLAIN;
  const out: string[] = [];
  for (const r of reports) {
    // A file that could not be read has no source: its error is shown without lines.
    const lines = sources.get(r.file)?.split(/\r\n|\r|\n/) ?? null;
    const name = (n: number): string => options.lineName?.(r.file, n) ?? String(n);
    const entries: Entry[] = [];
    /** The source lines at these positions (line, column), each cut around its column; a caret under the last. */
    const source = (at: readonly (readonly [number, number])[], caret = false): string[] => {
      if (lines === null) return [];
      const columns = new Map(at);
      const uniq = [...columns.keys()].sort((a, b) => a - b);
      const width = Math.max(...uniq.map((n) => name(n).length));
      const cut = uniq.map((n) => excerpt(lines[n - 1] ?? '', columns.get(n)!));
      const rows = uniq.map((n, i) => `${st.gutter(`  ${name(n).padStart(width)} |`)} ${cut[i]!.text}`);
      if (caret) rows.push(`${st.gutter(`  ${' '.repeat(width)} |`)} ${' '.repeat(Math.max(0, cut.at(-1)!.column - 1))}^`);
      return rows;
    };
    const indent = (nums: readonly number[]): string => ' '.repeat(2 + Math.max(...nums.map((n) => name(n).length)) + 1);
    for (const s of r.steps) {
      const place = st.place(`${r.file}:${name(s.line)}:${s.column}:`);
      const nums = [s.lhsPos.line, s.line];
      const at = [[s.lhsPos.line, s.lhsPos.column], [s.line, s.column]] as const;
      if (s.verdict === 'invalid') {
        const body = [`${place} ${st.error('error:')} step does not follow${s.hint ? ` (${s.hint})` : ''}`, ...source(at)];
        const wl = witnessLine(s);
        if (wl !== null) body.push(`${indent(nums)}${wl}`);
        const hint = s.detail.hint;
        if (hint !== null && Object.keys(hint.params).length > 0) body.push(`${indent(nums)}${HINT_TEXT[hint.kind](hint.params)}`);
        if (s.context !== null) body.push(`${indent(nums)}${s.context}`);
        entries.push({ line: s.line, column: s.column, text: body.join('\n') });
      } else if (s.verdict === 'unknown') {
        entries.push({ line: s.line, column: s.column, text: [`${place} ${st.warning('warning:')} ${s.message}`, ...source(at)].join('\n') });
      } else if (s.warnings.length > 0) {
        entries.push({ line: s.line, column: s.column, text: [`${place} ${st.warning('warning:')} ${s.warnings.join('; ')}`, ...source(at)].join('\n') });
      }
    }
    for (const [list, word] of [[r.errors, st.error('error:')], [r.warnings, st.warning('warning:')]] as const) {
      for (const e of list) {
        const place = st.place(`${r.file}:${name(e.line)}:${e.column}:`);
        entries.push({ line: e.line, column: e.column, text: [`${place} ${word} ${e.message}`, ...source([[e.line, e.column]], true)].join('\n') });
      }
    }
    entries.sort((a, b) => a.line - b.line || a.column - b.column);
    out.push(...entries.map((e) => e.text));
    for (const w of options.fileWarnings?.(r.file) ?? []) out.push(`${st.place(`${r.file}:`)} ${st.warning('warning:')} ${w}`);
    out.push(summaryLine(r, seed));
  }
  if (reports.length > 1) {
    const total = { steps: 0, valid: 0, invalid: 0, unknown: 0, errors: 0 };
    for (const r of reports) {
      total.steps += r.steps.length;
      total.valid += r.summary.valid;
      total.invalid += r.summary.invalid;
      total.unknown += r.summary.unknown;
      total.errors += r.errors.length;
    }
    out.push(`${reports.length} files: ${counts(total.steps, total.valid, total.invalid, total.unknown, total.errors)} (seed ${seed})`);
  }
  return `${out.join('\n')}\n`;
}

function counts(steps: number, valid: number, invalid: number, unknown: number, errors: number): string {
  const parts = [`${steps} step${steps === 1 ? '' : 's'}: ${valid} valid, ${invalid} invalid, ${unknown} unknown`];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function summaryLine(r: FileReport, seed: number): string {
  return `${r.file}: ${counts(r.steps.length, r.summary.valid, r.summary.invalid, r.summary.unknown, r.errors.length)} (seed ${seed})`;
}
