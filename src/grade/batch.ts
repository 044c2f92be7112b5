/**
 * Grading many submissions on every core: with n jobs, this thread and n − 1 worker threads
 * (node:worker_threads) each take chunks of submissions, one Judge with its caches per thread.
 * This thread grades too rather than wait: it has the modules loaded and warm already, and a
 * worker costs a module load and a cold cache.
 *
 * Chunks go to whichever thread is free; each result goes back to its submission's index, so the
 * output order is the input order whatever finishes first. Grading a submission depends only on
 * its text and the task (judge.ts), so the results are the same for any number of threads.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gradeSubmission } from './grade.js';
import { Judge } from './judge.js';
import type { Task } from './task.js';
import type { GradeResult, SubmissionInput } from './types.js';

export interface WorkerInit { readonly taskText: string; readonly taskFile: string }
export interface ToWorker { readonly chunk: number; readonly inputs: readonly SubmissionInput[] }
export interface FromWorker { readonly chunk: number; readonly results: readonly GradeResult[] }

export interface BatchOptions {
  /**
   * Threads to grade on, this one included; 1 grades in this thread only. By default one per
   * core, but at most one per MIN_PER_THREAD submissions: a worker costs a module load and a
   * cold cache, more than a few submissions take.
   */
  readonly jobs?: number;
  /** Called after each graded chunk with the number of submissions done. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The worker script (default: the compiled worker beside this module); tests point it elsewhere. */
  readonly workerUrl?: URL;
}

/** The task as loaded, with the YAML it came from (workers load it again from the text). */
export interface TaskSource { readonly task: Task; readonly text: string }

export const defaultJobs = (): number => availableParallelism();
export const MIN_PER_THREAD = 16;

/**
 * The compiled worker next to this module. Running from TypeScript sources (tests) there is
 * none, and grading stays in this thread.
 */
const WORKER_URL = new URL('./worker.js', import.meta.url);
export const workersAvailable = (url: URL = WORKER_URL): boolean => url.protocol === 'file:' && existsSync(fileURLToPath(url));

export async function gradeBatch(source: TaskSource, inputs: readonly SubmissionInput[], options: BatchOptions = {}): Promise<GradeResult[]> {
  const wanted = options.jobs ?? Math.min(defaultJobs(), Math.ceil(inputs.length / MIN_PER_THREAD));
  const jobs = Math.max(1, Math.min(wanted, inputs.length));
  if (jobs === 1 || !workersAvailable(options.workerUrl)) return gradeHere(source.task, inputs, options);
  return gradeOnWorkers(source, inputs, jobs, options);
}

async function gradeHere(task: Task, inputs: readonly SubmissionInput[], options: BatchOptions): Promise<GradeResult[]> {
  const judge = new Judge(task.seed);
  const out: GradeResult[] = [];
  for (const input of inputs) {
    out.push(gradeSubmission(input, task, judge));
    if (options.onProgress && (out.length % 16 === 0 || out.length === inputs.length)) {
      options.onProgress(out.length, inputs.length);
      // Let a progress bar reach the terminal.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return out;
}

function gradeOnWorkers(source: TaskSource, inputs: readonly SubmissionInput[], jobs: number, options: BatchOptions): Promise<GradeResult[]> {
  // Small chunks balance the load; not so small that messaging dominates.
  const size = Math.max(1, Math.min(32, Math.ceil(inputs.length / (jobs * 8))));
  const chunks: { start: number; inputs: SubmissionInput[] }[] = [];
  for (let i = 0; i < inputs.length; i += size) chunks.push({ start: i, inputs: inputs.slice(i, i + size) });
  const results: (GradeResult | undefined)[] = new Array(inputs.length);
  const init: WorkerInit = { taskText: source.text, taskFile: source.task.file };
  const workers = Array.from({ length: jobs - 1 }, () => new Worker(options.workerUrl ?? WORKER_URL, { workerData: init }));
  const judge = new Judge(source.task.seed);
  // Chunks not yet handed out: fresh ones in order, then any a failed worker left unfinished.
  let next = 0;
  const retry: number[] = [];
  const take = (): number | undefined => (retry.length > 0 ? retry.shift() : next < chunks.length ? next++ : undefined);
  const inFlight = new Map<Worker, number>();
  let done = 0;
  return new Promise<GradeResult[]>((resolve) => {
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      resolve(results as GradeResult[]);
    };
    const store = (chunk: number, out: readonly GradeResult[]): void => {
      const start = chunks[chunk]!.start;
      out.forEach((r, i) => { results[start + i] = r; });
      done += out.length;
      options.onProgress?.(done, inputs.length);
      if (done === inputs.length) finish();
    };
    const feed = (w: Worker): void => {
      const chunk = take();
      if (chunk === undefined) return;
      inFlight.set(w, chunk);
      const msg: ToWorker = { chunk, inputs: chunks[chunk]!.inputs };
      w.postMessage(msg);
    };
    // A worker that dies gives its chunk back; the others (and this thread) grade it, so a
    // crash costs time, never rows.
    const lose = (w: Worker): void => {
      const chunk = inFlight.get(w);
      inFlight.delete(w);
      if (chunk !== undefined && !settled) retry.push(chunk);
      w.removeAllListeners();
      setImmediate(own);
    };
    for (const w of workers) {
      w.on('message', (msg: FromWorker) => {
        inFlight.delete(w);
        store(msg.chunk, msg.results);
        if (!settled) feed(w);
      });
      w.on('error', () => lose(w));
      w.on('exit', (code) => { if (code !== 0 && !settled) lose(w); });
      feed(w);
    }
    // This thread's share: a chunk at a time, letting the workers' messages in between.
    const own = (): void => {
      if (settled) return;
      const chunk = take();
      if (chunk === undefined) return;
      store(chunk, chunks[chunk]!.inputs.map((input) => gradeSubmission(input, source.task, judge)));
      setImmediate(own);
    };
    setImmediate(own);
  });
}
