/**
 * `deriv derive`'s public face: a catalogue name, a model or any expression in; a derivation
 * out, one textbook-sized line at a time, each line justified — and checked.
 *
 *   name/expression ──build──▶ Derivation (rows: LaTeX + justification)
 *     ──toMarkdown──▶ derivation file ──checkSource──▶ every step valid? ──▶ printers
 *
 * A derivation whose checked Markdown has any step that is not `valid` is returned as an
 * error with the checker's report: a generator bug must never reach a reader as mathematics.
 */
import { sym, type Expr, type Sym } from '../core/expr.js';
import { freeSet, substitute } from '../core/walk.js';
import { foldDefinitions, recognisedDefinitions } from '../diff/index.js';
import { recognise } from '../simplify/index.js';
import { toLatex } from '../print/latex.js';
import { catalogue, type CatalogueEntry } from '../catalog/index.js';
import { checkSource, type FileReport } from '../check/index.js';
import { parse } from '../parse/index.js';
import { symLatex } from '../print/latex.js';
import { expressionDerivation, formsOf, functionDerivation, symbolDerivation, type Built } from './build.js';
import { modelDerivation } from './chain.js';
import type { DeriveError } from './errors.js';
import { toMarkdown } from './markdown.js';
import { MODELS, type ModelSpec } from './sources.js';
import type { Derivation } from './types.js';

export type { Derivation, Given, Row } from './types.js';
export type { Why, Part, PartCode } from './why.js';
export { whyText, whySentence } from './why.js';
export { deriveErrorMessage, type DeriveError, type DeriveErrorCode } from './errors.js';
export { alignLatex, standaloneLatex, kinkComments } from './latex.js';
export { toMarkdown } from './markdown.js';
export { MODELS, FORMS, type ModelSpec } from './sources.js';
export { formsOf } from './build.js';

export interface DeriveRequest {
  /** A catalogue id (`sigmoid`), a model id (`bce-sigmoid`) or an expression (LaTeX, or plain with `ascii`). */
  readonly subject: string;
  readonly wrt?: string;
  /** The form to start from (`exp` for tanh). */
  readonly from?: string;
  readonly ascii?: boolean;
  /** Seed of the checker's random points. */
  readonly seed?: number;
}

export type DeriveOutcome =
  | { readonly ok: true; readonly derivation: Derivation; readonly markdown: string; readonly report: FileReport }
  | { readonly ok: false; readonly error: DeriveError; readonly markdown?: string; readonly report?: FileReport };

/** Every name `deriv derive` knows: catalogue entries, then models. */
export function deriveNames(): string[] {
  return [...catalogue().map((c) => c.id), ...MODELS.map((m) => m.id)];
}

const byId = <T extends { id: string }>(xs: readonly T[], id: string): T | undefined => xs.find((x) => x.id.toLowerCase() === id.toLowerCase());

function readWrt(text: string | undefined, ascii: boolean): Sym | DeriveError | undefined {
  if (text === undefined) return undefined;
  const r = parse(text, { ascii });
  return r.ok && r.value.kind === 'sym' ? r.value : { code: 'wrt-not-name', params: { wrt: text } };
}

const isError = (x: unknown): x is DeriveError => typeof x === 'object' && x !== null && 'code' in x && 'params' in x;

/**
 * The entry written in another variable: `deriv derive sigmoid --wrt x` means σ(x), not σ(z)
 * differentiated by x. A variable the entry already uses (PReLU's α) is a partial derivative instead.
 */
function inVariable(entry: CatalogueEntry, v: Sym): CatalogueEntry {
  const t = entry.trees;
  if (v === t.variable || freeSet(t.definition).has(v) || freeSet(t.call).has(v)) return entry;
  const rename = (e: Expr): Expr => substitute(e, new Map<Expr, Expr>([[t.variable, v]]));
  return {
    ...entry, variable: symLatex(v),
    trees: { ...t, variable: v, call: rename(t.call), definition: rename(t.definition), self: rename(t.self), input: rename(t.input), kinks: t.kinks.map(rename) },
  };
}

/** A loss with named parts (`p_i = …`) as a model: its givens, then L, differentiated by the chain rule through them. */
function entryModel(entry: CatalogueEntry): ModelSpec {
  const givens = [...entry.trees.givens].map(([symbol, value]) => ({ symbol: symLatex(symbol), latex: toLatex(value) }));
  return {
    id: entry.id, name: entry.name, target: 'L', wrt: entry.variable, intro: null, assume: entry.assume,
    givens: [...givens, { symbol: 'L', latex: entry.definition }],
  };
}

