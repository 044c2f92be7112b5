/**
 * Grading benchmark: two generated classes of sigmoid-derivative submissions, graded against
 * proofs/tasks/sigmoid.yaml on one thread and on two, at 2,000 and 20,000 submissions.
 *
 * - **repetitive**: a class as a class writes, where the first lines repeat: every stage of the
 *   derivation in a few spellings (`e^{-z}/(1+e^{-z})^2`, `\frac{e^{-z}}{(1+e^{-z})^2}`,
 *   `exp(-z)/(1+exp(-z))^2`), some stages written twice, plain text and Markdown, slips carried
 *   forward, an unreadable line, a derivation that stops early, the odd empty or garbage file.
 *   The verdict cache answers most steps.
 * - **no repetition**: no two submissions share a derivation line, so nearly every step is
 *   checked afresh. Each submission is Markdown with its own names for the parts of the sigmoid
 *   (u_i for 1 + e^{-z}, …), defined with its own coefficient k (u_i = (k + k e^{-z})/k), so no
 *   two submissions share a line even once the names are put in; it follows one of three orders
 *   of steps (power rule, quotient rule, through e^z/(1+e^z)), with slips, rewrites and lengths
 *   as above.
 *
 * The class is written to files in a temporary folder first (and its lines counted) by this
 * process; each measurement then runs in a child process of its own (fresh caches, its own peak
 * memory) that grades those files as `deriv grade` does — one worker pool, results streamed in
 * order into CSV and JSON that are hashed, not kept — so the peak memory is grading's alone. The
 * peak (the process's largest resident size, every thread's heap in it) follows V8's heap
 * sizing, which grows with the allocation rate up to a multiple of what each heap holds. The
 * live heap after is the main thread's, once collected: what grading holds on to when it
 * grades in that thread (one thread, under 1,000 submissions); with workers it is only the
 * heap of the thread that hands out work and writes results. The cache hit rate is the
 * verdict cache's, over every thread. The load average before and after each
 * run is printed: the machine is shared, and a loaded core slows every figure.
 *
 *   node dist/bench/run.js grade                            the whole table
 *   GRADE_BENCH_SIZES=2000 node dist/bench/run.js grade     only classes of 2,000
 *   node dist/bench/grade.js measure <class> <folder> <jobs>   one measurement, as JSON
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Rng } from '../src/numeric/sample.js';
import { loadTask, writeGrades, type CacheStats, type SubmissionInput } from '../src/grade/index.js';

/** `npm run bench` runs from the repository root. */
const TASK_FILE = path.resolve(process.cwd(), 'proofs/tasks/sigmoid.yaml');
/** Class sizes; `GRADE_BENCH_SIZES=2000` for a quick run. */
export const SIZES: readonly number[] = (process.env.GRADE_BENCH_SIZES ?? '2000,20000').split(',').map(Number);
export const JOBS = [1, 2] as const;
export type ClassKind = 'repetitive' | 'no-repetition';

