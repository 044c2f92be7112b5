/**
 * `deriv check --format github`: workflow commands GitHub Actions turns into annotations on
 * the lines of a pull request, then the text report for the log.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/cli/github.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const run = (argv: string[], cwd = root): Promise<CliRun> => runCli(argv, { cwd });

describe('deriv check --format github', () => {
  it('annotates a wrong step at its line and column, then prints the text report', async () => {
    const r = await run(['check', 'test/fixtures/bce-sign.md', '--format', 'github']);
    expect(r.code).toBe(1);
    const [annotation, ...rest] = r.stdout.split('\n');
    expect(annotation).toBe('::error file=test/fixtures/bce-sign.md,line=13,col=5,title=deriv check%3A step does not follow (sign)'
      + '::step does not follow: the two sides differ in sign (left = -right)%0Aat y = 0.56, a = 0.33');
    expect(rest.join('\n')).toBe((await run(['check', 'test/fixtures/bce-sign.md'])).stdout);
  });

  it('makes warnings of a step with a warning and of a file with nothing to check, and escapes properties', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deriv-gh-'));
    writeFileSync(path.join(dir, 'a,b:c.md'), '$$\\pi = 3.14159265$$\n');
    writeFileSync(path.join(dir, 'empty.md'), '# nothing\n');
    const r = await run(['check', 'a,b:c.md', 'empty.md', '--format', 'github'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      '::warning file=a%2Cb%3Ac.md,line=1,col=9,title=deriv check%3A warning::approximate: use ≈',
      '::warning file=empty.md,title=deriv check::no math found: nothing to check',
    ]);
  });

  it('puts a notebook annotation on the line of the .ipynb file that stores the cell line', async () => {
    const r = await run(['check', 'test/fixtures/sources/sign-slip.ipynb', '--format', 'github']);
    // Line 48 of the JSON holds "$$= \\sigma^2(z) - \\sigma(z)$$", line 7 of cell 4.
    expect(r.stdout.split('\n')[0]).toBe('::error file=test/fixtures/sources/sign-slip.ipynb,line=48,'
      + 'title=deriv check%3A step does not follow (sign) at cell 4%3Aline 7%3A5'
      + '::step does not follow: the two sides differ in sign (left = -right)%0Aat z = -0.66');
  });

  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
    expect(escapeProperty('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext%3A a%2C b');
  });
});
