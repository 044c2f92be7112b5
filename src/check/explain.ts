/**
 * `deriv check --explain`: the notes as deriv read them, next to the source. Every line of the
 * file is printed; under a line with math come the clauses read there, each with its role and
 * the reason, and the verdict of every step whose right side is on that line. A user sees why a
 * line was (or was not) judged.
 *
 *    5 | $$\frac{dh}{dq} = 3q^{2}$$
 *      |   claim       \frac{dh}{dq} = 3q^{2} — a step to check
 *      |     valid     \frac{dh}{dq} = 3q^{2} (shown by simplification)
 */
import type { FileReport } from './index.js';

const ROLE_WIDTH = 11;

interface Style { readonly dim: (s: string) => string; readonly bad: (s: string) => string; readonly good: (s: string) => string }
const ansi = (open: string, close: string) => (s: string): string => `\u001b[${open}m${s}\u001b[${close}m`;
const PLAIN: Style = { dim: (s) => s, bad: (s) => s, good: (s) => s };
const COLOR: Style = { dim: ansi('2', '22'), bad: ansi('1;31', '22;39'), good: ansi('32', '39') };

/** Long clauses are cut in the middle: the reading is about roles, the source line is above. */
const cut = (s: string, n = 60): string => (s.length <= n ? s : `${s.slice(0, n - 25)} … ${s.slice(-20)}`);

export function toExplain(report: FileReport, source: string, color: boolean): string {
  const st = color ? COLOR : PLAIN;
  const lines = source.split(/\r\n|\r|\n/);
  const width = String(lines.length).length;
  const gutter = (n: number | null): string => st.dim(`${n === null ? ' '.repeat(width) : String(n).padStart(width)} |`);
  const notes = new Map<number, string[]>();
  const add = (line: number, text: string): void => { notes.set(line, [...(notes.get(line) ?? []), text]); };
  for (const span of report.spans) {
    for (const r of span.readings) {
      const role = r.role.padEnd(ROLE_WIDTH);
      add(r.line, `  ${r.role === 'unreadable' ? st.bad(role) : role} ${cut(r.latex)} ${st.dim(`— ${r.reason}`)}`);
    }
  }
  for (const s of report.steps) {
    const verdict = s.verdict.padEnd(ROLE_WIDTH - 2);
    const shown = s.verdict === 'valid' ? st.good(verdict) : st.bad(verdict);
    const why = s.message.startsWith('step follows (') ? s.message.slice('step follows ('.length, -1) : s.message;
    add(s.line, `    ${shown} ${cut(`${s.lhs} ${s.relation} ${s.rhs}`)} ${st.dim(`(${why})`)}`);
  }
  for (const e of report.errors) add(e.line, `  ${st.bad('error'.padEnd(ROLE_WIDTH))} ${e.message}`);
  for (const w of report.warnings) add(w.line, `  ${'warning'.padEnd(ROLE_WIDTH)} ${w.message}`);
  const out: string[] = [`${report.file}: how deriv reads it`];
  lines.forEach((text, i) => {
    out.push(`${gutter(i + 1)} ${text}`);
    for (const n of notes.get(i + 1) ?? []) out.push(`${gutter(null)}${n}`);
  });
  return `${out.join('\n')}\n`;
}
