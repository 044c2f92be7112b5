/**
 * Checking benchmark: `deriv check proofs` end to end, and every step of proofs/ judged one at
 * a time, beside mathjs judging the same steps the usual way (`simplify(lhs - rhs)` is 0).
 *
 * Both judges get the same claims: derivatives already worked out by our differentiator and
 * definitions substituted (mathjs cannot read the Markdown, the LaTeX or the definitions), so
 * the comparison is ours (prepare + symbolic + exact/sampling) against mathjs (parse + simplify)
 * on what is left. Steps mathjs cannot express (piecewise, step functions, matrices) are
 * reported as n/a. Every step of proofs/ is true, so any verdict other than valid is wrong.
 *
 * Each timing is given cold and warm: cold is the first call in a fresh state (the whole run:
 * the first in this process; a step: the first check of the step read afresh from its file,
 * with the parse cache and the parser's remembered derivations emptied), warm the median of
 * repeated calls. The hit rates of the caches that serve the warm figures (parsed lines, parses
 * replayed by token shape, derivative templates, canonical forms) are printed beside them. The fixtures (test/fixtures/*.md) are checked too and their verdicts compared
 * with the planted mistakes written by hand in test/fixtures/planted.json: wrong verdicts are
 * counted on the mistakes and on the true steps around them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as mathParse, simplify as mathSimplify } from 'mathjs';
import { checkSource, checkStep } from '../src/check/index.js';
import { extractMath } from '../src/check/markdown.js';
import { prepareClaim } from '../src/check/prepare.js';
import { collectSteps, type Step } from '../src/check/steps.js';
import { assertNever, type Expr } from '../src/core/expr.js';
import { hitRate, resetStats } from '../src/core/stats.js';
import { TEMPLATE_CACHE } from '../src/parse/templates.js';
import { PARSE_CACHE, PARSE_REPLAY, parseOrThrow } from '../src/parse/index.js';
import { evaluatePrecise } from '../src/numeric/precise.js';
import { sym } from '../src/core/expr.js';
import { CANONICAL_CACHE } from '../src/simplify/index.js';

/** `npm run bench` runs from the repository root. */
const PROOFS = path.resolve(process.cwd(), 'proofs');

export interface StepRow {
  readonly step: string;
  /** Warm: median of repeated checks of the same step. */
  readonly oursMs: number;
  /** Cold: the first check of the step read afresh from its file, parse cache emptied. */
  readonly coldMs: number;
  readonly verdict: string;
  readonly method: string;
  readonly mathjsMs: number | null;
  /** `equal` when simplify(lhs - rhs) printed 0, `not shown` otherwise, null when mathjs cannot express the step. */
  readonly mathjs: 'equal' | 'not shown' | null;
}

export interface CheckBenchReport {
  readonly files: number;
  readonly steps: number;
  /** Wall time of checking every file of proofs/ once, cold (first run in this process) and warm. */
  readonly coldMs: number;
  readonly warmMs: number;
  readonly medianStepMs: number;
  readonly mathjsMedianStepMs: number | null;
  readonly oursMedianOnComparableMs: number | null;
  readonly wrongVerdicts: number;
  readonly mathjsNotShown: number;
  readonly rows: readonly StepRow[];
  readonly medianColdStepMs: number;
  /** Cache hit rates over the cold run and over the warm runs of `deriv check proofs`. */
  readonly caches: readonly { readonly name: string; readonly cold: number | null; readonly warm: number | null }[];
  readonly fixtures: FixtureScore;
}

/** Verdicts on the fixtures against their planted mistakes. */
export interface FixtureScore {
  readonly files: number;
  readonly planted: number;
  readonly plantedWrong: readonly string[];
  readonly trueSteps: number;
  readonly trueWrong: readonly string[];
}

type Flag = readonly [line: number, verdict: 'invalid' | 'unknown' | 'warning', hint: string | null];

