/**
 * `deriv derive`: textbook-sized lines, each justified, every derivation checked by the checker.
 * The central property: the `--markdown` output of every catalogue entry and model, given to
 * `deriv check`, has every step valid.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/catalog/index.js';
import { derive, deriveNames, verify, whyText, type Derivation } from '../../src/derive/index.js';
import { toLatex } from '../../src/print/latex.js';
import { run } from '../report/support.js';

const outDir = mkdtempSync(path.join(tmpdir(), 'deriv-derive-'));

function derived(subject: string, extra: { wrt?: string; from?: string } = {}): Derivation {
  const r = derive({ subject, ...extra });
  if (!r.ok) throw new Error(`${subject}: ${r.error.code} ${JSON.stringify(r.error.params)}\n${r.markdown ?? ''}`);
  return r.derivation;
}

describe('every catalogue entry and model', () => {
  it.each(deriveNames())('%s: deriv check finds every step of --markdown valid', async (name) => {
    const md = await run(['derive', name, '--markdown']);
    expect(md.code, md.stderr).toBe(0);
    const file = path.join(outDir, `${name}.md`);
    writeFileSync(file, md.stdout);
    const checked = await run(['check', file, '--format', 'json']);
    expect(checked.code, checked.stdout).toBe(0);
    const json = JSON.parse(checked.stdout) as { files: { steps: { verdict: string }[]; errors: unknown[] }[] };
    const steps = json.files[0]!.steps;
    expect(json.files[0]!.errors).toEqual([]);
    const d = derived(name);
    expect(steps.length).toBe(d.rows.length + d.cases.length);
    expect(steps.map((s) => s.verdict)).toEqual(steps.map(() => 'valid'));
  });

  it.each(deriveNames())('%s: a few textbook lines, each justified', (name) => {
    const d = derived(name);
    expect(d.rows.length).toBeGreaterThan(0);
    expect(d.rows.length).toBeLessThanOrEqual(8);
    for (const row of d.rows) expect(whyText(row.why)).not.toBe('');
  });

  /** Entries whose derivations name the value (p_i for the softmax) end in the self-form written in those names. */
  const IN_NAMES: Readonly<Record<string, string>> = {
    softmax: 'p_i\\left(\\delta_{ij}-p_j\\right)',
    logsoftmax: '\\delta_{ij}-p_j',
    softmin: '-s_i\\left(\\delta_{ij}-s_j\\right)',
    logsumexp: 'p_j',
    'softmax-ce': 'p_j-y_j',
  };

  it('names exactly the entries that name their value', () => {
    expect(catalogue().filter((c) => c.symbol !== null || c.givens.length > 0).map((c) => c.id).sort()).toEqual(Object.keys(IN_NAMES).sort());
  });

  it.each(catalogue().filter((c) => c.fn !== null || c.kind === 'loss' || c.id in IN_NAMES).map((c) => c.id))('%s ends in the self-form of the catalogue', (name) => {
    const entry = catalogue().find((c) => c.id === name)!;
    expect(derived(name).rows.at(-1)!.latex).toBe(IN_NAMES[name] ?? toLatex(entry.trees.self));
  });
});

