/**
 * CSV and JSON: the exact header, one row per submission whatever happens to it, and the same
 * bytes for the same submissions however they are graded.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, gradeBatch, gradeSubmission, Judge, toCsv, toJson, type SubmissionInput } from '../../src/grade/index.js';
import { fixtures, root, task } from './support.js';

function classFolder(): SubmissionInput[] {
  const dir = path.join(fixtures, 'class');
  const walk = (d: string, prefix: string): SubmissionInput[] => readdirSync(d).sort().flatMap((f) => {
    const p = path.join(d, f);
    const name = prefix + f;
    if (statSync(p).isDirectory()) return walk(p, `${name}/`);
    const bytes = readFileSync(p);
    return [bytes.includes(0) ? { name, error: { code: 'not-text', message: 'not a text file' } } as const : { name, text: bytes.toString('utf8') }];
  });
  return walk(dir, '');
}

const sigmoidYaml = () => ({ task: task('sigmoid'), text: readFileSync(path.join(root, 'proofs/tasks/sigmoid.yaml'), 'utf8') });

describe('CSV', () => {
  it('has exactly the documented header', () => {
    expect(toCsv([]).split('\n')[0]).toBe('submission,score,max,steps,valid,invalid,reached_target,error');
    expect(CSV_COLUMNS.join(',')).toBe('submission,score,max,steps,valid,invalid,reached_target,error');
  });

  it('one row per submission, broken ones included with their error and a zero', async () => {
    const inputs = classFolder();
    const results = await gradeBatch(sigmoidYaml(), inputs, { jobs: 1 });
    const rows = toCsv(results).trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(inputs.length);
    expect(rows).toEqual([
      'alice.md,9,9,6,6,0,true,',
      'bob.txt,7,9,4,3,1,false,',
      'carol.txt,5,9,2,2,0,true,',
      'dave.txt,0,9,0,0,0,false,"no line could be read (first problem: line 2: unexpected end of input; expected a function, `(`, a number, a name, `{`)"',
      'erin.txt,0,9,0,0,0,false,the submission is empty',
      'frank.txt,5,9,1,1,0,true,',
      'grace.txt,8,9,4,3,1,true,',
      'henry.docx,0,9,0,0,0,false,not a text file',
      'ivan.txt,9,9,2,2,0,true,',
      'kim.txt,0,9,0,0,0,false,the submission has 1000 lines of math; the limit is 400',
      'late/judy.md,9,9,3,3,0,true,',
    ]);
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1.txt', "'+1.txt"],
    ['-x.txt', "'-x.txt"],
    ['@SUM(A1).txt', "'@SUM(A1).txt"],
    ['\tcmd.txt', "'\tcmd.txt"],
  ])('a submission named %j is written so spreadsheets do not run it: %s', (name, cell) => {
    const r = gradeSubmission({ name, text: '' }, task('sigmoid'), new Judge(1));
    expect(toCsv([r]).split('\n')[1]).toBe(`${cell},0,9,0,0,0,false,the submission is empty`);
  });

  it('quotes what needs quoting', () => {
    const t = task('sigmoid');
    const r = gradeSubmission({ name: 'a, "b".txt', text: '' }, t, new Judge(1));
    expect(toCsv([r]).split('\n')[1]).toBe('"a, ""b"".txt",0,9,0,0,0,false,the submission is empty');
  });
});

describe('determinism', () => {
  it('the same submissions give the same CSV and JSON bytes, in any grading order and with warm or cold caches', async () => {
    const inputs = classFolder();
    const source = sigmoidYaml();
    const a = await gradeBatch(source, inputs, { jobs: 1 });
    // Graded backwards on one judge (the caches fill in another order), then put back in order.
    const judge = new Judge(source.task.seed);
    const b = [...inputs].reverse().map((i) => gradeSubmission(i, source.task, judge)).reverse();
    expect(toCsv(b)).toBe(toCsv(a));
    expect(toJson(b, source.task)).toBe(toJson(a, source.task));
  });
});

describe('JSON', () => {
  it('has the documented shape', async () => {
    const results = await gradeBatch(sigmoidYaml(), classFolder().slice(0, 2), { jobs: 1 });
    const j = JSON.parse(toJson(results, task('sigmoid'))) as { version: number; task: object; submissions: Record<string, unknown>[] };
    expect(j.version).toBe(1);
    expect(j.task).toEqual({ file: 'proofs/tasks/sigmoid.yaml', title: 'The derivative of the sigmoid', max: 9, seed: 1 });
    expect(Object.keys(j.submissions[0]!)).toEqual(['submission', 'format', 'score', 'max', 'error', 'counts', 'breakdown', 'final', 'steps', 'feedback']);
    const step = (j.submissions[1]!.steps as Record<string, unknown>[])[1]!;
    expect(Object.keys(step)).toEqual(['line', 'column', 'from', 'relation', 'to', 'reading', 'status', 'verdict', 'method', 'hint', 'jump', 'distance', 'progress', 'points', 'feedback', 'witness']);
    expect(step).toMatchObject({ line: 3, status: 'invalid', hint: 'sign', witness: { at: { z: 3.52 }, left: 0.027922, right: -0.027922 } });
  });
});

describe('a worker that dies', () => {
  it('costs time, never rows: its chunk is graded by the threads left, with the same results', async () => {
    const inputs = classFolder();
    const source = sigmoidYaml();
    const alone = await gradeBatch(source, inputs, { jobs: 1 });
    const crashing = new URL('../fixtures/grade/workers/crash.mjs', import.meta.url);
    const survived = await gradeBatch(source, inputs, { jobs: 3, workerUrl: crashing });
    expect(survived).toHaveLength(inputs.length);
    expect(toCsv(survived)).toBe(toCsv(alone));
  });
});
