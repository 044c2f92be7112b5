/**
 * The note reader: walks the math of a Markdown file in order, the way a teacher reads notes,
 * and turns it into steps to judge, each with the scope it was written in.
 *
 * - Sections: a definition holds until the end of the section it is written in (the heading
 *   it is under and that heading's subsections); a sibling section starts again from its
 *   parent's scope; a definition in a heading holds for that section; the front matter holds
 *   for the whole file.
 * - Every relation of every math span (inline or display) gets a role from the table in
 *   roles.ts; the effect of the role is carried out here.
 * - Chains: `A = B = C` gives the steps A = B and B = C; a block that starts with a relation
 *   continues the last chain (rules, conditions and remarks in between do not break it); a
 *   dangling `=` continues into the next display block when that block starts with a relation
 *   or is not itself a complete equation, and is otherwise an unfinished line.
 * - Bindings ("Example: $t = 2$") hold for the prose block they are written in and the display
 *   math right after it; conditions written beside an equation hold for that span, and a
 *   condition that leads into math ("for $x > 0$: …") for its sentence and the chain it starts.
 * - A sentence may give a function's pieces in words ("$f(x) = x$ for $x > 0$, $0$ for
 *   $x \le 0$"): they are read as one equation whose right side is the cases.
 */
import { BARE_ARGUMENT, E, ELLIPSIS, HALF, TWO, apply, at, deriv, num, piecewise, pow, rel, sym, type Expr, type Piece, type Rel, type RelOp, type Sym } from '../core/expr.js';
import { subIndices } from '../core/indices.js';
import { containsDeriv, freeSet, substitute, symbolsIn, transform, writesDerivative } from '../core/walk.js';
import { QUALIFIER, againPhrase, derivativePhrase, pointPhrase, valuePhrase } from './phrases.js';
import { readClauses, type Clause, type ClauseOptions } from '../parse/clauses.js';
import { OPERAND, isSigma } from '../parse/lower.js';
import { parse, parseOrThrow, parseStatements, type Statement } from '../parse/index.js';
import { proseFunction } from '../catalog/prose.js';
import { symLatex, toLatex } from '../print/latex.js';
import { SENTENCE_BREAK, type Container, type MarkdownDoc, type MathSegment, type TableCell } from './markdown.js';
import { abstractNames, closedValue, definable, gradientName, gradientNamesIn, gradientVariable, isConditionShape, isInequality, lossFor, namesIn, ownVersion, variablesOf, withOverrides } from './notation.js';
import { isListLabel, roleOf, type Effect, type Role, type RoleContext } from './roles.js';
import {
  EMPTY_SCOPE, afterSibling, assumeGlobal, assumeLocal, bind, define, defineFunction, defineUnread, entriesSumTo1, override, unbind, withConditions, type Scope,
} from './scope.js';
import type { Collected, Definition, DocError, Step, StepSide } from './steps.js';
import { variablesIn } from './prepare.js';

/** One clause of a math span as it was read. */
export interface Reading {
  readonly line: number;
  readonly column: number;
  /** The clause as written. */
  readonly latex: string;
  readonly role: Role | 'expression' | 'unreadable';
  /** The id of the rule that decided (a row of ROLE_RULES, or `text`, `label`, `unreadable`, `expression`). */
  readonly rule: string;
  readonly reason: string;
}

/** A math span and what was read in it. */
export interface SpanReading {
  readonly line: number;
  readonly column: number;
  readonly kind: 'inline' | 'display';
  readonly container: Container;
  readonly latex: string;
  readonly readings: Reading[];
}

/** Heads written as `L(a) = …` at the start of a block: they must parse as function applications. */
const HEAD = /^\s*(?:\\begin\{[a-z*]+\}\s*)?((?:\\[a-zA-Z]+(?:\{[A-Za-z]\})?|[A-Za-z])(?:\s*(?:_\{[^{}]*\}|_[A-Za-z0-9]|\^\{\[[^\]]*\]\}))*)\s*\(\s*[^()]*\)\s*&?\s*(?:=|:=|\\coloneqq)/;
/** Names written with a prime (`u'`, `\phi'`): `u(x)` beside them is an application. */
const PRIMED = /(?<![\\a-zA-Z])([a-zA-Z]|\\(?:phi|varphi|psi|Phi|Psi|gamma|rho|eta|theta|chi))\s*(?:'|\\prime)/g;

export function declaredHeads(latex: string): string[] {
  const m = HEAD.exec(latex);
  return m && m[1] ? [m[1].replace(/\s+/g, '')] : [];
}

const CONJUNCTION = /^(?:,|and|or|as well as|and also|,? and|,? or)$/i;
const TRAILING_CONDITION = /^(?:when|whenever|for|if|provided|where|with)$/i;
const CONDITION_WORD = /^(?:when|whenever|for|if|provided|where)$/i;
/** Prose before a condition that leads into the math after it in the sentence ("For $x > 0$: …", "If $z < 0$ then …"). */
const LEADING_CONDITION = /(?:^|\b)(?:for(?:\s+(?:all|every|any|each))?|when|whenever|if|provided(?:\s+that)?|in\s+the\s+case)$/i;
/** Where one condition (`|a| \le \delta`) does not hold (`|a| > \delta`); null for a chain or several. */
function negation(rels: readonly Rel[]): Rel | null {
  const [r] = rels;
  const flip: Partial<Record<RelOp, RelOp>> = { '<': '≥', '≤': '>', '>': '≤', '≥': '<' };
  const op = r === undefined || rels.length !== 1 || r.ops.length !== 1 ? undefined : flip[r.ops[0]!];
  return op === undefined ? null : rel([op], r!.args) as Rel;
}

/** "for positive inputs", "when x is negative", "for all non-negative z": a sign in words. */
const SIGN_IN_WORDS = /^\s*,?\s*(?:for|when|if|on)\s+(?:all\s+|every\s+|any\s+)?(positive|negative|nonnegative|non-negative|nonpositive|non-positive)(?:\s+(?:inputs?|values?|arguments?|numbers?|reals?|[a-z])\b|\s*$)/i;
/** Math that starts with a relation: it goes on with the chain before it. */
const CONTINUES = /^\s*(?:=|\\approx|<|>|\\le|\\ge|\\leq|\\geq)/;
/** Prose before another piece of a function given in words: a comma, "and", "or"… */
const PIECE_BEFORE = /^(?:[,;]?\s*(?:and|or)?)$/i;
/** …or "else", "otherwise" (before it), or "otherwise", "elsewhere" (after it). */
const ELSE_BEFORE = /^(?:[,;]\s*)?(?:and\s+)?(?:else|otherwise)\s*,?$/i;
const ELSE_AFTER = /^\s*,?\s*(?:otherwise|elsewhere|else)\b/i;
const primedNames = (latex: string): string[] => [...latex.matchAll(PRIMED)].map((m) => m[1]!);

/** `i = 1, \dots, K`: commas after clause i that write a range with dots. */
function rangeAfter(clauses: readonly Clause[], i: number): boolean {
  for (let k = i + 1; k < clauses.length; k++) {
    const c = clauses[k]!;
    if (c.kind !== 'statement' || c.sep !== 'comma' || c.statement.ops.length > 0) return false;
    if (c.statement.args[0] === ELLIPSIS) return true;
  }
  return false;
}

/**
 * A span that starts at a delimiter sized with `\left` or `\bigl` starts at the sizing command,
 * and one after the invisible `\left.` of an evaluation bar (`\left. f(x) \right|_{x=0}`) at it.
 */
function withSizing(latex: string, start: number): number {
  const m = /\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)\s*$|\\left\s*\.\s*$/.exec(latex.slice(Math.max(0, start - 12), start));
  return m === null ? start : start - m[0].length;
}

const stripNotes = (e: Expr): Expr => transform(e, (x) => (x.kind === 'note' ? x.body : x));

interface Chain {
  /** The left side of the chain: what a bare operator after it applies to. */
  readonly first: StepSide;
  readonly last: StepSide;
}

interface Dangling {
  readonly side: StepSide;
  readonly op: RelOp;
  readonly chain: Chain;
  readonly reading: Reading[];
  readonly at: number;
}

export function readNotes(doc: MarkdownDoc): Collected {
  return new NoteReader(doc).run();
}

class NoteReader {
  private scope: Scope = EMPTY_SCOPE;
  private readonly steps: Step[] = [];
  /** The sentence (`MathSegment.para`) each step was written in, for definitions written after it ("where $\delta = a - y$"). */
  private readonly stepSentences: number[] = [];
  private sentence = -1;
  /** Conditions that lead into the math after them in their sentence ("for $x > 0$: …"), and that sentence as it starts. */
  private leading: { readonly para: number; readonly prefix: string; readonly rels: readonly Rel[]; readonly from: number; readonly to: number } | null = null;
  /** Spans a sentence read as pieces of the function before them ("…, $0$ for $x \le 0$"). */
  private readonly pieces = new Map<MathSegment, 'value' | 'condition'>();
  /** The conditions the last equation of the sentence was read under, for an "otherwise" after it. */
  private lastConditions: { readonly para: number; readonly rels: readonly Rel[] } | null = null;
  /** The math whose value is the cases its sentence gives in words. */
  private casesOf: MathSegment | null = null;
  /** The cases a sentence gives in words, as written, for the definitions list. */
  private readonly casesLatex = new Map<Expr, string>();
  /**
   * Steps of a rule stated in names the notes have not defined yet, in the current sentence
   * ("$\frac{d}{dx} x\Phi(x) = \Phi(x) + x\phi(x)$ with $\Phi$ the standard normal CDF and …"):
   * once the sentence defines every one of those names, they are steps.
   */
  private pendingRules: { readonly sentence: number; readonly names: ReadonlySet<Sym>; readonly steps: Step[]; readonly readings: Reading[]; readonly at: number }[] = [];
  /** The names defined in the current sentence. */
  private sentenceDefs = new Set<Sym>();
  /** The names the current sentence gave a number ("Try $\eta = 0.1$ …"). */
  private sentenceValues = new Set<Sym>();
  private readonly definitions: Definition[] = [];
  private readonly errors: DocError[] = [];
  private readonly warnings: DocError[] = [];
  private readonly spans: SpanReading[] = [];
  /** Scopes of the sections around the current one, innermost last. */
  private readonly frames: { depth: number; scope: Scope }[] = [];
  private depth = 0;
  private section = 0;
  private bindingPara = -1;
  private chain: Chain | 'broken' | null = null;
  private dangling: Dangling | null = null;
  /** Definitions with an index (`p_k`) in the current prose block, for "for $k = 1, 2$". */
  private indexed: { para: number; syms: Sym[] } = { para: -1, syms: [] };
  /** Symbols used free in the steps so far: the variables of the notes. */
  private readonly seen = new Set<Sym>();
  /** An inline span whose conditions the math before it took ("… when $x \leq 0$"). */
  private consumed: MathSegment | null = null;
  /** The cue of the last inline math, for a conjunction after it. */
  private lastInline: { para: number; cue: string } | null = null;
  /** Conditions beside the equations of the span being read. */
  private conditions: Rel[] = [];
  /** One entry per math span read so far, for claims made in words ("the derivative of $f$ is $…$"). */
  private readonly items: MathItem[] = [];
  /** What the span being read contributes to `items`. */
  private item: MathItem = NO_ITEM;
  /** The chain was broken by display math deriv does not read (a warning), not by a mistake. */
  private brokenByNotRead = false;
  /** The span after the one being read, and where the one being read is in the file's spans. */
  private next: MathSegment | undefined;
  private index = 0;

