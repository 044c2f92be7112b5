/**
 * A class graded and written as it goes: CSV, JSON and the terminal text, each submission
 * written when its turn comes in submission order, so a class of any size streams through in
 * constant memory.
 */
import { graded, type BatchOptions, type TaskSource } from './batch.js';
import { csvHeader, csvRow, feedbackText, jsonHead, jsonItem, jsonTail, renderJson, Summary } from './output.js';
import type { GradeResult, SubmissionInput } from './types.js';

/** Where a stream of grades goes: each a function taking text (awaited, so a slow file holds the stream back). */
export interface GradeSinks {
  readonly csv?: (s: string) => unknown;
  readonly json?: (s: string) => unknown;
  /** The terminal text: every submission's feedback in full (`full`), or one summary line each. */
  readonly text?: (s: string) => unknown;
  readonly full?: boolean;
}

/** What a stream of grades held: how many, their steps and scores added up, and why those not graded were not. */
export interface Written {
  readonly count: number;
  readonly steps: number;
  readonly scores: number;
  readonly errors: readonly NonNullable<GradeResult['error']>[];
}

/**
 * Grades a class and writes the grades to their sinks as they come, in submission order
 * (constant memory: only the errors are kept). Each thread renders the JSON of the submissions
 * it grades, so writing it costs this thread no more than passing it on.
 */
export async function writeGrades(source: TaskSource, inputs: readonly SubmissionInput[], options: BatchOptions, sinks: GradeSinks): Promise<Written> {
  const task = source.task;
  const summary = new Summary();
  const errors: NonNullable<GradeResult['error']>[] = [];
  let count = 0;
  let steps = 0;
  let scores = 0;
  await sinks.csv?.(csvHeader());
  await sinks.json?.(jsonHead(task));
  for await (const { result: r, json } of graded(source, inputs, { ...options, renderJson: sinks.json !== undefined })) {
    await sinks.csv?.(csvRow(r));
    await sinks.json?.(jsonItem(json ?? renderJson(r), count));
    await sinks.text?.(sinks.full === true ? feedbackText(r) : summary.line(r));
    if (r.error !== null) errors.push(r.error);
    count++;
    steps += r.counts.steps;
    scores += r.score;
  }
  await sinks.json?.(jsonTail(count));
  if (sinks.full !== true) await sinks.text?.(summary.end(task));
  return { count, steps, scores, errors };
}
