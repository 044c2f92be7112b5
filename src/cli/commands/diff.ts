/**
 * `deriv diff`, `deriv simplify` and `deriv table`: the differentiation stage, the simplifier
 * and the activation catalogue on the command line.
 *
 * `diff` prints simplify(differentiate(…)) written back in the names given with `--let`.
 * With `--steps` it prints the derivation: the running expression after each rule, starting
 * from d/dv(input), each line labelled with the rule's English name.
 */
import type { Command } from 'commander';
import { add, deriv, isZero, type Expr, type Sym } from '../../core/expr.js';
import { tryDifferentiate, foldDefinitions, recognisedDefinitions, ruleLabel, type DiffResult, type FunctionDef } from '../../diff/index.js';
import type { ParseOptions } from '../../parse/index.js';
import { toLatex } from '../../print/latex.js';
import { toText } from '../../print/text.js';
import { recognise, simplify, type SimplifyResult } from '../../simplify/index.js';
import { substitute, transform } from '../../core/walk.js';
import { catalogueTable, type TableFormat } from '../../catalog/table.js';
import { EXIT, type Io } from '../io.js';
import type { Registrar } from '../main.js';
import { parseArg } from './expr.js';

type Format = 'latex' | 'text' | 'json';
const FORMATS: readonly Format[] = ['latex', 'text', 'json'];

interface Definitions {
  readonly defs: Map<Sym, Expr>;
  readonly functions: Map<Sym, FunctionDef>;
  readonly names: readonly string[];
}

/** One row of a printed derivation: the whole expression after a rule, and the rule's label. */
export interface DerivationRow { readonly label: string; readonly rule: string; readonly expr: Expr }

/** Each printed row rewrites the whole running expression, so very long traces are not printed as rows. */
const MAX_TRACE_ROWS = 2_000;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Split `L(a, b) = …` / `a = …` at the first `=` outside braces. */
function splitDefinition(text: string): [string, string] | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') depth--;
    else if (c === '=' && depth === 0) return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
  }
  return null;
}

/** Read every `--let`: first the function heads (so `L(a)` parses as an application everywhere), then the bodies. */
function readDefinitions(io: Io, lets: readonly string[], base: ParseOptions): Definitions | null {
  const names: string[] = [];
  const split: [string, string][] = [];
  for (const l of lets) {
    const parts = splitDefinition(l);
    if (parts === null || parts[0] === '' || parts[1] === '') {
      io.stderr.write(`deriv: --let expects 'name = expression' or 'f(x) = expression', got ${JSON.stringify(l)}\n`);
      return null;
    }
    const m = /^(.*?)\s*\((.*)\)$/.exec(parts[0]);
    if (m !== null) names.push(m[1]!);
    split.push(parts);
  }
  const options: ParseOptions = { ...base, functions: names };
  const defs = new Map<Sym, Expr>();
  const functions = new Map<Sym, FunctionDef>();
  for (const [lhsText, rhsText] of split) {
    const lhs = parseArg(io, lhsText, options, '--let');
    if (lhs === null) return null;
    const rhs = parseArg(io, rhsText, options, '--let');
    if (rhs === null) return null;
    if (lhs.kind === 'sym') defs.set(lhs, rhs);
    else if (lhs.kind === 'apply' && typeof lhs.fn !== 'string' && lhs.primes === 0 && lhs.args.every((a) => a.kind === 'sym')) {
      functions.set(lhs.fn, { params: lhs.args as Sym[], body: rhs });
    } else {
      io.stderr.write(`deriv: --let: the left side must be a name or f(x, …) with names as parameters, got ${JSON.stringify(lhsText)}\n`);
      return null;
    }
  }
  return { defs, functions, names };
}