  constructor(private readonly doc: MarkdownDoc) {}

  run(): Collected {
    this.frontMatter();
    for (const e of this.doc.errors) {
      this.errors.push({ line: e.line, column: e.column, code: e.code === 'front-matter' ? 'front-matter' : 'markdown', message: e.message });
    }
    for (const w of this.doc.warnings) this.warnings.push({ line: w.line, column: w.column, code: 'markdown', message: w.message });
    for (const [i, seg] of this.doc.segments.entries()) {
      while (this.section < seg.section) this.heading(this.doc.headings[this.section++]?.depth ?? 1);
      if (seg.para !== this.bindingPara) this.scope = unbind(this.scope);
      this.item = { ...NO_ITEM, section: seg.section, ...(seg.cell === undefined ? {} : { cell: seg.cell }) };
      this.next = this.doc.segments[i + 1];
      this.index = i;
      const piece = this.pieces.get(seg);
      if (piece === undefined) this.segment(seg, this.next);
      else this.spans.push({ line: seg.start.line, column: seg.start.column, kind: seg.kind, container: seg.container, latex: seg.latex, readings: [{
        line: seg.start.line, column: seg.start.column, latex: seg.latex, ...(piece === 'value'
          ? { role: 'definition', rule: 'piece', reason: 'another piece of the value before it in the sentence' }
          : { role: 'condition', rule: 'condition', reason: 'the condition of the piece before it' }),
      }] });
      this.items.push(this.item);
    }
    this.unfinished();
    return { steps: this.steps, definitions: this.definitions, errors: this.errors, warnings: this.warnings, spans: this.spans, scope: this.scope };
  }

  // -------------------------------------------------------------------------------------------
  // Sections and front matter

