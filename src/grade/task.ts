/**
 * Task files: YAML that says where a derivation starts, what it must reach, in what form, under
 * which definitions, and how it is scored (docs/grade-format.md). Loading validates every key
 * and reports every problem at once, each at its line and column in the file.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair, type Scalar } from 'yaml';
import { deriv, type Expr, type Sym } from '../core/expr.js';
import { parse } from '../parse/index.js';
import { prepareSide, scopeFromFrontMatter, type FrontMatter, type Scope } from '../check/compare.js';
import { FORMS, isFormId, type FormId } from './forms.js';
import { plain, TASK_ERROR_TEXT, type TaskErrorCode } from './messages.js';

export interface Rubric {
  /** Points for each valid step. */
  readonly validStep: number;
  /** Cap on the total of step points. */
  readonly maxStepPoints: number;
  /** Points taken off for each invalid (or unreadable) step. */
  readonly invalidStep: number;
  /** Points for a valid step that jumps further than `maxJump`. */
  readonly unjustifiedStep: number;
  /** Most rule applications one step may take (jump.ts); null for no cap. */
  readonly maxJump: number | null;
  /** Points for a final answer equal to the target. */
  readonly target: number;
  /** Points for a final answer in every required form (only with the target or follow-through). */
  readonly form: number;
  /** Points instead of `target` when a slip kept the answer from the target but the rest follows (see grade.ts). */
  readonly followThrough: number;
}

export const DEFAULT_RUBRIC: Rubric = {
  validStep: 1, maxStepPoints: 5, invalidStep: 1, unjustifiedStep: 0, maxJump: null, target: 3, form: 2, followThrough: 0,
};

export type TaskStart =
  | { readonly kind: 'differentiate'; readonly fn: Expr; readonly wrt: Sym; readonly value: Expr; readonly latex: string }
  | { readonly kind: 'expression'; readonly value: Expr; readonly latex: string };

export interface FormCheck {
  readonly id: FormId;
  readonly params: readonly Expr[];
  readonly label: string;
}

export interface Task {
  readonly file: string;
  readonly title: string;
  readonly start: TaskStart;
  readonly target: { readonly value: Expr; readonly latex: string; readonly forms: readonly FormCheck[] };
  /** Definitions and assumptions, in the checker's front-matter shape. */
  readonly context: FrontMatter;
  readonly scope: Scope;
  readonly rubric: Rubric;
  readonly seed: number;
  /** The most a submission can score. */
  readonly max: number;
}

export interface TaskError { readonly line: number; readonly column: number; readonly code: TaskErrorCode; readonly message: string }

export type TaskResult = { ok: true; value: Task } | { ok: false; errors: readonly TaskError[] };

const TOP_KEYS = ['title', 'differentiate', 'with-respect-to', 'start', 'target', 'define', 'assume', 'matrix', 'tolerance', 'rubric', 'seed'] as const;
const TARGET_KEYS = ['value', 'form'] as const;

/** Rubric keys: where each goes, and what it must be. */
const RUBRIC_KEYS: Record<string, { readonly field: keyof Rubric; readonly integer?: boolean; readonly nullable?: boolean }> = {
  'valid-step': { field: 'validStep' },
  'max-step-points': { field: 'maxStepPoints' },
  'invalid-step': { field: 'invalidStep' },
  'unjustified-step': { field: 'unjustifiedStep' },
  'max-jump': { field: 'maxJump', integer: true, nullable: true },
  'target': { field: 'target' },
  'form': { field: 'form' },
  'follow-through': { field: 'followThrough' },
};

/** Reads one YAML document into a task, collecting every error with its position. */
class Reader {
  readonly errors: TaskError[] = [];
  private readonly lines = new LineCounter();
  readonly doc;

