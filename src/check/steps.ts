/**
 * From the math of a Markdown file to steps: relation chains split into steps, chains continued
 * across blocks (`= …` after a block, or a block after one ending in a dangling `=`), definitions
 * (`L = …`, `g(z) = …`, "where a = σ(z)"), bindings ("if z = 10"), assumptions ("for x > 0" and
 * the front matter), each step keeping the scope it was written in.
 *
 * Steps come from display math only. Inline math is read for definitions, bindings and
 * assumptions when prose words lead into it ("where", "if", "for", "assume"); other inline math
 * is prose (`f(u+v) = f(u) + f(v)` in a sentence about linearity is not a claim of the notes).
 */
import { apply, children, rel, sym, type Expr, type Rel, type RelOp, type Sym } from '../core/expr.js';
import { freeSet } from '../core/walk.js';
import { parse, parseStatements, type Statement } from '../parse/index.js';
import { symLatex } from '../print/latex.js';
import type { MarkdownDoc, MathSegment } from './markdown.js';
import {
  EMPTY_SCOPE, assumeGlobal, assumeLocal, bind, define, defineFunction, newSection, type Scope,
} from './scope.js';

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
}

export interface Definition { readonly line: number; readonly symbol: string; readonly latex: string }

export type DocErrorCode = 'parse' | 'nothing-to-continue' | 'continues-unreadable' | 'front-matter' | 'markdown';
export interface DocError { readonly line: number; readonly column: number; readonly code: DocErrorCode; readonly message: string }

export interface Collected {
  readonly steps: readonly Step[];
  readonly definitions: readonly Definition[];
  readonly errors: readonly DocError[];
  /** The scope in force at the end of the document (for a front matter alone: the scope it sets up). */
  readonly scope: Scope;
}

type Role = 'define' | 'bind' | 'assume' | 'inherit';

/** What the prose just before inline math makes of it ("where $a = σ(z)$" defines a). */
const LEAD_WORDS: readonly { readonly words: readonly string[]; readonly role: Role }[] = [
  { words: ['let', 'where', 'define', 'defining', 'given', 'denote', 'set', 'put', 'write', 'recall', 'is', 'be'], role: 'define' },
  { words: ['if', 'for', 'at', 'when', 'whenever', 'with', 'take', 'choose', 'pick', 'setting'], role: 'bind' },
  { words: ['assume', 'assuming', 'suppose', 'provided', 'since'], role: 'assume' },
  { words: ['and', ','], role: 'inherit' },
];

function roleOf(lead: string): Role | null {
  const tail = lead.toLowerCase().replace(/[:;\s]+$/, '');
  for (const { words, role } of LEAD_WORDS) {
    for (const w of words) {
      if (tail === w || tail.endsWith(` ${w}`) || (w === ',' && tail.endsWith(','))) return role;
    }
  }
  return null;
}

/** Heads written as `L(a) = …` at the start of a block: they must parse as function applications. */
const HEAD = /^\s*(?:\\begin\{[a-z*]+\}\s*)?((?:\\[a-zA-Z]+(?:\{[A-Za-z]\})?|[A-Za-z])(?:\s*(?:_\{[^{}]*\}|_[A-Za-z0-9]|\^\{\[[^\]]*\]\}))*)\s*\(\s*[^()]*\)\s*&?\s*(?:=|:=|\\coloneqq)/;

function declaredHeads(latex: string): string[] {
  const m = HEAD.exec(latex);
  return m && m[1] ? [m[1].replace(/\s+/g, '')] : [];
}

const isClosed = (e: Expr): boolean => freeSet(e).size === 0 && !containsApplyOfSym(e);
const containsApplyOfSym = (e: Expr): boolean => e.kind === 'apply' && typeof e.fn !== 'string';

/** The symbol a definition `s = …` introduces, or null. */
function definedSymbol(lhs: Expr, value: Expr): Sym | null {
  if (lhs.kind !== 'sym' || lhs.primes > 0 || freeSet(value).has(lhs)) return null;
  return lhs;
}

/** Whether `e` applies the function `head` somewhere. */
function applies(e: Expr, head: Sym): boolean {
  return (e.kind === 'apply' && e.fn === head) || children(e).some((c) => applies(c, head));
}

