/**
 * Quarto (`.qmd`) and R Markdown (`.Rmd`): Markdown with math, plus what those tools read and
 * the checker must not: metadata keys of their own in the front matter (`title`, `format`,
 * `output`, …) and Quarto's equation labels (`$$ … $$ {#eq-name}`). Those are
 * blanked in place: removed keys leave empty lines, labels leave spaces, so every line and
 * column is the file's. Code chunks (```` ```{r} ````) are fenced code, which the Markdown
 * reader never reads math from.
 */

/** The front matter keys the checker reads; every other key belongs to Quarto or R Markdown. */
const CHECKER_KEYS = new Set(['define', 'assume', 'matrix', 'tolerance']);

/** A top-level YAML key at the start of a line (`title:`, `"format":`). */
const TOP_KEY = /^(?:"([^"]*)"|'([^']*)'|([^\s#'"\-?:][^:]*?))[ \t]*:(?:[ \t]|$)/;

/** Quarto's `{#eq-…}` after a closing `$$`. */
const LABELS = /(?<=\$\$[ \t]*)\{#eq-[^}\n]*\}/g;

function blankForeignKeys(lines: string[]): void {
  if (!/^---[ \t]*$/.test(lines[0] ?? '')) return;
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(l));
  if (end < 0) return;
  let foreign = false;
  for (let i = 1; i < end; i++) {
    const m = TOP_KEY.exec(lines[i]!);
    if (m !== null) foreign = !CHECKER_KEYS.has(m[1] ?? m[2] ?? m[3] ?? '');
    if (foreign) lines[i] = '';
  }
}

export function readQuarto(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  blankForeignKeys(lines);
  return lines.join('\n').replace(LABELS, (label) => ' '.repeat(label.length));
}
