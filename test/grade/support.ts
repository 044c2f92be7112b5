/** Shared helpers for the grader's tests: tasks from proofs/tasks, fixtures from test/fixtures/grade. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gradeSubmission, Judge, loadTask, type GradeResult, type Task } from '../../src/grade/index.js';

export const root = path.resolve(import.meta.dirname, '../..');
export const fixtures = path.join(root, 'test/fixtures/grade');

const tasks = new Map<string, Task>();

/** A task of proofs/tasks by name (`sigmoid`, `bce`, `tanh`), loaded once. */
export function task(name: string): Task {
  let t = tasks.get(name);
  if (t === undefined) {
    const file = `proofs/tasks/${name}.yaml`;
    const r = loadTask(readFileSync(path.join(root, file), 'utf8'), file);
    if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ')}`);
    t = r.value;
    tasks.set(name, t);
  }
  return t;
}

/** Grades text as a submission called `name` (the extension picks the format). */
export function grade(name: string, text: string, taskName = 'sigmoid'): GradeResult {
  const t = task(taskName);
  return gradeSubmission({ name, text }, t, new Judge(t.seed));
}

/** Grades a fixture file of test/fixtures/grade. */
export function gradeFixture(file: string, taskName = 'sigmoid'): GradeResult {
  return grade(file, readFileSync(path.join(fixtures, file), 'utf8'), taskName);
}
