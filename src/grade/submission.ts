/**
 * From a submission's text to a derivation: the expressions a student wrote, in order, linked
 * into steps, with the lines that could not be read kept in place (they cost a step; they are
 * never dropped).
 *
 * Two formats. A Markdown derivation file is read exactly as `deriv check` reads it (display
 * math, chains continued across blocks, definitions in the file), with the task's definitions
 * in force first. Plain text is one expression per line, every line continuing the one before
 * (a leading `=` or `\approx` is optional and names the relation); `#`, `%` and `//` start
 * comment lines. The first expression may restate the task's start: grade.ts decides.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Expr, RelOp } from '../core/expr.js';
import { parseStatements, type Statement } from '../parse/index.js';
import { collectMarkdown, type Scope } from '../check/compare.js';
import { SUBMISSION_ERROR_TEXT } from './messages.js';
import { isCommentLine, rewritePlain } from '../parse/plaintext.js';
import { readLine } from './prose.js';
import { Cache } from './cache.js';
import { kindOf, maxFileBytes } from '../sources/index.js';
import { readNotebook } from '../sources/notebook.js';
import { readQuarto } from '../sources/quarto.js';
import type { Task } from './task.js';
import type { LoadedSubmission, SubmissionError, SubmissionErrorCode } from './types.js';

export const SUBMISSION_LIMITS = {
  /** Bytes in one submission. */
  maxBytes: 256 * 1024,
  /** Expressions (plain-text lines, Markdown steps) in one submission. */
  maxLines: 400,
} as const;

export interface Written {
  readonly expr: Expr;
  /** The expression as the student wrote it. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly scope: Scope;
}

export type Entry =
  | {
    readonly kind: 'step';
    readonly op: RelOp;
    readonly lhs: Written;
    readonly rhs: Written;
    /** The left side starts a chain of its own (Markdown: a new block that does not continue the last). */
    readonly chainStart: boolean;
    /** An unreadable line came between the two sides. */
    readonly afterUnreadable: boolean;
  }
  | { readonly kind: 'unreadable'; readonly line: number; readonly column: number; readonly text: string; readonly detail: string };

export interface Derivation {
  readonly format: 'markdown' | 'text';
  /** In the order written. */
  readonly entries: readonly Entry[];
  /** The first and last expressions written (equal when there is one; null when none). */
  readonly first: Written | null;
  readonly last: Written | null;
  /** An unreadable line comes before the first expression. */
  readonly unreadableFirst: boolean;
  /** Lines of prose in a plain-text submission (prose.ts), read as comments. */
  readonly comments: readonly number[];
}

export type ReadResult = { ok: true; value: Derivation } | { ok: false; error: SubmissionError };

export const submissionError = (code: SubmissionErrorCode, params: Record<string, string> = {}): SubmissionError =>
  ({ code, message: SUBMISSION_ERROR_TEXT[code](params) });

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A submission file as text, or the reason it cannot be graded. Never throws. */
export function loadSubmission(file: string, name: string): LoadedSubmission {
  try {
    const s = statSync(file);
    if (!s.isFile()) return { name, error: submissionError('unreadable-file', { detail: 'not a regular file' }) };
    if (s.size > maxFileBytes(name, SUBMISSION_LIMITS.maxBytes)) return { name, error: submissionError('too-large', { size: String(s.size), limit: String(SUBMISSION_LIMITS.maxBytes) }) };
    const bytes = readFileSync(file);
    if (bytes.includes(0)) return { name, error: submissionError('not-text') };
    return asMarkdown(name, utf8.decode(bytes));
  } catch (err) {
    if (err instanceof TypeError) return { name, error: submissionError('not-text') };
    return { name, error: submissionError('unreadable-file', { detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message }) };
  }
}

/**
 * A notebook's Markdown cells, Quarto and R Markdown without their own metadata (the source
 * adapters `deriv check` uses); any other file as written.
 */
export function asMarkdown(name: string, text: string): LoadedSubmission {
  switch (kindOf(name)) {
    case 'notebook': {
      const nb = readNotebook(text);
      return nb.ok ? { name, text: nb.value.markdown } : { name, error: submissionError('malformed-file', { detail: nb.error.message }) };
    }
    case 'quarto': return { name, text: readQuarto(text) };
    case 'markdown': return { name, text };
  }
}

/**
 * Markdown by extension (notebooks, Quarto and R Markdown arrive as the Markdown their source
 * adapter made of them); otherwise Markdown when it has display math delimiters, else plain text.
 */