  /** Lines holding a YAML syntax error: the entries written there are not read further. */
  private readonly brokenLines = new Set<number>();

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
    for (const e of this.doc.errors) {
      this.fail(e.pos[0], 'yaml', { detail: e.message.split('\n')[0] ?? '' });
      this.brokenLines.add(this.lines.linePos(e.pos[0]).line);
    }
  }

  /** Whether the YAML has syntax errors: the document is what the parser recovered. */
  get broken(): boolean {
    return this.brokenLines.size > 0;
  }

  fail(offset: number, code: TaskErrorCode, params: Record<string, string> = {}): void {
    // A key may be missing only because a syntax error swallowed it: the syntax error says it all.
    if (this.broken && (code === 'missing-key' || code === 'start')) return;
    const { line, col } = this.lines.linePos(offset);
    this.errors.push({ line, column: col, code, message: TASK_ERROR_TEXT[code](params) });
  }

  /** Whether a top-level entry spans a line with a syntax error (its errors would only echo it). */
  spansBroken(pair: Pair): boolean {
    if (!this.broken) return false;
    const from = this.lines.linePos(this.at(pair.key as YamlNode)).line;
    const end = (pair.value as { range?: [number, number, number] } | null)?.range?.[1] ?? (pair.key as { range?: [number, number, number] }).range?.[1] ?? 0;
    const to = this.lines.linePos(end).line;
    for (let l = from; l <= to; l++) if (this.brokenLines.has(l)) return true;
    return false;
  }

  at = (node: YamlNode | Pair | null | undefined, fallback = 0): number => {
    const n = node as { range?: [number, number, number] } | null | undefined;
    return n?.range?.[0] ?? fallback;
  };

  /** The entries of a mapping, reporting keys that are not allowed. */
  map(node: unknown, where: string, allowed: readonly string[], offset: number): Map<string, { node: YamlNode | null; at: number }> {
    const out = new Map<string, { node: YamlNode | null; at: number }>();
    if (!isMap(node)) {
      this.fail(this.at(node as YamlNode, offset), 'not-a-mapping', { where });
      return out;
    }
    for (const pair of node.items) {
      if (this.spansBroken(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyAt = this.at(pair.key as YamlNode, offset);
      if (!allowed.includes(key)) this.fail(keyAt, 'unknown-key', { key, where, expected: allowed.join(', ') });
      else out.set(key, { node: (pair.value as YamlNode | null) ?? null, at: keyAt });
    }
    return out;
  }

  string(entry: { node: YamlNode | null; at: number } | undefined, key: string): { value: string; offset: number } | null {
    if (entry === undefined) return null;
    const n = entry.node;
    if (!isScalar(n) || n.value === null || typeof n.value === 'object') {
      this.fail(this.at(n, entry.at), 'wrong-type', { key, expected: 'a string' });
      return null;
    }
    // Plain numbers keep their spelling (`1e-3` stays `1e-3`); quoted scalars start one character in.
    const raw = typeof n.value === 'string' ? n.value : this.text.slice(n.range![0], n.range![1]).trim();
    const quoted = (n as Scalar).type === 'QUOTE_SINGLE' || (n as Scalar).type === 'QUOTE_DOUBLE';
    return { value: raw, offset: this.at(n, entry.at) + (quoted ? 1 : 0) };
  }

  number(entry: { node: YamlNode | null; at: number } | undefined, key: string, opts: { integer?: boolean; nullable?: boolean; min?: number }): number | null | undefined {
    if (entry === undefined) return undefined;
    const n = entry.node;
    if (opts.nullable && (n === null || (isScalar(n) && n.value === null))) return null;
    const v = isScalar(n) ? n.value : undefined;
    const expected = `${opts.integer ? 'a whole number' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}${opts.nullable ? ' (or null)' : ''}`;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail(this.at(n, entry.at), 'wrong-type', { key, expected });
      return undefined;
    }
    if ((opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min)) {
      this.fail(this.at(n, entry.at), 'out-of-range', { key, expected, got: String(v) });
      return undefined;
    }
    return v;
  }

  /** A list of strings; a single string counts as a list of one. */
  strings(entry: { node: YamlNode | null; at: number } | undefined, key: string): { value: string; offset: number; line: number }[] {
    if (entry === undefined || entry.node === null || (isScalar(entry.node) && entry.node.value === null)) return [];
    const items = isSeq(entry.node) ? entry.node.items : [entry.node];
    const out: { value: string; offset: number; line: number }[] = [];
    for (const item of items) {
      const s = this.string({ node: item as YamlNode | null, at: this.at(item as YamlNode, entry.at) }, key);
      if (s !== null) out.push({ ...s, line: this.lines.linePos(s.offset).line });
    }
    return out;
  }

  latex(s: { value: string; offset: number }, key: string, functions: Iterable<string>): Expr | null {
    const r = parse(s.value, { functions });
    if (r.ok) return r.value;
    this.fail(s.offset + Math.min(r.error.offset, s.value.length), 'latex', { key, detail: r.error.message });
    return null;
  }
}