function fixtureScore(): FixtureScore {
  const dir = path.resolve(process.cwd(), 'test', 'fixtures');
  const planted = (JSON.parse(readFileSync(path.join(dir, 'planted.json'), 'utf8')) as { fixtures: Record<string, { flags: Flag[] }> }).fixtures;
  let plantedCount = 0;
  let trueSteps = 0;
  const plantedWrong: string[] = [];
  const trueWrong: string[] = [];
  for (const [file, want] of Object.entries(planted)) {
    const r = checkSource(readFileSync(path.join(dir, file), 'utf8'), file);
    // As the check test reads them: the steps flagged (not valid, or with a warning), against the planted flags.
    const flagged = r.steps.filter((s) => s.verdict !== 'valid' || s.warnings.length > 0)
      .map((s): Flag => [s.line, s.verdict === 'valid' ? 'warning' : s.verdict, s.hint]);
    const same = (a: Flag, b: Flag): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
    plantedCount += want.flags.length;
    trueSteps += r.steps.length - want.flags.length;
    for (const f of want.flags) if (!flagged.some((g) => same(f, g))) plantedWrong.push(`${file}:${f[0]}`);
    for (const g of flagged) if (!want.flags.some((f) => same(f, g))) trueWrong.push(`${file}:${g[0]}`);
  }
  return { files: Object.keys(planted).length, planted: plantedCount, plantedWrong, trueSteps, trueWrong };
}

const CACHES = [['parsed lines', PARSE_CACHE.stats], ['parses replayed by token shape', PARSE_REPLAY.stats], ['derivative templates', TEMPLATE_CACHE.stats], ['canonical forms', CANONICAL_CACHE.stats]] as const;
const resetCaches = (): void => CACHES.forEach(([, st]) => resetStats(st));

/** Median wall time of `f`, repeated until 100 ms or 30 runs have passed (after one warm-up). */
function median(f: () => unknown, budgetMs = 100): number {
  f();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < 30 && (samples.length < 3 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const mid = (xs: readonly number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

class NoMathjs extends Error {}

const MATHJS_FUNCTIONS: Readonly<Record<string, (args: readonly string[]) => string>> = {
  exp: ([u]) => `exp(${u})`, ln: ([u]) => `log(${u})`, log: ([u, b]) => `log(${u}, ${b})`,
  sin: ([u]) => `sin(${u})`, cos: ([u]) => `cos(${u})`, tan: ([u]) => `tan(${u})`,
  sinh: ([u]) => `sinh(${u})`, cosh: ([u]) => `cosh(${u})`, tanh: ([u]) => `tanh(${u})`, abs: ([u]) => `abs(${u})`,
  sigmoid: ([u]) => `(1 / (1 + exp(-(${u}))))`, softplus: ([u]) => `log(1 + exp(${u}))`,
};

/** Our tree in mathjs syntax, or NoMathjs for what mathjs has no form of. */
function mathjsText(e: Expr): string {
  switch (e.kind) {
    case 'num': return e.value.d === 1n ? `(${e.value.s < 0n ? '-' : ''}${e.value.n})` : `(${e.value.s < 0n ? '-' : ''}${e.value.n}/${e.value.d})`;
    case 'const': return e.name === 'e' ? 'e' : 'pi';
    case 'sym': return [e.name, e.sub, e.layer, e.accent, e.primes > 0 ? `p${e.primes}` : undefined].filter((x) => x !== undefined).join('_').replace(/[^A-Za-z0-9_]/g, '_');
    case 'add': return `(${e.terms.map(mathjsText).join(' + ')})`;
    case 'mul': return `(${e.factors.map(mathjsText).join(' * ')})`;
    case 'pow': return `(${mathjsText(e.base)} ^ ${mathjsText(e.exp)})`;
    case 'apply': {
      const f = typeof e.fn === 'string' && e.primes === 0 ? MATHJS_FUNCTIONS[e.fn] : undefined;
      if (f === undefined) throw new NoMathjs();
      return f(e.args.map(mathjsText));
    }
    case 'note': return mathjsText(e.body);
    case 'deriv': case 'piecewise': case 'rel': case 'sum': case 'at': throw new NoMathjs();
    default: return assertNever(e);
  }
}

function mathjsDifference(step: Step): string | null {
  if (step.op !== '=' || step.scope.matrices.size > 0) return null;
  const p = prepareClaim(step.op, step.lhs, step.rhs, step.scope);
  if (!p.ok) return null;
  try {
    return `${mathjsText(p.claim.left)} - ${mathjsText(p.claim.right)}`;
  } catch (err) {
    if (err instanceof NoMathjs) return null;
    throw err;
  }
}

/**
 * Reading notes as people write them (test/notes/: sections, inline claims, conditions, prose
 * inside math): the time to read a file into steps with roles, and to check each step.
 */
function readingNotes(): { files: number; spans: number; steps: number; medianFileMs: number; medianStepMs: number; sumSteps: number; medianSumStepMs: number } {
  const root = path.resolve(process.cwd(), 'test/notes');
  const files = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(root, d.name)).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => path.join(root, d.name, f)));
  const fileTimes: number[] = [];
  const stepTimes: number[] = [];
  // Steps with a sum, judged at several sizes (K = 2 to 5) and index values.
  const sumTimes: number[] = [];
  let spans = 0;
  for (const f of files) {
    const source = readFileSync(f, 'utf8');
    fileTimes.push(median(() => collectSteps(extractMath(source)), 50));
    const read = collectSteps(extractMath(source));
    spans += read.spans.length;
    for (const step of read.steps) {
      const ms = median(() => checkStep(step), 20);
      stepTimes.push(ms);
      if (`${step.lhs.latex} ${step.rhs.latex}`.includes('\\sum')) sumTimes.push(ms);
    }
  }
  return {
    files: files.length, spans, steps: stepTimes.length, medianFileMs: mid(fileTimes) ?? 0, medianStepMs: mid(stepTimes) ?? 0,
    sumSteps: sumTimes.length, medianSumStepMs: mid(sumTimes) ?? 0,
  };
}

