/**
 * Sources in front of the checker: the files people write derivations in, turned into the one
 * Markdown text the checker reads, with a map back to where each line was written.
 *
 *   notes.md                Markdown, as it is
 *   notebook.ipynb          a Jupyter notebook: its Markdown cells, in order, one blank line
 *                           between cells; line k of the text is (cell c, line j) of the notebook.
 *                           Definitions and chains carry on from cell to cell, as in a document;
 *                           a notebook without Markdown cells is an empty text
 *   paper.qmd, report.Rmd   Quarto and R Markdown: Markdown with math. Code chunks are code to
 *                           the Markdown reader already; the metadata those tools read (title,
 *                           format, …) and their equation labels are blanked, line for line, so
 *                           positions stay those of the file
 *
 * The checker runs on the text unchanged; only printing translates positions (`locate`).
 * Nothing here throws on user input: a file that is not what its extension says is a value.
 */
import { readQuarto } from './quarto.js';

/** Where a line of the checked text was written: a line of the file, or a line of a notebook cell. */
export interface Location {
  /** 1-based cell number among all the notebook's cells (code cells count); null outside notebooks. */
  readonly cell: number | null;
  /** 1-based line: in the cell for a notebook, in the file otherwise. */
  readonly line: number;
  /**
   * 1-based line of the file that stores this line: `line` itself except in a notebook, where
   * it is the line of the .ipynb JSON holding the cell's text (what tools that mark lines of
   * the file, like GitHub annotations, need).
   */
  readonly fileLine: number;
}

export type SourceKind = 'markdown' | 'notebook' | 'quarto';

export interface Source {
  readonly kind: SourceKind;
  /** The Markdown the checker reads. */
  readonly markdown: string;
  /**
   * The text to show people, line for line the same as `markdown`: the file as written, or
   * for a notebook its Markdown cells (the JSON around them is nothing a reader recognises).
   */
  readonly display: string;
  /** Where line `line` (1-based) of `markdown` was written. */
  readonly locate: (line: number) => Location;
}

export interface SourceError { readonly code: 'not-a-notebook'; readonly message: string; readonly line: number; readonly column: number }

export type SourceResult = { readonly ok: true; readonly value: Source } | { readonly ok: false; readonly error: SourceError };

/** The extensions folder searches pick up, lower case. */
export const SOURCE_EXTENSIONS = ['.md', '.markdown', '.ipynb', '.qmd', '.rmd'] as const;

export const isSourceFile = (name: string): boolean => SOURCE_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));

export function kindOf(name: string): SourceKind {
  const lower = name.toLowerCase();
  if (lower.endsWith('.ipynb')) return 'notebook';
  if (lower.endsWith('.qmd') || lower.endsWith('.rmd')) return 'quarto';
  return 'markdown';
}

/**
 * Bytes of a file worth reading when its text may hold `textLimit` bytes: a notebook also
 * carries its code cells and their outputs (plots as base64), so it may be far larger than the
 * Markdown in it, which the checker's own limits then bound.
 */
export const NOTEBOOK_MAX_BYTES = 64 * 1024 * 1024;
export const maxFileBytes = (name: string, textLimit: number): number =>
  (kindOf(name) === 'notebook' ? Math.max(textLimit, NOTEBOOK_MAX_BYTES) : textLimit);

/** The location of a line of a file read as it is. */
export const sameLine = (line: number): Location => ({ cell: null, line, fileLine: line });

/**
 * A file's text as the checker's Markdown, chosen by the file's extension. Asynchronous
 * because the notebook reader (and its JSON parser) loads only when a notebook is read.
 */
export async function readSource(name: string, text: string): Promise<SourceResult> {
  switch (kindOf(name)) {
    case 'notebook': return (await import('./notebook.js')).readNotebook(text);
    case 'quarto': return { ok: true, value: { kind: 'quarto', markdown: readQuarto(text), display: text, locate: sameLine } };
    case 'markdown': return { ok: true, value: { kind: 'markdown', markdown: text, display: text, locate: sameLine } };
  }
}

/** A location as people read it: `12`, or `cell 4:line 3`. */
export const locationText = (l: Location): string => (l.cell === null ? String(l.line) : `cell ${l.cell}:line ${l.line}`);