/** Every `--assume`, each an equation. */
function readAssumptions(io: Io, texts: readonly string[], options: ParseOptions): Expr[] | null {
  const out: Expr[] = [];
  for (const t of texts) {
    const a = parseArg(io, t, options, '--assume');
    if (a === null) return null;
    if (a.kind !== 'rel' || a.ops.length !== 1 || a.ops[0] !== '=') {
      io.stderr.write(`deriv: --assume expects an equation such as '\\sum_k y_k = 1', got ${JSON.stringify(t)}\n`);
      return null;
    }
    out.push(a);
  }
  return out;
}

const printer = (format: Format): ((e: Expr) => string) => (format === 'text' ? toText : toLatex);

/**
 * The derivation as rows: start from d/dv(input) and replace, rule by rule, the derivative
 * each rule worked out by its result. The differentiator works out a shared subtree once, so a
 * derivative that turns up again later is replaced at once by everything already known about
 * it. A rule whose left side is no longer in the running expression adds no row.
 */
export function derivationRows(start: Expr, r: DiffResult, tail: readonly { rule: string; label: string; before: Expr; after: Expr }[], final: Expr): DerivationRow[] {
  const rows: DerivationRow[] = [];
  const known = new Map<Expr, Expr>();
  let current = start;
  const settle = (e: Expr): Expr => {
    let out = e;
    for (let i = 0; i < 64; i++) {
      const next = withoutZeros(substitute(out, known));
      if (next === out) break;
      out = next;
    }
    return out;
  };
  const step = (rule: string, label: string, before: Expr, after: Expr): void => {
    known.set(before, after);
    const next = settle(current);
    if (next === current) return;
    current = next;
    rows.push({ rule, label, expr: current });
  };
  for (const s of r.steps) {
    // A higher-order pass starts by differentiating the previous result.
    if (s.expr.kind === 'deriv' && s.expr.body === current) current = s.expr;
    step(s.rule, ruleLabel(s.rule), s.expr, s.result);
  }
  known.clear();
  for (const s of tail) step(s.rule, s.label, s.before, s.after);
  if (current !== final) rows.push({ rule: 'simplify', label: 'simplification', expr: final });
  return rows;
}

/** Zero terms left where a derivative was replaced by 0 (the constructors keep `x + 0`). */
function withoutZeros(e: Expr): Expr {
  return transform(e, (x) => (x.kind === 'add' && x.terms.some(isZero) ? add(...x.terms.filter((t) => !isZero(t))) : x));
}

function kinkNote(k: Expr, print: (e: Expr) => string): string {
  return `not differentiable at ${print(k)}`;
}

/** Everything `deriv diff` worked out, for the printers below. */
interface Outcome {
  readonly input: Expr;
  readonly wrt: Sym;
  readonly order: number;
  readonly diff: DiffResult;
  /** The derivative written back in the `--let` names, before simplification. */
  readonly raw: Expr;
  readonly simplified: SimplifyResult;
  readonly result: Expr;
  readonly kinks: readonly Expr[];
}

function json(o: Outcome): string {
  return `${JSON.stringify({
    input: toLatex(o.input),
    wrt: toLatex(o.wrt),
    order: o.order,
    result: { latex: toLatex(o.result), text: toText(o.result) },
    steps: [
      ...o.diff.steps.map((st) => ({ rule: st.rule, label: ruleLabel(st.rule), expr: toLatex(st.expr), result: toLatex(st.result) })),
      ...o.simplified.steps.map((st) => ({ rule: st.rule, label: st.rule, expr: toLatex(st.before), result: toLatex(st.after) })),
    ],
    kinks: o.kinks.map(toLatex),
    simplify: o.simplified.stop,
  }, null, 2)}\n`;
}