/** The activations whose 64-digit value the judge may ask for, as students write them. */
const PRECISE_CALLS = [
  '\\sigma(x)', '\\tanh x', '\\operatorname{ReLU}(x)', '\\operatorname{LeakyReLU}(x)', '\\operatorname{PReLU}(x)', '\\operatorname{ELU}(x)',
  '\\operatorname{SELU}(x)', '\\operatorname{softplus}(x)', '\\operatorname{softsign}(x)', '\\operatorname{swish}(x)',
  '\\operatorname{GELU_{tanh}}(x)', '\\operatorname{mish}(x)', '\\operatorname{hardsigmoid}(x)', '\\operatorname{hardtanh}(x)',
  '\\sigma(x)\\left(1-\\sigma(x)\\right)', '\\frac{e^{x}}{\\left(1+e^{x}\\right)^{2}}',
];

/**
 * High-precision re-evaluation (the judge's second opinion on a close or overflowing point):
 * median time of one 64-digit evaluation of each call above at seven points, warm (the call's
 * tree reused, as the judge reuses a step's) and cold (the first evaluation of a tree).
 */
function preciseEvaluation(): { calls: number; warmUs: number; coldUs: number } {
  const x = sym('x');
  const points = [-30, -3.5, -0.7, 0.2, 1.9, 4, 40];
  const alpha = sym('alpha');
  const colds: number[] = [];
  const warms: number[] = [];
  for (const latex of PRECISE_CALLS) {
    const e = parseOrThrow(latex);
    const at = (v: number): Map<never, number> => new Map([[x, v], [alpha, 1.3]]) as Map<never, number>;
    const t = performance.now();
    if (evaluatePrecise(e, at(points[0]!)) === 'unsupported') throw new Error(`bench: no 64-digit form for ${latex}`);
    colds.push((performance.now() - t) * 1000);
    for (const v of points) warms.push(median(() => evaluatePrecise(e, at(v)), 20) * 1000);
  }
  return { calls: PRECISE_CALLS.length, warmUs: mid(warms)!, coldUs: mid(colds)! };
}

