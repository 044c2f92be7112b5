/**
 * `deriv check --format github`: GitHub Actions workflow commands, so a CI run annotates the
 * lines of a pull request (`::error file=notes.md,line=13,col=5,title=…::…`), followed by the
 * usual text report for the log (the runner hides the command lines themselves).
 *
 * An invalid step and an error in a file are errors; an unknown step, a step with a warning and
 * a file with nothing to check are warnings. GitHub places annotations by lines of the file, so
 * a notebook's annotation goes on the line of the .ipynb JSON that stores the cell's line, with
 * the cell and its line, as people see them, in the title.
 */
import type { StepReport } from '../check/index.js';
import { locationText } from '../sources/index.js';
import { checkedText, type CheckedFile } from './checking.js';

/** Workflow command escaping: the message (data) and the `key=value` properties. */
export const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

type Level = 'error' | 'warning';

function command(level: Level, properties: Record<string, string | number>, message: string): string {
  const props = Object.entries(properties).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${level} ${props}::${escapeData(message)}`;
}

/** The verdict's sentence (a valid step's warnings), and the witness of a wrong step on a line of its own. */
function stepMessage(s: StepReport): string {
  const head = s.verdict === 'valid' ? s.warnings.join('; ') : s.message;
  return s.witness === null ? head : `${head}\nat ${Object.entries(s.witness).map(([k, v]) => `${k} = ${v}`).join(', ')}`;
}

export function checkedGithub(files: readonly CheckedFile[], seed: number, color: boolean): string {
  const out: string[] = [];
  for (const f of files) {
    const file = f.report.file;
    const at = (line: number, column: number, what: string): Record<string, string | number> => {
      if (f.kind !== 'notebook') return { file, line, col: column, title: `deriv check: ${what}` };
      const at = f.locate(line);
      return { file, line: at.fileLine, title: `deriv check: ${what} at ${locationText(at)}:${column}` };
    };
    const found: { line: number; column: number; text: string }[] = [];
    for (const s of f.report.steps) {
      const level: Level | null = s.verdict === 'invalid' ? 'error' : s.verdict === 'unknown' || s.warnings.length > 0 ? 'warning' : null;
      if (level === null) continue;
      const what = s.verdict === 'invalid' ? `step does not follow${s.hint === null ? '' : ` (${s.hint})`}` : s.verdict === 'unknown' ? 'step not checked' : 'warning';
      found.push({ line: s.line, column: s.column, text: command(level, at(s.line, s.column, what), stepMessage(s)) });
    }
    for (const e of f.report.errors) found.push({ line: e.line, column: e.column, text: command('error', at(e.line, e.column, 'error'), e.message) });
    for (const w of f.report.warnings) found.push({ line: w.line, column: w.column, text: command('warning', at(w.line, w.column, 'warning'), w.message) });
    found.sort((a, b) => a.line - b.line || a.column - b.column);
    out.push(...found.map((x) => x.text));
    for (const w of f.warnings) out.push(command('warning', { file, title: 'deriv check' }, w.message));
  }
  return `${out.map((l) => `${l}\n`).join('')}${checkedText(files, seed, color)}`;
}
