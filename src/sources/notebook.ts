/**
 * Jupyter notebooks (nbformat 4): the Markdown cells joined into one text, with a map from
 * each line of that text to its cell, its line in the cell, and the line of the .ipynb file
 * that stores it. Cells are numbered from 1 among all cells, code cells included, so "cell 4"
 * is the fourth cell from the top as the notebook shows it.
 *
 * The JSON is read by jsonc-parser rather than JSON.parse for its positions: a broken
 * notebook gets an error at a line and column, and every source line is traced to the file.
 */
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Location, SourceResult } from './index.js';

/** Nesting of arrays and objects read; a notebook needs about six. Deeper input is refused before parsing (the parser recurses). */
export const MAX_JSON_DEPTH = 100;

/** jsonc-parser's error codes, by name, in words. */
const PARSE_ERROR_TEXT: Readonly<Record<string, string>> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: '`:` is expected',
  CommaExpected: '`,` is expected',
  CloseBraceExpected: '`}` is expected',
  CloseBracketExpected: '`]` is expected',
  EndOfFileExpected: 'text after the end of the notebook',
  InvalidCommentToken: 'a comment, which JSON does not allow',
  UnexpectedEndOfComment: 'an unterminated comment',
  UnexpectedEndOfString: 'an unterminated string',
  UnexpectedEndOfNumber: 'an unterminated number',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'a malformed escape',
  InvalidCharacter: 'a control character inside a string',
};

/** Offsets of line starts, to turn offsets into 1-based lines and columns. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function positionOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** The offset where nesting first exceeds `max`, skipping strings; null when it never does. */
function tooDeep(text: string, max: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > max) return i;
    } else if (c === ']' || c === '}') depth--;
  }
  return null;
}

const property = (node: Node | undefined, key: string): Node | undefined =>
  node?.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1] : undefined;

/**
 * A cell's source as pieces of text with the file line each starts on: nbformat stores one
 * string or, as Jupyter writes it, a list with one line per string.
 */
function sourcePieces(source: Node | undefined, starts: readonly number[]): { text: string; fileLine: number }[] | null {
  const piece = (n: Node): { text: string; fileLine: number } | null =>
    (n.type === 'string' ? { text: n.value as string, fileLine: positionOf(starts, n.offset).line } : null);
  if (source === undefined) return null;
  if (source.type === 'string') return [piece(source)!];
  if (source.type !== 'array') return null;
  const pieces = (source.children ?? []).map(piece);
  return pieces.every((p) => p !== null) ? pieces as { text: string; fileLine: number }[] : null;
}

export function readNotebook(text: string): SourceResult {
  const starts = lineStarts(text);
  const fail = (message: string, offset = 0): SourceResult =>
    ({ ok: false, error: { code: 'not-a-notebook', message: `not a Jupyter notebook: ${message}`, ...positionOf(starts, offset) } });
  const deep = tooDeep(text, MAX_JSON_DEPTH);
  if (deep !== null) return fail(`the JSON is nested more than ${MAX_JSON_DEPTH} deep`, deep);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first !== undefined) return fail(`the JSON does not parse: ${PARSE_ERROR_TEXT[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error)}`, first.offset);
  if (root?.type !== 'object') return fail('the file is JSON but not an object with a list of cells');
  const cells = property(root, 'cells');
  if (cells?.type !== 'array') {
    return property(root, 'worksheets') === undefined
      ? fail('no list of `cells` (nbformat 4)', root.offset)
      : fail('this is nbformat 3; convert it with `jupyter nbconvert --to notebook --nbformat 4`', root.offset);
  }
  const lines: string[] = [];
  const where: Location[] = [];
  for (const [i, cell] of (cells.children ?? []).entries()) {
    const n = i + 1;
    const type = property(cell, 'cell_type');
    if (type?.type !== 'string') return fail(`cell ${n} has no cell_type`, cell.offset);
    if (getNodeValue(type) !== 'markdown') continue;
    const pieces = sourcePieces(property(cell, 'source'), starts);
    if (pieces === null) return fail(`the source of cell ${n} is not text`, cell.offset);
    if (lines.length > 0) {
      // One blank line between cells, so no paragraph or math block runs from one cell into the next.
      lines.push('');
      where.push(where.at(-1)!);
    }
    const cellText = pieces.map((p) => p.text).join('');
    const pieceAt: number[] = [];
    pieces.reduce((at, p) => (pieceAt.push(at), at + p.text.length), 0);
    const cellStarts = lineStarts(cellText);
    cellStarts.forEach((start, j) => {
      const end = cellStarts[j + 1] ?? cellText.length;
      lines.push(cellText.slice(start, end).replace(/\r?\n$|\r$/, ''));
      // The file line of the piece this line starts in (Jupyter writes one line per piece).
      let k = 0;
      while (k + 1 < pieceAt.length && pieceAt[k + 1]! <= start) k++;
      where.push({ cell: n, line: j + 1, fileLine: pieces[k]?.fileLine ?? cell.offset });
    });
  }
  const locate = (line: number): Location => where[Math.min(Math.max(line, 1), where.length) - 1] ?? { cell: null, line, fileLine: line };
  const markdown = lines.join('\n');
  return { ok: true, value: { kind: 'notebook', markdown, display: markdown, locate } };
}