/** The project's seeded generator, as a function for the picks below. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.float();
}

interface Submission { readonly name: string; readonly text: string }

// ---------------------------------------------------------------------------------------------
// The repetitive class

/** The derivation in stages; each stage in the spellings students use. Stage 0 restates the task. */
const STAGES: readonly (readonly string[])[] = [
  ['1/(1+e^{-z})', '\\frac{1}{1+e^{-z}}', '1/(1+exp(-z))', 'd/dz 1/(1+e^{-z})'],
  ['(1+e^{-z})^{-1}', '(1+exp(-z))^(-1)'],
  ['-(1+e^{-z})^{-2} * d/dz(1+e^{-z})', '-(1+e^{-z})^{-2} \\cdot \\frac{d}{dz}(1+e^{-z})'],
  ['-(1+e^{-z})^{-2} * (-e^{-z})', '-(1+e^{-z})^{-2} \\cdot (-e^{-z})', '-(1+exp(-z))^(-2) * (-exp(-z))'],
  ['(1+e^{-z})^{-2} e^{-z}', 'e^{-z}/(1+e^{-z})^2', '\\frac{e^{-z}}{(1+e^{-z})^2}', 'exp(-z)/(1+exp(-z))^2'],
  ['1/(1+e^{-z}) * e^{-z}/(1+e^{-z})', '\\frac{1}{1+e^{-z}} \\cdot \\frac{e^{-z}}{1+e^{-z}}'],
  ['1/(1+e^{-z}) * (1+e^{-z}-1)/(1+e^{-z})', '\\frac{1}{1+e^{-z}} \\cdot \\frac{1+e^{-z}-1}{1+e^{-z}}'],
  ['1/(1+e^{-z}) * (1 - 1/(1+e^{-z}))', '\\frac{1}{1+e^{-z}}\\left(1-\\frac{1}{1+e^{-z}}\\right)'],
  ['σ(z)(1-σ(z))', '\\sigma(z)\\left(1-\\sigma(z)\\right)', 'sigma(z)*(1-sigma(z))', 'σ(z) · (1 − σ(z))'],
];

/** Slips a student carries forward: the rest of the derivation is the slipped line's consequence. */
const SLIPS: readonly ((line: string) => string)[] = [
  (l) => `-(${l})`,
  (l) => `2(${l})`,
  (l) => `(${l})/2`,
];

/** Stage i written `counts[i]` times, 10–20 steps in all. */
function stageCounts(r: () => number, stages: number): number[] {
  const counts = Array.from({ length: stages }, () => 1);
  for (let extra = 11 + Math.floor(r() * 11) - stages; extra > 0; extra--) counts[1 + Math.floor(r() * (stages - 1))]!++;
  return counts;
}

