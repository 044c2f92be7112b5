/**
 * `deriv parse` and `deriv eval`, driven through `main(argv, io)` with fake streams, plus one
 * real run of the built binary.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const run = (...argv: string[]): Promise<CliRun> => runCli(argv);

describe('deriv parse', () => {
  it('prints the outline, the canonical LaTeX and the plain text', async () => {
    const r = await run('parse', '\\frac{\\partial}{\\partial z}\\left(\\frac{1}{1+e^{-z}}\\right)');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatchInlineSnapshot(`
      "deriv ∂/∂z
        pow
          add
            num 1
            apply exp
              mul
                num -1
                sym z
          num -1

      latex: \\frac{\\partial}{\\partial z}\\left(\\frac{1}{1+e^{-z}}\\right)
      text:  ∂/∂z(1/(1 + exp(-z)))
      "
    `);
  });

  it('reads plain text with --ascii', async () => {
    const r = await run('parse', '--ascii', '1/(1+exp(-z))');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('latex: \\frac{1}{1+e^{-z}}\n');
    expect(r.stdout).toContain('text:  1/(1 + exp(-z))\n');
  });

  it('prints JSON with --format json', async () => {
    const r = await run('parse', '--format', 'json', 'a(1-a)');
    expect(JSON.parse(r.stdout)).toMatchObject({ latex: 'a\\left(1-a\\right)', text: 'a*(1 - a)' });
  });

  it('reports a parse error like a compiler, with exit code 2 and no stack trace', async () => {
    const r = await run('parse', 'y \\ln a + (1-y)\\ln(1-a');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [head, source, caret] = r.stderr.split('\n');
    expect(head).toMatch(/^input:1:23: error: unexpected end of input; expected `\)`/);
    expect(source).toBe('1 | y \\ln a + (1-y)\\ln(1-a');
    expect(caret).toBe(`  | ${' '.repeat(22)}^`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('points the caret at an unknown command', async () => {
    const r = await run('parse', '\\sigma(z) + \\foo');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      'input:1:13: error: unknown command \\foo',
      '1 | \\sigma(z) + \\foo',
      `  | ${' '.repeat(12)}^`,
    ]);
  });
});

describe('deriv eval', () => {
  it('evaluates BCE at a = 0.3, y = 1 (ln 0.3)', async () => {
    const r = await run('eval', 'y \\ln a + (1-y)\\ln(1-a)', '--at', 'a=0.3,y=1');
    expect(r.code).toBe(0);
    expect(Number(r.stdout)).toBeCloseTo(Math.log(0.3), 14);
  });

  it('binds decorated names', async () => {
    const r = await run('eval', 'W^{[2]} a^{[1]} + b_1', '--at', 'W^{[2]}=2,a^{[1]}=3,b_1=1');
    expect(r.stdout).toBe('7\n');
  });

  it('says undefined at a point outside the domain', async () => {
    const r = await run('eval', '\\ln x', '--at', 'x=-1');
    expect([r.code, r.stdout]).toEqual([0, 'undefined\n']);
  });

  it('explains a missing value, exit code 2', async () => {
    const r = await run('eval', 'x + y', '--at', 'x=1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no value for y/);
  });

  it('reports a bad binding with its position', async () => {
    const r = await run('eval', 'x', '--at', 'x=\\frac{1}{');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--at:1:\d+: error:/);
  });
});

describe('the built binary', () => {
  it('runs `deriv parse`', () => {
    const r = spawnSync(process.execPath, [BIN, 'parse', '\\sigma(z)(1-\\sigma(z))'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('latex: \\sigma(z)\\left(1-\\sigma(z)\\right)\n');
    const bad = spawnSync(process.execPath, [BIN, 'parse', '\\frac{1}{2'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^input:1:11: error: /);
  });
});
