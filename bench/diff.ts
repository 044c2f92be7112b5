/**
 * Differentiation benchmark: every catalogue entry and the nested network
 *   f₁ = σ(w₁x + b₁),  fₙ = σ(wₙ fₙ₋₁ + bₙ),  n = 1, 2, 4, …, 64,
 * differentiated with respect to x and to w₁, beside mathjs `derivative` on the same inputs.
 *
 * Reported per input: median time, result size (`size` from core/walk, i.e. nodes counting
 * shared subtrees once per occurrence, the printed size), distinct nodes (the DAG the
 * differentiator actually builds) and printed LaTeX length.
 *
 * The network is run in two forms: inline (one expression; its printed size is quadratic in n
 * because fₙ contains every inner layer in full) and named (fₖ given as definitions, the result
 * read back in those names, as backprop writes it: linear in n).
 *
 * mathjs caps: `derivative` simplifies by default; with simplification it is run up to n = 4
 * (it takes seconds from n = 8), without simplification up to n = 32 (the string form grows
 * quadratically and parsing it dominates beyond). Larger n are reported as "capped".
 */
import { pathToFileURL } from 'node:url';
import { ComputeEngine } from '@cortex-js/compute-engine';
import { derivative, parse as mathParse } from 'mathjs';
import { catalogue } from '../src/catalog/index.js';
import { children, sym, type Expr, type Sym } from '../src/core/expr.js';
import { size } from '../src/core/walk.js';
import { differentiate, foldDefinitions } from '../src/diff/index.js';
import { parseOrThrow } from '../src/parse/index.js';
import { toLatex } from '../src/print/latex.js';
import { CANONICAL_CACHE, simplify } from '../src/simplify/index.js';
import { hitRate, resetStats } from '../src/core/stats.js';
import { TEMPLATE_CACHE } from '../src/parse/templates.js';

/** `ms`: warm (median of repeats); `coldMs`: the first call. */
export interface Timing { readonly ms: number; readonly runs: number; readonly coldMs?: number }
export interface DiffRow {
  readonly input: string;
  readonly ours: Timing & { readonly size: number; readonly dag: number; readonly chars: number; readonly result: string };
  readonly oursSimplified: (Timing & { readonly size: number; readonly chars: number; readonly result: string }) | null;
  readonly mathjs: (Timing & { readonly chars: number; readonly result: string }) | null;
  readonly mathjsRaw?: (Timing & { readonly chars: number }) | null;
  readonly computeEngine?: (Timing & { readonly chars: number; readonly result: string }) | null;
}
export interface DiffBenchReport { readonly catalogue: readonly DiffRow[]; readonly network: readonly (DiffRow & { n: number; wrt: string; form: string })[] }

/**
 * Median wall time of `f`, repeated until 150 ms or 50 runs have passed, after the first call,
 * whose time is `coldMs` (the first call in this process pays for parsing the table's templates).
 */
function time<T>(f: () => T): Timing & { value: T; coldMs: number } {
  const t = performance.now();
  let value = f();
  const coldMs = performance.now() - t;
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < 50 && (samples.length < 3 || performance.now() - start < 150)) {
    const t0 = performance.now();
    value = f();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)]!, runs: samples.length, value, coldMs };
}

function dagSize(e: Expr): number {
  const seen = new Set<Expr>();
  const walk = (x: Expr): void => {
    if (seen.has(x)) return;
    seen.add(x);
    children(x).forEach(walk);
  };
  walk(e);
  return seen.size;
}

/** mathjs syntax of the inputs it can differentiate: the catalogue's oracle forms, and BCE through σ. */
const MATHJS: Readonly<Record<string, readonly [string, string]>> = {
  ...Object.fromEntries(catalogue().flatMap((e) => (e.mathjs === null ? [] : [[e.id, e.mathjs] as const]))),
  'bce-sigmoid': ['-(y*log(1/(1+exp(-z)))+(1-y)*log(1-1/(1+exp(-z))))', 'z'],
};

function mathjsTime(source: string, v: string, simplify: boolean): Timing & { chars: number; result: string } {
  const t = time(() => derivative(mathParse(source), v, { simplify }).toString());
  return { ms: t.ms, runs: t.runs, chars: t.value.length, result: t.value };
}