  private heading(depth: number): void {
    if (depth > this.depth) this.frames.push({ depth: this.depth, scope: this.scope });
    else {
      while (this.frames.length > 1 && this.frames[this.frames.length - 1]!.depth >= depth) this.frames.pop();
      const parent = this.frames[this.frames.length - 1]?.scope;
      if (parent !== undefined) this.scope = afterSibling(parent, this.scope);
    }
    this.depth = depth;
    this.scope = unbind(this.scope);
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
      else if (st === undefined || st.ops[0] !== '=' || st.args.length !== 2 || st.lead !== null || !this.defineAs(st.args[0]!, st.args[1]!, d.line, d.latex, d.latex.slice(st.argSpans[1]!.start, st.argSpans[1]!.end).trim(), [])) {
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

  // -------------------------------------------------------------------------------------------
  // Spans and clauses

  /**
   * "$f(x) + \alpha = \alpha e^{x}$ when $x \leq 0$": inequalities written right after inline
   * math in the same sentence, after *when, for, if*, are conditions of that math.
   */
  private trailingConditions(seg: MathSegment, next: MathSegment | undefined): Rel[] {
    // Read as the first of the pieces the sentence gives, its condition is in its value.
    if (this.casesOf === seg) return [];
    if (seg.kind !== 'inline' || next?.kind !== 'inline' || next.para !== seg.para || !TRAILING_CONDITION.test(next.lead)) return [];
    const r = readClauses(next.latex);
    const statements = r.ok ? r.value.filter((c) => c.kind === 'statement') : [];
    // After *when, for, if* any inequality is a condition (`ys < 1`, `wx + b > 0`); after *with*, one on a name.
    const condition = (st: Statement): boolean => isConditionShape(st) || (isInequality(st) && CONDITION_WORD.test(next.lead));
    if (statements.length === 0 || !statements.every((c) => c.kind === 'statement' && condition(c.statement))) return [];
    this.consumed = next;
    return statements.map((c) => (c.kind === 'statement' ? rel(c.statement.ops, c.statement.args) as Rel : null)!);
  }

  /**
   * "$\mathrm{ELU}(x) = x$ for positive inputs", "…, for negative $x$": a sign said in words
   * right after the math is a condition on its one variable.
   */
  private signInWords(seg: MathSegment, statements: readonly (Clause & { kind: 'statement' })[]): Rel[] {
    const m = SIGN_IN_WORDS.exec(seg.trail);
    const equations = statements.filter((c) => c.statement.ops.length > 0);
    if (m === null || equations.length !== 1) return [];
    // The variable: the one a function on the left is applied to (`\mathrm{ELU}(x)`), else the equation's only one.
    const [lhs] = equations[0]!.statement.args;
    const v = onlyVariable(lhs?.kind === 'apply' && lhs.args[0]?.kind === 'sym' ? [lhs.args[0]] : [...(variablesIn(rel(equations[0]!.statement.ops, equations[0]!.statement.args), this.scope) ?? [])]);
    if (v === null) return [];
    const op = ({ positive: '>', negative: '<', nonnegative: '≥', 'non-negative': '≥', nonpositive: '≤', 'non-positive': '≤' } as const)[m[1]!.toLowerCase() as 'positive'];
    return [rel([op], [v, num(0)]) as Rel];
  }

  private segment(seg: MathSegment, next?: MathSegment): void {
    if (this.sentence !== seg.para) [this.sentenceDefs, this.sentenceValues] = [new Set(), new Set()];
    this.sentence = seg.para;
    const inline = seg.kind === 'inline';
    const values = this.valueNames();
    const quantities = new Set([...values].map(symLatex));
    const functions = [...declaredHeads(seg.latex), ...this.scope.functionNames, ...primedNames(seg.latex).filter((n) => !quantities.has(n))];
    const span: SpanReading = { line: seg.start.line, column: seg.start.column, kind: seg.kind, container: seg.container, latex: seg.latex, readings: [] };
    this.spans.push(span);
    const at = (offset: number) => seg.pos(offset);
    let r = readClauses(seg.latex, { functions, values });
    // `\sigma(z)(1 - \sigma(z)` at the end of the math: read as if the brackets left open closed
    // there, as a reader does, with a warning where they are missing.
    const last = r.ok ? r.value.at(-1) : undefined;
    const endsOpen = r.ok ? last?.kind === 'error' && last.error.code === 'unexpected-end' : r.error.code === 'unexpected-end';
    const closers = endsOpen ? missingClosers(seg.latex) : '';
    const closed = closers === '' ? null : readClauses(seg.latex + closers, { functions, values });
    if (closed?.ok === true && !closed.value.some((c) => c.kind === 'error')) {
      const at = seg.pos(seg.latex.length);
      this.warnings.push({ line: at.line, column: at.column, code: 'unclosed', message: `\`${closers}\` is missing at the end of the math; read as if it were there` });
      r = closed;
    }
    if (!r.ok) {
      this.unreadable(seg, span, r.error.offset, r.error.message, inline, undefined, r.error.code);
      return;
    }
    const clauses = r.value;
    if (inline && this.proseName(seg, span)) return;
    const statements = clauses.filter((c): c is Clause & { kind: 'statement' } => c.kind === 'statement');
    // Conditions first: they restrict the equations beside them, also those written before them.
    const isCondition = (c: Clause & { kind: 'statement' }): boolean => this.effectOf(seg, c) === 'assume';
    const conditionClauses = statements.filter(isCondition);
    const equationBeside = statements.some((c) => !conditionClauses.includes(c) && c.statement.ops.length > 0);
    const afterIt = this.consumed === seg;
    // Conditions after the math in its sentence ("… for $x > 0$") hold for it, an equation or an expression the words give.
    const trailing = equationBeside || statements.some((c) => c.statement.ops.length === 0) ? this.trailingConditions(seg, next) : [];
    const cases = trailing.length === 1 ? this.proseCases(seg, statements, trailing[0]!, { functions, values }) : null;
    this.casesOf = cases === null ? null : seg;
    this.conditions = [
      ...this.leadingConditions(seg),
      ...(equationBeside ? conditionClauses.map((c) => rel(c.statement.ops, c.statement.args) as Rel) : []),
      ...(cases === null ? trailing : []),
      ...(equationBeside && inline ? this.signInWords(seg, statements) : []),
    ];
    // "$L'(a) = a$ for $|a| \le \delta$ and $L'(a) = \delta\,\mathrm{sign}(a)$ otherwise": the
    // claim holds where the condition of the one before it in the sentence does not.
    const otherwise = inline && equationBeside && cases === null && this.conditions.length === 0 && (ELSE_BEFORE.test(seg.lead) || ELSE_AFTER.test(seg.trail));
    const negated = otherwise && this.lastConditions?.para === seg.para ? negation(this.lastConditions.rels) : null;
    if (negated !== null) this.conditions = [negated];
    if (inline && equationBeside && this.conditions.length > 0) this.lastConditions = { para: seg.para, rels: this.conditions };
    // "for $x > 0$: $f'(x) = 1$": conditions alone in their math that lead into more math in the sentence.
    const leads = inline && statements.length > 0 && conditionClauses.length === statements.length && LEADING_CONDITION.test(seg.lead)
      && next !== undefined && next.para === seg.para && (next.kind === 'display' || next.sentence.startsWith(`${seg.sentence} $`));
    let firstStatement = true;
    for (const [i, c] of clauses.entries()) {
      const text = seg.latex.slice(withSizing(seg.latex, c.start), c.end).trim();
      const pos = at(c.start);
      const reading = (role: Reading['role'], rule: string, reason: string): void => {
        span.readings.push({ line: pos.line, column: pos.column, latex: text, role, rule, reason });
      };
      if (c.kind === 'text') {
        reading('remark', c.label ? 'label' : 'text', c.label ? 'a label' : 'prose inside math');
        continue;
      }
      if (c.kind === 'error') {
        this.unreadable(seg, span, c.start + Math.max(0, c.error.offset - c.start), c.error.message, inline, c.error.offset, c.error.code);
        continue;
      }
      if (c.kind === 'shape') {
        const what = c.dims.length === 0 ? 'a number' : c.dims.length === 1 ? `a vector of ${c.dims.map(toLatex).join('')} components` : `a ${c.dims.map(toLatex).join('×')} matrix`;
        reading('condition', 'shape', `${namesIn(c.target)} is ${what}`);
        if (c.target.kind === 'sym') this.scope = { ...this.scope, shapes: new Map([...this.scope.shapes, [c.target, c.dims]]) };
        continue;
      }
      if (afterIt && conditionClauses.includes(c)) {
        reading('condition', 'condition', 'a condition for the math before it in the sentence');
        continue;
      }
      const joins = firstStatement && !inline && this.dangling !== null && (c.statement.lead !== null || c.statement.ops.length === 0);
      if (firstStatement && !inline) this.settleDangling(joins);
      firstStatement = false;
      const next = clauses[i + 1];
      this.statement(seg, c === cases?.of ? cases.clause : this.squareDefined(seg, c) ?? c, {
        joins, conditionBeside: conditionClauses.length > 0 && !conditionClauses.includes(c), equationBeside, leads,
        list: this.listAfter(clauses, i), range: rangeAfter(clauses, i), reading, textAfter: next?.kind === 'text' && next.row === c.row,
      });
    }
    this.conditions = [];
  }

  /**
   * "where $\Phi$ is the standard normal CDF", "the logistic function $g$": a name alone in its
   * math, which the words right after or before it say is a known function (catalog/prose.ts),
   * is defined as that function, also for the steps of its sentence written before it.
   */
  private proseName(seg: MathSegment, span: SpanReading): boolean {
    const m = PROSE_NAME.exec(seg.latex);
    if (m === null) return false;
    const f = proseFunction(seg.trail, seg.lead);
    if (f === null) return false;
    const head = parse(m[1]!);
    const param = m[2] === undefined ? null : parse(m[2]);
    if (!head.ok || head.value.kind !== 'sym' || (param !== null && (!param.ok || param.value.kind !== 'sym'))) return false;
    const s = head.value;
    if ((this.scope.defs.has(s) || this.scope.functions.has(s)) && !this.scope.inherited.has(s)) return false;
    // A name of the function table (σ, tanh) already is a function.
    const called = parse(`${m[1]!}(u)`);
    if (called.ok && called.value.kind === 'apply' && typeof called.value.fn === 'string') return false;
    const p = param?.ok === true ? param.value as Sym : PROSE_PARAM;
    const body = substitute(parseOrThrow(f.definition), new Map([[PROSE_PARAM, p]]));
    const origin = { line: seg.start.line, latex: f.definition };
    this.scope = defineFunction(this.scope, s, { params: [p], body }, m[1]!, origin);
    // Written as Φ(x), the bare Φ then means the function at x, as after `Φ(x) = …`.
    if (param !== null) this.scope = define(this.scope, s, apply(s, [p]));
    this.definitions.push({ line: seg.start.line, symbol: seg.latex.trim(), latex: toLatex(body) });
    span.readings.push({ line: seg.start.line, column: seg.start.column, latex: seg.latex, role: 'definition', rule: 'prose-name', reason: `the prose says ${m[1]} is ${f.id}` });
    this.sentenceDefs.add(s);
    this.defineBackwards(s);
    return true;
  }

  /** Defined names that are quantities (not the bare name of a defined function). */
  private valueNames(): ReadonlySet<Sym> {
    const out = new Set<Sym>();
    for (const [s, v] of this.scope.defs) if (!(v.kind === 'apply' && (v.fn === s || v.fn === 'sigmoid' && s.name === 'sigma'))) out.add(s);
    return out;
  }

  /** Closed values written after clause i with commas (`k = 1, 2`). */
  private listAfter(clauses: readonly Clause[], i: number): Expr[] {
    const out: Expr[] = [];
    for (let k = i + 1; k < clauses.length; k++) {
      const c = clauses[k]!;
      if (c.kind !== 'statement' || c.sep !== 'comma' || c.statement.ops.length > 0 || c.statement.lead !== null || c.statement.trail !== null) break;
      const v = closedValue(c.statement.args[0]!);
      if (v === null) break;
      out.push(v);
    }
    return out;
  }

  /**
   * Math that cannot be read: prose when inline; in display math an error, or a warning
   * (`not-read`) when it is well written in notation deriv does not have (`\lim`, `\propto`,
   * `\int`): the notes are not wrong there, the step is just not checked.
   */
  private unreadable(seg: MathSegment, span: SpanReading, offset: number, message: string, inline: boolean, errorOffset?: number, code?: string): void {
    const at = seg.pos(errorOffset ?? offset);
    span.readings.push({ line: at.line, column: at.column, latex: seg.latex, role: 'unreadable', rule: 'unreadable', reason: message });
    this.unreadDefinition(seg, errorOffset ?? offset);
    if (inline) return;
    const notRead = code !== undefined && NOT_READ.has(code);
    (notRead ? this.warnings : this.errors).push({ line: at.line, column: at.column, code: notRead ? 'not-read' : 'parse', message });
    this.brokenByNotRead = notRead;
    this.chain = 'broken';
    this.dangling = null;
  }

  /**
   * `$z = \langle \mathbf{w}, \mathbf{a} \rangle + b$`: math that could not be read, where it
   * defines a name (the clause the error is in starts with `name =`). The name is then known to
   * depend on something deriv does not know, so derivatives through it are not taken as 0.
   */
  private unreadDefinition(seg: MathSegment, errorAt: number): void {
    const eq = seg.latex.lastIndexOf('=', errorAt);
    if (eq <= 0) return;
    const start = Math.max(...[',', ';', '\\quad', '\\qquad', '}', '$'].map((sep) => {
      const k = seg.latex.lastIndexOf(sep, eq);
      return k < 0 ? 0 : k + sep.length;
    }));
    const r = parse(seg.latex.slice(start, eq).replace(/[:<>!\\]+$/, ''));
    const s = r.ok ? definable(r.value) : null;
    if (s === null || this.scope.defs.has(s) || this.scope.functions.has(s)) return;
    this.scope = defineUnread(this.scope, s, seg.pos(start).line);
  }

  /** The effect a statement's role would have, without acting on it. */
  private effectOf(seg: MathSegment, c: Clause & { kind: 'statement' }): Effect | null {
    return roleOf(this.context(seg, c, { joins: false, equationBeside: false, conditionBeside: false, list: [] }))?.rule.effect ?? null;
  }

  /** Letters written as indices in the definitions in scope and the steps so far. */
  private indexLetters(): ReadonlySet<string> {
    const out = new Set<string>();
    for (const [s, v] of this.scope.defs) for (const x of [s, ...symbolsIn(v)]) for (const t of subIndices(x)) out.add(t);
    for (const s of this.seen) for (const t of subIndices(s)) out.add(t);
    return out;
  }

  private context(seg: MathSegment, c: Clause & { kind: 'statement' }, o: { joins: boolean; equationBeside: boolean; conditionBeside: boolean; leads?: boolean; list: readonly Expr[]; range?: boolean }): RoleContext {
    const st = c.statement;
    const lead = c.words === '' && seg.kind === 'inline' ? this.inlineCue(seg) : { cue: c.words !== '' ? c.words : seg.prose, inherited: false };
    const cue = lead.cue.toLowerCase();
    const written = st.lead === null && st.ops[0] === '=' ? gradientName(st.args[0]!, this.scope) ?? st.args[0]! : st.args[0]!;
    const variables = new Set([...variablesOf(this.scope), ...this.seen]);
    // "with $e = a - y$": the notes name something e (an error), which is not Euler's number here.
    const named = written === E && st.ops.length === 1 && st.ops[0] === '=' && NAMES_E.test(cue) ? EULER_NAME : written;
    // `\text{swish}(x) = x\sigma(\beta x)`: the notes' own swish, a function they define.
    const own = ownVersion(st, this.scope, variables);
    const lhs = own === null ? named : apply(own.head, own.params);
    return {
      st, lhs, scope: this.scope, cue, inline: seg.kind === 'inline', continues: st.lead !== null || o.joins,
      equationBeside: o.equationBeside, conditionBeside: o.conditionBeside, leads: o.leads ?? false, list: o.list,
      indexed: this.indexed.para === seg.para ? this.indexed.syms : [],
      variables,
      sentence: seg.kind === 'inline' ? seg.sentence : '',
      cueInherited: lead.inherited,
      range: o.range ?? false,
      indexLetters: this.indexLetters(),
      listLabel: seg.kind === 'inline' && isListLabel(seg.container, seg.sentence),
      own,
      offered: seg.kind === 'inline' ? this.sentenceValues : new Set(),
    };
  }

  /**
   * The prose leading into inline math; a bare "and" or comma goes on with the cue before it in
   * the same sentence ("Take $u = 1$ and $v = -1$": both are example values).
   */
  private inlineCue(seg: MathSegment): { cue: string; inherited: boolean } {
    const last = this.lastInline;
    const inherited = CONJUNCTION.test(seg.lead) && last !== null && last.para === seg.para;
    const cue = inherited ? last.cue : seg.lead;
    this.lastInline = { para: seg.para, cue };
    return { cue, inherited };
  }

  private statement(seg: MathSegment, c: Clause & { kind: 'statement' }, o: {
    joins: boolean; conditionBeside: boolean; equationBeside: boolean; leads: boolean; list: Expr[]; range: boolean; textAfter: boolean;
    reading: (role: Reading['role'], rule: string, reason: string) => void;
  }): void {
    // After `\text{swish}(x) = x\sigma(\beta x)` (also earlier in this math), swish is the notes' function.
    const overrides = this.scope.overrides;
    if (overrides.size > 0) c = { ...c, statement: { ...c.statement, args: c.statement.args.map((a) => withOverrides(a, overrides)) } };
    const st = c.statement;
    const ctx = this.context(seg, c, o);
    let sides = this.sides(seg, st);
    if (ctx.lhs !== st.args[0]) sides = [{ ...sides[0]!, expr: ctx.lhs }, ...sides.slice(1)];
    if (sides.some((s) => usesOperand(s.expr))) {
      const operand = this.operand();
      if (operand === null) {
        this.unreadable(seg, this.spans[this.spans.length - 1]!, c.start, 'a bare operator needs a function before it to apply to', seg.kind === 'inline');
        return;
      }
      sides = sides.map((s) => (usesOperand(s.expr) ? { ...s, expr: substitute(s.expr, new Map([[OPERAND, operand]])) } : s));
    }
    const first = this.item.side === null && this.item.kind === 'other';
    if (first) this.item = { kind: st.ops.length === 0 ? 'expression' : 'equation', side: sides[0]!, last: sides[sides.length - 1]!, section: seg.section, ...(seg.cell === undefined ? {} : { cell: seg.cell }) };
    // An expression the words (or its table column) call a derivative: a claim, whatever else it looks like.
    if (st.ops.length === 0 && st.lead === null && st.trail === null && !o.joins && this.proseDerivative(seg, sides[0]!, o.reading)) return;
    const decided = roleOf(ctx);
    if (decided === null) {
      this.expression(seg, st, sides, o);
      return;
    }
    const { rule, reason } = decided;
    o.reading(rule.role, rule.id, reason);
    const stepScope = (): Scope => withConditions(this.scope, this.conditions);
    switch (rule.effect) {
      case 'continue': {
        const from = o.joins ? this.dangling!.side : this.chain;
        const op = st.lead ?? this.dangling?.op ?? '=';
        if (o.joins) {
          const d = this.dangling!;
          this.chain = d.chain;
          this.dangling = null;
          this.push({ op, lhs: d.side, rhs: sides[0]!, scope: stepScope() });
        } else if (from === null || from === 'broken' || from === undefined) {
          if (seg.kind === 'display') {
            const at = seg.pos(st.span.start);
            if (from === 'broken' && this.brokenByNotRead) this.warnings.push({ line: at.line, column: at.column, code: 'not-read', message: 'this continues math that deriv does not read, so its first step is not checked' });
            else this.errors.push(from === 'broken'
              ? { line: at.line, column: at.column, code: 'continues-unreadable', message: 'this continues math that could not be read, so its first step is not checked' }
              : { line: at.line, column: at.column, code: 'nothing-to-continue', message: `nothing to continue: a block starting with ${st.lead ?? '='} needs math before it` });
          }
        } else if (typeof from === 'object' && 'last' in from) {
          this.push({ op, lhs: from.last, rhs: sides[0]!, scope: stepScope() });
        }
        const chain = this.chain;
        this.chainSteps(sides, st.ops, 0, stepScope());
        this.chain = { first: chain !== null && chain !== 'broken' ? chain.first : sides[0]!, last: sides[sides.length - 1]! };
        break;
      }
      case 'assume': {
        // A lone name (a one-hot y) is the assumption that its entries sum to 1.
        const r = st.ops.length === 0 ? entriesSumTo1(st.args[0] as Sym) : rel(st.ops, st.args) as Rel;
        const prefix = `${seg.sentence} $`;
        const more = this.leading?.para === seg.para && this.leading.prefix === prefix ? this.leading.rels : [];
        if (o.leads) {
          this.leading = { para: seg.para, prefix, rels: [...more, r], from: seg.start.line, to: seg.start.line };
          // The math after it does not take its cue ("when") from it: "When $|x| < 1$, $h'(x) = 1$" is no equation to solve.
          this.lastInline = null;
        }
        else if (!o.equationBeside) this.scope = assumeLocal(this.scope, r) ?? this.scope;
        break;
      }
      case 'note': {
        if (rule.id === 'abstract-rule' && seg.kind === 'inline') {
          const made = this.steps.length;
          this.chainSteps(sides, st.ops, 0, stepScope());
          const steps = this.steps.splice(made);
          this.stepSentences.splice(made);
          const { readings } = this.spans[this.spans.length - 1]!;
          this.pendingRules = [...this.pendingRules.filter((p) => p.sentence === this.sentence), { sentence: this.sentence, names: abstractNames(st, this.scope), steps, readings, at: readings.length - 1 }];
        }
        break;
      }
      case 'set-aside': {
        const at = sides[0]!.pos;
        this.warnings.push({ line: at.line, column: at.column, code: 'circular', message: `${seg.latex.slice(c.start, c.end).trim()}: ${reason}` });
        break;
      }
      case 'bind': {
        this.scope = bind(this.scope, ctx.lhs as Sym, st.args[1]!);
        if (closedValue(st.args[1]!) !== null) this.sentenceValues.add(ctx.lhs as Sym);
        this.bindingPara = seg.para;
        if (seg.kind === 'inline' && POINT_AFTER.test(seg.lead.trim())) this.bindBackwards(ctx.lhs as Sym, st.args[1]!);
        break;
      }
      case 'instantiate': this.instantiate(ctx.lhs as Sym, [st.args[1]!, ...o.list], seg.para, seg.start.line); break;
      case 'index-case': {
        this.scope = st.ops[0] === '='
          ? bind(this.scope, st.args[0] as Sym, st.args[1]!)
          : { ...this.scope, indexConditions: [...this.scope.indexConditions, rel(st.ops, st.args) as Rel] };
        this.bindingPara = seg.para;
        break;
      }
      case 'define':
      case 'branch': {
        const written = st.args[0]!;
        if (written.kind === 'apply' && typeof written.fn === 'string' && ctx.lhs.kind === 'apply' && typeof ctx.lhs.fn !== 'string') {
          this.scope = override(this.scope, written.fn, { head: ctx.lhs.fn, arity: ctx.lhs.args.length });
        }
        const valueLatex = sides[1]!.latex;
        const defined = this.defineAs(ctx.lhs, st.args[1]!, sides[0]!.pos.line, seg.latex.slice(st.argSpans[0]!.start, st.argSpans[0]!.end).trim(), valueLatex, this.conditions, rule.effect === 'branch');
        if (defined) this.sentenceDefs.add(definable(ctx.lhs)!);
        if (defined && ctx.lhs.kind === 'sym' && closedValue(st.args[1]!) !== null) this.sentenceValues.add(ctx.lhs);
        if (defined && POST_DEFINITION.test(ctx.cue)) this.defineBackwards(definable(ctx.lhs)!);
        if (definable(ctx.lhs)?.sub !== undefined) this.noteIndexed(definable(ctx.lhs)!, seg.para);
        // `\hat{y} = a^{[2]} = \sigma(z^{[2]})`: a name nothing defines in the middle of the chain is defined too.
        let from = 1;
        while (defined && from + 1 < sides.length && st.ops[from] === '=' && this.definesToo(st.args[from]!)) {
          this.defineAs(st.args[from]!, st.args[from + 1]!, sides[from]!.pos.line, sides[from]!.latex, sides[from + 1]!.latex, this.conditions);
          from++;
        }
        this.chainSteps(sides, st.ops, from, stepScope());
        this.chain = { first: sides[0]!, last: sides[sides.length - 1]! };
        break;
      }
      case 'gradient': {
        const name = ctx.lhs as Sym;
        const v = gradientVariable(name)!;
        const loss = lossFor(this.scope, v)!;
        const first = st.args[1]!;
        const named = first.kind === 'deriv' && first.body === loss && first.wrt.length === 1 && first.wrt[0] === v;
        const value = named ? first : deriv(loss, [v], true);
        this.scope = define(this.scope, name, value, { line: sides[0]!.pos.line, latex: toLatex(value) });
        this.definitions.push({ line: sides[0]!.pos.line, symbol: symLatex(name), latex: toLatex(value) });
        this.chainSteps(sides, st.ops, named ? 1 : 0, stepScope());
        this.chain = { first: sides[0]!, last: sides[sides.length - 1]! };
        break;
      }
      case 'implicit': {
        const [a, b] = st.args as [Expr & { kind: 'deriv' }, Expr & { kind: 'deriv' }];
        const s = a.body as Sym;
        this.scope = define(this.scope, s, b.body, { line: sides[0]!.pos.line, latex: toLatex(b.body) });
        this.definitions.push({ line: sides[0]!.pos.line, symbol: symLatex(s), latex: toLatex(b.body) });
        this.chainSteps(sides, st.ops, 0, stepScope());
        this.chain = { first: sides[0]!, last: sides[sides.length - 1]! };
        break;
      }
      case 'claim': {
        this.alias(sides[0]!.expr);
        const s = definable(ctx.lhs);
        const origin = s !== null ? this.scope.origins.get(s) : undefined;
        const context = origin !== undefined ? `${symLatex(s!)} was defined as ${origin.latex} on line ${origin.line}` : undefined;
        this.chainSteps(sides, st.ops, 0, stepScope(), context);
        this.chain = { first: sides[0]!, last: sides[sides.length - 1]! };
        this.reexpress(s, st);
        break;
      }
    }
    this.labels(sides);
    this.trail(seg, st, sides, o);
  }

  /** A relation-free clause: an expression that starts a chain, or a line left dangling. */
  private expression(seg: MathSegment, st: Statement, sides: StepSide[], o: { joins: boolean; textAfter: boolean; reading: (role: Reading['role'], rule: string, reason: string) => void }): void {
    if (o.joins) {
      const d = this.dangling!;
      this.dangling = null;
      this.push({ op: d.op, lhs: d.side, rhs: sides[0]!, scope: withConditions(this.scope, this.conditions) });
      this.chain = { first: d.chain.first, last: sides[0]! };
      o.reading('claim', 'continuation', 'completes the line left open before it');
      this.trail(seg, st, sides, o);
      return;
    }
    // A plain-text line (`d/dz 1/(1+e^(-z))` before `= …` lines) starts a chain as display math does.
    if (seg.kind === 'inline' && seg.plain !== true) return;
    this.chain = { first: sides[0]!, last: sides[0]! };
    if (st.trail === null) o.reading('expression', 'expression', 'an expression: the next block may continue it with a relation');
    this.trail(seg, st, sides, o);
  }

  /**
   * "The derivative of $\tanh x$ is $1 - \tanh^2 x$", "its derivative is $3x^2$": an expression
   * the words before it call the derivative of a function is a claim about that derivative. The
   * function is the span the words name, or for "its"/"the derivative" the left side of the
   * last equation of the section; the variable is the one the words name or the function's only one.
   */
  private proseDerivative(seg: MathSegment, written: StepSide, reading: (role: Reading['role'], rule: string, reason: string) => void): boolean {
    let value = written;
    // A lone name is a value only where the words say whose derivative it is ("… we get $x$").
    const lone = value.expr.kind === 'sym';
    if (containsDeriv(value.expr)) return false;
    const sentence = seg.kind === 'inline' ? seg.sentence : (seg.prose.split(SENTENCE_BREAK).pop() ?? '');
    const count = seg.kind === 'inline' ? sentence.split('$').length - 1 : 0;
    const before = this.items.slice(this.items.length - count);
    let n = 0;
    const template = seg.kind === 'inline' ? sentence.replace(/\$/g, () => `{${n++}}`) : sentence;
    const phrase = derivativePhrase(template);
    if (lone && (phrase === null || phrase.of === null)) return false;
    // "…, which is $0$ at $x = 0$": the value holds at a point (bound for the step), or somewhere the step cannot say.
    const point = this.qualifier(seg);
    if (point === 'elsewhere') return false;
    const scope = (): Scope => {
      const s = withConditions(this.scope, [...this.conditions, ...this.trailingConditions(seg, this.next)]);
      return point === null ? s : bind(s, point.at, point.value);
    };
    // "Then $\sigma'(0)$ is $\frac14$": a derivative written as math, then its value.
    const stated = phrase === null ? valuePhrase(template) : null;
    const derivative = stated === null ? null : before[stated]?.side ?? null;
    // "$\sigma(0)$ equals $1$": the value of a function at numbers, too.
    const atNumbers = (e: Expr): boolean => e.kind === 'apply' && e.args.every((a) => freeSet(a).size === 0);
    if (derivative !== null && (writesDerivative(derivative.expr) || atNumbers(derivative.expr))) {
      this.push({ op: '=', lhs: derivative, rhs: value, scope: scope() });
      reading('claim', 'prose-value', `the words before it say it is the value of ${derivative.latex}`);
      return true;
    }
    // "$\tanh'(x) = 1 - \tanh^2 x$, and at $0$ it is $1$": that value at a number.
    const pointed = phrase === null ? pointPhrase(template) : null;
    const there = pointed === null ? null : this.valueAt(before[pointed.of], before[pointed.at]);
    if (there !== null) {
      this.push({ op: '=', lhs: there, rhs: value, scope: scope() });
      reading('claim', 'prose-again', `the words before it say it is ${there.latex}`);
      return true;
    }
    // "$f(x) = \ldots$, which simplifies to $\ldots$": the same value written again.
    const again = phrase === null ? againPhrase(template) : null;
    const restated = again === null ? null : before[again]?.last ?? null;
    if (restated !== null && before[again!]?.kind !== 'other') {
      this.push({ op: '=', lhs: restated, rhs: value, scope: scope() });
      reading('claim', 'prose-again', `the words before it say it is ${restated.latex} written again`);
      return true;
    }
    // `| $\partial L/\partial w$ | $2(\hat{y} - y)x$ |`: a row that writes a derivative, then its value.
    const rowDerivative = phrase === null && !lone ? this.rowDerivative(seg) : null;
    if (rowDerivative !== null) {
      this.push({ op: '=', lhs: rowDerivative, rhs: value, scope: scope() });
      reading('claim', 'table-value', `its row says it is ${rowDerivative.latex}`);
      return true;
    }
    // `| $x$ | $\sigma(x)$ |` over `| $2$ | $0.88$ |`: the column's function at the row's value.
    const atRow = phrase === null && !lone ? this.rowPoint(seg) : null;
    if (atRow !== null) {
      this.push({ op: '=', lhs: atRow, rhs: value, scope: scope() });
      reading('claim', 'table-point', `its column says it is ${atRow.latex}`);
      return true;
    }
    const inTable = phrase === null ? this.tableDerivative(seg) : null;
    const said = phrase ?? (inTable === null ? null : { order: 1, of: null, wrt: null });
    if (said === null) return false;
    const named = inTable ?? (said.of === null ? this.lastDefined(seg.section) : before[said.of] ?? null);
    if (named === null || named.side === null) return false;
    const wrt = said.wrt === null ? null : before[said.wrt]?.side?.expr ?? null;
    const f = this.asFunction(named.side.expr);
    const vars = wrt === null ? [...(variablesIn(f, this.scope) ?? [])] : [wrt];
    if (vars.length !== 1 || vars[0]!.kind !== 'sym') return false;
    const v = vars[0] as Sym;
    // `| $\frac{1}{1+e^{-x}}$ | $f(x)(1 - f(x))$ |` under `$f(x)$ | $f'(x)$`: the f of a cell is the row's function.
    if (inTable !== null) value = { ...value, expr: this.asRowFunction(value.expr, f, v) };
    const d = said.order === 1 ? `\\frac{d}{d${symLatex(v)}}` : `\\frac{d^{${said.order}}}{d${symLatex(v)}^{${said.order}}}`;
    // "the slope of $\sigma$ at $0$ is": the derivative at a point the words name, a number or `x = 0`.
    const where = said.at === undefined ? null : before[said.at] ?? null;
    const p = where === null ? null : where.kind === 'equation' && where.side?.expr === v ? where.last : where.kind === 'expression' ? where.side : null;
    if (where !== null && (p === null || closedValue(p.expr) === null)) return false;
    const slope = deriv(f, Array<Sym>(said.order).fill(v), false);
    const asWritten = `${d}\\left(${named.side.latex}\\right)`;
    const lhs = p === null ? { expr: slope, latex: asWritten, pos: named.side.pos } : evaluatedAt(slope, asWritten, v, p, named.side.pos);
    this.push({ op: '=', lhs, rhs: value, scope: scope() });
    const why = inTable === null ? 'the words before it say' : 'its column says';
    reading('claim', inTable === null ? 'prose-derivative' : 'table-derivative', `${why} it is the derivative of ${named.side.latex}`);
    return true;
  }

  /** The last member of a span's math at a number another span gives, when it has one variable. */
  private valueAt(of: MathItem | undefined, point: MathItem | undefined): StepSide | null {
    // The point: a number (`at $0$`), or a variable given one (`at $x = 3$`).
    const named = point?.kind === 'equation' && point.side?.expr.kind === 'sym' ? point.side.expr : null;
    const p = point?.kind === 'expression' || named !== null ? point!.last : null;
    const f = of === undefined || of.kind === 'other' ? null : of.last;
    if (f === null || p === null || closedValue(p.expr) === null) return null;
    const v = named ?? onlyVariable([...(variablesIn(f.expr, this.scope) ?? [])]);
    return v === null ? null : evaluatedAt(f.expr, f.latex, v, p, f.pos);
  }

  /** The derivative written in the cell right before this one in its table row, if that is what it holds. */
  private rowDerivative(seg: MathSegment): StepSide | null {
    const cell = seg.cell;
    if (cell === undefined || cell.row === 0) return null;
    const before = this.items.filter((it) => it.cell !== undefined && it.cell.table === cell.table && it.cell.row === cell.row && it.cell.column < cell.column);
    const last = before[before.length - 1];
    return last?.kind === 'expression' && last.side !== null && last.side.expr.kind === 'deriv' ? last.side : null;
  }

  /**
   * A cell in a table column headed as a derivative (`derivative`, `f'(x)`, `d/dx`): the derivative
   * of the math in the same row's function column (`function`, `activation`, `f(x)`), or of the
   * nearest math to its left.
   */
  private tableDerivative(seg: MathSegment): MathItem | null {
    const cell = seg.cell;
    if (cell === undefined || cell.row === 0 || !DERIVATIVE_HEADER.test(cell.header)) return null;
    const row = this.items.filter((it) => it.cell !== undefined && it.cell.table === cell.table && it.cell.row === cell.row
      && it.cell.column < cell.column && !DERIVATIVE_HEADER.test(it.cell.header) && it.side !== null && !writesDerivative(it.side.expr));
    return row.find((it) => FUNCTION_HEADER.test(it.cell!.header)) ?? row[row.length - 1] ?? null;
  }

  /**
   * A number in a table column headed by math in one variable (`$\sigma(x)$`, `$\tanh'(x)$`), in a
   * row whose column headed by that variable (`$x$`) holds a number: the header there.
   */
  private rowPoint(seg: MathSegment): StepSide | null {
    const cell = seg.cell;
    const header = cell === undefined || cell.row === 0 ? null : /^\$([^$]+)\$$/.exec(cell.header.trim());
    const written = header === null ? null : parse(header[1]!, { functions: this.scope.functionNames });
    if (!written?.ok || closedValue(written.value) !== null) return null;
    const v = onlyVariable([...freeSet(written.value)]);
    if (v === null || written.value === v) return null;
    const point = this.items.find((it) => it.cell !== undefined && it.cell.table === cell!.table && it.cell.row === cell!.row
      && it.cell.header.trim() === `$${symLatex(v)}$` && it.kind === 'expression' && it.side !== null && closedValue(it.side.expr) !== null);
    if (point === undefined) return null;
    return evaluatedAt(written.value, header![1]!.trim(), v, point.side!, point.side!.pos);
  }

  /**
   * Words after a value that say where it holds: "at $x = 0$" gives the point (a binding for the
   * step); "near $0$", "as $x \to \infty$" a region the step cannot check (`elsewhere`); none, null.
   */
  private qualifier(seg: MathSegment): { at: Sym; value: Expr } | 'elsewhere' | null {
    const next = this.next;
    if (seg.kind !== 'inline' || next === undefined || next.kind !== 'inline' || next.para !== seg.para || !QUALIFIER.test(next.lead.trim())) return null;
    const r = readClauses(next.latex);
    const st = r.ok && r.value.length === 1 && r.value[0]!.kind === 'statement' ? r.value[0]!.statement : null;
    const [s, v] = st !== null && st.ops.length === 1 && st.ops[0] === '=' ? st.args : [];
    if (/(?:^|\s)at$/i.test(next.lead.trim()) && s?.kind === 'sym' && v !== undefined && closedValue(v) !== null) return { at: s, value: v };
    return 'elsewhere';
  }

  /** Applications of the one function the notes never define in a table cell (`f(x)`), read as the row's function there. */
  private asRowFunction(e: Expr, f: Expr, v: Sym): Expr {
    const heads = new Set<Sym>();
    transform(e, (x) => {
      if (x.kind === 'apply' && typeof x.fn !== 'string' && x.primes === 0 && x.args.length === 1 && !this.scope.functions.has(x.fn)) heads.add(x.fn);
      return x;
    });
    if (heads.size !== 1) return e;
    const [h] = heads;
    return transform(e, (x) => (x.kind === 'apply' && x.fn === h && x.primes === 0 && x.args.length === 1 ? substitute(f, new Map([[v, x.args[0]!]])) : x));
  }

  /** The left side of the section's last equation that is a function's (not itself a derivative), for "its derivative". */
  private lastDefined(section: number): MathItem | null {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const it = this.items[i]!;
      if (it.section !== section) return null;
      if (it.kind === 'equation' && it.side !== null && !containsDeriv(it.side.expr) && (it.side.expr.kind === 'apply' || it.side.expr.kind === 'sym')) return it;
    }
    return null;
  }

  /** A bare function name as the function at its variable: σ is σ(z), g is g(t) after `g(t) = …`. */
  private asFunction(e: Expr): Expr {
    if (e.kind !== 'sym') return e;
    const f = this.scope.functions.get(e);
    if (f !== undefined) return apply(e, f.params);
    if (e.name === 'sigma' && e.sub === undefined && e.layer === undefined && e.accent === undefined && !this.scope.defs.has(e)) return apply('sigmoid', [sym('z')]);
    return e;
  }

  /** A relation left dangling at the end of a display block waits for the next block. */
  private trail(seg: MathSegment, st: Statement, sides: StepSide[], o: { textAfter: boolean; reading: (role: Reading['role'], rule: string, reason: string) => void }): void {
    if (st.trail === null) return;
    if (o.textAfter) return; // `= \text{a straight line}`: the prose after it is a remark
    if (seg.kind === 'inline') {
      o.reading('remark', 'unfinished', `an unfinished line (ends with ${st.trail})`);
      return;
    }
    const chain = this.chain !== null && this.chain !== 'broken' ? this.chain : { first: sides[0]!, last: sides[sides.length - 1]! };
    const span = this.spans[this.spans.length - 1]!;
    this.dangling = { side: sides[sides.length - 1]!, op: st.trail, chain, reading: span.readings, at: seg.start.line };
  }

  /** The next display block decides a dangling relation: continued, or an unfinished line. */
  private settleDangling(joins: boolean): void {
    if (!joins) this.unfinished();
  }

  private unfinished(): void {
    const d = this.dangling;
    if (d === null) return;
    this.dangling = null;
    d.reading.push({ line: d.side.pos.line, column: d.side.pos.column, latex: `${d.side.latex} ${d.op}`, role: 'remark', rule: 'unfinished', reason: `an unfinished line (ends with ${d.op}): nothing after it continues it` });
  }

  private sides(seg: MathSegment, st: Statement): StepSide[] {
    return st.args.map((expr, i) => {
      const span = st.argSpans[i]!;
      const start = withSizing(seg.latex, span.start);
      const at = seg.pos(start);
      const latex = this.casesLatex.get(expr) ?? seg.latex.slice(start, span.end).trim();
      return { expr: gradientNamesIn(expr, this.scope), latex, pos: { line: at.line, column: at.column } };
    });
  }

  private chainSteps(sides: readonly StepSide[], ops: readonly RelOp[], from: number, scope: Scope, context?: string): void {
    for (let i = from; i < ops.length; i++) {
      this.push({ op: ops[i]!, lhs: sides[i]!, rhs: sides[i + 1]!, scope, ...(context !== undefined && i === 0 ? { context } : {}) });
    }
    // `net = … = 0.3775`: the worked example's value of the name the chain starts with.
    const first = sides[0]!.expr;
    const last = sides[sides.length - 1]!.expr;
    if (ops.length > 0 && ops.every((op) => op === '=' || op === '≈') && first.kind === 'sym' && closedValue(last) !== null
      && this.unboundLeaves(first, scope).length > 0) this.example(first, last);
  }

  /**
   * "Break it up into $q = x + y$ and $f = qz$": a defined name written again in names the same
   * sentence defines is judged as a claim, and from then on it is that form, so ∂f/∂q means what
   * backpropagation means by it (z), not 0.
   */
  private reexpress(s: Sym | null, st: Statement): void {
    if (s === null || st.ops.length !== 1 || st.ops[0] !== '=' || !this.scope.defs.has(s)) return;
    const value = st.args[1]!;
    const fresh = [...freeSet(value)].filter((q) => this.sentenceDefs.has(q) && q !== s);
    if (fresh.length === 0 || mentionsName(value, s)) return;
    const origin = this.scope.origins.get(s);
    this.scope = define(this.scope, s, value, origin);
  }

  /**
   * A definition written after the math that uses it, in the same sentence ("$$\frac{\partial L}{\partial w}
   * = \delta x$$ where $\delta = a - y$", "… with $e = a - y$"): the steps of that sentence that use
   * the name without a definition take this one.
   */
  private defineBackwards(s: Sym): void {
    for (let i = this.steps.length - 1; i >= 0 && this.stepSentences[i] === this.sentence; i--) {
      const step = this.steps[i]!;
      if (step.scope.defs.has(s) || step.scope.functions.has(s)) continue;
      const patched = shadowE({ ...step, scope: this.withDefinitionsOf(step.scope, [s]) });
      // `p_j` uses `p = \operatorname{softmax}(\mathbf{z})` as its entry.
      const entry = (x: Sym): boolean => s.sub === undefined && x.sub !== undefined && x.name === s.name && x.layer === s.layer && x.accent === s.accent;
      const uses = [patched.lhs.expr, patched.rhs.expr].some((e) => freeSet(e).has(s) || [...freeSet(e)].some(entry) || mentionsHead(e, s));
      if (uses) this.steps[i] = patched;
    }
    // A rule in names the sentence has now all defined is a claim about them.
    const defined = (x: Sym): boolean => this.scope.defs.has(x) || this.scope.functions.has(x);
    for (const p of this.pendingRules.filter((r) => r.sentence === this.sentence && r.names.has(s) && [...r.names].every(defined))) {
      this.pendingRules = this.pendingRules.filter((r) => r !== p);
      const was = p.readings[p.at]!;
      p.readings[p.at] = { ...was, role: 'claim', rule: 'defined-after', reason: `a step to check: the sentence defines ${[...p.names].map(symLatex).join(', ')} after it` };
      for (const step of p.steps) {
        this.steps.push(shadowE({ ...step, scope: this.withDefinitionsOf(step.scope, [...p.names]) }));
        this.stepSentences.push(this.sentence);
      }
    }
  }

  /** A step's scope with the definitions the notes now give `names` (a function, a value or both). */
  private withDefinitionsOf(given: Scope, names: readonly Sym[]): Scope {
    let scope = given;
    for (const x of names) {
      const fn = this.scope.functions.get(x);
      const value = this.scope.defs.get(x);
      if (fn !== undefined) scope = { ...scope, functions: new Map([...scope.functions, [x, fn]]) };
      if (value !== undefined) scope = { ...scope, defs: new Map([...scope.defs, [x, value]]) };
    }
    return scope;
  }

  /**
   * "$\tanh(x) = 0$ at $x = 0$": a point given right after inline math, in the same sentence,
   * holds for the steps of the math just before it that use the name and give it no value.
   */
  private bindBackwards(s: Sym, value: Expr): void {
    const before = this.spans[this.spans.length - 2];
    if (before === undefined || before.kind !== 'inline') return;
    for (let i = this.steps.length - 1; i >= 0 && this.stepSentences[i] === this.sentence; i--) {
      const step = this.steps[i]!;
      if (step.rhs.pos.line < before.line || (step.rhs.pos.line === before.line && step.rhs.pos.column < before.column)) break;
      if (step.scope.bindings.has(s) || ![step.lhs.expr, step.rhs.expr].some((e) => freeSet(e).has(s))) continue;
      this.steps[i] = { ...step, scope: bind(step.scope, s, value) };
    }
  }

  /**
   * A step, unless it states a value of the worked example that the math does not give the
   * numbers for (`net_{h1} = 0.15 \cdot 0.05 + 0.35`, the weights given only in a figure): such a
   * step is read, not judged. The example's values found so far (`net_{h1} = … = 0.3775`) are put
   * in first, so `\frac{1}{1+e^{-net_{h1}}} = \frac{1}{1+e^{-0.3775}}` is judged.
   */
  private push(written: Step): void {
    const step = shadowE(written);
    this.stepSentences[this.steps.length] = this.sentence;
    for (const side of [step.lhs, step.rhs]) for (const s of freeSet(side.expr)) if (!step.scope.defs.has(s)) this.seen.add(s);
    const [l, r] = [closedValue(step.lhs.expr), closedValue(step.rhs.expr)];
    if ((l === null) === (r === null) || (step.op !== '=' && step.op !== '≈')) {
      this.steps.push(step);
      return;
    }
    const open = l === null ? step.lhs : step.rhs;
    const closed = l === null ? step.rhs : step.lhs;
    // A worked example's values are decimals; `r'(x) = 1` for x > 0 is a claim about every x.
    if (!/\d\.\d|(?<![\d.])\.\d/.test(closed.latex)) {
      this.steps.push(step);
      return;
    }
    if (this.unboundLeaves(open.expr, step.scope).length === 0) {
      this.steps.push(step);
      return;
    }
    const examples = this.scope.examples;
    const given = examples.size === 0 ? open.expr : substitute(open.expr, examples as ReadonlyMap<Expr, Expr>);
    const missing = this.unboundLeaves(given, step.scope);
    // `h'(x) = 0.2` for $|x| < 2.5$: a condition on what is missing makes it a claim over a region.
    const region = this.conditions.some((c) => missing.some((s) => freeSet(c).has(s)));
    if (missing.length === 0 || region) {
      const side = { ...open, expr: given };
      this.steps.push(l === null ? { ...step, lhs: side } : { ...step, rhs: side });
      return;
    }
    if (open.expr.kind === 'sym') this.example(open.expr, closed.expr);
    const span = this.spans[this.spans.length - 1]!;
    span.readings.push({
      line: step.rhs.pos.line, column: step.rhs.pos.column, latex: `${step.lhs.latex} ${step.op} ${step.rhs.latex}`, role: 'binding', rule: 'example-value',
      reason: `a value of the worked example: the math does not give ${missing.slice(0, 3).map(symLatex).join(', ')}${missing.length > 3 ? ', …' : ''}`,
    });
  }

  /** The symbols an expression comes down to through the definitions in scope that have no value. */
  private unboundLeaves(e: Expr, scope: Scope): Sym[] {
    const out: Sym[] = [];
    const seen = new Set<Sym>();
    const visit = (x: Expr): void => {
      for (const s of freeSet(x)) {
        if (seen.has(s)) continue;
        seen.add(s);
        const def = scope.defs.get(s);
        if (def !== undefined) visit(def);
        else if (!scope.bindings.has(s)) out.push(s);
      }
    };
    visit(e);
    return out;
  }

  private example(s: Sym, value: Expr): void {
    this.scope = { ...this.scope, examples: new Map([...this.scope.examples, [s, value]]) };
  }

  /** What a bare operator (`\frac{d^2}{dt^2} = 0`) applies to: the function the chain before it is about. */
  private operand(): Expr | null {
    if (this.chain === null || this.chain === 'broken') return null;
    let e = this.chain.first.expr;
    while (e.kind === 'deriv') e = e.body;
    return usesOperand(e) ? null : e;
  }

  // -------------------------------------------------------------------------------------------
  // Definitions

  /**
   * `lhs = value` as a definition of a symbol or a function (`f(x, y) = …`). A condition beside
   * it becomes its domain; as a branch, it adds a piece to the symbol defined so far.
   * Returns whether it defined anything.
   */
  private defineAs(lhs: Expr, value: Expr, line: number, lhsLatex: string, valueLatex: string, conditions: readonly Rel[], branch = false): boolean {
    const s = definable(lhs);
    if (s === null) return false;
    // `f = \tanh`, `h = \sigma`: a name given a function of the table is that function, at the
    // variable a bare σ is at (so f(2x), h'(0) and \frac{dh}{dz} all read).
    const named = lhs.kind === 'sym' && lhs.sub === undefined ? tableFunction(value) : null;
    if (named !== null && lhs.kind === 'sym') return this.defineAs(apply(lhs, [BARE_SIGMA_AT]), apply(named, [BARE_SIGMA_AT]), line, `${lhsLatex}(z)`, valueLatex, conditions, branch);
    const origin = { line, latex: valueLatex };
    if (lhs.kind === 'apply') {
      const params = lhs.args as Sym[];
      // A condition on a parameter is where the function is defined (ELU's piece, for z ≤ 0); one
      // on another name (`f(z) = \max(\alpha z, z)` for 0 < α < 1) is an assumption about that name.
      const onParams = conditions.filter((c) => [...freeSet(c)].some((x) => params.includes(x)));
      for (const c of conditions) if (!onParams.includes(c)) this.scope = assumeLocal(this.scope, c) ?? this.scope;
      const body = onParams.reduceRight<Expr>((inner, cond) => piecewise([{ value: inner, cond }]), value);
      const wasFunction = this.scope.functions.has(s);
      this.scope = defineFunction(this.scope, s, { params, body }, lhsLatex.split('(')[0]!.replace(/\s+/g, ''), origin);
      // The bare head then means the function at its parameters: `\frac{dg}{dz}` after `g(z) = …`
      // (also when a function of that name came before, whatever form it was given since).
      if (!this.scope.defs.has(s) || wasFunction) this.scope = define(this.scope, s, apply(s, params));
      this.definitions.push({ line, symbol: lhsLatex, latex: valueLatex });
      return true;
    }
    if (branch) {
      const old = this.scope.defs.get(s)!;
      const oldDomain = this.scope.domains.get(s) ?? [];
      const pieces = old.kind === 'piecewise' && oldDomain[0] === old ? old.pieces : [{ value: old, cond: oldDomain[0] ?? null }];
      const joined = piecewise([...pieces, { value, cond: conditions[0] ?? null }]);
      this.scope = define(this.scope, s, joined, origin, [joined]);
    } else this.scope = define(this.scope, s, value, origin, conditions);
    this.definitions.push({ line, symbol: symLatex(s), latex: valueLatex });
    return true;
  }

  /**
   * "$f(x) = x$ for $x > 0$, $\alpha(e^x - 1)$ for $x \le 0$", "… if $x > 0$, else $0$", "… and $0$
   * otherwise": after an equation and its condition, expressions each followed by a condition (or
   * said to hold *else*) in the same sentence are the other pieces of its right side. Returns the
   * equation with the pieces as its right side, and marks their spans as read.
   */
  private proseCases(seg: MathSegment, statements: readonly (Clause & { kind: 'statement' })[], first: Rel, options: ClauseOptions): { of: Clause; clause: Clause & { kind: 'statement' } } | null {
    const [c] = statements;
    const st = c?.statement;
    // An equation `f(x) = …`, or an expression the words give ("its derivative is $1$ for $x > 0$, …").
    if (c === undefined || st === undefined || statements.length !== 1 || st.lead !== null || !(st.ops.length === 0 || (st.ops.length === 1 && st.ops[0] === '='))) return null;
    const at = st.ops.length;
    const segments = this.doc.segments;
    const inSentence = (k: number): MathSegment | undefined => {
      const x = segments[k];
      return x?.kind === 'inline' && x.para === seg.para ? x : undefined;
    };
    const only = (latex: string): Statement | null => {
      const r = readClauses(latex, options);
      const one = r.ok && r.value.length === 1 ? r.value[0]! : null;
      return one?.kind === 'statement' && one.statement.lead === null && one.statement.trail === null ? one.statement : null;
    };
    // A piece is an expression, or in a definition the same left side again with its value
    // (", and $g(t) = -t^2$ otherwise"); claims so written are claims of their own.
    const defines = at === 1 && this.effectOf(seg, c) === 'define';
    const valueOf = (p: MathSegment): { value: Expr; latex: string } | null => {
      const x = only(p.latex);
      if (x === null) return null;
      if (x.ops.length === 0) return { value: x.args[0]!, latex: p.latex };
      const same = defines && x.ops.length === 1 && x.ops[0] === '=' && x.args[0] === st.args[0];
      return same ? { value: x.args[1]!, latex: p.latex.slice(x.argSpans[1]!.start, x.argSpans[1]!.end).trim() } : null;
    };
    const pieces: Piece[] = [{ value: st.args[at]!, cond: first }];
    const written = [`${seg.latex.slice(st.argSpans[at]!.start, st.argSpans[at]!.end).trim()} & ${segments[this.index + 1]!.latex}`];
    const read = new Map<MathSegment, 'value' | 'condition'>();
    for (let k = this.index + 2; ;) {
      const p = inSentence(k);
      const otherwise = p !== undefined && (ELSE_BEFORE.test(p.lead) || (PIECE_BEFORE.test(p.lead) && ELSE_AFTER.test(p.trail)));
      const piece = p !== undefined && (otherwise || PIECE_BEFORE.test(p.lead)) ? valueOf(p) : null;
      if (p === undefined || piece === null) break;
      if (otherwise) {
        pieces.push({ value: piece.value, cond: null });
        written.push(`${piece.latex} & \\text{otherwise}`);
        read.set(p, 'value');
        break;
      }
      const q = inSentence(k + 1);
      const cond = q !== undefined && TRAILING_CONDITION.test(q.lead) ? only(q.latex) : null;
      if (q === undefined || cond === null || !(isConditionShape(cond) || (isInequality(cond) && CONDITION_WORD.test(q.lead)))) break;
      pieces.push({ value: piece.value, cond: rel(cond.ops, cond.args) as Rel });
      written.push(`${piece.latex} & ${q.latex}`);
      read.set(p, 'value').set(q, 'condition');
      k += 2;
    }
    if (read.size === 0) return null;
    for (const [x, what] of read) this.pieces.set(x, what);
    const value = piecewise(pieces);
    this.casesLatex.set(value, `\\begin{cases} ${written.join(' \\\\ ')} \\end{cases}`);
    return { of: c, clause: { ...c, statement: { ...st, args: st.args.map((x, i) => (i === at ? value : x)) } } };
  }

  /**
   * `\sigma^2 = \frac{1}{m}\sum_i (x_i - \mu)^2`: a square on the left of an equation that
   * defines a name nothing defines yet (a variance) defines the name as the root of the right
   * side, so σ is the standard deviation there and ∂σ²/∂x_j reads. A claim about a defined name
   * is left as written (x² = 4 does not say x = 2).
   */
  private squareDefined(seg: MathSegment, c: Clause & { kind: 'statement' }): (Clause & { kind: 'statement' }) | null {
    const st = c.statement;
    const [left, right] = st.args;
    const base = left?.kind === 'pow' && left.exp === TWO && left.base.kind === 'sym' && left.base.sub === undefined && left.base.primes === 0 ? left.base : null;
    if (base === null || right === undefined || st.ops.length !== 1 || st.ops[0] !== '=' || st.lead !== null) return null;
    if (this.scope.defs.has(base) || this.scope.bindings.has(base) || freeSet(right).has(base)) return null;
    const root = pow(right, HALF);
    this.casesLatex.set(root, `\\sqrt{${seg.latex.slice(st.argSpans[1]!.start, st.argSpans[1]!.end).trim()}}`);
    return { ...c, statement: { ...st, args: [base, root] } };
  }

  /**
   * The conditions that lead into this math ("for $x > 0$: …"), while their sentence lasts
   * (display math right after it included), and for display math that goes on with the chain
   * the last math under them wrote (`$$= \operatorname{ELU}(z) + \alpha$$` after some prose).
   */
  private leadingConditions(seg: MathSegment): readonly Rel[] {
    const l = this.leading;
    if (l === null) return [];
    const inSentence = l.para === seg.para && (seg.kind === 'display' || seg.sentence.startsWith(l.prefix));
    const first = this.chain !== null && this.chain !== 'broken' ? this.chain.first.pos.line : -1;
    const goesOn = seg.kind === 'display' && CONTINUES.test(seg.latex) && first >= l.from && first <= l.to;
    if (!inSentence && !goesOn) return [];
    this.leading = { ...l, to: seg.pos(seg.latex.length).line };
    return l.rels;
  }

  /** A plain name with no definition, binding or use as a variable so far: one more name a chain of definitions gives. */
  private definesToo(e: Expr): boolean {
    return e.kind === 'sym' && e.primes === 0 && !this.scope.defs.has(e) && !this.scope.functions.has(e) && !this.scope.bindings.has(e) && !this.seen.has(e);
  }

  private noteIndexed(s: Sym, para: number): void {
    if (this.indexed.para !== para) this.indexed = { para, syms: [] };
    this.indexed.syms.push(s);
  }

  /** `for $k = 1, 2$` after `p_k = …`: p_1 and p_2 with k replaced in every subscript. */
  private instantiate(k: Sym, values: readonly Expr[], para: number, line: number): void {
    const owners = this.indexed.para === para ? this.indexed.syms : [];
    for (const p of owners) {
      const value = this.scope.defs.get(p);
      if (value === undefined || p.sub === undefined || !p.sub.split(',').includes(k.name)) continue;
      for (const v of values) {
        const label = toLatex(v);
        const rename = (s: Sym): Sym => (s.sub === undefined ? s : sym(s.name, { sub: s.sub.split(',').map((x) => (x === k.name ? label : x)).join(','), layer: s.layer, accent: s.accent, primes: s.primes }));
        const instance = transform(value, (x) => (x === k ? v : x.kind === 'sym' ? rename(x) : x));
        const name = rename(p);
        this.scope = define(this.scope, name, instance, { line, latex: toLatex(instance) });
        this.definitions.push({ line, symbol: symLatex(name), latex: toLatex(instance) });
      }
    }
  }

  /** `\underbrace{3k}_{p}` names its body: p = 3k (when p is not defined yet). */
  private labels(sides: readonly StepSide[]): void {
    for (const side of sides) {
      transform(side.expr, (x) => {
        if (x.kind !== 'note' || (x.note !== 'underbrace' && x.note !== 'overbrace') || x.text === '') return x;
        const r = parse(x.text);
        if (!r.ok || r.value.kind !== 'sym' || this.scope.defs.has(r.value)) return x;
        const body = stripNotes(x.body);
        this.scope = define(this.scope, r.value, body, { line: side.pos.line, latex: toLatex(body) });
        this.definitions.push({ line: side.pos.line, symbol: symLatex(r.value), latex: toLatex(body) });
        const span = this.spans[this.spans.length - 1]!;
        span.readings.push({ line: side.pos.line, column: side.pos.column, latex: `\\${x.note}{…}_{${x.text}}`, role: 'definition', rule: 'underbrace', reason: `the ${x.note} names ${symLatex(r.value)} = ${toLatex(body)}` });
        return x;
      });
    }
  }

  /** `\sigma(z) = …` at the start of a chain: a bare σ later means σ(z). */
  private alias(lhs: Expr): void {
    if (lhs.kind !== 'apply' || lhs.fn !== 'sigmoid' || lhs.primes > 0) return;
    const arg = lhs.args[0];
    const bare = sym('sigma');
    if (arg?.kind === 'sym' && !this.scope.defs.has(bare)) this.scope = define(this.scope, bare, lhs);
  }
}

const usesOperand = (e: Expr): boolean => {
  let found = false;
  transform(e, (x) => {
    if (x === OPERAND) found = true;
    return x;
  });
  return found;
};

/** The prose of a definition that names something the math before it used ("where", "with", "here"). */
const POST_DEFINITION = /^\W*(where|with|here|in which)\b/;

/**
 * The word that gives a point for the math right before it: "$\tanh(x) = 0$ at $x = 0$". Not
 * "…, largest at $x = 0$": that says where something else happens, and the identity before it
 * should still be checked everywhere.
 */
const POINT_AFTER = /^at$/i;

/** The brackets `(`, `[` and `{` left open at the end of `latex`, closed in order (`\left(` … too), or '' when none is or they cannot be told. */
function missingClosers(latex: string): string {
  const pairs: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
  const open: string[] = [];
  for (let i = 0; i < latex.length; i++) {
    const c = latex[i]!;
    // `\{`, `\}` and other escaped characters are not brackets of the math's structure.
    if (c === '\\') { i++; continue; }
    if (pairs[c] !== undefined) open.push(pairs[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (open.pop() !== c) return '';
    }
  }
  return open.length === 0 || open.length > 3 ? '' : open.reverse().join('');
}

/** Parse errors that name well-written notation deriv does not read (a warning), not a mistake (an error). */
const NOT_READ: ReadonlySet<string> = new Set(['unsupported-command', 'refused-environment', 'inverse-function']);

/** A math span as the words after it may refer to it: its first statement's left side. */
interface MathItem {
  readonly kind: 'expression' | 'equation' | 'other';
  readonly side: StepSide | null;
  /** Its last member (`C` of `A = B = C`), or the side itself. */
  readonly last: StepSide | null;
  readonly section: number;
  readonly cell?: TableCell;
}
const NO_ITEM: MathItem = { kind: 'other', side: null, last: null, section: -1 };
/** Table headers of a derivative column, and of the column of the functions it differentiates. */
const DERIVATIVE_HEADER = /derivative|gradient|slope|\\frac\{d|\bd\s*\/\s*d[a-z]\b|'|\\prime/i;
const FUNCTION_HEADER = /function|activation|definition|formula|f\s*\(\s*[a-z]\s*\)/i;

/** A name alone in its math, maybe with a subscript or layer and at a variable: `\Phi`, `g^{[1]}`, `\phi(x)`. */
const PROSE_NAME = /^\s*((?:\\[A-Za-z]+|[A-Za-z])(?:\s*(?:_\{[^{}]*\}|_[A-Za-z0-9]|\^\{\[[^\]]*\]\}|\^\{\([^)]*\)\}|\^\[[^\]]*\]))*)(?:\s*\(\s*([A-Za-z])\s*\))?\s*$/;
/** The variable of a function named in prose without one. */
const PROSE_PARAM = sym('u');
/** A side evaluated at a point, as a reader writes it: `\left.f\right|_{x=p}`. */
const evaluatedAt = (expr: Expr, latex: string, v: Sym, p: StepSide, pos: StepSide['pos']): StepSide =>
  ({ expr: at(expr, v, p.expr), latex: `\\left.${latex}\\right|_{${symLatex(v)}=${p.latex}}`, pos });

