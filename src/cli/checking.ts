/**
 * Checking the files a command was given: each is read, turned into the checker's Markdown by
 * its source adapter (notebooks, Quarto, R Markdown) and checked; every file given has a
 * result, in order, the unreadable ones with their error. The printers below translate the
 * checker's lines back to where they were written.
 */
import { checkSource, LIMITS, type CheckOptions, type FileReport } from '../check/index.js';
import { toJson, toText } from '../check/report.js';
import { locationText, maxFileBytes, readSource, sameLine, type Location, type SourceKind } from '../sources/index.js';
import { collectFiles, readNotes, type FoundFile } from './files.js';
import type { Io } from './io.js';

export interface CheckedFile {
  readonly found: FoundFile;
  /** How the file was read; null when it could not be. */
  readonly kind: SourceKind | null;
  readonly report: FileReport;
  /** The text shown beside diagnostics (see Source.display); null when the file could not be read. */
  readonly display: string | null;
  /** Where a line of `markdown` was written. */
  readonly locate: (line: number) => Location;
  /** Why the file could not be read at all (ENOENT, binary content), or null: exit code 2. */
  readonly unreadable: string | null;
  /** Warnings about the whole file (nothing to check in it), shaped like the checker's errors. */
  readonly warnings: readonly FileWarning[];
}

/** A warning about a file: where (1:1 for the whole file), a stable code, the English sentence. */
export interface FileWarning { readonly line: number; readonly column: number; readonly code: 'no-math' | 'no-steps'; readonly message: string }

/** A report that holds only an error about the file (at 1:1 when it has no place, like the checker's own file limits). */
function fileError(file: string, message: string, line = 1, column = 1): FileReport {
  return { file, steps: [], definitions: [], errors: [{ line, column, code: 'unreadable', message }], warnings: [], spans: [], summary: { valid: 0, invalid: 0, unknown: 0 } };
}

/** A file with nothing the checker judged passes only with a warning: it is likely not what was meant. */
function nothingChecked(r: FileReport): FileWarning[] {
  if (r.steps.length > 0 || r.errors.length > 0) return [];
  return [r.definitions.length === 0
    ? { line: 1, column: 1, code: 'no-math', message: 'no math found: nothing to check' }
    : { line: 1, column: 1, code: 'no-steps', message: 'no step found: the file only defines symbols' }];
}

export async function checkFile(io: Io, found: FoundFile, options: CheckOptions): Promise<CheckedFile> {
  const read = await readNotes(io, found, maxFileBytes(found.shown, LIMITS.maxFileSize * 4));
  if ('why' in read) {
    return { found, kind: null, report: fileError(found.shown, `cannot read the file: ${read.why}`), display: null, locate: sameLine, unreadable: read.why, warnings: [] };
  }
  const source = await readSource(found.shown, read.text);
  if (!source.ok) {
    const { error } = source;
    // The position is in the file itself, so its lines are shown as they are.
    const report = fileError(found.shown, error.message, error.line, error.column);
    return { found, kind: null, report, display: read.text, locate: sameLine, unreadable: null, warnings: [] };
  }
  const report = checkSource(source.value.markdown, found.shown, options);
  return { found, kind: source.value.kind, report, display: source.value.display, locate: source.value.locate, unreadable: null, warnings: nothingChecked(report) };
}

/** Every file under `paths`, checked, in order. */
export async function checkPaths(io: Io, paths: readonly string[], options: CheckOptions): Promise<CheckedFile[]> {
  const out: CheckedFile[] = [];
  for (const f of await collectFiles(io, paths)) out.push(await checkFile(io, f, options));
  return out;
}

/** The checker's sources map, for printers that show source lines. */
export const sourcesOf = (files: readonly CheckedFile[]): Map<string, string> =>
  new Map(files.flatMap((f) => (f.display === null ? [] : [[f.report.file, f.display] as const])));

/** Lines as a page names them: `line 12`, or in a notebook `cell 4:line 3`. */
export function pageLineName(files: readonly CheckedFile[]): (file: string, line: number) => string {
  const byFile = new Map(files.map((f) => [f.report.file, f]));
  return (file, line) => {
    const at = byFile.get(file)?.locate(line) ?? sameLine(line);
    return at.cell === null ? `line ${at.line}` : locationText(at);
  };
}

export function checkedText(files: readonly CheckedFile[], seed: number, color: boolean): string {
  const byFile = new Map(files.map((f) => [f.report.file, f]));
  return toText(files.map((f) => f.report), sourcesOf(files), seed, color, {
    lineName: (file, line) => locationText(byFile.get(file)?.locate(line) ?? sameLine(line)),
    fileWarnings: (file) => byFile.get(file)?.warnings.map((w) => w.message) ?? [],
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Every `line` in a file's JSON entry (steps, definitions, errors, and any field added later)
 * as a cell and a line in it. A witness is keyed by the step's symbols, never by positions.
 */
function withCells(value: Json, locate: (line: number) => Location): Json {
  if (Array.isArray(value)) return value.map((v) => withCells(v, locate));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => [k, k === 'witness' ? v : withCells(v, locate)] as const);
  const line = value.line;
  if (typeof line !== 'number') return Object.fromEntries(entries);
  const at = locate(line);
  return Object.fromEntries([['cell', at.cell], ...entries.map(([k, v]) => [k, k === 'line' ? at.line : v] as const)]);
}

/**
 * The checker's JSON, each file entry with its file-level `warnings`, and for a notebook every
 * position given as `"cell": 4, "line": 3` (the line within the cell).
 */
export function checkedJson(files: readonly CheckedFile[], seed: number): string {
  const doc = JSON.parse(toJson(files.map((f) => f.report), seed)) as { files: { [key: string]: Json }[] };
  doc.files = doc.files.map((entry, i) => {
    const f = files[i]!;
    const own = Array.isArray(entry.warnings) ? entry.warnings : [];
    const out: { [key: string]: Json } = { ...entry, warnings: [...own, ...f.warnings.map((w) => ({ ...w }))] };
    return f.kind === 'notebook' ? withCells(out, f.locate) as { [key: string]: Json } : out;
  });
  return `${JSON.stringify(doc, null, 2)}\n`;
}
