/**
 * deriv's public API, stage by stage: text → tree → (derivative, simplified tree) → verdicts
 * → reports. The command line (src/cli) is a thin layer over exactly these functions.
 *
 *   import { parse, differentiate, simplify, toLatex, sym } from 'deriv';
 *   const e = parse('\\frac{1}{1+e^{-z}}');
 *   if (e.ok) toLatex(simplify(differentiate(e.value, sym('z')).expr).expr); // \sigma(z)\left(1-\sigma(z)\right)
 *
 * A user's mistake comes back as a value (`{ ok: false, error }` with a position); exceptions
 * are bugs, or the documented `…OrThrow` variants for trusted input.
 */

// The tree and its constructors.
export {
  num, sym, constant, add, mul, pow, apply, deriv, piecewise, rel, note, neg, sub, div, recip,
  ZERO, ONE, TWO, MINUS_ONE, HALF, E, PI, assertNever, children,
  type Expr, type Num, type Const, type Sym, type Add, type Mul, type Pow, type Apply, type Deriv,
  type Piecewise, type Piece, type Rel, type RelOp, type Note, type NoteKind,
} from './core/expr.js';
export { FUNCTIONS, isFnName, type FnEntry, type FnName } from './core/functions.js';
export { substitute, transform, mapChildren, size, freeSet, dependsOn } from './core/walk.js';

// Reading.
export {
  parse, parseStatements, parseOrThrow, formatDiagnostic,
  type ParseOptions, type Result, type Statement, type Diagnostic,
} from './parse/index.js';

// Writing.
export { toLatex } from './print/latex.js';
export { toText, toOutline } from './print/text.js';

// Numbers.
export { compile, evaluate, CompileError, type Compiled, type CompileOptions } from './numeric/compile.js';

// Calculus.
export {
  differentiate, differentiateN, tryDifferentiate, expandDerivatives, foldDefinitions, ruleLabel,
  type DiffOptions, type DiffResult, type DiffStep, type FunctionDef,
} from './diff/index.js';
export {
  simplify, provablyEqual, canonical, RULES, RULE_LABELS,
  type SimplifyOptions, type SimplifyResult, type RewriteStep, type StopReason,
} from './simplify/index.js';
export { catalogue, type CatalogueEntry } from './catalog/index.js';

// Checking, writing derivations, grading, reports.
export { checkSource, checkStep, type CheckOptions, type FileReport, type StepReport, type Verdict, type VerdictKind, type HintKind, type Method } from './check/index.js';
export { toJson as checkReportJson, toText as checkReportText } from './check/report.js';
export { derive, deriveNames, type DeriveRequest, type DeriveOutcome } from './derive/index.js';
export { loadTask, gradeSubmission, gradeBatch, toCsv as gradesCsv, toJson as gradesJson, type Task, type Rubric } from './grade/index.js';
export { reportPage, indexPage, renderMath } from './report/index.js';
