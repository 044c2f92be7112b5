/**
 * Notes outside plain Markdown, through the command line: Jupyter notebooks, Quarto and
 * R Markdown fixtures with planted slips (test/fixtures/sources). The expected positions,
 * verdicts and hints were worked out by hand from the fixtures before the code ran on them.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';

const root = new URL('../..', import.meta.url).pathname;
const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: root });
const DIR = 'test/fixtures/sources';

interface JsonStep { cell?: number | null; line: number; column: number; verdict: string; hint: string | null }
interface JsonFile { file: string; steps: JsonStep[]; errors: { cell?: number | null; line: number; column: number; message: string }[]; warnings: unknown[]; summary: Record<string, number> }

describe('deriv check notebook.ipynb', () => {
  it('checks the Markdown cells and names positions by cell and line', async () => {
    const r = await run('check', `${DIR}/sign-slip.ipynb`);
    expect(r.code).toBe(1);
    // Cell 4 (after a code cell) holds the slip on its line 7: σ − σ² becomes σ² − σ.
    expect(r.stdout).toBe([
      `${DIR}/sign-slip.ipynb:cell 4:line 7:5: error: step does not follow (sign)`,
      '  cell 4:line 5 | $$= \\sigma(z) - \\sigma^2(z)$$',
      '  cell 4:line 7 | $$= \\sigma^2(z) - \\sigma(z)$$',
      '                at z = -0.66: left = 0.2246, right = -0.2246',
      `${DIR}/sign-slip.ipynb: 5 steps: 4 valid, 1 invalid, 0 unknown (seed 1)`,
      '',
    ].join('\n'));
  });

  it('gives the cell and the line in the cell in --format json', async () => {
    const r = await run('check', `${DIR}/sign-slip.ipynb`, '--format', 'json');
    const file = (JSON.parse(r.stdout) as { files: JsonFile[] }).files[0]!;
    expect(file.steps.map((s) => [s.cell, s.line, s.column, s.verdict, s.hint])).toEqual([
      [3, 1, 26, 'valid', null],
      [4, 3, 27, 'valid', null],
      [4, 5, 5, 'valid', null],
      [4, 7, 5, 'invalid', 'sign'],
      [6, 3, 22, 'valid', null],
    ]);
    expect(Object.keys(file.steps[0]!).slice(0, 3)).toEqual(['cell', 'line', 'column']);
  });

  it('warns about a notebook without Markdown cells as about an empty file', async () => {
    const nb = await run('check', `${DIR}/code-only.ipynb`);
    expect(nb.code).toBe(0);
    expect(nb.stdout).toBe(`${DIR}/code-only.ipynb: warning: no math found: nothing to check\n${DIR}/code-only.ipynb: 0 steps: 0 valid, 0 invalid, 0 unknown (seed 1)\n`);
    const empty = await run('check', '-');
    expect(empty.stdout).toBe('stdin: warning: no math found: nothing to check\nstdin: 0 steps: 0 valid, 0 invalid, 0 unknown (seed 1)\n');
  });

  it('reports a malformed notebook as an error at its position in the file', async () => {
    const r = await run('check', `${DIR}/broken.ipynb`, '--format', 'json');
    expect(r.code).toBe(1);
    const file = (JSON.parse(r.stdout) as { files: JsonFile[] }).files[0]!;
    expect(file.errors).toEqual([{ line: 4, column: 2, code: 'unreadable', message: 'not a Jupyter notebook: the JSON does not parse: a value is expected' }]);
  });
});

describe('deriv check on Quarto and R Markdown', () => {
  it('reads .qmd: Quarto metadata and equation labels are not errors, code chunks are not math', async () => {
    const r = await run('check', `${DIR}/bce.qmd`);
    expect(r.code).toBe(1);
    // Line 19 is right; line 22 drops the minus sign.
    expect(r.stdout).toBe([
      `${DIR}/bce.qmd:22:5: error: step does not follow (sign)`,
      '  19 | \\frac{\\partial L}{\\partial a} = -\\left[\\frac{y}{a} - \\frac{1-y}{1-a}\\right]',
      '  22 | $$= \\frac{y}{a} - \\frac{1-y}{1-a}$$ {#eq-slip}',
      '     at y = 0.56, a = 0.33: left = -1.04, right = 1.04',
      `${DIR}/bce.qmd: 2 steps: 1 valid, 1 invalid, 0 unknown (seed 1)`,
      '',
    ].join('\n'));
  });

  it('reads .Rmd', async () => {
    const r = await run('check', `${DIR}/tanh.Rmd`, '--format', 'json');
    const file = (JSON.parse(r.stdout) as { files: JsonFile[] }).files[0]!;
    expect(file.errors).toEqual([]);
    expect(file.steps.map((s) => [s.line, s.column, s.verdict])).toEqual([[10, 26, 'valid'], [12, 5, 'invalid']]);
  });
});

describe('folders', () => {
  it('pick up .md, .ipynb, .qmd and .Rmd files, sorted by name', async () => {
    const r = await run('check', DIR, '--format', 'json');
    expect((JSON.parse(r.stdout) as { files: JsonFile[] }).files.map((f) => f.file)).toEqual(
      ['bce.qmd', 'bob-sigmoid.ipynb', 'broken.ipynb', 'code-only.ipynb', 'sign-slip.ipynb', 'tanh.Rmd'].map((f) => `${DIR}/${f}`),
    );
  });
});

describe('deriv grade with a notebook', () => {
  it('grades the Markdown cells as a Markdown submission', async () => {
    const r = await run('grade', `${DIR}/bob-sigmoid.ipynb`, '--task', 'proofs/tasks/sigmoid.yaml', '--json', '-');
    expect(r.code).toBe(0);
    const sub = (JSON.parse(r.stdout) as { submissions: { format: string; counts: Record<string, number>; steps: { status: string; hint: string | null }[] }[] }).submissions[0]!;
    expect(sub.format).toBe('markdown');
    // Right, then the sign slip, then a step that follows from the slip.
    expect(sub.steps.map((s) => [s.status, s.hint])).toEqual([['valid', null], ['invalid', 'sign'], ['valid', null]]);
  });

  it('gives a malformed notebook its row and error', async () => {
    const r = await run('grade', `${DIR}/broken.ipynb`, '--task', 'proofs/tasks/sigmoid.yaml', '--csv', '-');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('submission,score,max,steps,valid,invalid,reached_target,error\n'
      + `${DIR}/broken.ipynb,0,9,0,0,0,false,cannot read the file (not a Jupyter notebook: the JSON does not parse: a value is expected)\n`);
  });
});

describe('deriv check notebook.ipynb --html', () => {
  it('names the lines of the marks by cell', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'deriv-nb-')), 'nb.html');
    const r = await run('check', `${DIR}/sign-slip.ipynb`, '--html', out);
    expect(r.code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(`<a href="#f1-s4">${DIR}/sign-slip.ipynb:cell 4:line 7</a>`);
    expect(html).toMatch(/<div class="mark invalid" id="f1-s4" data-verdict="invalid" data-line="\d+"><div class="mark-head"><span class="badge">✗ invalid<\/span> · <span class="line">cell 4:line 7<\/span>/);
  });
});