const ce = new ComputeEngine();

/**
 * Compute Engine: derivative then simplify, from the LaTeX mathjs prints for the same input
 * (`\log` there is the natural log, which Compute Engine spells `\ln`).
 */
function computeEngineTime(source: string, v: string): Timing & { chars: number; result: string } {
  const latex = mathParse(source).toTex().replace(/\\log/g, '\\ln');
  const t = time(() => ce.box(['D', ce.parse(latex), v]).evaluate().simplify().latex);
  return { ms: t.ms, runs: t.runs, chars: t.value.length, result: t.value };
}

function ours(e: Expr, v: Sym, defs: ReadonlyMap<Sym, Expr> = new Map(), withSimplify = true): Omit<DiffRow, 'input' | 'mathjs'> {
  const d = time(() => foldDefinitions(differentiate(e, v, { defs, trace: false }).expr, defs, v));
  const out = d.value;
  const row = { ms: d.ms, coldMs: d.coldMs, runs: d.runs, size: size(out), dag: dagSize(out), chars: toLatex(out).length, result: toLatex(out) };
  if (!withSimplify) return { ours: row, oursSimplified: null };
  const s = time(() => foldDefinitions(simplify(foldDefinitions(differentiate(e, v, { defs, trace: false }).expr, defs, v)).expr, defs, v));
  const latex = toLatex(s.value);
  return { ours: row, oursSimplified: { ms: s.ms, coldMs: s.coldMs, runs: s.runs, size: size(s.value), chars: latex.length, result: latex } };
}

function catalogueRows(): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const entry of catalogue()) {
    const m = MATHJS[entry.id];
    rows.push({
      input: `${entry.id}: ${entry.definition}`,
      ...ours(entry.trees.definition, entry.trees.variable),
      mathjs: m ? mathjsTime(m[0], m[1], true) : null,
      computeEngine: m ? computeEngineTime(m[0], m[1]) : null,
    });
  }
  const z = sym('z');
  rows.push({
    input: 'bce-sigmoid: BCE(σ(z))',
    ...ours(parseOrThrow('-(y\\ln\\sigma(z)+(1-y)\\ln(1-\\sigma(z)))'), z),
    mathjs: mathjsTime(MATHJS['bce-sigmoid']![0], 'z', true),
    computeEngine: computeEngineTime(MATHJS['bce-sigmoid']![0], 'z'),
  });
  return rows;
}

/** The network inline, as our tree and as a mathjs string. */
function network(n: number): { tree: Expr; text: string; named: Expr; defs: Map<Sym, Expr> } {
  let text = 'x';
  let latex = 'x';
  const defs = new Map<Sym, Expr>();
  let prev: Sym = sym('x');
  for (let k = 1; k <= n; k++) {
    text = `1/(1+exp(-(w${k}*(${text})+b${k})))`;
    latex = `\\sigma(w_{${k}} ${k === 1 ? 'x' : `\\left(${latex}\\right)`}+b_{${k}})`;
    const f = sym('f', { sub: String(k) });
    defs.set(f, parseOrThrow(`\\sigma(w_{${k}} ${k === 1 ? 'x' : `f_{${k - 1}}`}+b_{${k}})`));
    prev = f;
  }
  return { tree: parseOrThrow(latex), text, named: prev, defs };
}

const SIZES = [1, 2, 4, 8, 16, 32, 64] as const;
const MATHJS_SIMPLIFY_CAP = 4;
const MATHJS_RAW_CAP = 32;
/** Simplifying the inline network is quadratic work on a quadratic tree; beyond this n it is skipped. */
const INLINE_SIMPLIFY_CAP = 16;