/** The one variable of a list, or null. */
const onlyVariable = (vars: readonly Expr[]): Sym | null => (vars.length === 1 && vars[0]!.kind === 'sym' ? vars[0] : null);

/** The variable a bare σ is at. */
const BARE_SIGMA_AT = sym('z');

/** The function of the table a value names without its argument (`\tanh`, `\sigma`), or null. */
function tableFunction(e: Expr): string | null {
  if (e.kind === 'apply' && typeof e.fn === 'string' && e.primes === 0 && e.args.length === 1 && e.args[0] === BARE_ARGUMENT) return e.fn;
  return e.kind === 'sym' && isSigma(e) && e.primes === 0 ? 'sigmoid' : null;
}

const EULER_NAME = sym('e');
/** Prose that introduces a name, so that `e = …` after it names something e. */
const NAMES_E = /\b(where|with|let|define|denote|here|in which|call)\W*$/;

/** A step whose scope defines a name e (`e = a - y`): the e it writes is that name, not Euler's number. */
function shadowE(step: Step): Step {
  if (!step.scope.defs.has(EULER_NAME)) return step;
  const swap = (side: StepSide): StepSide => {
    const expr = transform(side.expr, (x) => (x === E ? EULER_NAME : x));
    return expr === side.expr ? side : { ...side, expr };
  };
  const [lhs, rhs] = [swap(step.lhs), swap(step.rhs)];
  return lhs === step.lhs && rhs === step.rhs ? step : { ...step, lhs, rhs };
}

/** Whether `e` mentions the name `s`, as a symbol or as a function it applies. */
const mentionsName = (e: Expr, s: Sym): boolean => freeSet(e).has(s) || mentionsHead(e, s);

/** Whether `e` applies the function named `s` (`k(x)` after "with $k(x) = …$"). */
function mentionsHead(e: Expr, s: Sym): boolean {
  let found = false;
  transform(e, (x) => {
    if (x.kind === 'apply' && x.fn === s) found = true;
    return x;
  });
  return found;
}
