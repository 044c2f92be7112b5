/**
 * `deriv table`: the catalogue as an aligned text table, a Markdown table (LaTeX in `$…$`),
 * or JSON. Text output shows formulas in plain text, which reads better in a terminal.
 */
import { sym, type Expr } from '../core/expr.js';
import { isIndexToken, subTokens } from '../core/indices.js';
import { toLatex } from '../print/latex.js';
import { toText } from '../print/text.js';
import { catalogue, type CatalogueEntry } from './index.js';

export type TableFormat = 'text' | 'markdown' | 'json';

export const CATALOGUE_HEADERS = ['name', 'definition', 'derivative (self-form)', 'not differentiable at', 'range'] as const;

/** One entry's cells, formulas written by `math`, the range by `range`. */
export function catalogueCells(e: CatalogueEntry, math: (x: Expr) => string, range: (r: string) => string): string[] {
  const t = e.trees;
  // A loss of a whole vector is written L(\mathbf{z}) when its variable is an entry z_j.
  const index = subTokens(t.variable.sub);
  const argument = index.length === 1 && isIndexToken(index[0]!) ? sym(t.variable.name, { accent: 'mathbf' }) : t.variable;
  const lhs = e.kind === 'loss' ? `L(${math(argument)})` : math(t.call);
  // The names the formula uses follow it: L(z) = −Σ y_k ln p_k, p_i = softmax.
  const givens = [...t.givens].map(([name, value]) => `, ${math(name)} = ${math(value)}`).join('');
  return [
    e.name,
    `${lhs} = ${math(t.definition)}${givens}`,
    math(t.self),
    t.kinks.length === 0 ? '—' : t.kinks.map(math).join(', '),
    range(e.range),
  ];
}

/** Ranges are intervals written in LaTeX, not expressions; in plain text only the symbols change. */
const plainRange = (r: string): string => r.replace(/\\infty/g, '∞').replace(/\\alpha/g, 'α').replace(/\\[{}]/g, (m) => m.slice(1));

export function catalogueTable(format: TableFormat, entries: readonly CatalogueEntry[] = catalogue()): string {
  if (format === 'json') return `${JSON.stringify(entries.map(({ trees: _, ...rest }) => rest), null, 2)}\n`;
  if (format === 'markdown') {
    const rows = entries.map((e) => catalogueCells(e, (x) => `$${toLatex(x)}$`, (r) => `$${r}$`));
    const line = (r: readonly string[]): string => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
    return [line(CATALOGUE_HEADERS), line(CATALOGUE_HEADERS.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
  }
  const rows = [CATALOGUE_HEADERS as readonly string[], ...entries.map((e) => catalogueCells(e, toText, plainRange))];
  const widths = CATALOGUE_HEADERS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const fmt = (r: readonly string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(fmt)].join('\n') + '\n';
}