/** The derivation as numbered `(rule) expression` lines, or as an align* block with `\text{(rule)}` justifications. */
function derivation(o: Outcome, style: 'list' | 'align', print: (e: Expr) => string): string {
  const first = o.diff.steps.find((st) => st.expr.kind === 'deriv')?.expr;
  const partial = first !== undefined && first.kind === 'deriv' && first.partial;
  const start = deriv(o.input, Array.from({ length: o.order }, () => o.wrt), partial);
  const rows = derivationRows(deriv(o.input, [o.wrt], partial), o.diff, [
    { rule: 'fold-names', label: 'in the given names', before: o.diff.expr, after: o.raw },
    // Simplifier rules are shown by id: their labels belong to the simplification stage.
    ...o.simplified.steps.map((st) => ({ rule: st.rule, label: st.rule, before: st.before, after: st.after })),
  ], o.result);
  if (style === 'align') {
    const lines = rows.map((row) => `&= ${toLatex(row.expr)} && \\text{(${row.label})}`);
    return `\\begin{align*}\n${toLatex(start)} ${lines.join(' \\\\\n')}\n\\end{align*}\n`;
  }
  return `${print(start)}\n${rows.map((row, i) => `${i + 1}. (${row.label}) ${print(row.expr)}\n`).join('')}`;
}

