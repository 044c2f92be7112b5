/**
 * A grading worker thread: loads the task once, then grades the chunks of submissions the
 * batch sends, in the order they come, keeping its own caches (parsed lines, verdicts, traces)
 * across chunks.
 *
 * Each submission is graded in a task of its own. Trees are interned through weak references
 * (core/expr.ts), and a weak reference holds what it reaches until the task that made it ends;
 * a chunk graded in one task would keep every tree of the chunk alive, garbage included.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { gradeOne, type Graded } from './batch.js';
import { Judge } from './judge.js';
import { loadTask } from './task.js';
import type { FromWorker, ToWorker, WorkerInit } from './batch.js';

const port = parentPort;
if (port === null) throw new Error('worker.js runs only as a worker thread');
const init = workerData as WorkerInit;
const loaded = loadTask(init.taskText, init.taskFile);
if (!loaded.ok) throw new Error(`the task does not load in a worker: ${loaded.errors[0]?.message ?? ''}`);
const task = loaded.value;
const judge = new Judge(task.seed);

const queue: ToWorker[] = [];
let busy = false;

const drain = async (): Promise<void> => {
  busy = true;
  for (let msg = queue.shift(); msg !== undefined; msg = queue.shift()) {
    const before = { ...judge.stats };
    const results: Graded[] = [];
    for (const input of msg.inputs) {
      results.push(gradeOne(input, task, judge, init.renderJson));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const stats = {
      lookups: judge.stats.lookups - before.lookups, hits: judge.stats.hits - before.hits,
      normalLookups: judge.stats.normalLookups - before.normalLookups, normalHits: judge.stats.normalHits - before.normalHits,
    };
    const reply: FromWorker = { chunk: msg.chunk, results, stats };
    port.postMessage(reply);
  }
  busy = false;
};

port.on('message', (msg: ToWorker) => {
  queue.push(msg);
  if (!busy) void drain();
});
