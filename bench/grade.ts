/**
 * Grading benchmark: a generated class of 2,000 sigmoid-derivative submissions, 10–20 steps
 * each, graded on one core (in this thread) and on every core (worker threads).
 *
 * The class is generated deterministically from a seed, the way a class writes: every stage
 * of the derivation in several spellings (`e^{-z}/(1+e^{-z})^2`, `\frac{e^{-z}}{(1+e^{-z})^2}`,
 * `exp(-z)/(1+exp(-z))^2`), some stages written twice, plain text and Markdown, and slips: a
 * sign or a factor of 2 lost and carried forward to the end, an unreadable line, a derivation
 * that stops before the required form, the odd empty or garbage file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '../src/numeric/sample.js';
import { pathToFileURL } from 'node:url';
import { defaultJobs, gradeBatch, loadTask, toCsv, toJson, type SubmissionInput, type Task } from '../src/grade/index.js';

/** `npm run bench` runs from the repository root. */
const TASK_FILE = path.resolve(process.cwd(), 'proofs/tasks/sigmoid.yaml');
export const CLASS_SIZE = 2_000;

/** The project's seeded generator, as a function for the picks below. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.float();
}

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

/** One submission: 10–20 steps (11–21 lines), plain text or Markdown. */
function submission(r: () => number, i: number): SubmissionInput {
  const name = `student-${String(i).padStart(4, '0')}`;
  const roll = r();
  if (roll < 0.005) return { name: `${name}.txt`, text: '' };
  if (roll < 0.01) return { name: `${name}.txt`, text: 'no idea }{ \\frac{\n' };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const target = 11 + Math.floor(r() * 11);
  // Stages beyond the first are written once, twice or three times, until the line count is reached.
  const counts = STAGES.map(() => 1);
  for (let extra = target - STAGES.length; extra > 0; extra--) counts[1 + Math.floor(r() * (STAGES.length - 1))]!++;
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
  const markdown = r() < 0.2;
  if (!markdown) return { name: `${name}.txt`, text: lines.map((l, k) => (k === 0 || r() < 0.3 ? l : `= ${l}`)).join('\n') + '\n' };
  // Markdown: LaTeX only, one display block per line, chained with a leading `=`.
  const latex = lines.map((l) => l.replace(/σ/g, '\\sigma').replace(/(?<!\\)sigma\(/g, '\\sigma(').replace(/−/g, '-').replace(/·/g, '\\cdot')
    .replace(/d\/dz (.*)$/, '\\frac{d}{dz}\\left($1\\right)').replace(/d\/dz/g, '\\frac{d}{dz}').replace(/exp\(/g, '\\exp(').replace(/\*/g, '\\cdot'));
  const text = `# ${name}\n\n${latex.map((l, k) => (k === 0 ? `$$${l}$$` : `$$= ${l}$$`)).join('\n\n')}\n`;
  return { name: `${name}.md`, text };
}

export function generateClass(size = CLASS_SIZE, seed = 2024): SubmissionInput[] {
  const r = rng(seed);
  return Array.from({ length: size }, (_, i) => submission(r, i));
}

export interface GradeBenchReport {
  readonly submissions: number;
  readonly steps: number;
  readonly oneCore: { readonly ms: number; readonly perSecond: number };
  readonly allCores: { readonly jobs: number; readonly ms: number; readonly perSecond: number };
  readonly identical: boolean;
}

async function timed(task: Task, text: string, inputs: readonly SubmissionInput[], jobs: number) {
  const t0 = performance.now();
  const results = await gradeBatch({ task, text }, inputs, { jobs });
  const ms = performance.now() - t0;
  return { results, ms, perSecond: (inputs.length / ms) * 1000 };
}

export async function run(): Promise<GradeBenchReport> {
  const text = readFileSync(TASK_FILE, 'utf8');
  const loaded = loadTask(text, 'proofs/tasks/sigmoid.yaml');
  if (!loaded.ok) throw new Error(`bench: ${loaded.errors[0]?.message}`);
  const task = loaded.value;
  const inputs = generateClass();
  const one = await timed(task, text, inputs, 1);
  const jobs = defaultJobs();
  const all = await timed(task, text, inputs, jobs);
  const identical = toCsv(one.results) === toCsv(all.results) && toJson(one.results, task) === toJson(all.results, task);
  const steps = one.results.reduce((s, r) => s + r.counts.steps, 0);
  const out: GradeBenchReport = {
    submissions: inputs.length,
    steps,
    oneCore: { ms: one.ms, perSecond: one.perSecond },
    allCores: { jobs, ms: all.ms, perSecond: all.perSecond },
    identical,
  };
  const graded = one.results.filter((r) => r.error === null);
  const mean = graded.reduce((s, r) => s + r.score, 0) / Math.max(1, graded.length);
  process.stdout.write([
    `# grade: a generated class of ${inputs.length} sigmoid submissions (${steps} steps), task proofs/tasks/sigmoid.yaml`,
    `one core: ${one.ms.toFixed(0)} ms, ${one.perSecond.toFixed(0)} submissions/s`,
    `all cores (${jobs} threads: this one and ${jobs - 1} worker${jobs === 2 ? '' : 's'}): ${all.ms.toFixed(0)} ms, ${all.perSecond.toFixed(0)} submissions/s (target ≥ 500/s)`,
    `same CSV and JSON on one core and on ${jobs}: ${identical ? 'yes' : 'NO'}; mean score ${mean.toFixed(2)}/${task.max}, ${inputs.length - graded.length} not graded`,
  ].join('\n') + '\n');
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
