/** The differentiation stage's public types (the contract other stages code against). */
import type { Budget } from '../core/budget.js';
import type { Expr, Sym } from '../core/expr.js';
import type { UnknownName } from '../core/names.js';

/** One rule application: `expr` (a derivative, or a primed application) equals `result`. */
export interface DiffStep { readonly rule: string; readonly expr: Expr; readonly result: Expr }

export interface FunctionDef { readonly params: readonly Sym[]; readonly body: Expr }

export interface DiffOptions {
  /** Symbol definitions: `a = σ(z)`, `z = w_1 x_1 + b`. */
  readonly defs?: ReadonlyMap<Sym, Expr>;
  /** Function definitions: `L(a) = -(y ln a + (1-y) ln(1-a))`. */
  readonly functions?: ReadonlyMap<Sym, FunctionDef>;
  /**
   * Use the table's self-form derivatives (default true: σ' = σ(1−σ)). When false, a function
   * with a definition is differentiated through it, giving input forms (σ' = e^{-z}/(1+e^{-z})²).
   */
  readonly self?: boolean;
  /** Record the trace (default true); benchmarks and inner passes turn it off. */
  readonly trace?: boolean;
  /** Cap on rule applications for the whole call (default 200,000). */
  readonly maxSteps?: number;
  /** Cap on the size (printed nodes) of each pass's result (default 2,000,000). */
  readonly maxSize?: number;
  /** Time and work shared with the caller (a checked step, a file): charged once per rule application. */
  readonly budget?: Budget;
  /**
   * Named functions recognised in their written-out forms (the simplifier's `recognise`). When
   * given, the result (and its kinks) is the derivative of the recognised input, so x/(1+|x|) and
   * softsign(x) reach the same form; the trace still follows the input as written.
   */
  readonly recognise?: (e: Expr) => Expr;
}

export interface DiffResult {
  readonly expr: Expr;
  readonly steps: readonly DiffStep[];
  readonly kinks: readonly Expr[];
  /** Words applied as functions that the table does not know (`\operatorname{swsh}`), with the closest name: worth a warning. */
  readonly unknownFunctions: readonly UnknownName[];
}