/** Plain LaTeX for a Markdown submission. */
const toLatexLine = (l: string): string => l.replace(/σ/g, '\\sigma').replace(/(?<!\\)sigma\(/g, '\\sigma(').replace(/−/g, '-').replace(/·/g, '\\cdot')
  .replace(/d\/dz (.*)$/, '\\frac{d}{dz}\\left($1\\right)').replace(/d\/dz/g, '\\frac{d}{dz}').replace(/exp\(/g, '\\exp(').replace(/\*/g, '\\cdot');

function asText(r: () => number, name: string, lines: readonly string[], markdown: boolean, frontMatter = ''): Submission {
  if (!markdown) return { name: `${name}.txt`, text: `${lines.map((l, k) => (k === 0 || r() < 0.3 ? l : `= ${l}`)).join('\n')}\n` };
  // Markdown: LaTeX only, one display block per line, chained with a leading `=`.
  const body = lines.map(toLatexLine).map((l, k) => (k === 0 ? `$$${l}$$` : `$$= ${l}$$`)).join('\n\n');
  return { name: `${name}.md`, text: `${frontMatter}# ${name}\n\n${body}\n` };
}

function repetitive(r: () => number, i: number): Submission {
  const name = `student-${String(i).padStart(5, '0')}`;
  const roll = r();
  if (roll < 0.005) return { name: `${name}.txt`, text: '' };
  if (roll < 0.01) return { name: `${name}.txt`, text: 'no idea }{ \\frac{\n' };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const counts = stageCounts(r, STAGES.length);
  const stopEarly = r() < 0.05 ? 5 : STAGES.length;
  const slipAt = r() < 0.3 ? 3 + Math.floor(r() * (STAGES.length - 3)) : Infinity;
  const slip = pick(SLIPS);
  const lines: string[] = [];
  for (let s = 0; s < stopEarly; s++) {
    for (let k = 0; k < counts[s]!; k++) {
      const line = pick(STAGES[s]!);
      lines.push(s >= slipAt ? slip(line) : line);
    }
  }
  if (r() < 0.05) lines.splice(1 + Math.floor(r() * (lines.length - 1)), 0, '\\frac{e^{-z}}{(1+e^{-z})^2');
  return asText(r, name, lines, r() < 0.2);
}

// ---------------------------------------------------------------------------------------------
// The class without repetition

/**
 * Three orders of steps in Markdown, written with the submission's own names for the parts of
 * the sigmoid (u = 1 + e^{-z}, v = e^{-z}, w = e^z, defined in its front matter with the
 * submission's own coefficient, see `meaning`), so no two submissions write the same line or
 * judge a step under the same definitions. A name is
 * `u_{i}`, `u_{i1}`, … for submission i; a stage written again uses the next name, so even a
 * rewrite is a step not seen before.
 */
const NAMED_PATHS: readonly (readonly ((n: (base: string) => string) => string)[])[] = [
  // The power rule.
  [
    (n) => `\\frac{d}{dz}\\frac{1}{${n('u')}}`,
    (n) => `-\\frac{1}{${n('u')}^2}\\frac{d${n('u')}}{dz}`,
    (n) => `-\\frac{1}{${n('u')}^2}\\left(-${n('v')}\\right)`,
    (n) => `\\frac{${n('v')}}{${n('u')}^2}`,
    (n) => `\\frac{1}{${n('u')}}\\cdot\\frac{${n('u')}-1}{${n('u')}}`,
    (n) => `\\frac{1}{${n('u')}}\\left(1-\\frac{1}{${n('u')}}\\right)`,
    () => '\\sigma(z)\\left(1-\\sigma(z)\\right)',
  ],
  // The quotient rule, then σ − σ² factored.
  [
    (n) => `\\frac{d}{dz}\\frac{1}{1+${n('v')}}`,
    (n) => `\\frac{(1+${n('v')})\\cdot 0-1\\cdot\\frac{d${n('v')}}{dz}}{(1+${n('v')})^2}`,
    (n) => `\\frac{${n('v')}}{(1+${n('v')})^2}`,
    (n) => `\\frac{1+${n('v')}-1}{(1+${n('v')})^2}`,
    (n) => `\\frac{1}{1+${n('v')}}-\\frac{1}{(1+${n('v')})^2}`,
    () => '\\sigma(z)-\\sigma^2(z)',
    () => '\\sigma(z)\\left(1-\\sigma(z)\\right)',
  ],
  // Through e^z/(1 + e^z), by the quotient rule.
  [
    (n) => `\\frac{d}{dz}\\frac{${n('w')}}{1+${n('w')}}`,
    (n) => `\\frac{${n('w')}(1+${n('w')})-${n('w')}\\cdot ${n('w')}}{(1+${n('w')})^2}`,
    (n) => `\\frac{${n('w')}}{(1+${n('w')})^2}`,
    (n) => `\\frac{${n('w')}}{1+${n('w')}}\\cdot\\frac{1}{1+${n('w')}}`,
    () => '\\sigma(z)\\left(1-\\sigma(z)\\right)',
  ],
];

/**
 * What each name stands for, with a coefficient of its own written into it (u = (k + k e^{-z})/k,
 * k = 10(i + 1) + c for submission i's c-th name of a stage): no two names mean the same tree,
 * so no two lines are the same tree even once their names are put in, within a submission or
 * across the class, and the grader's memory of normal forms is not what makes this class fast.
 */
const meaning = (base: string, k: number): string => ({ u: `\\frac{${k}+${k}e^{-z}}{${k}}`, v: `\\frac{${k}e^{-z}}{${k}}`, w: `\\frac{${k}e^{z}}{${k}}` })[base]!;

/** Slips in LaTeX, carried forward. */
const LATEX_SLIPS: readonly ((line: string) => string)[] = [
  (l) => `-\\left(${l}\\right)`,
  (l) => `2\\left(${l}\\right)`,
  (l) => `\\frac{1}{2}\\left(${l}\\right)`,
];

function noRepetition(r: () => number, i: number): Submission {
  const name = `student-${String(i).padStart(5, '0')}`;
  if (r() < 0.005) return { name: `${name}.md`, text: '' };
  const path = NAMED_PATHS[Math.floor(r() * NAMED_PATHS.length)]!;
  const counts = stageCounts(r, path.length);
  const slipAt = r() < 0.3 ? 2 + Math.floor(r() * (path.length - 2)) : Infinity;
  const slip = LATEX_SLIPS[Math.floor(r() * LATEX_SLIPS.length)]!;
  const used = new Map<string, string>();
  const lines: string[] = [];
  path.forEach((stage, s) => {
    for (let c = 0; c < counts[s]!; c++) {
      const n = (base: string): string => {
        const id = `${base}_{${i}${c === 0 ? '' : c}}`;
        used.set(id, meaning(base, 10 * (i + 1) + c));
        return id;
      };
      const line = stage(n);
      lines.push(s >= slipAt ? slip(line) : line);
    }
  });
  const front = `---\ndefine:\n${[...used].map(([id, v]) => `  - ${id} = ${v}\n`).join('')}---\n`;
  return { name: `${name}.md`, text: `${front}# ${name}\n\n${lines.map((l, j) => (j === 0 ? `$$${l}$$` : `$$= ${l}$$`)).join('\n\n')}\n` };
}

const GENERATORS: Record<ClassKind, (r: () => number, i: number) => Submission> = { 'repetitive': repetitive, 'no-repetition': noRepetition };

// ---------------------------------------------------------------------------------------------
// One measurement, in a child process

export interface Measurement {
  readonly kind: ClassKind;
  readonly submissions: number;
  readonly jobs: number;
  readonly steps: number;
  readonly lines: number;
  readonly distinctLines: number;
  readonly ms: number;
  /** CPU time of the whole process (every thread, the garbage collector's included). */
  readonly cpuMs: number;
  readonly perSecond: number;
  readonly peakMB: number;
  /** The main thread's heap after the class, once collected: what grading still holds. */
  readonly liveMB: number;
  readonly hitRate: number;
  /** How often a line's normal form was one already worked out (the same tree under other names). */
  readonly normalHitRate: number;
  readonly meanScore: number;
  readonly notGraded: number;
  /** Hash of the CSV and JSON written: the same for any number of threads. */
  readonly hash: string;
  readonly load: readonly [number, number];
}

/** What the class holds, counted by the parent (so the child's memory is grading's alone). */
interface ClassFolder { readonly dir: string; readonly lines: number; readonly distinctLines: number }

/** Writes a class to files, in folders of 1,000 as a class's folder would be split. */
export function writeClass(kind: ClassKind, size: number): ClassFolder {
  const dir = mkdtempSync(path.join(tmpdir(), 'deriv-bench-grade-'));
  const distinct = new Set<string>();
  let lines = 0;
  const r = rng(2024);
  for (let i = 0; i < size; i++) {
    const s = GENERATORS[kind](r, i);
    const sub = path.join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) mkdirSync(sub);
    writeFileSync(path.join(sub, s.name), s.text);
    for (const l of s.text.split('\n')) {
      const t = l.trim().replace(/^=\s*/, '').replace(/^\$\$=?\s*|\$\$$/g, '');
      if (t === '' || t.startsWith('#') || t.startsWith('---') || t.startsWith('define') || t.startsWith('- ')) continue;
      lines++;
      distinct.add(t);
    }
  }
  return { dir, lines, distinctLines: distinct.size };
}

/** Grades a class folder in this process (the child), as `deriv grade` does. */
async function measure(kind: ClassKind, dir: string, jobs: number): Promise<Omit<Measurement, 'lines' | 'distinctLines'>> {
  const text = readFileSync(TASK_FILE, 'utf8');
  const loaded = loadTask(text, 'proofs/tasks/sigmoid.yaml');
  if (!loaded.ok) throw new Error(`bench: ${loaded.errors[0]?.message}`);
  const task = loaded.value;
  const inputs: SubmissionInput[] = readdirSync(dir).sort().flatMap((sub) => readdirSync(path.join(dir, sub)).sort()
    .map((name) => ({ name: `${sub}/${name}`, file: path.join(dir, sub, name) })));
  const hash = createHash('sha256');
  const sink = (s: string): void => { hash.update(s); };
  const stats: CacheStats = { lookups: 0, hits: 0, normalLookups: 0, normalHits: 0 };
  const load0 = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const written = await writeGrades({ task, text }, inputs, { jobs, stats }, { csv: sink, json: sink });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const size = inputs.length;
  (globalThis as { gc?: () => void }).gc?.();
  return {
    kind, submissions: size, jobs, steps: written.steps, ms, cpuMs: (cpu.user + cpu.system) / 1000, perSecond: (size / ms) * 1000,
    peakMB: process.resourceUsage().maxRSS / 1024, liveMB: process.memoryUsage().heapUsed / 2 ** 20, hitRate: stats.lookups === 0 ? 0 : stats.hits / stats.lookups,
    normalHitRate: stats.normalLookups === 0 ? 0 : stats.normalHits / stats.normalLookups,
    meanScore: written.scores / size, notGraded: written.errors.length, hash: hash.digest('hex').slice(0, 16), load: [load0, loadavg()[0]!],
  };
}

// ---------------------------------------------------------------------------------------------
// The table

const HERE = fileURLToPath(import.meta.url);

function child(kind: ClassKind, folder: ClassFolder, jobs: number): Measurement {
  const r = spawnSync(process.execPath, ['--expose-gc', HERE, 'measure', kind, folder.dir, String(jobs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench grade ${kind} ${jobs}: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as Omit<Measurement, 'lines' | 'distinctLines'>), lines: folder.lines, distinctLines: folder.distinctLines };
}

const f0 = (x: number): string => x.toFixed(0);

export async function run(): Promise<Measurement[]> {
  const out: Measurement[] = [];
  process.stdout.write('# grade: proofs/tasks/sigmoid.yaml, each run in a child process of its own (fresh caches)\n');
  process.stdout.write('| class | submissions | threads | steps | distinct lines | verdict cache hits | normal forms reused | time | CPU time | submissions/s | peak memory (live heap after) | load before → after |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n');
  for (const kind of ['repetitive', 'no-repetition'] as const) {
    for (const size of SIZES) {
      const row: Measurement[] = [];
      const folder = writeClass(kind, size);
      for (const jobs of JOBS) {
        let m: Measurement;
        try {
          m = child(kind, folder, jobs);
        } catch (err) {
          rmSync(folder.dir, { recursive: true, force: true });
          throw err;
        }
        row.push(m);
        out.push(m);
        process.stdout.write(`| ${kind} | ${size} | ${jobs} | ${m.steps} | ${m.distinctLines} of ${m.lines} | ${(m.hitRate * 100).toFixed(1)} % | ${(m.normalHitRate * 100).toFixed(1)} % | ${(m.ms / 1000).toFixed(1)} s | ${(m.cpuMs / 1000).toFixed(1)} s | ${f0(m.perSecond)} | ${f0(m.peakMB)} MB (${f0(m.liveMB)} MB) | ${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)} |\n`);
      }
      rmSync(folder.dir, { recursive: true, force: true });
      const [one, two] = row;
      if (one && two) {
        process.stdout.write(`|   | | two threads / one: ${(two.perSecond / one.perSecond).toFixed(2)}× | same CSV and JSON: ${one.hash === two.hash ? 'yes' : 'NO'} | mean ${one.meanScore.toFixed(2)}/9, ${one.notGraded} not graded | | | | | | | |\n`);
      }
    }
  }
  process.stdout.write('targets: no repetition ≥ 300 submissions/s on one thread; two threads ≥ 1.7× one on 20,000 no-repetition submissions; peak memory flat from 2,000 to 20,000\n');
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [cmd, kind, dir, jobs] = process.argv.slice(2);
  if (cmd === 'measure' && (kind === 'repetitive' || kind === 'no-repetition') && dir !== undefined) {
    process.stdout.write(`${JSON.stringify(await measure(kind, dir, Number(jobs)))}\n`);
  } else await run();
}
