/**
 * Grading many submissions on every core, streamed. With n jobs, one pool of n worker threads
 * (node:worker_threads), started once for the batch, takes chunks of submissions; each worker
 * keeps one Judge with its caches for the whole batch. This thread only hands out chunks and
 * passes results on, so its heap stays small however large the class.
 *
 * Memory stays flat: V8 lets a heap grow to a multiple of what survives each full collection,
 * up to four times when its limit is large, and grading allocates fast, so an uncapped thread's
 * peak follows the class's length rather than what it holds. Each worker runs under
 * WORKER_HEAP_MB, a limit at which V8 grows the heap by 1.4× at most and collects sooner,
 * well above what a worker holds (its caches are bounded, cache.ts). One thread on a large
 * class is one worker too (ONE_WORKER_FROM).
 *
 * Results come out as a stream in submission order, whatever finishes first: a chunk's results
 * wait in a reorder buffer until every chunk before them is out, and no chunk is handed out more
 * than WINDOW chunks ahead of the first one not yet out. So at most WINDOW chunks of submissions
 * and results are held, and a submission given as a file is read by the thread that grades it.
 *
 * Chunks are sized to the class (CHUNKS_PER_THREAD per thread, between MIN_CHUNK and MAX_CHUNK
 * submissions): few enough that messaging costs nothing, small enough that the last chunks
 * balance. Each worker holds two chunks, so it never waits for this thread. A worker that dies
 * (a crash, or a heap past its limit) hands its chunks back to the workers left; when none is
 * left, this thread grades the rest. So a crash costs time, never rows.
 *
 * Grading a submission depends only on its text and the task (judge.ts), so the results are the
 * same for any number of threads.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gradeSubmission } from './grade.js';
import { renderJson as renderJsonOf } from './output.js';
import { Judge, type CacheStats } from './judge.js';
import type { Task } from './task.js';
import type { GradeResult, SubmissionInput } from './types.js';

export interface WorkerInit { readonly taskText: string; readonly taskFile: string; readonly renderJson: boolean }
export interface ToWorker { readonly chunk: number; readonly inputs: readonly SubmissionInput[] }
export interface FromWorker {
  readonly chunk: number;
  readonly results: readonly Graded[];
  /** The worker's verdict-cache counts while grading the chunk. */
  readonly stats: CacheStats;
}

export interface BatchOptions {
  /**
   * Threads to grade on. By default one per core, but at most one per MIN_PER_THREAD
   * submissions: a worker costs a module load and a cold cache, more than a few submissions
   * take. One thread and fewer than ONE_WORKER_FROM submissions are graded in this thread.
   */
  readonly jobs?: number;
  /** Called as results come out, with the number out so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The worker script (default: the compiled worker beside this module); tests point it elsewhere. */
  readonly workerUrl?: URL;
  /** Verdict-cache counts of every thread are added here. */
  readonly stats?: CacheStats;
}

/**
 * A result, with its JSON rendered by the thread that graded it when asked (output.ts). A
 * rendered result travels without its steps, the bulk of it: they are in the JSON.
 */
export interface Graded { readonly result: GradeResult; readonly json: string | null }

/** Grades one submission, rendering its JSON when asked. */
export function gradeOne(input: SubmissionInput, task: Task, judge: Judge, renderJson: boolean): Graded {
  const result = gradeSubmission(input, task, judge);
  return renderJson ? { result: { ...result, steps: [] }, json: renderJsonOf(result) } : { result, json: null };
}

/** The task as loaded, with the YAML it came from (workers load it again from the text). */
export interface TaskSource { readonly task: Task; readonly text: string }

export const defaultJobs = (): number => availableParallelism();
export const MIN_PER_THREAD = 16;
export const CHUNKS_PER_THREAD = 24;
export const MIN_CHUNK = 4;
export const MAX_CHUNK = 32;
/** Chunks handed out ahead of the first whose results are not out yet, per thread. */
export const WINDOW_PER_THREAD = 4;
/**
 * A worker's old-generation limit, in MB. With a limit of 512 MB V8 grows a heap by at most
 * about 1.4× what survives a full collection (with 2 GB or more, by up to 4×); a worker holds
 * 100–150 MB however large the class, and what a submission allocates is garbage once graded.
 */