export async function run(): Promise<CheckBenchReport> {
  const files = readdirSync(PROOFS).filter((f) => f.endsWith('.md')).sort();
  const sources = files.map((f) => [f, readFileSync(path.join(PROOFS, f), 'utf8')] as const);
  const whole = (): void => { for (const [f, s] of sources) checkSource(s, f); };
  resetCaches();
  const t0 = performance.now();
  whole();
  const coldMs = performance.now() - t0;
  const coldRates = CACHES.map(([, st]) => hitRate(st));
  resetCaches();
  const warmMs = median(whole, 500);
  const caches = CACHES.map(([name, st], i) => ({ name, cold: coldRates[i]!, warm: hitRate(st) }));

  const rows: StepRow[] = [];
  for (const [file, source] of sources) {
    // Cold: every step read afresh (new scopes, so no resolved definitions), parse cache and remembered derivations emptied, each checked once in file order.
    PARSE_CACHE.clear();
    PARSE_REPLAY.clear();
    const colds = collectSteps(extractMath(source)).steps.map((step) => {
      const t = performance.now();
      checkStep(step);
      return performance.now() - t;
    });
    for (const [i, step] of collectSteps(extractMath(source)).steps.entries()) {
      const report = checkStep(step);
      const oursMs = median(() => checkStep(step));
      const diff = mathjsDifference(step);
      let mathjsMs: number | null = null;
      let mathjs: StepRow['mathjs'] = null;
      if (diff !== null) {
        const judgeMathjs = (): string => mathSimplify(mathParse(diff)).toString();
        mathjs = judgeMathjs() === '0' ? 'equal' : 'not shown';
        mathjsMs = median(judgeMathjs, 200);
      }
      rows.push({ step: `${file}:${report.line}`, oursMs, coldMs: colds[i]!, verdict: report.verdict, method: report.method, mathjsMs, mathjs });
    }
  }
  const comparable = rows.filter((r) => r.mathjsMs !== null);
  const out: CheckBenchReport = {
    files: files.length,
    steps: rows.length,
    coldMs,
    warmMs,
    medianStepMs: mid(rows.map((r) => r.oursMs))!,
    mathjsMedianStepMs: mid(comparable.map((r) => r.mathjsMs!)),
    oursMedianOnComparableMs: mid(comparable.map((r) => r.oursMs)),
    wrongVerdicts: rows.filter((r) => r.verdict !== 'valid').length,
    mathjsNotShown: comparable.filter((r) => r.mathjs === 'not shown').length,
    rows,
    medianColdStepMs: mid(rows.map((r) => r.coldMs))!,
    caches,
    fixtures: fixtureScore(),
  };
  const reading = readingNotes();
  const precise = preciseEvaluation();
  const lines: string[] = [];
  lines.push('# check: every step of proofs/ (all true), ours (prepare + judge) beside mathjs simplify(lhs - rhs) == 0 on the same claims');
  lines.push(['step', 'ours ms', 'verdict', 'method', 'mathjs ms', 'mathjs', 'ours cold ms'].join('\t'));
  for (const r of rows) lines.push([r.step, r.oursMs.toFixed(3), r.verdict, r.method, r.mathjsMs?.toFixed(3) ?? 'n/a', r.mathjs ?? 'n/a', r.coldMs.toFixed(3)].join('\t'));
  const ratio = out.mathjsMedianStepMs !== null && out.oursMedianOnComparableMs ? out.mathjsMedianStepMs / out.oursMedianOnComparableMs : null;
  lines.push(`deriv check proofs (${out.files} files, ${out.steps} steps): cold ${coldMs.toFixed(1)} ms, warm ${warmMs.toFixed(1)} ms`);
  lines.push(`reading the notes of test/notes/ (${reading.files} files, ${reading.spans} math spans, ${reading.steps} steps): median ${reading.medianFileMs.toFixed(3)} ms per file to read, ${reading.medianStepMs.toFixed(3)} ms per step to check (target < 1 ms)`);
  lines.push(`steps with a sum in test/notes/ (${reading.sumSteps}), judged at sizes 2 to 5: median ${reading.medianSumStepMs.toFixed(3)} ms per step (target < 5 ms)`);
  lines.push(`median per step: ours ${out.medianStepMs.toFixed(3)} ms (target < 2 ms); on the ${comparable.length} steps mathjs can express: ours ${out.oursMedianOnComparableMs?.toFixed(3) ?? 'n/a'} ms, mathjs ${out.mathjsMedianStepMs?.toFixed(3) ?? 'n/a'} ms, ratio ${ratio === null ? 'n/a' : `${ratio.toFixed(1)}×`} (target ≥ 20×)`);
  lines.push(`64-digit re-evaluation of ${precise.calls} activation calls at 7 points: median ${precise.warmUs.toFixed(1)} µs warm, ${precise.coldUs.toFixed(1)} µs cold (first evaluation of a call)`);
  lines.push(`median per step cold (first check of the step, fresh scopes and parse cache): ${out.medianColdStepMs.toFixed(3)} ms`);
  const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} %`);
  lines.push(`cache hit rates, cold run / warm runs: ${caches.map((c) => `${c.name} ${pct(c.cold)} / ${pct(c.warm)}`).join('; ')}`);
  lines.push(`verdicts: ours wrong on ${out.wrongVerdicts} of ${out.steps}; mathjs did not show ${out.mathjsNotShown} of ${comparable.length} true steps equal`);
  const fx = out.fixtures;
  lines.push(`fixtures (${fx.files} files): wrong on ${fx.plantedWrong.length} of ${fx.planted} planted mistakes${fx.plantedWrong.length > 0 ? ` (${fx.plantedWrong.join(', ')})` : ''}, on ${fx.trueWrong.length} of ${fx.trueSteps} true steps${fx.trueWrong.length > 0 ? ` (${fx.trueWrong.join(', ')})` : ''}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
