/** Printing a block of statements (what `parseStatements` returns) as canonical LaTeX rows. */
import { rel } from '../../src/core/expr.js';
import type { Statement } from '../../src/parse/index.js';
import { REL_LATEX, toLatex } from '../../src/print/latex.js';

export function statementLatex(s: Statement): string {
  const body = s.args.length === 1 ? toLatex(s.args[0]!) : toLatex(rel(s.ops, s.args));
  return `${s.lead ? REL_LATEX[s.lead] : ''}${body}${s.trail ? REL_LATEX[s.trail] : ''}`;
}

/** Rows joined by ` \\ `, which `parseStatements` reads back as the same statements. */
export const blockLatex = (ss: readonly Statement[]): string => ss.map(statementLatex).join(' \\\\ ');
