/**
 * Steps with sums, indices, vectors and matrices, judged at concrete sizes (instances.ts) and
 * entry by entry (tensor.ts). Every expected verdict is worked out by hand in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';

const verdicts = (source: string): string[] => checkSource(source, 't.md').steps.map((s) => s.verdict);
const lines = (...ls: string[]): string => ls.join('\n\n');

describe('sums over an index', () => {
  it('are checked at several sizes: a dropped δ term is caught, the right sum is not', () => {
    // Σ_j δ_ij p_j = p_i for every i; Σ_j p_j = p_i is wrong as soon as K > 1.
    expect(verdicts(lines('$$\\sum_{j=1}^{K} \\delta_{ij}\\, p_j = p_i$$', '$$\\sum_{j=1}^{K} p_j = p_i$$'))).toEqual(['valid', 'invalid']);
  });

  it('take a size the sentence binds as that size', () => {
    // With n = 2, (2/n)Σ_i (ŷ_i − y_i) is the two terms; at n = 3 it would not be.
    const notes = lines(
      'Model $\\hat{y}_i = w x_i + b$ and cost',
      '$$J(w, b) = \\frac{1}{n}\\sum_{i=1}^{n} \\left(\\hat{y}_i - y_i\\right)^2$$',
      'A quick check with $n = 2$:',
      '$$\\frac{\\partial J}{\\partial b} = \\left(\\hat{y}_1 - y_1\\right) + \\left(\\hat{y}_2 - y_2\\right)$$',
    );
    expect(verdicts(notes)).toEqual(['valid']);
  });

  it('give a definition that names a free index its value at each instance', () => {
    // J = −ℓ_c with ℓ_i = z_i − log Σ_k e^{z_k}: ∂J/∂z_j = softmax_j − δ_cj.
    const notes = lines(
      '$$\\ell_i = z_i - \\log \\sum_{k=1}^{K} e^{z_k}$$',
      'For the correct class $c$, $J = -\\ell_c$, so',
      '$$\\frac{\\partial J}{\\partial z_j} = \\frac{e^{z_j}}{\\sum_{k=1}^{K} e^{z_k}} - \\delta_{cj}$$',
      '$$\\frac{\\partial J}{\\partial z_j} = \\frac{e^{z_j}}{\\sum_{k=1}^{K} e^{z_k}} + \\delta_{cj}$$',
    );
    expect(verdicts(notes)).toEqual(['valid', 'invalid']);
  });

  it('bind examples in parentheses: x^{(i)} under Σ_i is a different example for each i', () => {
    // ∂/∂w of (1/m) Σ_i ½(w x^{(i)} − y^{(i)})² is (1/m) Σ_i (w x^{(i)} − y^{(i)}) x^{(i)}; dropping
    // the x^{(i)} factor is wrong.
    const notes = lines(
      '$$J = \\frac{1}{m}\\sum_{i=1}^{m} \\frac{1}{2}\\left(w x^{(i)} - y^{(i)}\\right)^2$$',
      '$$\\frac{\\partial J}{\\partial w} = \\frac{1}{m}\\sum_{i=1}^{m} \\left(w x^{(i)} - y^{(i)}\\right) x^{(i)}$$',
      '$$\\frac{\\partial J}{\\partial w} = \\frac{1}{m}\\sum_{i=1}^{m} \\left(w x^{(i)} - y^{(i)}\\right)$$',
    );
    expect(verdicts(notes)).toEqual(['valid', 'invalid']);
  });
});

describe('entries that sum to a constant', () => {
  // −y_j + p_j Σ_k y_k = p_j − y_j holds exactly when Σ_k y_k = 1.
  const step = '$$-y_j + p_j \\sum_{k=1}^{K} y_k = p_j - y_j$$';

  it('without the assumption, the step that needs it is wrong', () => {
    expect(verdicts(step)).toEqual(['invalid']);
  });

  it.each([
    ['a one-hot target', lines('The target $\\mathbf{y}$ is a one-hot vector $\\mathbf{y}$.', step)],
    ['"one-hot" before the name', lines('with a one-hot label $y$', step)],
    ['the sum written in prose', lines('The targets sum to one, $\\sum_{k=1}^{K} y_k = 1$.', step)],
    ['the front matter', `---\nassume:\n  - \\sum_{k=1}^{K} y_k = 1\n---\n\n${step}`],
  ])('%s makes it hold', (_name, notes) => {
    expect(verdicts(notes)).toEqual(['valid']);
  });

  it('is not a step when nothing defines the entries, and a claim when something does', () => {
    // p_k as the softmax sums to 1 by its definition: a true claim.
    const defined = lines('Let $p_k = \\frac{e^{z_k}}{\\sum_{m=1}^{K} e^{z_m}}$.', '$$\\sum_{k=1}^{K} p_k = 1$$');
    expect(verdicts(defined)).toEqual(['valid']);
    expect(verdicts('Probabilities that sum to one: $\\sum_{k=1}^{K} q_k = 1$.')).toEqual([]);
  });
});

describe('vectors and matrices', () => {
  it('have the sizes of a vector a sum runs over', () => {
    // softmax(z)_i as the written-out fraction: true at every size K.
    const notes = lines('Scores $\\mathbf{z} \\in \\mathbb{R}^{K}$.', '$$\\operatorname{softmax}(\\mathbf{z})_i = \\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}$$');
    expect(verdicts(notes)).toEqual(['valid']);
  });

  it('name their shapes in the witness of a wrong step, and a swapped product gets its hint', () => {
    const notes = `---\nmatrix: [A, B]\n---\n\n${lines('$$h = A x$$', '$$y = B h$$', '$$y = A B x$$')}`;
    const r = checkSource(notes, 'm.md');
    const step = r.steps[0]!;
    expect(step.verdict).toBe('invalid');
    expect(step.hint).toBe('non-commuting');
    // A, B and x drawn at random with sizes that fit (A B x needs square matrices).
    expect(step.detail.witness?.randomMatrices).toEqual([expect.stringMatching(/^A \(\d×\d\)$/), expect.stringMatching(/^B \(\d×\d\)$/), expect.stringMatching(/^x \(\d\)$/)]);
  });

  it('add a bias column to each column of a batch', () => {
    // Z = W X + b with b a column: ∂(Σ of Z's entries)/∂b_1 = m, the number of columns.
    const notes = lines(
      '$X \\in \\mathbb{R}^{n \\times m}$, $W \\in \\mathbb{R}^{h \\times n}$, $\\mathbf{b} \\in \\mathbb{R}^{h}$.',
      '$$Z = W X + \\mathbf{b}$$',
      '$$\\frac{\\partial}{\\partial b_1} \\sum_{j=1}^{m} Z_{1j} = m$$',
    );
    expect(verdicts(notes)).toEqual(['valid']);
  });

  it('report a shape the declarations rule out as the step\'s error', () => {
    // E = ½(W₂h − y)² with W₂ 1×2 and h 2×1: ∂E/∂h is 2×1, W₂ᵀ(ŷ − y); W₂(ŷ − y) is 1×2.
    const notes = lines(
      '$\\mathbf{h} \\in \\mathbb{R}^{2}$, $W_2 \\in \\mathbb{R}^{1 \\times 2}$.',
      '$$\\hat{y} = W_2 \\mathbf{h}, \\qquad E = \\frac{1}{2}\\left(\\hat{y} - y\\right)^2$$',
      '$$\\frac{\\partial E}{\\partial \\mathbf{h}} = W_2^\\top \\left(\\hat{y} - y\\right)$$',
      '$$\\frac{\\partial E}{\\partial \\mathbf{h}} = W_2 \\left(\\hat{y} - y\\right)$$',
    );
    const r = checkSource(notes, 's.md');
    expect(r.steps.map((s) => [s.verdict, s.hint])).toEqual([['valid', null], ['invalid', 'shape']]);
    expect(r.steps[1]!.message).toMatch(/^step does not follow: the shapes do not fit \(the sides have different shapes: 2×1 and 1×2\)$/);
  });

  it('work out a function the notes define of a vector at its arguments', () => {
    // J(w) = ½‖Xw − y‖²: ∇J = Xᵀ(Xw − y); Xᵀ(y − Xw) has the wrong sign.
    const notes = lines(
      '$X \\in \\mathbb{R}^{n \\times d}$, $\\mathbf{w} \\in \\mathbb{R}^{d}$, $\\mathbf{y} \\in \\mathbb{R}^{n}$.',
      '$$J(\\mathbf{w}) = \\frac{1}{2}\\|X\\mathbf{w} - \\mathbf{y}\\|^2$$',
      '$$\\nabla_{\\mathbf{w}} J = X^\\top \\left(X\\mathbf{w} - \\mathbf{y}\\right)$$',
      '$$\\nabla_{\\mathbf{w}} J = X^\\top \\left(\\mathbf{y} - X\\mathbf{w}\\right)$$',
    );
    const r = checkSource(notes, 'j.md');
    expect(r.steps.map((s) => [s.verdict, s.hint])).toEqual([['valid', null], ['invalid', 'sign']]);
  });
});

describe('a capital the step differentiates by, multiplied only in a definition', () => {
  it('is a matrix: δ x^⊤ is the gradient, x δ^⊤ is not', () => {
    // z = W x + b, a = tanh(z), ŷ = σ(wᵀa + c), L the cross-entropy: ∂L/∂z = (ŷ − y) w ⊙ (1 − a⊙a),
    // and ∂L/∂W = (∂L/∂z) xᵀ, of W's shape; x (∂L/∂z)ᵀ is its transpose, wrong unless W is square
    // and symmetric. `\mathbf{w}^{[2]\top}` writes the layer and the transpose in one superscript.
    const notes = lines(
      'Let $\\mathbf{z}^{[1]} = W^{[1]}\\mathbf{x} + \\mathbf{b}^{[1]}$, $\\mathbf{a}^{[1]} = \\tanh(\\mathbf{z}^{[1]})$, $z^{[2]} = \\mathbf{w}^{[2]\\top}\\mathbf{a}^{[1]} + b^{[2]}$, $\\hat{y} = \\sigma(z^{[2]})$ and $L = -y\\log\\hat{y} - (1-y)\\log(1-\\hat{y})$.',
      '$$\\frac{\\partial L}{\\partial \\mathbf{z}^{[1]}} = (\\hat{y} - y)\\,\\mathbf{w}^{[2]} \\odot \\left(1 - \\mathbf{a}^{[1]} \\odot \\mathbf{a}^{[1]}\\right)$$',
      '$$\\frac{\\partial L}{\\partial W^{[1]}} = \\frac{\\partial L}{\\partial \\mathbf{z}^{[1]}}\\, \\mathbf{x}^\\top$$',
      '$$\\frac{\\partial L}{\\partial W^{[1]}} = \\mathbf{x} \\left(\\frac{\\partial L}{\\partial \\mathbf{z}^{[1]}}\\right)^\\top$$',
    );
    expect(verdicts(notes)).toEqual(['valid', 'valid', 'invalid']);
  });
});

describe('a vector indexed by the letter of an indexed definition', () => {
  it('is a vector at every index value: z_k = w_kᵀx + b_k written out as z_1, z_2, …', () => {
    // ŷ = softmax(z), L the cross-entropy with a one-hot y: ∂z_j/∂b_j = 1, ∂L/∂b_j = ŷ_j − y_j,
    // ∂L/∂x = Σ_k (ŷ_k − y_k) w_k; with w_1 for every w_k the sum is w_1 Σ_k (ŷ_k − y_k) = 0, wrong.
    const notes = lines(
      'Logits $z_k = \\mathbf{w}_k^\\top \\mathbf{x} + b_k$ for $k = 1, \\ldots, K$, $\\hat{y}_k = \\frac{\\exp(z_k)}{\\sum_{j=1}^K \\exp(z_j)}$ and $L = -\\sum_{k=1}^K y_k \\log \\hat{y}_k$ for a one-hot $y$.',
      'Since $\\frac{\\partial z_j}{\\partial b_j} = 1$, we get $\\frac{\\partial L}{\\partial b_j} = \\hat{y}_j - y_j$ too.',
      '$$\\frac{\\partial L}{\\partial \\mathbf{x}} = \\sum_{k} (\\hat{y}_k - y_k) \\mathbf{w}_k$$',
      '$$\\frac{\\partial L}{\\partial \\mathbf{x}} = \\sum_{k} (\\hat{y}_k - y_k) \\mathbf{w}_1$$',
    );
    expect(verdicts(notes)).toEqual(['valid', 'valid', 'valid', 'invalid']);
  });
});

describe('the entries of a bold vector the notes define', () => {
  it('are p_1, p_2, …: the softmax Jacobian written entry by entry', () => {
    // p = softmax(z), K = 2: ∂p₁/∂z₁ = p₁(1 − p₁), ∂p₁/∂z₂ = −p₁p₂; Σ_j ∂p_i/∂z_j = 0, not 1.
    const notes = lines(
      'With $\\mathbf{p} = \\operatorname{softmax}(\\mathbf{z})$ and $\\mathbf{z} \\in \\mathbb{R}^2$:',
      '$$\\frac{\\partial p_1}{\\partial z_1} = p_1(1 - p_1)$$',
      '$$\\frac{\\partial p_1}{\\partial z_2} = -p_1 p_2$$',
      '$$\\sum_{j} \\frac{\\partial p_i}{\\partial z_j} = 1$$',
    );
    expect(verdicts(notes)).toEqual(['valid', 'valid', 'invalid']);
  });
});

describe('indices of the names a step differentiates by', () => {
  it('are free indices of the step: ∂C/∂w_{jk} is checked at each j and k', () => {
    // z_j = Σ_k w_jk a_k + b_j, so ∂z_j/∂w_jk = a_k; writing a_j instead is wrong as soon as j ≠ k.
    const notes = lines(
      '$$z_j = \\sum_k w_{jk} a_k + b_j$$',
      '$$\\frac{\\partial z_j}{\\partial w_{jk}} = a_k$$',
      '$$\\frac{\\partial z_j}{\\partial w_{jk}} = a_j$$',
    );
    expect(verdicts(notes)).toEqual(['valid', 'invalid']);
  });
});

describe('backprop in matrix form with a loss the notes never define', () => {
  const notes = (recursion: string, gradient: string): string => lines(
    'For layers with weights $W^{(l)} \\in \\mathbb{R}^{n_l \\times n_{l-1}}$ and biases $b^{(l)} \\in \\mathbb{R}^{n_l}$:',
    '$$a^{(0)} = x, \\qquad z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}, \\qquad a^{(l)} = \\sigma\\left(z^{(l)}\\right)$$',
    'The error of layer $l$ is',
    '$$\\delta^{(l)} \\overset{\\text{def}}{=} \\frac{\\partial \\mathcal{L}}{\\partial z^{(l)}}$$',
    `$$\\delta^{(l)} = ${recursion}$$`,
    `$$\\frac{\\partial \\mathcal{L}}{\\partial W^{(l)}} = ${gradient}$$`,
  );

  it('checks the recursion through the next layer and the weight gradient, whatever the loss', () => {
    // δ^(l) = (W^(l+1))ᵀ δ^(l+1) ⊙ σ'(z^(l)) and ∂L/∂W^(l) = δ^(l) (a^(l-1))ᵀ hold for every loss of the last layer.
    expect(verdicts(notes('\\left(W^{(l+1)}\\right)^\\top \\delta^{(l+1)} \\odot \\sigma\'\\left(z^{(l)}\\right)', '\\delta^{(l)} \\left(a^{(l-1)}\\right)^\\top')))
      .toEqual(['valid', 'valid']);
  });

  it('catches a factor of 2 in the recursion and the wrong layer in the gradient', () => {
    expect(verdicts(notes('\\left(W^{(l+1)}\\right)^\\top \\delta^{(l+1)} \\odot 2\\sigma\'\\left(z^{(l)}\\right)', '\\delta^{(l)} \\left(a^{(l)}\\right)^\\top')))
      .toEqual(['invalid', 'invalid']);
  });
});

describe('layer superscripts written bare, as in Nielsen\'s book', () => {
  const notes = (recursion: string): string => lines(
    '$$z_j^{l} = \\sum_k w_{jk}^{l} a_k^{l-1} + b_j^{l}, \\qquad a_j^{l} = \\sigma(z_j^{l})$$',
    'and the error of neuron $j$ in layer $l$ is $\\delta_j^{l} = \\frac{\\partial C}{\\partial z_j^{l}}$, for a cost $C$ of the last layer.',
    `$$\\delta_j^{l} = ${recursion}$$`,
  );

  it('are layer indices: the recursion through layer l+1 is checked at a concrete layer', () => {
    // δ_j^l = Σ_k w_kj^{l+1} δ_k^{l+1} σ'(z_j^l); with w_jk^{l+1} (the weight matrix not transposed) it is wrong.
    expect(verdicts(notes('\\sum_k w_{kj}^{l+1} \\delta_k^{l+1} \\sigma\'(z_j^{l})'))).toEqual(['valid']);
    expect(verdicts(notes('\\sum_k w_{jk}^{l+1} \\delta_k^{l+1} \\sigma\'(z_j^{l})'))).toEqual(['invalid']);
  });
});

describe('vectors and matrices written entry by entry', () => {
  it('multiply as their entries say', () => {
    // W v = (ax + by, cx + dy); (ax + cy, bx + dy) is W^⊤ v.
    const notes = lines(
      '$$W = \\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}, \\quad \\mathbf{v} = \\begin{bmatrix} x \\\\ y \\end{bmatrix}$$',
      '$$W\\mathbf{v} = \\begin{pmatrix} ax + by \\\\ cx + dy \\end{pmatrix}$$',
      '$$W\\mathbf{v} = \\begin{pmatrix} ax + cy \\\\ bx + dy \\end{pmatrix}$$',
      '$$\\mathbf{v}^\\top W = \\left[ax + cy, bx + dy\\right]$$',
    );
    expect(verdicts(notes)).toEqual(['valid', 'invalid', 'valid']);
  });

  it('leave a run longer than the limit unworked', () => {
    // 100,000 entries are more than MAX_RUN_ENTRIES (1,000): not written out, so not judged.
    const step = checkSource('$$[x_1, \\dots, x_{100000}] = [x_1, \\dots, x_{100000}]$$', 't.md').steps[0]!;
    expect(step.verdict).toBe('unknown');
    expect(step.message).toContain('more than 1000');
  });

  it('are differentiated entry by entry', () => {
    // d/dx (x, x²) = (1, 2x); (1, x) is wrong in its second entry.
    expect(verdicts(lines('$$\\frac{d}{dx}[x, x^2] = [1, 2x]$$', '$$\\frac{d}{dx}[x, x^2] = [1, x]$$'))).toEqual(['valid', 'invalid']);
  });

  it('are a row or a column as written', () => {
    // (a, b) as a column equals itself; as a row it is a 1×2, which a 2×1 column is not.
    const notes = lines(
      '$$\\begin{pmatrix} a \\\\ b \\end{pmatrix} = \\begin{bmatrix} a \\\\ b \\end{bmatrix}$$',
      '$$\\begin{pmatrix} a \\\\ b \\end{pmatrix} = [a, b]$$',
    );
    expect(verdicts(notes)).toEqual(['valid', 'invalid']);
  });

  it('run over a size with dots: the i-th entry is the pattern at i', () => {
    // L = (1/n) Σ_i (ŷ_i − y_i)², so ∂L/∂ŷ_i = (2/n)(ŷ_i − y_i): the gradient is the column of those;
    // 1/n in front is half of it, and ŷ_i + y_i in every entry is another vector.
    const notes = lines(
      '$$L = \\frac{1}{n}\\sum_{i=1}^{n} (\\hat{y}_i - y_i)^2$$',
      '$$\\nabla_{\\hat{\\mathbf{y}}} L = \\frac{2}{n}\\begin{pmatrix} \\hat{y}_1 - y_1 \\\\ \\vdots \\\\ \\hat{y}_n - y_n \\end{pmatrix}$$',
      '$$\\nabla_{\\hat{\\mathbf{y}}} L = \\frac{1}{n}\\begin{pmatrix} \\hat{y}_1 - y_1 \\\\ \\vdots \\\\ \\hat{y}_n - y_n \\end{pmatrix}$$',
      '$$\\nabla_{\\hat{\\mathbf{y}}} L = \\frac{2}{n}\\begin{pmatrix} \\hat{y}_1 + y_1 \\\\ \\vdots \\\\ \\hat{y}_n + y_n \\end{pmatrix}$$',
      '$$\\nabla_{\\hat{\\mathbf{y}}} L = \\frac{2}{n}\\left(\\hat{\\mathbf{y}} - \\mathbf{y}\\right)$$',
    );
    expect(verdicts(notes)).toEqual(['valid', 'invalid', 'invalid', 'valid']);
  });

  it('a run that cannot be told is an error where its dots are, not a step', () => {
    const report = checkSource(lines(
      '$$L = \\frac{1}{n}\\sum_{i=1}^{n} (\\hat{y}_i - y_i)^2$$',
      '$$\\nabla_{\\hat{\\mathbf{y}}} L = \\frac{2}{n}\\begin{pmatrix} \\hat{y}_1 - y_1 \\\\ \\vdots \\\\ \\hat{y}_n + y_n \\end{pmatrix}$$',
    ), 't.md');
    expect(report.steps).toEqual([]);
    expect(report.errors.map((er) => [er.line, er.column, er.message])).toEqual([
      [3, 79, 'cannot tell how the entries between \\hat{y}_1 - y_1 and \\hat{y}_n + y_n go: write the first and the last as one pattern, 1 and n in the same place (x_1, \\dots, x_n)'],
    ]);
  });

  describe('the examples as the columns of a matrix', () => {
    // J = −(1/m) Σ_i [y⁽ⁱ⁾ log ŷ⁽ⁱ⁾ + (1 − y⁽ⁱ⁾) log(1 − ŷ⁽ⁱ⁾)] with ŷ⁽ⁱ⁾ = σ(wᵀx⁽ⁱ⁾ + b) has
    // ∂J/∂w = (1/m) Σ_i (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾. With X = [x⁽¹⁾ … x⁽ᵐ⁾] (n×m) and the rows Ŷ, Y (1×m),
    // that is (1/m) X (Ŷ − Y)ᵀ. Without the transpose X (Ŷ − Y) multiplies n×m by 1×m: the
    // declared shapes do not fit. (Y − Ŷ) is the negative.
    const setup = lines(
      'Examples $\\mathbf{x}^{(i)} \\in \\mathbb{R}^{n}$, weights $\\mathbf{w} \\in \\mathbb{R}^{n}$.',
      '$$\\hat{y}^{(i)} = \\sigma\\left(\\mathbf{w}^\\top \\mathbf{x}^{(i)} + b\\right)$$',
      '$$J = -\\frac{1}{m}\\sum_{i=1}^{m} \\left[y^{(i)} \\log \\hat{y}^{(i)} + \\left(1 - y^{(i)}\\right)\\log\\left(1 - \\hat{y}^{(i)}\\right)\\right]$$',
      'With $X = \\left[\\mathbf{x}^{(1)}, \\dots, \\mathbf{x}^{(m)}\\right] \\in \\mathbb{R}^{n \\times m}$, $\\hat{Y} = \\left[\\hat{y}^{(1)}, \\dots, \\hat{y}^{(m)}\\right]$ and $Y = \\left[y^{(1)}, \\dots, y^{(m)}\\right]$:',
    );

    it.each([
      ['\\frac{1}{m} X \\left(\\hat{Y} - Y\\right)^\\top', 'valid'],
      ['\\frac{1}{m} X \\left(Y - \\hat{Y}\\right)^\\top', 'invalid'],
      ['\\frac{1}{m} X \\left(\\hat{Y} - Y\\right)', 'invalid'],
    ])('∂J/∂w = %s is %s', (right, verdict) => {
      expect(verdicts(lines(setup, `$$\\frac{\\partial J}{\\partial \\mathbf{w}} = ${right}$$`))).toEqual([verdict]);
    });

    it('gives X its entries: X_{ij} is entry i of example j', () => {
      // Row 1 of column 2 is entry 1 of example 2; entry 2 of example 1 is another number.
      expect(verdicts(lines(setup, '$$X_{12} - x^{(2)}_1 = 0$$', '$$X_{12} - x^{(1)}_2 = 0$$'))).toEqual(['valid', 'invalid']);
    });
  });
});

describe('powers of a vector', () => {
  it('are taken entry by entry, as ML notes write tanh²(z)', () => {
    // With a = tanh(z) entry by entry, 1 − tanh²(z) = 1 − a² holds for every entry; 1 − 2a does not.
    const notes = lines(
      'With $\\mathbf{z} \\in \\mathbb{R}^{n}$ and $\\mathbf{a} = \\tanh(\\mathbf{z})$,',
      '$$1 - \\tanh^2(\\mathbf{z}) = 1 - \\mathbf{a}^2$$',
      '$$1 - \\tanh^2(\\mathbf{z}) = 1 - 2\\mathbf{a}$$',
    );
    expect(verdicts(notes)).toEqual(['valid', 'invalid']);
  });
});
