/**
 * The checker behind the grader, with memory: a class writes the same steps again and again,
 * so each distinct (left, relation, right, scope) is judged once while it stays in the thread's
 * cache, and each distinct line is traced once. The caches forget what is not used again
 * (cache.ts), so memory stays flat however many submissions a thread grades.
 *
 * A verdict depends only on what is cached under its key: the two trees (hash-consed, so equal
 * trees are one node), the relation, the scope's content and the seed. The text handed to the
 * checker is the canonical LaTeX of each tree, not the student's spelling, because the checker
 * draws its points from a seed mixed with that text. So a cached verdict is exactly the verdict
 * a fresh judge would give, and grading does not depend on which submissions a thread saw
 * first, nor on what its caches still hold — results are the same for any number of workers.
 */
import { sym, type Expr, type RelOp } from '../core/expr.js';
import { freeSet } from '../core/walk.js';
import { toLatex } from '../print/latex.js';
import { canonical, simplify, type SimplifyResult } from '../simplify/index.js';
import { checkStep, type HintKind, type Method, type VerdictKind } from '../check/index.js';
import { scopeKey, type Scope } from '../check/compare.js';
import { EMPTY_SCOPE } from '../check/scope.js';
import { conventionalMatrices } from '../check/matrix.js';
import { Cache } from './cache.js';
import { bridgeSteps, distance, resolveSide, traceOf, type Trace } from './jump.js';
import type { WitnessData } from './types.js';

export interface JudgedStep {
  readonly verdict: VerdictKind;
  readonly method: Method;
  readonly hint: HintKind | null;
  readonly hintParams: Readonly<Record<string, string>>;
  /** Why the step could not be checked (for `unknown`). */
  readonly reason: string | null;
  readonly witness: WitnessData | null;
}

const round6 = (x: number): number => Number(x.toPrecision(6));
const NOWHERE = { line: 1, column: 1 };

/**
 * Entries per generation of each cache (cache.ts). A class repeats a few hundred distinct steps;
 * a class that repeats nothing gains nothing from more, and memory stays flat either way.
 */
const CACHE_SIZE = 4_096;

/**
 * How often the verdict cache answered: lookups, and hits among them; and the same for the normal
 * forms of lines once their names are put in (`normalLookups`, `normalHits`), which lines that
 * name the same part differently share.
 */
export interface CacheStats { lookups: number; hits: number; normalLookups: number; normalHits: number }

export class Judge {
  /** This judge's verdict cache, counted (the benchmark reports the hit rate). */
  readonly stats: CacheStats = { lookups: 0, hits: 0, normalLookups: 0, normalHits: 0 };
  private readonly verdicts = new Cache<string, JudgedStep>(CACHE_SIZE);
  private readonly traces = new Cache<string, Trace>(CACHE_SIZE);
  private readonly prepared = new Cache<string, Expr | null>(CACHE_SIZE);
  /** Scope ids are never reused: a scope that ages out and comes back gets a new one (its entries miss, never clash). */
  private readonly scopeIds = new Cache<string, number>(CACHE_SIZE);
  private nextScopeId = 0;
  private readonly latex = new Cache<Expr, string>(CACHE_SIZE);
  private readonly memo = new Cache<string, unknown>(CACHE_SIZE);
  private readonly bridges = new Cache<string, number | null>(CACHE_SIZE);
  private readonly normals = new Cache<Expr, SimplifyResult>(CACHE_SIZE);
  private readonly simplified = (x: Expr): SimplifyResult => {
    this.stats.normalLookups++;
    let s = this.normals.get(x);
    if (s === undefined) {
      s = simplify(x);
      this.normals.set(x, s);
    } else this.stats.normalHits++;
    return s;
  };
  private readonly bridge = (x: Expr, y: Expr): number | null => {
    const key = x.id < y.id ? `${x.id}|${y.id}` : `${y.id}|${x.id}`;
    if (this.bridges.has(key)) return this.bridges.get(key)!;
    const out = bridgeSteps(x, y);
    this.bridges.set(key, out);
    return out;
  };

  constructor(readonly seed: number) {}

  private scopeId(scope: Scope): number {
    const key = scopeKey(scope);
    let id = this.scopeIds.get(key);
    if (id === undefined) {
      id = this.nextScopeId++;
      this.scopeIds.set(key, id);
    }
    return id;
  }

  private latexOf(e: Expr): string {
    let s = this.latex.get(e);
    if (s === undefined) {
      s = toLatex(e);
      this.latex.set(e, s);
    }
    return s;
  }