export function formatOf(name: string, text: string): 'markdown' | 'text' {
  if (/\.(md|markdown|ipynb|qmd|rmd)$/i.test(name)) return 'markdown';
  if (/\.(txt|text)$/i.test(name)) return 'text';
  return /\$\$|^\s*\\\[|^\s*```math/m.test(text) ? 'markdown' : 'text';
}

export function readSubmission(name: string, text: string, task: Task): ReadResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > SUBMISSION_LIMITS.maxBytes) return { ok: false, error: submissionError('too-large', { size: String(bytes), limit: String(SUBMISSION_LIMITS.maxBytes) }) };
  if (text.includes('\u0000') || text.includes('\ufffd')) return { ok: false, error: submissionError('not-text') };
  if (text.trim() === '') return { ok: false, error: submissionError('empty') };
  const format = formatOf(name, text);
  const d = format === 'markdown' ? readMarkdown(text, task) : readPlain(text, task);
  if (!d.ok) return d;
  const { entries, first } = d.value;
  if (entries.length > SUBMISSION_LIMITS.maxLines) {
    return { ok: false, error: submissionError('too-many-lines', { lines: String(entries.length), limit: String(SUBMISSION_LIMITS.maxLines) }) };
  }
  if (first === null) {
    const bad = entries.find((e) => e.kind === 'unreadable');
    return { ok: false, error: bad === undefined ? submissionError('no-math') : submissionError('nothing-readable', { line: String(bad.line), detail: bad.detail }) };
  }
  return d;
}

type Parsed = { ok: true; statements: readonly Statement[]; text: string; origin: readonly number[] } | { ok: false; offset: number; detail: string };

/**
 * Parsed plain-text lines, shared by every submission graded in this thread: a class writes
 * the same lines again and again. Keyed by the line and the task's function names.
 */
const parsedLines = new Cache<string, Parsed>(4_096);

function parsePlainLine(line: string, functions: ReadonlySet<string>): Parsed {
  const key = `${[...functions].join(',')}\u0000${line}`;
  const hit = parsedLines.get(key);
  if (hit !== undefined) return hit;
  const rw = rewritePlain(line);
  const r = parseStatements(rw.text, { functions });
  const out: Parsed = r.ok
    ? (r.value.length === 1 ? { ok: true, statements: r.value, text: rw.text, origin: rw.origin }
      : { ok: false, offset: 0, detail: 'write one expression per line' })
    : { ok: false, offset: rw.origin[Math.min(r.error.offset, rw.origin.length - 1)] ?? 0, detail: r.error.message };
  parsedLines.set(key, out);
  return out;
}

function readPlain(text: string, task: Task): ReadResult {
  const entries: Entry[] = [];
  const comments: number[] = [];
  let prev: Written | null = null;
  let first: Written | null = null;
  let pendingUnreadable = false;
  let unreadableFirst = false;
  const lines = text.split(/\r\n|\r|\n/);
  const count = lines.filter((l) => l.trim() !== '' && !isCommentLine(l.trim())).length;
  if (count > SUBMISSION_LIMITS.maxLines) {
    return { ok: false, error: submissionError('too-many-lines', { lines: String(count), limit: String(SUBMISSION_LIMITS.maxLines) }) };
  }
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed === '' || isCommentLine(trimmed)) continue;
    const lineNo = i + 1;
    const reading = readLine(trimmed, task.scope.functionNames);
    if (reading.kind === 'prose') {
      comments.push(lineNo);
      continue;
    }
    const math = reading.text;
    const indent = raw.length - raw.trimStart().length + reading.offset;
    const p = parsePlainLine(math, task.scope.functionNames);
    if (!p.ok) {
      entries.push({ kind: 'unreadable', line: lineNo, column: indent + p.offset + 1, text: math, detail: p.detail });
      pendingUnreadable = true;
      if (first === null) unreadableFirst = true;
      continue;
    }
    const st = p.statements[0]!;
    const sides = st.args.map((expr, k): Written => {
      const span = st.argSpans[k]!;
      const from = p.origin[span.start] ?? 0;
      const to = p.origin[span.end] ?? math.length;
      return { expr, text: math.slice(from, to).trim(), line: lineNo, column: indent + from + 1, scope: task.scope };
    });
    const ops: RelOp[] = [...st.ops];
    let k = 0;
    if (prev === null) {
      first = sides[0]!;
    } else {
      entries.push({ kind: 'step', op: st.lead ?? '=', lhs: prev, rhs: sides[0]!, chainStart: false, afterUnreadable: pendingUnreadable });
    }
    pendingUnreadable = false;
    for (; k < ops.length; k++) {
      entries.push({ kind: 'step', op: ops[k]!, lhs: sides[k]!, rhs: sides[k + 1]!, chainStart: false, afterUnreadable: false });
    }
    prev = sides[sides.length - 1]!;
  }
  return { ok: true, value: { format: 'text', entries, first, last: prev, unreadableFirst, comments } };
}

function readMarkdown(text: string, task: Task): ReadResult {
  const collected = collectMarkdown(text, task.context);
  const sourceLines = text.split(/\r\n|\r|\n/);
  const entries: Entry[] = [];
  collected.steps.forEach((s, i) => {
    const side = (x: typeof s.lhs): Written => ({ expr: x.expr, text: x.latex, line: x.pos.line, column: x.pos.column, scope: s.scope });
    const prevStep = collected.steps[i - 1];
    entries.push({ kind: 'step', op: s.op, lhs: side(s.lhs), rhs: side(s.rhs), chainStart: prevStep === undefined || prevStep.rhs !== s.lhs, afterUnreadable: false });
  });
  for (const e of collected.errors) {
    if (e.code !== 'parse' && e.code !== 'markdown') continue;
    entries.push({ kind: 'unreadable', line: e.line, column: e.column, text: (sourceLines[e.line - 1] ?? '').trim(), detail: e.message });
  }
  const lineOf = (e: Entry): number => (e.kind === 'step' ? e.rhs.line : e.line);
  const colOf = (e: Entry): number => (e.kind === 'step' ? e.rhs.column : e.column);
  entries.sort((a, b) => lineOf(a) - lineOf(b) || colOf(a) - colOf(b));
  const steps = entries.filter((e) => e.kind === 'step');
  const first = steps[0]?.lhs ?? null;
  const last = steps[steps.length - 1]?.rhs ?? null;
  const unreadableFirst = first !== null && entries.some((e) => e.kind === 'unreadable' && e.line < first.line);
  return { ok: true, value: { format: 'markdown', entries, first, last, unreadableFirst, comments: [] } };
}
