/**
 * A grading worker thread: loads the task once, then grades the chunks of submissions the
 * batch sends, keeping its own caches (parsed lines, verdicts, traces) across chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { gradeOne } from './batch.js';
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

port.on('message', (msg: ToWorker) => {
  const before = { ...judge.stats };
  const results = msg.inputs.map((input) => gradeOne(input, task, judge, init.renderJson));
  const stats = {
    lookups: judge.stats.lookups - before.lookups, hits: judge.stats.hits - before.hits,
    normalLookups: judge.stats.normalLookups - before.normalLookups, normalHits: judge.stats.normalHits - before.normalHits,
  };
  const reply: FromWorker = { chunk: msg.chunk, results, stats };
  port.postMessage(reply);
});