function catalogueDerivation(given: CatalogueEntry, req: DeriveRequest, wrt: Sym | undefined): Built {
  const entry = wrt === undefined ? given : inVariable(given, wrt);
  const t = entry.trees;
  const v = wrt ?? t.variable;
  const named = t.symbol !== null || t.givens.size > 0;
  if (entry.fn !== null && !named && v === t.variable) return functionDerivation(entry, req.from ?? null);
  if (req.from !== undefined) {
    return { ok: false, error: { code: 'unknown-form', params: { name: entry.id, form: req.from, forms: entry.fn === null ? 'none' : formsOf(entry.fn).join(', ') } } };
  }
  if (entry.kind === 'loss' && t.givens.size > 0) return modelDerivation(entryModel(entry), req.wrt ?? null);
  if (entry.kind !== 'loss' && !named) return expressionDerivation(t.call, v);
  // The value under its name (L, p_i), differentiated from its definition and ending in the catalogue's
  // derivative written in the names given (softmax(z)_i(δ_ij − softmax(z)_j) is p_i(δ_ij − p_j)).
  const symbol = t.symbol ?? (entry.kind === 'loss' ? sym('L') : null);
  const names = new Map([...t.givens, ...(t.symbol === null ? [] : [[t.symbol, t.definition] as const])]);
  const own = v === t.variable;
  return symbolDerivation({
    title: `The derivative of the ${entry.name} with respect to $${symLatex(v)}$`,
    intro: null, givens: [...t.givens].map(([s, value]) => ({ symbol: symLatex(s), latex: toLatex(value) })),
    symbol, value: t.definition, wrt: v, names, assume: t.assume,
    target: own ? foldDefinitions(t.self, recognisedDefinitions({ defs: names, recognise }) ?? names) : null,
    ...(own ? { kinks: entry.kinks } : {}),
  });
}

function build(req: DeriveRequest): Built {
  const ascii = req.ascii ?? false;
  const wrt = readWrt(req.wrt, ascii);
  if (isError(wrt)) return { ok: false, error: wrt };
  const entry = byId(catalogue(), req.subject);
  if (entry !== undefined) return catalogueDerivation(entry, req, wrt);
  const model: ModelSpec | undefined = byId(MODELS, req.subject);
  if (model !== undefined) return modelDerivation(model, req.wrt ?? null);
  const e = parse(req.subject, { ascii });
  if (!e.ok) return { ok: false, error: { code: 'not-an-expression', params: { subject: req.subject, why: e.error.message } } };
  const v = wrt ?? onlySymbol(e.value);
  if (isError(v)) return { ok: false, error: v };
  return expressionDerivation(e.value, v);
}

function onlySymbol(e: Expr): Sym | DeriveError {
  const syms = [...freeSet(e)];
  if (syms.length === 1) return syms[0]!;
  if (syms.length === 0) return sym('x');
  return { code: 'wrt-needed', params: { symbols: syms.map(symLatex).sort().join(', ') } };
}

/** A file name for the checker's report: the subject when it is a name, `derivation.md` otherwise. */
const fileName = (subject: string): string => (/^[\w-]+$/.test(subject) ? `${subject}.md` : 'derivation.md');

export type Verified = { readonly ok: boolean; readonly markdown: string; readonly report: FileReport };

/** Check a derivation as the derivation file it prints: valid only when every line is one valid step. */
export function verify(d: Derivation, seed: number, file: string): Verified {
  const markdown = toMarkdown(d);
  const report = checkSource(markdown, file, { seed });
  const steps = d.rows.length + d.cases.length;
  const ok = report.errors.length === 0 && report.steps.length === steps && report.summary.valid === steps;
  return { ok, markdown, report };
}

/** Build the derivation, check its Markdown, and return it only if every step is valid. */
export function derive(req: DeriveRequest): DeriveOutcome {
  const built = build(req);
  if (!built.ok) return { ok: false, error: built.error };
  const d = built.value;
  const { ok, markdown, report } = verify(d, req.seed ?? 1, fileName(req.subject));
  if (!ok) {
    const { valid, invalid, unknown } = report.summary;
    const summary = `${d.rows.length + d.cases.length} lines, ${report.steps.length} steps: ${valid} valid, ${invalid} invalid, ${unknown} unknown, ${report.errors.length} errors`;
    return { ok: false, error: { code: 'not-valid', params: { summary } }, markdown, report };
  }
  return { ok: true, derivation: d, markdown, report };
}
