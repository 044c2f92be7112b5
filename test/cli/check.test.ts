import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');

type Run = CliRun;

const run = (argv: string[], options: { color?: boolean; cwd?: string } = {}): Promise<Run> => runCli(argv, { cwd: root, ...options });

function tempFile(name: string, text: string): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'deriv-check-'));
  writeFileSync(path.join(dir, name), text);
  return { dir, file: path.join(dir, name) };
}

describe('deriv check proofs', () => {
  it('exits 0 with every step valid, one summary line per file and a total', async () => {
    const r = await run(['check', 'proofs']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^proofs\/[\w-]+\.md: (\d+) steps: \1 valid, 0 invalid, 0 unknown \(seed 1\)$/);
    expect(lines.at(-1)).toMatch(/^\d+ files: (\d+) steps: \1 valid, 0 invalid, 0 unknown \(seed 1\)$/);
  });

  it('--format json prints the documented shape, every step valid', async () => {
    const r = await run(['check', 'proofs', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { version: number; seed: number; files: { file: string; steps: Record<string, unknown>[]; summary: Record<string, number> }[] };
    expect(j.version).toBe(2);
    expect(j.seed).toBe(1);
    const steps = j.files.flatMap((f) => f.steps);
    expect(steps.every((s) => s.verdict === 'valid')).toBe(true);
    expect(Object.keys(steps[0]!)).toEqual(['line', 'column', 'relation', 'lhs', 'rhs', 'verdict', 'method', 'points', 'hint', 'reason', 'message', 'warnings', 'witness', 'context']);
    expect(Object.keys(j.files[0]!)).toEqual(['file', 'steps', 'definitions', 'spans', 'errors', 'warnings', 'summary']);
  });
});

describe('the reading of the notes', () => {
  it('--format json lists every math span with the role and reason of each clause', async () => {
    const r = await run(['check', 'test/notes/reading-notes/08-redefinition.md', '--format', 'json']);
    expect(r.code).toBe(1);
    const [file] = (JSON.parse(r.stdout) as { files: { spans: { line: number; kind: string; container: string; readings: { role: string; rule: string; reason: string }[] }[]; steps: { line: number; context: string | null }[] }[] }).files;
    const roles = file!.spans.map((s) => [s.line, s.kind, s.container, s.readings.map((x) => x.role).join(' ')]);
    expect(roles).toEqual([
      [5, 'display', 'display', 'definition'],
      [9, 'display', 'display', 'definition'],
      [11, 'display', 'display', 'definition'],
      [13, 'display', 'display', 'claim'],
      [15, 'inline', 'paragraph', 'definition'],
      [17, 'display', 'display', 'claim'],
      [19, 'display', 'display', 'claim'],
    ]);
    expect(file!.spans[1]!.readings[0]).toMatchObject({ rule: 'redefinition', reason: expect.stringContaining('new case') });
    expect(file!.steps.find((s) => s.line === 19)?.context).toBe('h was defined as \\sigma(u) on line 15');
  });

  it('--explain prints the source with the role and reason of each clause, and the verdicts', async () => {
    const r = await run(['check', '--explain', 'test/notes/reading-notes/10-rule-between-chain.md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain([
      ' 7 | $$\\frac{f}{g} = \\frac{g f\' - f g\'}{g^{2}}$$',
      "   |  rule        \\frac{f}{g} = \\frac{g f' - f g'}{g^{2}} — a general rule in f, g, which are not defined here",
      ' 8 | ',
      ' 9 | $$= \\frac{t \\cos t - \\sin t}{t^{2}}$$',
      '   |  claim       = \\frac{t \\cos t - \\sin t}{t^{2}} — continues the chain before it',
    ].join('\n'));
    expect(r.stdout).toContain('   |    valid     \\frac{d}{dt}\\left(\\frac{\\sin t}{t}\\');
  });

  it('a claim against a definition says where the definition was written', async () => {
    const r = await run(['check', 'test/notes/reading-notes/08-redefinition.md']);
    expect(r.stdout).toContain('h was defined as \\sigma(u) on line 15');
  });
});

describe('a wrong step', () => {
  it('prints like a compiler: position, hint, both source lines, the witness, the summary', async () => {
    const r = await run(['check', 'test/fixtures/bce-sign.md']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatchInlineSnapshot(`
      "test/fixtures/bce-sign.md:13:5: error: step does not follow (sign)
        11 | $$= -\\left[\\frac{y}{a} - \\frac{1-y}{1-a}\\right]$$
        13 | $$= \\frac{y}{a} - \\frac{1-y}{1-a}$$
           at y = 0.56, a = 0.33: left = -1.04, right = 1.04
      test/fixtures/bce-sign.md: 5 steps: 4 valid, 1 invalid, 0 unknown (seed 1)
      "
    `);
  });

  it('explains a hint with parameters on a line of its own', async () => {
    const r = await run(['check', 'test/fixtures/power-rule.md']);
    expect(r.stdout).toContain('    the two sides differ by a constant factor (left = 3/2 × right)\n');
  });

  it('--seed changes the points and is reported', async () => {
    const a = await run(['check', 'test/fixtures/bce-sign.md', '--seed', '7']);
    expect(a.code).toBe(1);
    expect(a.stdout).toContain('(seed 7)');
    expect(a.stdout).not.toContain('at y = 0.56, a = 0.33');
  });

  it('same input and seed give byte-identical JSON', async () => {
    const a = await run(['check', 'test/fixtures', '--format', 'json', '--seed', '3']);
    const b = await run(['check', 'test/fixtures', '--format', 'json', '--seed', '3']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.code).toBe(1);
  });
});

describe('colours', () => {
  it('are used only when the io says so (a terminal without NO_COLOR)', async () => {
    const plain = await run(['check', 'test/fixtures/bce-sign.md']);
    const coloured = await run(['check', 'test/fixtures/bce-sign.md'], { color: true });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(coloured.stdout).toContain('\u001b[1;31merror:');
    expect(coloured.stdout.replace(/\u001b\[[\d;]*m/g, '')).toBe(plain.stdout);
  });
});

describe('exit codes', () => {
  it('2 for a usage error', async () => {
    expect((await run(['check', 'proofs', '--format', 'xml'])).code).toBe(2);
    expect((await run(['check', 'proofs', '--points', '0'])).code).toBe(2);
    expect((await run(['check', 'proofs', '--seed', 'one'])).code).toBe(2);
    expect((await run(['check'])).code).toBe(2);
  });

  it('2 for an unreadable file, after checking the readable ones', async () => {
    const r = await run(['check', 'test/fixtures/power-rule.md', 'no/such/file.md']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('no/such/file.md:1:1: error: cannot read the file: ENOENT\nno/such/file.md: 0 steps: 0 valid, 0 invalid, 0 unknown, 1 error (seed 1)\n');
    expect(r.stdout).toContain('test/fixtures/power-rule.md: 3 steps');
  });

  it('1 when a file has parse errors, with their positions', async () => {
    const r = await run(['check', 'test/fixtures/parse-errors.md']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('test/fixtures/parse-errors.md:11:28: error: unexpected `}`');
    expect(r.stdout).toMatch(/parse-errors\.md: 2 steps: 2 valid, 0 invalid, 0 unknown, 3 errors \(seed 1\)/);
  });

  it('0 for a valid file outside the repository, read from the working directory', async () => {
    const { dir } = tempFile('ok.md', '# ok\n\n$$\\frac{d}{dx} x^2 = 2x$$\n');
    const r = await run(['check', 'ok.md'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: 'ok.md: 1 step: 1 valid, 0 invalid, 0 unknown (seed 1)\n' });
  });
});

describe('the built binary', () => {
  it('runs as a process and exits 1 on a wrong step', () => {
    const r = spawnSync(process.execPath, [BIN, 'check', 'test/fixtures/power-rule.md'], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('power-rule.md:3:22: error: step does not follow (constant-factor)');
  });

  it('ends quietly when the reader closes the pipe early', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deriv-pipe-'));
    // Far more than a pipe buffer holds: 1,500 wrong steps.
    writeFileSync(path.join(dir, 'many.md'), Array.from({ length: 1500 }, (_, i) => `$$x_{${i}} = x_{${i}} + 1$$`).join('\n\n'));
    for (const reader of ['true', 'head -c 10 >/dev/null']) {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" check many.md | ${reader}; echo "status \${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^status (0|1)\n$/);
    }
  });
});

describe('deriv check --html', () => {
  it('writes a self-contained page beside the text report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deriv-html-'));
    const out = path.join(dir, 'report.html');
    const r = await run(['check', 'test/fixtures/report/wrong-step.md', '--html', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('step does not follow (sign)');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('class="katex"');
    expect(html).not.toMatch(/(?:src|href)="https?:/);
  });
});

describe('deriv check on files that are not text', () => {
  it('refuses binary content with a clear message and exit code 2, and still checks the others', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deriv-bin-'));
    writeFileSync(path.join(dir, 'a.md'), Buffer.from([0x24, 0x24, 0x00, 0xff, 0xfe, 0x24, 0x24]));
    writeFileSync(path.join(dir, 'b.md'), '$$\\tanh(0) = 0$$\n');
    const r = await run(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('a.md:1:1: error: cannot read the file: not a text file (binary content or invalid UTF-8)');
    expect(r.stdout).toContain('b.md: 1 step: 1 valid');
  });
});

describe('sums over classes', () => {
  it('a slip in the softmax cross-entropy gradient is reported at its line with the instance it fails at', async () => {
    // p_j Σ_k y_k − y_j is p_j − y_j for a one-hot target; p_j + y_j is wrong at every j.
    const r = await run(['check', 'test/fixtures/softmax-slip.md']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('test/fixtures/softmax-slip.md:13:5: error: step does not follow');
    expect(r.stdout).toMatch(/at K = \d, j = \d/);
    expect(r.stdout).toContain('3 steps: 2 valid, 1 invalid, 0 unknown (seed 1)');
  });
});