/** Loads a task from YAML text; `file` is only used to name it. Never throws on bad input. */
export function loadTask(text: string, file: string): TaskResult {
  // After a YAML syntax error the rest of the document, as the parser recovered it, is still
  // read (entries on the broken lines aside), so every error shows at once.
  const rd = new Reader(text);
  const top = rd.map(rd.doc.contents, 'the task file', TOP_KEYS, 0);
  if (rd.errors.length > 0 && top.size === 0) return { ok: false, errors: sorted(rd.errors) };

  // Definitions first: the start and the target may use them.
  const tolerance = rd.number(top.get('tolerance'), 'tolerance', { min: Number.MIN_VALUE });
  const context: FrontMatter = {
    define: rd.strings(top.get('define'), 'define').map((d) => ({ latex: d.value, line: d.line })),
    assume: rd.strings(top.get('assume'), 'assume').map((d) => ({ latex: d.value, line: d.line })),
    matrix: rd.strings(top.get('matrix'), 'matrix').map((d) => d.value),
    ...(typeof tolerance === 'number' ? { tolerance } : {}),
  };
  const { scope, errors: defErrors } = scopeFromFrontMatter(context);
  for (const e of defErrors) rd.errors.push({ line: e.line, column: e.column, code: 'definition', message: TASK_ERROR_TEXT.definition({ detail: e.message }) });
  const functions = scope.functionNames;

  const start = readStart(rd, top, functions);
  const target = readTarget(rd, top, functions, scope);
  const rubric = readRubric(rd, top.get('rubric'));
  const seed = rd.number(top.get('seed'), 'seed', { integer: true }) ?? 1;
  const title = rd.string(top.get('title'), 'title')?.value ?? file;

  if (rd.errors.length > 0 || start === null || target === null || rubric === null) {
    return { ok: false, errors: sorted(rd.errors) };
  }
  const max = rubric.maxStepPoints + rubric.target + (target.forms.length > 0 ? rubric.form : 0);
  return { ok: true, value: { file, title, start, target, context, scope, rubric, seed: seed ?? 1, max } };
}

const sorted = (errors: TaskError[]): TaskError[] => errors.sort((a, b) => a.line - b.line || a.column - b.column);

type Entries = Map<string, { node: YamlNode | null; at: number }>;

function readStart(rd: Reader, top: Entries, functions: Iterable<string>): TaskStart | null {
  const d = top.get('differentiate');
  const s = top.get('start');
  const both = d !== undefined && s !== undefined;
  if ((d === undefined) === (s === undefined)) rd.fail(rd.at(d?.node ?? s?.node ?? null, d?.at ?? s?.at ?? 0), 'start');
  if (s !== undefined) {
    // Read even beside `differentiate`, so its own errors show now too.
    const text = rd.string(s, 'start');
    const value = text && rd.latex(text, 'start', functions);
    if (d === undefined) return text && value ? { kind: 'expression', value, latex: text.value } : null;
  }
  if (d === undefined) return null;
  const text = rd.string(d, 'differentiate');
  const fn = text && rd.latex(text, 'differentiate', functions);
  const w = top.get('with-respect-to');
  if (w === undefined) {
    rd.fail(d.at, 'missing-key', { where: 'a `differentiate` task', key: 'with-respect-to' });
    return null;
  }
  const wText = rd.string(w, 'with-respect-to');
  const wrt = wText && rd.latex(wText, 'with-respect-to', []);
  if (wrt && wrt.kind !== 'sym') {
    rd.fail(wText!.offset, 'not-a-symbol', { key: 'with-respect-to', got: wText!.value });
    return null;
  }
  if (both || !text || !fn || !wrt || wrt.kind !== 'sym') return null;
  return { kind: 'differentiate', fn, wrt, value: deriv(fn, [wrt], false), latex: `\\frac{d}{d${wText!.value}}\\left(${text.value}\\right)` };
}

