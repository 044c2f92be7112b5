/**
 * `deriv diff`, `deriv simplify` and `deriv table`, end to end through `main(argv, io)` with
 * fake streams.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface Run { code: number; out: string; err: string }

async function run(...argv: string[]): Promise<Run> {
  const r = await runCli(argv);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const BCE = 'L(a) = -(y\\ln a+(1-y)\\ln(1-a))';

describe('deriv diff: the examples of the issue', () => {
  it.each([
    // Straight from the function table: no simplification needed.
    [['\\sigma(z)', '--wrt', 'z'], '\\sigma(z)\\left(1-\\sigma(z)\\right)'],
    [['tanh(z)', '--wrt', 'z'], '1-\\tanh^2(z)'],
    // These reach the textbook form through the simplifier.
    [['\\frac{1}{1+e^{-z}}', '--wrt', 'z'], '\\sigma(z)\\left(1-\\sigma(z)\\right)'],
    [['\\frac{e^z-e^{-z}}{e^z+e^{-z}}', '--wrt', 'z'], '1-\\tanh^2(z)'],
    [['-(y\\ln a+(1-y)\\ln(1-a))', '--wrt', 'a'], '\\frac{a-y}{a\\left(1-a\\right)}'],
  ])('%j → %s', async (argv, expected) => {
    const r = await run('diff', ...argv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${expected}\n`);
  });

  it('∂L/∂w₁ through --let definitions is written in the given names', async () => {
    const r = await run('diff', 'L(\\sigma(w_1 x_1 + w_2 x_2 + b))', '--wrt', 'w_1', '--let', BCE, '--let', 'a = \\sigma(w_1 x_1 + w_2 x_2 + b)', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { result: { latex: string } };
    expect(j.result.latex).not.toContain('\\sigma');
    expect(j.result.latex).toContain('x_1');
  });

  it('∂L/∂w₁ reaches (a−y)x₁', async () => {
    const r = await run('diff', 'L(\\sigma(w_1 x_1 + w_2 x_2 + b))', '--wrt', 'w_1', '--let', BCE, '--let', 'a = \\sigma(w_1 x_1 + w_2 x_2 + b)');
    expect(r.out).toBe('\\left(a-y\\right)x_1\n');
  });

  it('ReLU: a piecewise derivative and a note where it does not exist', async () => {
    const r = await run('diff', 'relu(x)', '--wrt', 'x');
    expect(r.out).toBe('\\begin{cases}1 & \\text{if } x>0 \\\\ 0 & \\text{if } x<0\\end{cases}\n% not differentiable at x=0\n');
    const t = await run('diff', 'relu(x)', '--wrt', 'x', '--format', 'text');
    expect(t.out).toBe('{ 1 if x > 0; 0 if x < 0 }\nnote: not differentiable at x = 0\n');
  });
});

describe('deriv diff --steps', () => {
  it('prints numbered (rule) lines after the derivative being taken', async () => {
    const r = await run('diff', 'tanh(z)', '--wrt', 'z', '--steps');
    expect(r.out).toBe('\\frac{d}{dz}\\left(\\tanh(z)\\right)\n1. (derivative of tanh) 1-\\tanh^2(z)\n');
  });

  it('walks the chain rule one rule per line', async () => {
    const r = await run('diff', '\\sigma(w x+b)', '--wrt', 'w', '--steps', '--format', 'text');
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('∂/∂w(sigmoid(w*x + b))');
    expect(lines[1]).toBe("1. (chain rule) sigmoid'(w*x + b)*∂/∂w(w*x + b)");
    expect(lines[2]).toBe('2. (derivative of sigmoid) sigmoid(w*x + b)*(1 - sigmoid(w*x + b))*∂/∂w(w*x + b)');
    expect(lines.slice(3).map((l) => /\((.*?)\)/.exec(l)![1])).toEqual(expect.arrayContaining(['sum rule', 'constant multiple rule', 'constant rule']));
  });

  it('--latex --steps prints an align* block with justifications', async () => {
    const r = await run('diff', '\\sigma(2z)', '--wrt', 'z', '--steps', '--latex');
    expect(r.out).toMatch(/^\\begin\{align\*\}\n\\frac\{d\}\{dz\}\\left\(\\sigma\(2z\)\\right\) &= .* && \\text\{\(chain rule\)\} \\\\\n/);
    expect(r.out).toContain('\\text{(derivative of sigmoid)}');
    expect(r.out.trimEnd().endsWith('\\end{align*}')).toBe(true);
  });

  it('goes through the definitions it uses', async () => {
    const r = await run('diff', 'L(a)', '--wrt', 'w_1', '--let', BCE, '--let', 'a = \\sigma(z)', '--let', 'z = w_1 x_1 + b', '--steps', '--format', 'text');
    expect(r.out).toContain('(definition of the function)');
    expect(r.out).toContain('(definition of the symbol)');
    expect(r.out).toContain('(in the given names)');
  });
});

describe('deriv diff options', () => {
  it('--order 2', async () => {
    const r = await run('diff', 'x^4', '--wrt', 'x', '--order', '2');
    expect(r.out).toBe('12x^2\n');
  });

  it('--format json: input, wrt, result, steps with labels, kinks', async () => {
    const r = await run('diff', '\\operatorname{ReLU}(w x)', '--wrt', 'w', '--format', 'json');
    const j = JSON.parse(r.out) as { input: string; wrt: string; result: { latex: string; text: string }; steps: { rule: string; label: string; expr: string; result: string }[]; kinks: string[] };
    expect(j.input).toBe('\\operatorname{ReLU}(w x)');
    expect(j.wrt).toBe('w');
    expect(j.steps[0]).toEqual({ rule: 'd-chain', label: 'chain rule', expr: '\\frac{\\partial}{\\partial w}\\left(\\operatorname{ReLU}(w x)\\right)', result: "\\operatorname{ReLU}'(w x)\\frac{\\partial}{\\partial w}\\left(w x\\right)" });
    expect(j.kinks).toEqual(['w=0']);
    expect(j.result.text).toContain('if w*x > 0');
  });

  it('warns about a function name the table does not know, with the closest one', async () => {
    const r = await run('diff', '\\operatorname{swsh}(x)', '--wrt', 'x');
    expect(r.out).toBe("\\mathrm{swsh}'(x)\n");
    expect(r.err).toBe('deriv: warning: unknown function \\operatorname{swsh}, read as an unspecified function; did you mean \\operatorname{swish}?\n');
  });

  it('--no-self gives input forms', async () => {
    const r = await run('diff', '\\sigma(z)', '--wrt', 'z', '--no-self');
    expect(r.out).toBe('\\frac{e^{-z}}{\\left(1+e^{-z}\\right)^2}\n');
  });

  it('an expression may start with a minus sign', async () => {
    const r = await run('diff', '-x^2', '--wrt', 'x');
    expect(r.out).toBe('-2x\n');
  });

  it('differentiates by a decorated symbol', async () => {
    const r = await run('diff', '\\omega^{[1]} x^2', '--wrt', '\\omega^{[1]}');
    expect(r.out).toBe('x^2\n');
  });

  it.each([
    [['diff', 'x^2', '--wrt', 'x+1'], /--wrt must be a name/],
    [['diff', 'x^2', '--wrt', 'x', '--format', 'pdf'], /--format must be one of/],
    [['diff', 'x^2', '--wrt', 'x', '--order', '0'], /--order must be a whole number/],
    [['diff', '\\frac{1}{', '--wrt', 'x'], /input:1:/],
    [['diff', 'x', '--wrt', 'x', '--let', 'nonsense'], /--let expects/],
  ])('rejects %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('deriv simplify', () => {
  it('folds the exponential form of σ′', async () => {
    const r = await run('simplify', '\\frac{e^{-z}}{(1+e^{-z})^2}');
    expect(r.out).toBe('\\sigma(z)\\left(1-\\sigma(z)\\right)\n');
  });
});

describe('deriv diff: softmax and its losses in the textbook forms', () => {
  const P = 'p_i = \\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}';
  it.each([
    // Written out, named, or given a name: the Jacobian p_i(δ_ij − p_j) in the names the input used.
    [['\\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}', '--wrt', 'z_j'], '\\operatorname{softmax}(\\mathbf{z})_i\\left(\\delta_{ij}-\\operatorname{softmax}(\\mathbf{z})_j\\right)'],
    [['\\operatorname{softmax}(\\mathbf{z})_i', '--wrt', 'z_j'], '\\operatorname{softmax}(\\mathbf{z})_i\\left(\\delta_{ij}-\\operatorname{softmax}(\\mathbf{z})_j\\right)'],
    [['p_i', '--wrt', 'z_j', '--let', P], 'p_i\\left(\\delta_{ij}-p_j\\right)'],
    [['\\ln p_i', '--wrt', 'z_j', '--let', P], '\\delta_{ij}-p_j'],
    [['-\\sum_{k=1}^{K} y_k \\ln p_k', '--wrt', 'z_j', '--let', P, '--assume', '\\sum_k y_k = 1'], 'p_j-y_j'],
    // Without the assumption the sum of the targets stays.
    [['-\\sum_{k=1}^{K} y_k \\ln p_k', '--wrt', 'z_j', '--let', P], 'p_j\\left(\\sum_{k=1}^{K} y_k\\right)-y_j'],
  ])('%j → %s', async (argv, expected) => {
    const r = await run('diff', ...argv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${expected}\n`);
  });

  it('--assume takes equations only, and says so', async () => {
    const r = await run('diff', 'y_1', '--wrt', 'y_1', '--assume', '\\sum_k y_k < 1');
    expect(r.code).toBe(2);
    expect(r.err).toBe("deriv: --assume expects an equation such as '\\sum_k y_k = 1', got \"\\\\sum_k y_k < 1\"\n");
  });
});

describe('deriv table', () => {
  it('prints the catalogue as an aligned text table', async () => {
    const r = await run('table');
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^name\s+definition\s+derivative \(self-form\)\s+not differentiable at\s+range$/);
    expect(lines).toHaveLength(2 + 35);
    const sigmoid = lines.find((l) => l.startsWith('sigmoid'))!;
    expect(sigmoid).toContain('sigmoid(z)*(1 - sigmoid(z))');
    const relu = lines.find((l) => l.startsWith('ReLU'))!;
    expect(relu).toMatch(/z = 0\s+\[0, ∞\)$/);
    // Columns line up: every row has its second column where the header's starts.
    const col = lines[0]!.indexOf('definition');
    for (const l of lines.slice(2)) expect(l[col - 1]).toBe(' ');
  });

  it('--format json', async () => {
    const r = await run('table', '--format', 'json');
    const j = JSON.parse(r.out) as { id: string; derivative: { self: string; input: string } }[];
    expect(j.find((e) => e.id === 'tanh')!.derivative).toEqual({ self: '1-\\tanh^2(z)', input: '\\frac{4}{\\left(e^z+e^{-z}\\right)^2}' });
  });

  it('--format markdown', async () => {
    const r = await run('table', '--format', 'markdown');
    expect(r.out.split('\n')[0]).toBe('| name | definition | derivative (self-form) | not differentiable at | range |');
    expect(r.out).toContain('| sigmoid (logistic) | $\\sigma(z)$ = $\\frac{1}{1+e^{-z}}$ | $\\sigma(z)\\left(1-\\sigma(z)\\right)$ | — | $(0, 1)$ |');
  });
});

describe('--self and --no-self', () => {
  it.each([
    [['diff', '\\sigma(z)', '--wrt', 'z', '--self'], '\\sigma(z)\\left(1-\\sigma(z)\\right)\n'],
    [['diff', '\\sigma(z)', '--wrt', 'z', '--no-self'], '\\frac{e^{-z}}{\\left(1+e^{-z}\\right)^2}\n'],
    [['simplify', '\\frac{1}{1+e^{-z}}', '--self'], '\\sigma(z)\n'],
    [['simplify', '\\frac{1}{1+e^{-z}}', '--no-self'], '\\frac{1}{1+e^{-z}}\n'],
  ])('%j', async (argv, expected) => {
    expect((await run(...argv)).out).toBe(expected);
  });
});

describe('conditions read with the variable first', () => {
  it('max(0, x): branches and the kink (read as ReLU)', async () => {
    expect((await run('diff', '\\max(0,x)', '--wrt', 'x')).out)
      .toBe('\\begin{cases}1 & \\text{if } x>0 \\\\ 0 & \\text{if } x<0\\end{cases}\n% not differentiable at x=0\n');
  });
});