export const WORKER_HEAP_MB = 512;
/** A worker's young generation, in MB: the main thread's default (a worker's would follow its old-generation limit, and a smaller one collects more often). */
export const WORKER_YOUNG_MB = 48;
/**
 * From this many submissions, one thread is one worker all the same: its heap is capped, which
 * this thread's cannot be. A smaller class is not worth the worker's start (its module load
 * costs about half a second of CPU) and cannot grow the heap much.
 */
export const ONE_WORKER_FROM = 1_000;

/** Submissions per chunk for a class of `count` on `jobs` threads. */
export const chunkSize = (count: number, jobs: number): number =>
  Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.ceil(count / (jobs * CHUNKS_PER_THREAD))));

/**
 * The compiled worker next to this module. Running from TypeScript sources (tests) there is
 * none, and grading stays in this thread.
 */
const WORKER_URL = new URL('./worker.js', import.meta.url);
export const workersAvailable = (url: URL = WORKER_URL): boolean => url.protocol === 'file:' && existsSync(fileURLToPath(url));

/** Every result, in submission order (the stream below, collected). */
export async function gradeBatch(source: TaskSource, inputs: readonly SubmissionInput[], options: BatchOptions = {}): Promise<GradeResult[]> {
  const out: GradeResult[] = [];
  for await (const r of gradeStream(source, inputs, options)) out.push(r);
  return out;
}

/** The results as they come, in submission order. */
export async function* gradeStream(source: TaskSource, inputs: readonly SubmissionInput[], options: BatchOptions = {}): AsyncGenerator<GradeResult> {
  for await (const g of graded(source, inputs, { ...options, renderJson: false })) yield g.result;
}