describe('textbook grouping', () => {
  const codes = (d: Derivation): string[] => d.rows.map((r) => [...new Set(r.why.parts.map((p) => p.code))].join('+'));

  it('softmax: the Jacobian by the quotient rule, the delta, split, recognise p_i and p_j, then i = j and i ≠ j', () => {
    const d = derived('softmax');
    expect(d.givens).toEqual([{ symbol: 'p_i', latex: '\\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}' }]);
    expect(d.lhs).toBe('\\frac{\\partial p_i}{\\partial z_j}');
    expect(codes(d)).toEqual(['definition', 'quotient-rule', 'chain-rule+derivative-of', 'delta-picks', 'split-fraction', 'recognise']);
    expect(d.rows.at(-1)!.latex).toBe('p_i\\left(\\delta_{ij}-p_j\\right)');
    expect(d.cases.map((c) => [c.condition, c.lhs, c.row.latex])).toEqual([
      ['i = j', '\\frac{\\partial p_i}{\\partial z_i}', 'p_i\\left(1-p_i\\right)'],
      ['i \\neq j', '\\frac{\\partial p_i}{\\partial z_j}', '-p_i p_j'],
    ]);
  });

  it('log-softmax: δ_ij − p_j, with p_i given', () => {
    const d = derived('logsoftmax');
    expect(d.rows.at(-1)!.latex).toBe('\\delta_{ij}-p_j');
    expect(d.cases.map((c) => c.row.latex)).toEqual(['1-p_i', '-p_j']);
  });

  it('softmax cross-entropy over K classes: chain rule through p_k, cancel, split, delta, the targets sum to 1', () => {
    // Built and written as a derivation file whether or not the checker can confirm the last step.
    const r = derive({ subject: 'softmax-ce' });
    const displays = [...r.markdown!.matchAll(/^\$\$(.*)\$\$$/gm)].map((m) => m[1]);
    expect(displays).toEqual([
      'p_i = \\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}',
      'L = -\\left(\\sum_{k=1}^{K} y_k \\ln(p_k)\\right)',
      '\\frac{\\partial L}{\\partial z_j} = \\sum_{k=1}^{K} \\frac{\\partial L}{\\partial p_k}\\frac{\\partial p_k}{\\partial z_j}',
      '= \\sum_{k=1}^{K} \\left(-\\frac{y_k}{p_k}\\right)p_k\\left(\\delta_{kj}-p_j\\right)',
      '= -\\left(\\sum_{k=1}^{K} y_k\\left(\\delta_{kj}-p_j\\right)\\right)',
      '= p_j\\left(\\sum_{k=1}^{K} y_k\\right)-\\left(\\sum_{k=1}^{K} y_k \\delta_{kj}\\right)',
      '= p_j\\left(\\sum_{k=1}^{K} y_k\\right)-y_j',
      '= p_j-y_j',
    ]);
    expect(r.markdown).toMatch(/^---\nassume:\n {2}- \\sum_\{k=1\}\^\{K\} y_k=1\n---\n/);
  });

  it('the two-class softmax cross-entropy keeps its name, softmax-ce-2, and its σ(z₁ − z₂) − y', () => {
    expect(derived('softmax-ce-2').rows.at(-1)!.latex).toBe('\\sigma(z_1-z_2)-y');
  });

  it('sigmoid: power form; chain and power rule; derivative of e^{-z}; split; recognise σ and 1−σ', () => {
    const d = derived('sigmoid');
    expect(codes(d)).toEqual(['definition-power', 'chain-rule+power-rule', 'derivative-of', 'split-fraction', 'recognise']);
    expect(d.rows.map((r) => whyText(r.why))).toEqual([
      'definition of $\\sigma$, written as a power',
      'chain rule and power rule',
      'derivative of $e^{-z}$',
      'split the fraction',
      'recognise $\\sigma(z)$ and $1-\\sigma(z)$',
    ]);
  });

  it('tanh from sinh and cosh (default) and from the exponential form, both by the quotient rule', () => {
    expect(codes(derived('tanh'))).toEqual(['definition', 'quotient-rule', 'derivative-of', 'split-fraction', 'recognise']);
    expect(codes(derived('tanh', { from: 'exp' }))).toEqual(['definition', 'quotient-rule', 'derivative-of', 'split-fraction', 'recognise']);
    expect(derived('tanh', { from: 'exp' }).rows[0]!.latex).toBe('\\frac{d}{dz}\\left(\\frac{e^z-e^{-z}}{e^z+e^{-z}}\\right)');
  });

  it('bce-sigmoid by w_1: chain rule through a and z, each factor, common denominator, cancel a(1−a)', () => {
    const d = derived('bce-sigmoid', { wrt: 'w_1' });
    expect(codes(d)).toEqual(['chain-through', 'each-factor', 'common-denominator', 'cancel']);
    expect(d.rows.at(-1)!.latex).toBe('\\left(a-y\\right)x_1');
  });

  it('bce-sigmoid by b ends in a − y; by a it is the loss derivative alone', () => {
    expect(derived('bce-sigmoid', { wrt: 'b' }).rows.at(-1)!.latex).toBe('a-y');
    expect(derived('bce-sigmoid', { wrt: 'a' }).rows.at(-1)!.latex).toBe('\\frac{a-y}{a\\left(1-a\\right)}');
  });
});

