/**
 * Steps: what the note reader (reader.ts) makes of a Markdown file, and the types the rest of
 * the checker and the grader use. A step is one relation between two written sides, with the
 * scope it was written in (definitions, bindings, conditions, matrices, tolerance).
 */
import type { Expr, RelOp } from '../core/expr.js';
import type { MarkdownDoc } from './markdown.js';
import { readNotes, type SpanReading } from './reader.js';
import type { Scope } from './scope.js';

export interface Position { readonly line: number; readonly column: number }

export interface StepSide {
  readonly expr: Expr;
  /** The side as written (a slice of the file). */
  readonly latex: string;
  readonly pos: Position;
}

export interface Step {
  readonly op: RelOp;
  readonly lhs: StepSide;
  readonly rhs: StepSide;
  readonly scope: Scope;
  /** What the reader knows that explains a failure ("h was defined as \sigma(u) on line 15"). */
  readonly context?: string;
}

export interface Definition { readonly line: number; readonly symbol: string; readonly latex: string }

export type DocErrorCode = 'parse' | 'nothing-to-continue' | 'continues-unreadable' | 'front-matter' | 'markdown' | 'circular' | 'not-read' | 'unclosed';
export interface DocError { readonly line: number; readonly column: number; readonly code: DocErrorCode; readonly message: string }

export interface Collected {
  readonly steps: readonly Step[];
  readonly definitions: readonly Definition[];
  readonly errors: readonly DocError[];
  /** What was read leniently or set aside (a blank line inside `$$`, a circular definition). */
  readonly warnings: readonly DocError[];
  /** Every math span with the role of each of its clauses. */
  readonly spans: readonly SpanReading[];
  /** The scope in force at the end of the document (for a front matter alone: the scope it sets up). */
  readonly scope: Scope;
}

export function collectSteps(doc: MarkdownDoc): Collected {
  return readNotes(doc);
}