  /**
   * The checker's verdict on `lhs op rhs` under `scope`.
   *
   * The checker samples with its simplifier off: the grader simplifies every line once anyway,
   * to trace it (jump.ts), and the checker would simplify each line again for every step it is
   * part of. The traces then play the simplifier's part exactly as the checker's own rule has
   * it: they may confirm a sampled agreement (method `symbolic`), or stand in for sampling that
   * ran short only where both sides were defined at a sampled point; never against a sampled
   * difference, and never on matrices (the simplifier treats products as commutative).
   */
  step(lhs: Expr, op: RelOp, rhs: Expr, scope: Scope): JudgedStep {
    const key = `${this.scopeId(scope)}|${lhs.id}|${op}|${rhs.id}`;
    const hit = this.verdicts.get(key);
    this.stats.lookups++;
    if (hit !== undefined) {
      this.stats.hits++;
      return hit;
    }
    const r = checkStep({
      op,
      lhs: { expr: lhs, latex: this.latexOf(lhs), pos: NOWHERE },
      rhs: { expr: rhs, latex: this.latexOf(rhs), pos: NOWHERE },
      scope,
    }, { seed: this.seed, symbolic: false });
    const symbolic = op === '=' && (r.verdict === 'valid' || (r.verdict === 'unknown' && r.points > 0 && !this.hasMatrices(lhs, rhs, scope)))
      && this.jump(lhs, rhs, scope) !== null;
    const w = r.detail.witness;
    const out: JudgedStep = symbolic
      ? { verdict: 'valid', method: 'symbolic', hint: null, hintParams: {}, reason: null, witness: null }
      : {
        verdict: r.verdict,
        method: r.method,
        hint: r.hint,
        hintParams: r.detail.hint?.params ?? {},
        reason: r.verdict === 'unknown' ? r.message.replace(/^cannot check this step: /, '') : null,
        witness: w === null ? null : {
          at: Object.fromEntries(w.values.map(([k, v]) => [k, round6(v)])),
          left: w.left === null ? null : round6(w.left),
          right: w.right === null ? null : round6(w.right),
        },
      };
    this.verdicts.set(key, out);
    return out;
  }

  /**
   * Rule applications between two expressions (jump.ts): how far a step jumps, or how far a
   * line is from the answer it works toward; null when not measured.
   */
  jump(lhs: Expr, rhs: Expr, scope: Scope): number | null {
    return distance(this.trace(lhs, scope), this.trace(rhs, scope), this.bridge);
  }

  /** Traced in canonical form, so commuted factors and reordered terms meet the same nodes and their work cancels. */
  private trace(e: Expr, scope: Scope): Trace {
    const own = this.reaches(e, scope);
    const key = `${own ? this.scopeId(scope) : '-'}|${e.id}`;
    let t = this.traces.get(key);
    if (t === undefined) {
      // A line that reaches nothing of its scope is traced without it: the same trace for every scope.
      t = traceOf(canonical(e), own ? scope : EMPTY_SCOPE, this.simplified);
      this.traces.set(key, t);
    }
    return t;
  }

  /**
   * Whether an expression mentions any of the scope's definitions, bindings or functions. One that
   * does not is traced without them, the same under every scope, so its trace is shared: the
   * task's start and target are traced once, though every Markdown submission with its own
   * definitions has a scope of its own.
   */
  private reaches(e: Expr, scope: Scope): boolean {
    if (scope.functions.size > 0) return true;
    for (const s of freeSet(e)) {
      if (scope.defs.has(s) || scope.bindings.has(s)) return true;
      if (s.primes > 0 && scope.defs.has(sym(s.name, { sub: s.sub, layer: s.layer, accent: s.accent }))) return true;
    }
    return false;
  }

  /** Whether the checker samples these sides with matrices (declared, or capital letters only multiplied and added). */
  private hasMatrices(lhs: Expr, rhs: Expr, scope: Scope): boolean {
    if (scope.matrices.size > 0) return true;
    const sides = [this.resolved(lhs, scope), this.resolved(rhs, scope)].filter((x) => x !== null);
    return conventionalMatrices(sides).size > 0;
  }

  /**
   * A value computed once per (what, expression, scope): for facts about a line that depend
   * only on it, such as the forms of a final answer.
   */
  remember<T>(what: string, e: Expr, scope: Scope, compute: () => T): T {
    const key = `${what}|${this.scopeId(scope)}|${e.id}`;
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const out = compute();
    this.memo.set(key, out);
    return out;
  }

  /** A side as the judge reads it (definitions substituted, derivatives worked out), or null. */
  resolved(e: Expr, scope: Scope): Expr | null {
    const key = `${this.scopeId(scope)}|${e.id}`;
    if (this.prepared.has(key)) return this.prepared.get(key)!;
    const out = resolveSide(e, scope);
    this.prepared.set(key, out);
    return out;
  }
}