export function registerDiffCommands(program: Command, reg: Registrar): void {
  const { io } = reg;
  program
    .command('diff')
    .description('differentiate an expression, simplify the result, and optionally show every rule applied')
    .argument('<expr>', 'LaTeX or plain math')
    .requiredOption('--wrt <symbol>', 'the variable to differentiate by (w_1, \\omega^{[1]}, …)')
    .option('--order <n>', 'order of the derivative', '1')
    .option('--let <definition>', "a definition: 'a = \\sigma(z)' or 'L(a) = …' (repeatable)", collect, [] as string[])
    .option('--assume <equation>', "an equation the simplifier may use, larger side to smaller: '\\sum_k y_k = 1' (repeatable)", collect, [] as string[])
    .option('--steps', 'print the derivation, one rule per line')
    .option('--latex', 'with --steps: print an align* block')
    .option('--format <format>', 'latex, text or json', 'latex')
    .option('--self', 'self-forms: derivatives through the functions themselves, σ′ = σ(1−σ) (the default)', true)
    .option('--no-self', 'input forms: differentiate named functions through their definitions, no folding back (σ′ = e^{-z}/(1+e^{-z})²)')
    .option('--ascii', 'read plain-text math')
    .action(reg.run((source, opts) => {
      const o = opts as { wrt: string; order: string; let: string[]; assume: string[]; steps?: boolean; latex?: boolean; format: string; self: boolean; ascii?: boolean };
      const format = o.format as Format;
      if (!FORMATS.includes(format)) {
        io.stderr.write(`deriv: --format must be one of ${FORMATS.join(', ')}\n`);
        return EXIT.usage;
      }
      const order = Number(o.order);
      if (!Number.isInteger(order) || order < 1 || order > 20) {
        io.stderr.write('deriv: --order must be a whole number from 1 to 20\n');
        return EXIT.usage;
      }
      const base: ParseOptions = { ascii: o.ascii ?? false };
      const definitions = readDefinitions(io, o.let, base);
      if (definitions === null) return EXIT.usage;
      const options: ParseOptions = { ...base, functions: definitions.names };
      const e = parseArg(io, source as string, options);
      if (e === null) return EXIT.usage;
      const v = parseArg(io, o.wrt, options, '--wrt');
      if (v === null) return EXIT.usage;
      if (v.kind !== 'sym') {
        io.stderr.write(`deriv: --wrt must be a name, got ${JSON.stringify(o.wrt)}\n`);
        return EXIT.usage;
      }
      const assumptions = readAssumptions(io, o.assume, options);
      if (assumptions === null) return EXIT.usage;
      const diffOptions = { defs: definitions.defs, functions: definitions.functions, self: o.self, ...(o.self ? { recognise } : {}) };
      const r = tryDifferentiate(e, v, diffOptions, order);
      if (!r.ok) {
        io.stderr.write(`deriv: ${r.error.message}\n`);
        return EXIT.usage;
      }
      for (const u of r.value.unknownFunctions) {
        io.stderr.write(`deriv: warning: unknown function \\operatorname{${u.name}}, read as an unspecified function${u.closest === null ? '' : `; did you mean ${u.closest}?`}\n`);
      }
      // The result is written in the names given, as the differentiator read them (a softmax written out is the softmax).
      const names = recognisedDefinitions(diffOptions) ?? definitions.defs;
      const raw = foldDefinitions(r.value.expr, names, v);
      // Folded again while simplifying, in canonical form: a recognised function's argument may be in another order.
      const s = simplify(raw, { self: o.self, assumptions, names: new Map([...names].filter(([s]) => s !== v)) });
      const outcome: Outcome = {
        input: e, wrt: v, order, diff: r.value, raw, simplified: s,
        result: foldDefinitions(s.expr, names, v),
        kinks: r.value.kinks.map((k) => simplify(foldDefinitions(k, names, v), { self: o.self }).expr),
      };
      const print = printer(format);
      if (format === 'json') {
        io.stdout.write(json(outcome));
        return EXIT.ok;
      }
      if (o.steps && r.value.steps.length > MAX_TRACE_ROWS) {
        io.stdout.write(`${print(outcome.result)}\n`);
        io.stderr.write(`deriv: the derivation has ${r.value.steps.length} rule applications, too many to print (limit ${MAX_TRACE_ROWS}); use --format json for the full trace\n`);
      } else if (o.steps) io.stdout.write(derivation(outcome, o.latex === true && format === 'latex' ? 'align' : 'list', print));
      else io.stdout.write(`${print(outcome.result)}\n`);
      const mark = format === 'latex' ? '% ' : 'note: ';
      for (const k of outcome.kinks) io.stdout.write(`${mark}${kinkNote(k, print)}\n`);
      return EXIT.ok;
    }));

  program
    .command('simplify')
    .description('simplify an expression, folding exponential forms into named functions')
    .argument('<expr>', 'LaTeX or plain math')
    .option('--format <format>', 'latex, text or json', 'latex')
    .option('--self', 'fold exponential forms into named functions and self-forms (the default)', true)
    .option('--no-self', 'do not rewrite into self-forms')
    .option('--steps', 'print every rewrite')
    .option('--ascii', 'read plain-text math')
    .action(reg.run((source, opts) => {
      const o = opts as { format: string; self: boolean; steps?: boolean; ascii?: boolean };
      const format = o.format as Format;
      if (!FORMATS.includes(format)) {
        io.stderr.write(`deriv: --format must be one of ${FORMATS.join(', ')}\n`);
        return EXIT.usage;
      }
      const e = parseArg(io, source as string, { ascii: o.ascii ?? false });
      if (e === null) return EXIT.usage;
      const s = simplify(e, { self: o.self });
      if (format === 'json') {
        io.stdout.write(`${JSON.stringify({
          input: toLatex(e),
          result: { latex: toLatex(s.expr), text: toText(s.expr) },
          steps: s.steps.map((st) => ({ rule: st.rule, before: toLatex(st.before), after: toLatex(st.after) })),
          stop: s.stop,
        }, null, 2)}\n`);
        return EXIT.ok;
      }
      const print = printer(format);
      if (o.steps) s.steps.forEach((st, i) => io.stdout.write(`${i + 1}. (${st.rule}) ${print(st.before)} = ${print(st.after)}\n`));
      io.stdout.write(`${print(s.expr)}\n`);
      return EXIT.ok;
    }));

  program
    .command('table')
    .description('the activation and loss catalogue: definitions, derivatives, kinks, ranges')
    .option('--format <format>', 'text, markdown or json', 'text')
    .action(reg.run((opts) => {
      const o = opts as { format: string };
      if (o.format !== 'text' && o.format !== 'markdown' && o.format !== 'json') {
        io.stderr.write('deriv: --format must be one of text, markdown, json\n');
        return EXIT.usage;
      }
      io.stdout.write(catalogueTable(o.format as TableFormat));
      return EXIT.ok;
    }));
}