describe('deriv derive on the command line', () => {
  it('sigmoid prints an align* block', async () => {
    const r = await run(['derive', 'sigmoid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "\\begin{align*}
      \\frac{d}{dz}\\left(\\sigma(z)\\right) &= \\frac{d}{dz}\\left(1+e^{-z}\\right)^{-1} && \\text{(definition of $\\sigma$, written as a power)} \\\\
      &= -\\left(1+e^{-z}\\right)^{-2} \\cdot \\frac{d}{dz}\\left(1+e^{-z}\\right) && \\text{(chain rule and power rule)} \\\\
      &= \\frac{e^{-z}}{\\left(1+e^{-z}\\right)^2} && \\text{(derivative of $e^{-z}$)} \\\\
      &= \\frac{1}{1+e^{-z}} \\cdot \\frac{e^{-z}}{1+e^{-z}} && \\text{(split the fraction)} \\\\
      &= \\sigma(z)\\left(1-\\sigma(z)\\right) && \\text{(recognise $\\sigma(z)$ and $1-\\sigma(z)$)}
      \\end{align*}
      "
    `);
  });

  it('bce-sigmoid --wrt w_1 starts from the givens', async () => {
    const r = await run(['derive', 'bce-sigmoid', '--wrt', 'w_1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "\\begin{align*}
      z &= w_1 x_1+w_2 x_2+b && \\text{(given)} \\\\
      a &= \\sigma(z) && \\text{(given)} \\\\
      L &= -\\left(y \\ln(a)+\\left(1-y\\right)\\ln(1-a)\\right) && \\text{(given)} \\\\
      \\frac{\\partial L}{\\partial w_1} &= \\frac{\\partial L}{\\partial a} \\cdot \\frac{\\partial a}{\\partial z} \\cdot \\frac{\\partial z}{\\partial w_1} && \\text{(chain rule through $a$ and $z$)} \\\\
      &= \\left(-\\frac{y}{a}+\\frac{1-y}{1-a}\\right) \\cdot a\\left(1-a\\right) \\cdot x_1 && \\text{(work out each factor)} \\\\
      &= \\frac{a-y}{a\\left(1-a\\right)} \\cdot a\\left(1-a\\right) \\cdot x_1 && \\text{(common denominator)} \\\\
      &= \\left(a-y\\right)x_1 && \\text{(cancel $a\\left(1-a\\right)$)}
      \\end{align*}
      "
    `);
  });

  it('--markdown writes a derivation file: a title, prose justifications, one display block per line', async () => {
    const r = await run(['derive', '\\frac{1}{1+e^{-z}}', '--wrt', 'z', '--markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "# The derivative of $\\frac{1}{1+e^{-z}}$ with respect to $z$

      Write the reciprocal as a power.

      $$\\frac{d}{dz}\\left(\\frac{1}{1+e^{-z}}\\right) = \\frac{d}{dz}\\left(1+e^{-z}\\right)^{-1}$$

      Chain rule and power rule.

      $$= -\\left(1+e^{-z}\\right)^{-2} \\cdot \\frac{d}{dz}\\left(1+e^{-z}\\right)$$

      Derivative of $e^{-z}$.

      $$= \\frac{e^{-z}}{\\left(1+e^{-z}\\right)^2}$$

      Split the fraction.

      $$= \\frac{1}{1+e^{-z}} \\cdot \\frac{e^{-z}}{1+e^{-z}}$$

      Recognise $\\sigma(z)$ and $1-\\sigma(z)$.

      $$= \\sigma(z)\\left(1-\\sigma(z)\\right)$$
      "
    `);
  });

  it('--standalone wraps the block in a document pdflatex compiles', async () => {
    const r = await run(['derive', 'tanh', '--from', 'exp', '--standalone']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual(['\\documentclass{article}', '\\usepackage{amsmath}', '\\usepackage{amssymb}', '\\begin{document}']);
    expect(lines[4]).toBe('\\section*{The derivative of tanh, from its exponential form}');
    expect(r.stdout).toContain('\\begin{align*}');
    expect(r.stdout.trimEnd().endsWith('\\end{document}')).toBe(true);
  });

  // pdflatex is not part of the project's machine; where a developer has it, the documents compile.
  const pdflatex = spawnSync('pdflatex', ['--version']).status === 0;
  it.skipIf(!pdflatex).each(['sigmoid', 'relu'])('--standalone for %s compiles with pdflatex', async (name) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deriv-tex-'));
    writeFileSync(path.join(dir, 'd.tex'), (await run(['derive', name, '--standalone'])).stdout);
    const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'd.tex'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stdout.slice(-2000)).toBe(0);
  });

  it('notes where the derivative does not exist', async () => {
    const r = await run(['derive', 'relu']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('% not differentiable at z=0');
    const md = await run(['derive', 'relu', '--markdown']);
    expect(md.stdout).toContain('The derivative does not exist at the kink $z=0$.');
  });

  it('--html writes the derivation rendered with KaTeX', async () => {
    const file = path.join(outDir, 'sigmoid.html');
    const r = await run(['derive', 'sigmoid', '--html', file]);
    expect(r.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('class="katex-display"');
    expect(html).toContain('5 steps: <span class="count valid">5 valid</span>');
  });

  it('the same input gives the same output', async () => {
    const a = await run(['derive', 'swish', '--markdown']);
    const b = await run(['derive', 'swish', '--markdown']);
    expect(a.stdout).toBe(b.stdout);
  });

  it.each([
    [['derive', 'tanh', '--from', 'quotient'], "tanh has no form 'quotient'; --from takes sinh-cosh, exp"],
    [['derive', 'x y'], 'the expression has several symbols (x, y): say which one with --wrt'],
    [['derive', 'x^2', '--wrt', 'x+1'], '--wrt must be a name, got x+1'],
    [['derive', 'sigmoid', '--markdown', '--standalone'], '--markdown and --standalone are different outputs; choose one'],
    [['derive', 'sigmoid', '--seed', 'one'], '--seed must be an integer from -2147483648 to 2147483647, got "one"'],
  ])('%j is a usage error: %s', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('a name it does not know, which is no expression either, lists the names', async () => {
    const r = await run(['derive', 'sigmod)']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is neither a catalogue name nor an expression');
    expect(r.stderr).toContain('names: step, identity, sigmoid');
  });
});

describe('a derivation that does not check is refused', () => {
  it('one wrong line makes verify fail with the checker\'s report pointing at it', () => {
    const d = derived('sigmoid');
    const rows = d.rows.map((r, i) => (i === 2 ? { ...r, latex: `-${r.latex}` } : r));
    const v = verify({ ...d, rows }, 1, 'tampered.md');
    expect(v.ok).toBe(false);
    expect(v.report.steps.map((s) => s.verdict)).toEqual(['valid', 'valid', 'invalid', 'invalid', 'valid']);
    expect(v.report.steps[2]!.hint).toBe('sign');
  });

  it('the untouched derivation verifies', () => {
    expect(verify(derived('sigmoid'), 1, 'sigmoid.md').ok).toBe(true);
  });
});

describe('--wrt names the variable of a catalogue function', () => {
  it('sigmoid --wrt x derives σ(x), not σ(z) by x (which would be 0)', () => {
    const d = derived('sigmoid', { wrt: 'x' });
    expect(d.lhs).toBe('\\frac{d}{dx}\\left(\\sigma(x)\\right)');
    expect(d.rows.at(-1)!.latex).toBe('\\sigma(x)\\left(1-\\sigma(x)\\right)');
  });

  it('a variable the function already has is a partial derivative in it', () => {
    const d = derived('prelu', { wrt: '\\alpha' });
    expect(d.rows.at(-1)!.latex).toContain('z');
  });
});