function readTarget(rd: Reader, top: Entries, functions: Iterable<string>, scope: Scope): Task['target'] | null {
  const t = top.get('target');
  if (t === undefined) {
    rd.fail(0, 'missing-key', { where: 'the task file', key: 'target' });
    return null;
  }
  const m = rd.map(t.node, '`target`', TARGET_KEYS, t.at);
  const v = m.get('value');
  if (v === undefined && isMap(t.node)) rd.fail(t.at, 'missing-key', { where: '`target`', key: 'value' });
  const text = v === undefined ? null : rd.string(v, 'target.value');
  const value = text && rd.latex(text, 'target.value', functions);
  // The forms are read whatever happened to the value, so their errors show now too.
  const forms = readForms(rd, m.get('form'), functions, scope);
  return text && value && forms ? { value, latex: text.value, forms } : null;
}

function readForms(rd: Reader, entry: { node: YamlNode | null; at: number } | undefined, functions: Iterable<string>, scope: Scope): FormCheck[] | null {
  if (entry === undefined || entry.node === null) return [];
  const items = isSeq(entry.node) ? entry.node.items : [entry.node];
  const out: FormCheck[] = [];
  let ok = true;
  const known = Object.keys(FORMS).join(', ');
  for (const item of items as (YamlNode | null)[]) {
    const at = rd.at(item, entry.at);
    let name: string;
    let paramNode: { node: YamlNode | null; at: number } | null = null;
    if (isScalar(item) && typeof item.value === 'string') name = item.value;
    else if (isMap(item) && item.items.length === 1 && isScalar(item.items[0]!.key)) {
      name = String(item.items[0]!.key.value);
      paramNode = { node: (item.items[0]!.value as YamlNode | null) ?? null, at };
    } else {
      rd.fail(at, 'wrong-type', { key: 'target.form', expected: 'a list of form names, or `name: [parameters]`' });
      ok = false;
      continue;
    }
    if (!isFormId(name)) {
      rd.fail(at, 'unknown-form', { form: name, known });
      ok = false;
      continue;
    }
    const spec = FORMS[name];
    const texts = paramNode === null ? [] : rd.strings(paramNode, `target.form.${name}`);
    if (spec.params === 'none' && paramNode !== null) {
      rd.fail(at, 'form-params', { form: name, detail: 'takes no parameters' });
      ok = false;
      continue;
    }
    if (spec.params === 'expressions' && texts.length === 0) {
      rd.fail(at, 'form-params', { form: name, detail: 'needs a list of expressions, e.g. `in-terms-of: [\\sigma(z)]`' });
      ok = false;
      continue;
    }
    const params: Expr[] = [];
    for (const s of texts) {
      const e = rd.latex(s, `target.form.${name}`, functions);
      if (e === null) ok = false;
      else params.push(prepareSide(e, scope) ?? e);
    }
    out.push({ id: name, params, label: spec.label(texts.map((s) => plain(s.value))) });
  }
  return ok ? out : null;
}

function readRubric(rd: Reader, entry: { node: YamlNode | null; at: number } | undefined): Rubric | null {
  if (entry === undefined || entry.node === null) return DEFAULT_RUBRIC;
  const m = rd.map(entry.node, '`rubric`', Object.keys(RUBRIC_KEYS), entry.at);
  const out: Record<string, number | null> = { ...DEFAULT_RUBRIC };
  let ok = isMap(entry.node);
  for (const [key, spec] of Object.entries(RUBRIC_KEYS)) {
    const v = rd.number(m.get(key), `rubric.${key}`, { min: 0, ...(spec.integer ? { integer: true } : {}), ...(spec.nullable ? { nullable: true } : {}) });
    if (v === undefined) {
      if (m.has(key)) ok = false;
      continue;
    }
    out[spec.field] = v;
  }
  return ok ? (out as unknown as Rubric) : null;
}

/** Task errors as a compiler prints them: `file:line:column: error: message`. */
export function formatTaskErrors(file: string, errors: readonly TaskError[]): string {
  return errors.map((e) => `${file}:${e.line}:${e.column}: error: ${e.message}\n`).join('');
}
