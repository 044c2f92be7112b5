/**
 * `deriv grade` end to end: in-process through `main(argv, io)` with fake streams, and the built
 * binary spawned for real, where the worker threads run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { BIN } from '../helpers/bin.js';

const root = path.resolve(import.meta.dirname, '../..');
const CLASS = 'test/fixtures/grade/class';
const TASK = 'proofs/tasks/sigmoid.yaml';

interface Run { code: number; stdout: string; stderr: string }

async function run(argv: string[], options: { stdin?: string; cwd?: string; tty?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: Object.assign({ write: (s: string) => { stderr += s; } }, options.tty ? { isTTY: true, columns: 60 } : {}),
    readStdin: async () => options.stdin ?? '',
    color: false,
    cwd: options.cwd ?? root,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const tempDir = (): string => mkdtempSync(path.join(tmpdir(), 'deriv-grade-'));

describe('deriv grade - (stdin), the example of the issue', () => {
  it('grades the three lines and prints the feedback', async () => {
    const r = await run(['grade', '-', '--task', TASK], { stdin: '1/(1+e^{-z})\n= (1+e^{-z})^{-2} e^{-z}\n= σ(z)(1-σ(z))\n' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      'stdin: 9/9',
      '  line 1: restates the function to differentiate',
      '  line 2: correct',
      '  line 3: correct',
      '  final answer (line 3): correct, it equals σ(z)(1−σ(z))',
      '  form: in terms of σ(z) only — yes',
      '  form: no e^(…) left — yes',
      '  score 9/9: steps 4/4 (2 correct, 0 wrong), target 3/3, form 2/2',
      '',
    ].join('\n'));
  });

  it('an empty stdin is graded zero with the reason, exit 1', async () => {
    const r = await run(['grade', '-', '--task', TASK], { stdin: '' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('stdin: 0/9\n  not graded: the submission is empty\n  score 0/9\n');
  });
});

describe('deriv grade <file>', () => {
  it('prints one submission in full', async () => {
    const r = await run(['grade', 'test/fixtures/grade/slip.txt', '--task', TASK]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('test/fixtures/grade/slip.txt: 7/9');
    expect(r.stdout).toContain('  line 3: the sign flipped — this line is minus line 2');
  });

  it('--json - prints the JSON instead', async () => {
    const r = await run(['grade', 'test/fixtures/grade/correct.md', '--task', TASK, '--json', '-']);
    const j = JSON.parse(r.stdout) as { submissions: { score: number }[] };
    expect(j.submissions.map((s) => s.score)).toEqual([9]);
  });
});

describe('deriv grade <folder>', () => {
  it('one summary line per submission, CSV and JSON files, exit 1 because some could not be graded', async () => {
    const out = tempDir();
    const r = await run(['grade', CLASS, '--task', TASK, '--csv', path.join(out, 'grades.csv'), '--json', path.join(out, 'grades.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe([
      'alice.md: 9/9 (6 steps: 6 valid (3 going nowhere), 0 wrong; target reached)',
      'bob.txt: 7/9 (4 steps: 3 valid (1 going nowhere), 1 wrong; follow-through)',
      'carol.txt: 5/9 (2 steps: 2 valid (1 going nowhere), 0 wrong; target reached)',
      'dave.txt: 0/9 (not graded: no line could be read (first problem: line 2: unexpected end of input; expected a function, `(`, a number, a name, `{`))',
      'erin.txt: 0/9 (not graded: the submission is empty)',
      'frank.txt: 5/9 (1 step: 1 valid (1 skipping too much), 0 wrong; target reached)',
      'grace.txt: 8/9 (4 steps: 3 valid (1 going nowhere), 1 wrong; target reached)',
      'henry.docx: 0/9 (not graded: not a text file (binary content or invalid UTF-8))',
      'ivan.txt: 9/9 (2 steps: 2 valid, 0 wrong; target reached)',
      'kim.txt: 0/9 (not graded: the submission has 1000 lines of math; the limit is 400)',
      'late/judy.md: 9/9 (3 steps: 3 valid, 0 wrong; target reached)',
      '11 submissions: mean 4.73/9, 4 not graded',
      '',
    ].join('\n'));
    const csv = readFileSync(path.join(out, 'grades.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('submission,score,max,steps,valid,invalid,reached_target,error');
    expect(csv).toHaveLength(1 + 11);
    const json = JSON.parse(readFileSync(path.join(out, 'grades.json'), 'utf8')) as { submissions: unknown[] };
    expect(json.submissions).toHaveLength(11);
  });

  it('draws a progress bar on stderr only when it is a terminal', async () => {
    const quiet = await run(['grade', CLASS, '--task', TASK]);
    expect(quiet.stderr).toBe('');
    const tty = await run(['grade', CLASS, '--task', TASK], { tty: true });
    expect(tty.stderr).toContain('] 11/11');
    expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(tty.stdout).toBe(quiet.stdout);
  });
});

describe('a single submission that cannot be read exits 2', () => {
  it.each([
    ['binary', Buffer.from([0x50, 0x4b, 0x00, 0x03])],
    ['invalid UTF-8', Buffer.from([0x31, 0xff, 0xfe, 0x0a])],
  ])('%s: its row says why, stderr names it, exit 2', async (_, bytes) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'answer.txt'), bytes);
    const r = await run(['grade', 'answer.txt', '--task', path.join(root, TASK)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('answer.txt: 0/9\n  not graded: not a text file (binary content or invalid UTF-8)\n  score 0/9\n');
    expect(r.stderr).toBe('deriv grade: cannot read answer.txt: not a text file (binary content or invalid UTF-8)\n');
  });

  it('in a folder the same file is one row among others: exit 1', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), Buffer.from([0x50, 0x4b, 0x00, 0x03]));
    writeFileSync(path.join(dir, 'b.txt'), 'σ(z)(1-σ(z))\n');
    const r = await run(['grade', '.', '--task', path.join(root, TASK)], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['grade', CLASS], /required option '--task <file>' not specified/],
    [['grade', CLASS, '--task', 'nope.yaml'], /^deriv grade: cannot read the task nope\.yaml: ENOENT/],
    [['grade', 'nope/', '--task', TASK], /^deriv grade: cannot read nope\/: ENOENT/],
    [['grade', CLASS, '--task', TASK, '--jobs', '0'], /^deriv grade: --jobs must be a whole number from 1 to 256, got "0"/],
    [['grade', CLASS, '--task', TASK, '--csv', '-', '--json', '-'], /^deriv grade: only one of --csv and --json can go to stdout/],
  ])('%j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('an output file that cannot be written fails before any grading', async () => {
    const r = await run(['grade', CLASS, '--task', TASK, '--csv', 'no/such/folder/grades.csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('deriv grade: cannot write no/such/folder/grades.csv: the folder no/such/folder does not exist\n');
  });

  it('a task file with errors: each printed at its line and column', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bad.yaml'), 'start: x\ntarget:\n  value: x\n  form: [nope]\nrubric:\n  target: -1\n');
    const r = await run(['grade', '-', '--task', 'bad.yaml'], { cwd: dir, stdin: 'x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe([
      'bad.yaml:4:10: error: unknown form `nope` (known forms: in-terms-of, no-exp, no-derivatives, single-fraction)',
      'bad.yaml:6:11: error: `rubric.target` must be a number ≥ 0, got -1',
      '',
    ].join('\n'));
  });
});

describe('the built binary', () => {
  const bin = BIN;

  it('finds its worker file next to the chunk that starts workers', () => {
    const dir = path.dirname(BIN);
    const batch = readdirSync(dir).filter((f) => f.endsWith('.js') && readFileSync(path.join(dir, f), 'utf8').includes('new URL(`./worker.js`'));
    expect(batch).toHaveLength(1);
    expect(existsSync(path.join(dir, 'worker.js'))).toBe(true);
  });

  it('grades a folder on worker threads, byte for byte as on one thread', () => {
    const out = tempDir();
    const grade = (jobs: string): { code: number | null; stderr: string } => {
      const p = spawnSync('node', [bin, 'grade', CLASS, '--task', TASK, '--jobs', jobs, '--csv', path.join(out, `${jobs}.csv`), '--json', path.join(out, `${jobs}.json`)], { cwd: root, encoding: 'utf8' });
      return { code: p.status, stderr: p.stderr };
    };
    expect(grade('1')).toEqual({ code: 1, stderr: '' });
    expect(grade('2')).toEqual({ code: 1, stderr: '' });
    expect(grade('11')).toEqual({ code: 1, stderr: '' });
    const read = (f: string): string => readFileSync(path.join(out, f), 'utf8');
    expect(read('2.csv')).toBe(read('1.csv'));
    expect(read('11.csv')).toBe(read('1.csv'));
    expect(read('2.json')).toBe(read('1.json'));
    expect(read('11.json')).toBe(read('1.json'));
    expect(read('1.csv').trimEnd().split('\n')).toHaveLength(12);
  });

  it('reads stdin', () => {
    const out = execFileSync('node', [bin, 'grade', '-', '--task', TASK], { cwd: root, input: '1/(1+e^{-z})\n= (1+e^{-z})^{-2} e^{-z}\n= σ(z)(1-σ(z))\n', encoding: 'utf8' });
    expect(out.split('\n')[0]).toBe('stdin: 9/9');
  });
});
