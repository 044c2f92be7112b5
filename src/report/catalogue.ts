/**
 * The activation and loss catalogue as an HTML table, formulas rendered with KaTeX: the same
 * cells `deriv table` prints.
 */
import { catalogue } from '../catalog/index.js';
import { CATALOGUE_HEADERS, catalogueCells } from '../catalog/table.js';
import { toLatex } from '../print/latex.js';
import { renderMath } from './katex.js';
import { escapeHtml } from './notes.js';

export function catalogueHtml(): string {
  const inline = (latex: string): string => renderMath(latex, { display: false });
  const rows = catalogue().map((e) => {
    const [name, ...math] = catalogueCells(e, (x) => inline(toLatex(x)), inline);
    return `<tr><th scope="row">${escapeHtml(name!)}</th>${math.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  const head = `<tr>${CATALOGUE_HEADERS.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>`;
  return `<table class="catalogue"><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}