/** The head and parameters of a function definition `f(x, y) = …` (not in terms of itself), or null. */
function definedFunction(lhs: Expr, value: Expr): { head: Sym; params: Sym[] } | null {
  if (lhs.kind !== 'apply' || typeof lhs.fn === 'string' || lhs.primes > 0 || applies(value, lhs.fn)) return null;
  const params = lhs.args.filter((a): a is Sym => a.kind === 'sym');
  if (params.length !== lhs.args.length || new Set(params).size !== params.length) return null;
  return { head: lhs.fn, params };
}

/** A span that starts at a delimiter sized with `\left` or `\bigl` starts at the sizing command. */
function withSizing(latex: string, start: number): number {
  const m = /\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*$/.exec(latex.slice(Math.max(0, start - 12), start));
  return m === null ? start : start - m[0].length;
}

export function collectSteps(doc: MarkdownDoc): Collected {
  return new Collector(doc).run();
}

class Collector {
  private scope: Scope = EMPTY_SCOPE;
  private readonly steps: Step[] = [];
  private readonly definitions: Definition[] = [];
  private readonly errors: DocError[] = [];
  /** The last expression of the last display block ('broken' after an unreadable block), and the relation it leaves dangling. */
  private prev: StepSide | 'broken' | null = null;
  private prevTrail: RelOp | null = null;
  private lastRole: Role | null = null;

  constructor(private readonly doc: MarkdownDoc) {}

  run(): Collected {
    this.frontMatter();
    for (const e of this.doc.errors) {
      this.errors.push({ line: e.line, column: e.column, code: e.code === 'front-matter' ? 'front-matter' : 'markdown', message: e.message });
    }
    let section = 0;
    for (const seg of this.doc.segments) {
      if (seg.section !== section) {
        section = seg.section;
        this.scope = newSection(this.scope);
      }
      this.segment(seg);
    }
    return { steps: this.steps, definitions: this.definitions, errors: this.errors, scope: this.scope };
  }

  private frontMatter(): void {
    const fm = this.doc.frontMatter;
    if (fm === null) return;
    const fail = (line: number, message: string): void => { this.errors.push({ line, column: 1, code: 'front-matter', message }); };
    if (fm.tolerance !== undefined) this.scope = { ...this.scope, tolerance: fm.tolerance };
    const matrices = new Set(this.scope.matrices);
    for (const m of fm.matrix) {
      const r = parse(m);
      if (r.ok && r.value.kind === 'sym') matrices.add(r.value);
      else fail(1, `matrix: ${m} is not a symbol`);
    }
    this.scope = { ...this.scope, matrices };
    for (const d of fm.define) {
      const r = parseStatements(d.latex, { functions: [...declaredHeads(d.latex), ...this.scope.functionNames] });
      const st = r.ok ? r.value[0] : undefined;
      if (!r.ok) fail(d.line, `define: ${r.error.message}`);
      else if (st === undefined || st.ops[0] !== '=' || st.args.length !== 2 || !this.defineFrom(st, d.latex, d.line, true)) {
        fail(d.line, `define: expected \`symbol = value\` or \`f(x) = value\`, got ${d.latex}`);
      }
    }
    for (const a of fm.assume) {
      const r = parse(a.latex);
      const next = r.ok && r.value.kind === 'rel' ? assumeGlobal(this.scope, r.value) : null;
      if (next === null) fail(a.line, `assume: expected inequalities such as 0 < y < 1, got ${a.latex}`);
      else this.scope = next;
    }
  }

  private segment(seg: MathSegment): void {
    const functions = [...declaredHeads(seg.latex), ...this.scope.functionNames];
    const r = parseStatements(seg.latex, { functions });
    if (!r.ok) {
      if (seg.kind === 'display') {
        const at = seg.pos(r.error.offset);
        this.errors.push({ line: at.line, column: at.column, code: 'parse', message: r.error.message });
        this.prev = 'broken';
        this.prevTrail = null;
      }
      return;
    }
    const sides = (st: Statement): StepSide[] => st.args.map((expr, i) => {
      const span = st.argSpans[i]!;
      const start = withSizing(seg.latex, span.start);
      const at = seg.pos(start);
      return { expr, latex: seg.latex.slice(start, span.end).trim(), pos: { line: at.line, column: at.column } };
    });
    if (seg.kind === 'inline') {
      for (const st of r.value) this.inline(seg, st, sides(st));
      return;
    }
    for (const st of r.value) this.display(seg, st, sides(st));
  }

