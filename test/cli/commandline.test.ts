/**
 * The command line's own rules, whatever the command: expressions are never options, formats
 * and output paths are checked, every file given appears in the output, a file with nothing to
 * check is a warning, a bug is never reported as a user's error, a closed pipe ends quietly.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { EXIT, exitOnClosedPipe, type Io } from '../../src/cli/io.js';
import { main, operandsLast } from '../../src/cli/main.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const run = (argv: string[], options: { cwd?: string; stdin?: string } = {}): Promise<CliRun> => runCli(argv, { cwd: root, ...options });
const tempDir = (): string => mkdtempSync(path.join(tmpdir(), 'deriv-cli-'));

describe('expressions are never options', () => {
  const command = new Command('diff').option('--wrt <symbol>').option('--steps').option('--no-self').option('--order <n>');

  it.each([
    [['-x^2', '--wrt', 'x'], ['--wrt', 'x', '--', '-x^2']],
    [['--wrt', '-y', '-x^2'], ['--wrt', '-y', '--', '-x^2']],
    [['--steps', '-x', '--no-self'], ['--steps', '--no-self', '--', '-x']],
    [['a', '-', '-b', '--order=2'], ['--order=2', '--', 'a', '-', '-b']],
    [['--wrt', 'x', '--', '--steps'], ['--wrt', 'x', '--', '--steps']],
    [['-h'], ['-h']],
    [['--typo', 'x'], ['--typo', '--', 'x']],
  ])('%j is read as %j', (args, expected) => {
    expect(operandsLast(command, args)).toEqual(expected);
  });

  it.each([
    [['parse', '-x^2', '--format', 'json'], /"latex": "-x\^2"/],
    [['eval', '-x^2', '--at', 'x=3'], /^-9\n$/],
    [['diff', '-x^2', '--wrt', 'x'], /^-2x\n$/],
    [['simplify', '-x-x'], /^-2x\n$/],
    [['derive', '-x^3'], /-3x\^2/],
    [['plot', '-x^2', 'sigmoid', '--from', '-2', '--to', '2'], /<title>-x\^2, sigmoid\(z\)<\/title>/],
  ])('deriv %j', async (argv, out) => {
    const r = await run(argv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(out);
  });

  it('still refuses an unknown long option', async () => {
    const r = await run(['parse', 'x', '--formt', 'json']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("unknown option '--formt'");
  });
});

describe('--format', () => {
  it.each([
    [['parse', 'x', '--format', 'xyz'], 'deriv parse: --format must be text or json, got "xyz"'],
    [['check', 'proofs', '--format', 'xml'], 'deriv check: --format must be one of text, json, github, got "xml"'],
    [['diff', 'x', '--wrt', 'x', '--format', 'html'], 'deriv: --format must be one of latex, text, json'],
  ])('refuses an unknown value: %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe(`${message}\n`);
  });
});

describe('output paths', () => {
  it.each([
    ['plot', ['plot', 'sigmoid', '--svg', 'no-such/chart.svg']],
    ['check', ['check', 'test/fixtures/power-rule.md', '--html', 'no-such/report.html']],
    ['derive', ['derive', 'sigmoid', '--html', 'no-such/sigmoid.html']],
    ['grade', ['grade', 'test/fixtures/grade/slip.txt', '--task', 'proofs/tasks/sigmoid.yaml', '--csv', 'no-such/grades.csv']],
    ['report', ['report', 'proofs/binary-step.md', '--html', 'no-such/site']],
  ])('%s refuses a missing parent folder instead of creating it', async (command, argv) => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'unused'), '');
    const r = await run(argv.map((a) => (a.includes('/') && !a.startsWith('no-such') ? path.join(root, a) : a)), { cwd });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(new RegExp(`^deriv ${command}: cannot write no-such/[\\w.]+: the folder no-such does not exist\\n$`, 'm'));
    expect(existsSync(path.join(cwd, 'no-such'))).toBe(false);
  });

  it('report creates its own folder when the parent exists', async () => {
    const cwd = tempDir();
    const r = await run(['report', path.join(root, 'proofs/binary-step.md'), '--html', 'site'], { cwd });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(cwd, 'site/index.html'))).toBe(true);
  });
});

describe('deriv check: every file given is in the output', () => {
  it('reads standard input for -', async () => {
    const r = await run(['check', '-'], { stdin: '$$\\frac{d}{dx} x^3 = 2x^2$$\n' });
    expect(r.code).toBe(EXIT.invalid);
    expect(r.stdout).toMatch(/^stdin:1:22: error: step does not follow \(constant-factor\)\n {2}1 \| \$\$\\frac\{d\}\{dx\} x\^3 = 2x\^2\$\$\n/);
  });

  it('lists an unreadable file in --format json with its error', async () => {
    const r = await run(['check', 'test/fixtures/power-rule.md', 'no/such/file.md', '--format', 'json']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe('');
    const files = (JSON.parse(r.stdout) as { files: { file: string; errors: unknown[]; steps: unknown[] }[] }).files;
    expect(files.map((f) => f.file)).toEqual(['test/fixtures/power-rule.md', 'no/such/file.md']);
    expect(files[1]).toMatchObject({ steps: [], errors: [{ line: 1, column: 1, message: 'cannot read the file: ENOENT' }] });
  });

  it('lists an unreadable file in the --html report with its error', async () => {
    const out = path.join(tempDir(), 'report.html');
    const r = await run(['check', 'no/such/file.md', 'proofs/binary-step.md', '--html', out]);
    expect(r.code).toBe(EXIT.usage);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>no/such/file.md</h2>');
    expect(html).toContain('cannot read the file: ENOENT');
    expect(html).toContain('<h2>proofs/binary-step.md</h2>');
  });
});

describe('a file with nothing to check', () => {
  it.each([
    ['empty', '', 'no math found: nothing to check'],
    ['front matter only', '---\ntolerance: 1e-3\n---\n', 'no math found: nothing to check'],
    ['prose only', '# Notes\n\nThe sigmoid is smooth; $x$ is a number.\n', 'no math found: nothing to check'],
    ['definitions only', '$$L = -\\ln a$$\n', 'no step found: the file only defines symbols'],
  ])('warns (%s), and fails only with --strict', async (_, text, warning) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.md'), text);
    const r = await run(['check', 'notes.md'], { cwd: dir });
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(`notes.md: warning: ${warning}\nnotes.md: 0 steps: 0 valid, 0 invalid, 0 unknown (seed 1)\n`);
    expect((await run(['check', 'notes.md', '--strict'], { cwd: dir })).code).toBe(EXIT.invalid);
    const json = JSON.parse((await run(['check', 'notes.md', '--format', 'json'], { cwd: dir })).stdout) as { files: { warnings: unknown[] }[] };
    expect(json.files[0]!.warnings).toEqual([{ line: 1, column: 1, code: warning.startsWith('no math') ? 'no-math' : 'no-steps', message: warning }]);
  });

  it('--strict also fails on a step with a warning, and passes a file where every step is valid', async () => {
    const dir = tempDir();
    // π agrees with 3.14159265 only to the digits written: valid, with the warning "approximate: use ≈".
    writeFileSync(path.join(dir, 'approx.md'), '$$\\pi = 3.14159265$$\n');
    writeFileSync(path.join(dir, 'ok.md'), '$$\\frac{d}{dx} x^2 = 2x$$\n');
    expect((await run(['check', 'ok.md', '--strict'], { cwd: dir })).code).toBe(EXIT.ok);
    const plain = await run(['check', 'approx.md'], { cwd: dir });
    expect([plain.code, plain.stdout.split('\n')[0]]).toEqual([EXIT.ok, 'approx.md:1:9: warning: approximate: use ≈']);
    expect((await run(['check', 'approx.md', '--strict'], { cwd: dir })).code).toBe(EXIT.invalid);
  });
});

describe('long source lines', () => {
  it('are cut to the neighbourhood of the column, with the caret under the same character', async () => {
    const dir = tempDir();
    // 35,000 characters in 10,000 tokens: under the parser's limits, so the error is deep in the line.
    const pad = '\\alpha+'.repeat(5_000);
    writeFileSync(path.join(dir, 'long.md'), `$$y = ${pad}\\frac{1}{2}}$$\n`);
    const r = await run(['check', 'long.md'], { cwd: dir });
    expect(r.code).toBe(EXIT.invalid);
    const lines = r.stdout.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(200);
    const [head, source, caret] = lines;
    const column = Number(/^long\.md:1:(\d+):/.exec(head!)![1]);
    expect(column).toBeGreaterThan(35_000);
    expect(source).toMatch(/^ {2}1 \| …[\\a-z+]+\\frac\{1\}\{2\}\}\$\$$/);
    expect(source![caret!.indexOf('^')]).toBe(`$$y = ${pad}\\frac{1}{2}}$$`[column - 1]);
  });
});

describe('grade CSV', () => {
  it('writes submission names that look like formulas so spreadsheets keep them as text', async () => {
    const dir = tempDir();
    for (const name of ['=HYPERLINK(1).txt', '+1.txt', '-1.txt', '@SUM.txt', 'plain.txt']) writeFileSync(path.join(dir, name), '1/(1+e^{-z})\n= σ(z)(1-σ(z))\n');
    const r = await run(['grade', dir, '--task', 'proofs/tasks/sigmoid.yaml', '--csv', '-', '--jobs', '1']);
    const names = r.stdout.trimEnd().split('\n').slice(1).map((row) => row.split(',')[0]);
    expect(names).toEqual(["'+1.txt", "'-1.txt", "'=HYPERLINK(1).txt", "'@SUM.txt", 'plain.txt']);
  });
});

describe('a bug is not a usage error', () => {
  it('exits 3 with a short internal-error message and no stack trace', async () => {
    let stderr = '';
    const io: Io = {
      stdout: { write: () => { throw new Error('disk on fire'); } },
      stderr: { write: (s: string) => { stderr += s; } },
      readStdin: async () => '',
      color: false,
      cwd: root,
    };
    expect(await main(['table'], io)).toBe(EXIT.internal);
    expect(stderr).toBe('deriv: internal error: disk on fire\nderiv: this is a bug in deriv, not a problem with your input; please report it with the command that caused it\n');
  });
});

describe('a closed pipe', () => {
  it('ends the process quietly on EPIPE and rethrows any other stream error', () => {
    const stream = new EventEmitter();
    const codes: number[] = [];
    exitOnClosedPipe([stream], (code) => codes.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(codes).toEqual([EXIT.ok]);
    expect(() => stream.emit('error', Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toThrow('no space');
  });
});

describe('deriv --version', () => {
  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});
