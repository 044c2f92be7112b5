/**
 * A derivation as a derivation file: the Markdown `deriv check` reads. Givens are display
 * definitions, each line is a display block (`$$= …$$` continues the chain), and the
 * justification is a sentence of prose before it. This text is what the checker verifies
 * before anything is printed, so the printed LaTeX and the checked steps are the same steps.
 */
import type { Derivation } from './types.js';
import { whySentence, whyText } from './why.js';

export function toMarkdown(d: Derivation): string {
  // YAML block scalars keep LaTeX's backslashes as written.
  const front = d.assume.length === 0 ? [] : ['---', 'assume:', ...d.assume.map((a) => `  - ${a}`), '---', ''];
  const out: string[] = [...front, `# ${d.title}`, ''];
  if (d.intro !== null) out.push(d.intro, '');
  for (const g of d.givens) out.push(`$$${g.symbol} = ${g.latex}$$`, '');
  d.rows.forEach((row, i) => {
    out.push(whySentence(row.why), '');
    out.push(i === 0 ? `$$${d.lhs} = ${row.latex}$$` : `$$= ${row.latex}$$`, '');
  });
  // "For $i = j$" is a condition on the indices for the display block right after it.
  for (const c of d.cases) out.push(`For $${c.condition}$ (${whyText(c.row.why)}):`, '', `$$${c.lhs} = ${c.row.latex}$$`, '');
  // Prose only: inline math after "at" would bind the variable for steps that follow.
  for (const k of d.kinks) out.push(`The derivative does not exist at the kink $${k}$.`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