function networkRows(): (DiffRow & { n: number; wrt: string; form: string })[] {
  const rows: (DiffRow & { n: number; wrt: string; form: string })[] = [];
  for (const n of SIZES) {
    const net = network(n);
    for (const [wrt, v] of [['x', sym('x')], ['w_1', sym('w', { sub: '1' })]] as const) {
      const mjVar = wrt === 'x' ? 'x' : 'w1';
      rows.push({
        n, wrt, form: 'inline', input: `f_${n} inline`,
        ...ours(net.tree, v, new Map(), n <= INLINE_SIMPLIFY_CAP),
        mathjs: n <= MATHJS_SIMPLIFY_CAP ? mathjsTime(net.text, mjVar, true) : null,
        mathjsRaw: n <= MATHJS_RAW_CAP ? mathjsTime(net.text, mjVar, false) : null,
      });
      rows.push({ n, wrt, form: 'named', input: `f_${n} named`, ...ours(net.named, v, net.defs), mathjs: null });
    }
  }
  return rows;
}

const ms = (t: Timing | null | undefined): string => (t ? t.ms.toFixed(3) : 'capped');
const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} %`);

export async function run(): Promise<DiffBenchReport> {
  resetStats(TEMPLATE_CACHE.stats);
  resetStats(CANONICAL_CACHE.stats);
  const cat = catalogueRows();
  const rates = `cache hit rates over the catalogue runs: derivative templates ${pct(hitRate(TEMPLATE_CACHE.stats))}, canonical forms ${pct(hitRate(CANONICAL_CACHE.stats))}`;
  const net = networkRows();
  const out: string[] = [];
  out.push('# differentiation: catalogue (input form → derivative; ours = differentiate, +simp = differentiate then simplify; mathjs derivative simplifies)');
  out.push('# ms: warm (median of repeats); cold: the first call in this process');
  out.push(['entry', 'ours ms', 'size', '+simp ms', 'chars', 'mathjs ms', 'chars', 'CE ms', 'chars', 'ours+simp result', 'Compute Engine result', 'ours cold ms', '+simp cold ms'].join('\t'));
  for (const r of cat) {
    out.push([r.input.split(':')[0], ms(r.ours), r.ours.size, ms(r.oursSimplified), r.oursSimplified?.chars ?? '', r.mathjs ? ms(r.mathjs) : 'n/a', r.mathjs?.chars ?? '',
      r.computeEngine ? ms(r.computeEngine) : 'n/a', r.computeEngine?.chars ?? '', r.oursSimplified?.result ?? r.ours.result, r.computeEngine?.result ?? '',
      r.ours.coldMs?.toFixed(3) ?? '', r.oursSimplified?.coldMs?.toFixed(3) ?? ''].join('\t'));
  }
  out.push(rates);
  const total = (f: (r: DiffRow) => number | undefined): number => cat.reduce((s, r) => s + (f(r) ?? 0), 0);
  const both = cat.filter((r) => r.mathjs !== null);
  out.push(`total over the ${both.length} entries mathjs can do: ours+simp ${both.reduce((s, r) => s + (r.oursSimplified?.ms ?? 0), 0).toFixed(2)} ms, mathjs ${both.reduce((s, r) => s + r.mathjs!.ms, 0).toFixed(2)} ms, Compute Engine ${both.reduce((s, r) => s + (r.computeEngine?.ms ?? 0), 0).toFixed(2)} ms; ours (all ${cat.length}) ${total((r) => r.ours.ms).toFixed(2)} ms`);
  out.push('');
  out.push(`# nested network f_n = σ(w_n f_{n-1} + b_n); mathjs with simplify capped at n ≤ ${MATHJS_SIMPLIFY_CAP}, without at n ≤ ${MATHJS_RAW_CAP}; inline simplify capped at n ≤ ${INLINE_SIMPLIFY_CAP}`);
  out.push(['n', 'wrt', 'form', 'ours ms', 'size', 'dag', 'chars', '+simp ms', 'chars', 'mathjs ms', 'chars', 'mathjs raw ms', 'chars'].join('\t'));
  for (const r of net) {
    out.push([r.n, r.wrt, r.form, ms(r.ours), r.ours.size, r.ours.dag, r.ours.chars, ms(r.oursSimplified), r.oursSimplified?.chars ?? '',
      r.form === 'named' ? 'n/a' : ms(r.mathjs), r.mathjs?.chars ?? '', r.form === 'named' ? 'n/a' : ms(r.mathjsRaw), r.mathjsRaw?.chars ?? ''].join('\t'));
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return { catalogue: cat, network: net };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