/** The results as they come, in submission order, each with its JSON when `renderJson`. */
export async function* graded(source: TaskSource, inputs: readonly SubmissionInput[], options: BatchOptions & { readonly renderJson: boolean }): AsyncGenerator<Graded> {
  const wanted = options.jobs ?? Math.min(defaultJobs(), Math.ceil(inputs.length / MIN_PER_THREAD));
  const jobs = Math.max(1, Math.min(wanted, inputs.length));
  let done = 0;
  const progress = (): void => options.onProgress?.(++done, inputs.length);
  if ((jobs === 1 && inputs.length < ONE_WORKER_FROM) || !workersAvailable(options.workerUrl)) {
    const judge = new Judge(source.task.seed);
    try {
      for (const input of inputs) {
        const g = gradeOne(input, source.task, judge, options.renderJson);
        progress();
        yield g;
        // Let a progress bar or a slow reader of the stream through.
        if (done % 16 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      addStats(options.stats, judge.stats);
    }
    return;
  }
  const pool = new Pool(source, inputs, jobs, options.workerUrl ?? WORKER_URL, options.stats, options.renderJson);
  try {
    for (;;) {
      const chunk = await pool.next();
      if (chunk === null) return;
      for (const r of chunk) {
        progress();
        yield r;
      }
    }
  } finally {
    pool.close();
  }
}

function addStats(to: CacheStats | undefined, from: CacheStats): void {
  if (to === undefined) return;
  to.lookups += from.lookups;
  to.hits += from.hits;
  to.normalLookups += from.normalLookups;
  to.normalHits += from.normalHits;
}

/** One pool of workers for a batch; this thread grades only what no worker is left to take. */
class Pool {
  private readonly size: number;
  private readonly count: number;
  private readonly window: number;
  private judge: Judge | null = null;
  private readonly workers: Worker[];
  private readonly inFlight = new Map<Worker, number[]>();
  /** Results waiting for the chunks before them. */
  private readonly ready = new Map<number, readonly Graded[]>();
  /** Chunks a dead worker left: handed out again first. */
  private readonly retry: number[] = [];
  private issued = 0;
  private out = 0;
  private wake: (() => void) | null = null;

  constructor(
    private readonly source: TaskSource,
    private readonly inputs: readonly SubmissionInput[],
    jobs: number,
    url: URL,
    private readonly stats: CacheStats | undefined,
    private readonly renderJson: boolean,
  ) {
    this.size = chunkSize(inputs.length, jobs);
    this.count = Math.ceil(inputs.length / this.size);
    this.window = WINDOW_PER_THREAD * jobs;
    const init: WorkerInit = { taskText: source.text, taskFile: source.task.file, renderJson };
    const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB };
    this.workers = Array.from({ length: jobs }, () => new Worker(url, { workerData: init, resourceLimits }));
    for (const w of this.workers) {
      this.inFlight.set(w, []);
      w.on('message', (msg: FromWorker) => {
        const held = this.inFlight.get(w);
        held?.splice(held.indexOf(msg.chunk), 1);
        this.ready.set(msg.chunk, msg.results);
        addStats(this.stats, msg.stats);
        this.feed(w);
        this.poke();
      });
      w.on('error', () => this.lose(w));
      w.on('exit', (code) => { if (code !== 0) this.lose(w); });
      this.feed(w);
      this.feed(w);
    }
  }

  private inputsOf(chunk: number): readonly SubmissionInput[] {
    return this.inputs.slice(chunk * this.size, (chunk + 1) * this.size);
  }

  /** The next chunk to hand out, if the window allows one. */
  private take(): number | undefined {
    if (this.retry.length > 0) return this.retry.shift();
    if (this.issued < this.count && this.issued < this.out + this.window) return this.issued++;
    return undefined;
  }

  private feed(w: Worker): void {
    const held = this.inFlight.get(w);
    if (held === undefined) return;
    const chunk = this.take();
    if (chunk === undefined) return;
    held.push(chunk);
    const msg: ToWorker = { chunk, inputs: this.inputsOf(chunk) };
    w.postMessage(msg);
  }

  /** Tops every worker up to two chunks. */
  private feedAll(): void {
    for (const w of this.inFlight.keys()) while (this.inFlight.get(w)!.length < 2 && this.canFeed()) this.feed(w);
  }

  private lose(w: Worker): void {
    const held = this.inFlight.get(w);
    if (held === undefined) return;
    this.inFlight.delete(w);
    w.removeAllListeners();
    void w.terminate();
    this.retry.push(...held.filter((c) => !this.ready.has(c)));
    this.feedAll();
    this.poke();
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private workersIdle(): boolean {
    return [...this.inFlight.values()].every((held) => held.length === 0);
  }

  /** The results of the next chunk in order; null at the end. */
  async next(): Promise<readonly Graded[] | null> {
    if (this.out === this.count) return null;
    for (;;) {
      const hit = this.ready.get(this.out);
      if (hit !== undefined) {
        this.ready.delete(this.out);
        this.out++;
        this.feedAll();
        return hit;
      }
      // No worker left: this thread grades the rest.
      const mine = this.inFlight.size === 0 ? this.take() : undefined;
      if (mine !== undefined) {
        this.judge ??= new Judge(this.source.task.seed);
        const judge = this.judge;
        this.ready.set(mine, this.inputsOf(mine).map((input) => gradeOne(input, this.source.task, judge, this.renderJson)));
        continue;
      }
      if (this.workersIdle() && this.retry.length === 0 && !this.ready.has(this.out)) {
        throw new Error(`grading stopped: chunk ${this.out} was never graded`);
      }
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
  }

  private canFeed(): boolean {
    return this.retry.length > 0 || (this.issued < this.count && this.issued < this.out + this.window);
  }

  close(): void {
    if (this.judge !== null) addStats(this.stats, this.judge.stats);
    for (const w of this.inFlight.keys()) {
      w.removeAllListeners();
      void w.terminate();
    }
    this.inFlight.clear();
  }
}