  private display(seg: MathSegment, st: Statement, sides: StepSide[]): void {
    let from = 0;
    const joining = st.lead ?? (this.prev !== null && this.prevTrail !== null ? this.prevTrail : null);
    if (joining !== null) {
      if (this.prev !== null && this.prev !== 'broken') this.step(this.prev, joining, sides[0]!);
      else {
        const at = st.lead !== null ? seg.pos(st.span.start) : sides[0]!.pos;
        this.errors.push(this.prev === 'broken'
          ? { line: at.line, column: at.column, code: 'continues-unreadable', message: 'this continues math that could not be read, so its first step is not checked' }
          : { line: at.line, column: at.column, code: 'nothing-to-continue', message: `nothing to continue: a block starting with ${st.lead ?? '='} needs math before it` });
      }
    } else if (sides.length >= 2 && st.ops[0] === '=' && this.defineFrom(st, seg.latex, sides[0]!.pos.line, false, sides)) {
      from = 1;
    } else this.alias(sides[0]?.expr);
    for (let i = from; i < st.ops.length; i++) this.step(sides[i]!, st.ops[i]!, sides[i + 1]!);
    const last = sides[sides.length - 1];
    this.prev = last ?? this.prev;
    this.prevTrail = st.trail;
  }

  private inline(seg: MathSegment, st: Statement, sides: StepSide[]): void {
    let role = roleOf(seg.lead);
    if (role === 'inherit') role = this.lastRole;
    this.lastRole = null;
    if (st.lead !== null || st.trail !== null || st.ops.length === 0) return;
    const lhs = st.args[0]!;
    const value = st.args[1]!;
    if (role !== null && st.ops.every((op) => op === '<' || op === '≤' || op === '>' || op === '≥' || op === '≠')) {
      const next = assumeLocal(this.scope, rel(st.ops, st.args) as Rel);
      if (next !== null) {
        this.scope = next;
        this.lastRole = role;
        return;
      }
    }
    if (role !== null && st.ops.length === 1 && st.ops[0] === '=') {
      if (role !== 'define' && lhs.kind === 'sym' && isClosed(value)) this.scope = bind(this.scope, lhs, value);
      else if (!this.defineFrom(st, seg.latex, sides[0]!.pos.line, true, sides)) return;
      this.lastRole = role;
    }
  }

  /**
   * Records `lhs = value` as a definition when the left side is a symbol or function head that
   * is not defined yet (or always, when `force`: "let", "where", front matter). Returns whether it did.
   */
  private defineFrom(st: Statement, latex: string, line: number, force: boolean, sides?: StepSide[]): boolean {
    const lhs = st.args[0]!;
    const value = st.args[1]!;
    const valueLatex = sides?.[1]?.latex ?? latex.slice(st.argSpans[1]!.start, st.argSpans[1]!.end).trim();
    const s = definedSymbol(lhs, value);
    if (s !== null && (force || (!this.scope.defs.has(s) && !this.scope.bindings.has(s)))) {
      this.scope = define(this.scope, s, value);
      this.definitions.push({ line, symbol: symLatex(s), latex: valueLatex });
      return true;
    }
    const f = definedFunction(lhs, value);
    if (f !== null && (force || !this.scope.functions.has(f.head))) {
      const span = st.argSpans[0]!;
      const headText = latex.slice(span.start, span.end).split('(')[0]!.replace(/\s+/g, '');
      this.scope = defineFunction(this.scope, f.head, { params: f.params, body: value }, headText);
      // The bare head then means the function at its parameters: `\frac{dg}{dz}` after `g(z) = …`.
      if (!this.scope.defs.has(f.head)) this.scope = define(this.scope, f.head, apply(f.head, f.params));
      this.definitions.push({ line, symbol: latex.slice(span.start, span.end).trim(), latex: valueLatex });
      return true;
    }
    return false;
  }

  /** `\sigma(z) = …` at the start of a chain: a bare σ later means σ(z). */
  private alias(lhs: Expr | undefined): void {
    if (lhs === undefined || lhs.kind !== 'apply' || lhs.fn !== 'sigmoid' || lhs.primes > 0) return;
    const arg = lhs.args[0];
    const bare = sym('sigma');
    if (arg?.kind === 'sym' && !this.scope.defs.has(bare)) this.scope = define(this.scope, bare, lhs);
  }

  private step(lhs: StepSide, op: RelOp, rhs: StepSide): void {
    this.steps.push({ op, lhs, rhs, scope: this.scope });
  }
}
