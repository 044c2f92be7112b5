/**
 * The catalogue as a specification: every entry's derivative, in both forms, against central
 * differences of its definition and of the function's numeric implementation; against mathjs's
 * symbolic `derivative` (an independent oracle) wherever mathjs can differentiate the input
 * form; and the self-form exactly as the differentiator prints it.
 *
 * Step and tolerance: see test/diff/numeric.ts (h = 1e-5·max(1, |x|), 1e-6 relative).
 *
 * An entry of a whole vector (its variable one entry, z_j) is sampled at sizes K = 2 to 5, at
 * every pair of indices i, j (so both i = j and i ≠ j), with the names it is given (p_i = …)
 * substituted and its sums written out; targets are drawn to sum to 1 only for the entries that
 * assume it.
 */
import { derivative, parse as mathParse } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { num, sym, type Expr, type Sym } from '../../src/core/expr.js';
import { isIndexToken, subTokens } from '../../src/core/indices.js';
import { definitionOf, renameIndices, substitute, transform } from '../../src/core/walk.js';
import { writtenOut } from '../../src/parse/templates.js';
import { FUNCTIONS, type FnEntry } from '../../src/core/functions.js';
import { differentiate, differentiateN } from '../../src/diff/index.js';
import { recognise, simplify } from '../../src/simplify/index.js';
import { catalogue, type CatalogueEntry } from '../../src/catalog/index.js';
import { compile, evaluate } from '../../src/numeric/compile.js';
import { parse, parseOrThrow } from '../../src/parse/index.js';
import { toLatex } from '../../src/print/latex.js';
import { along, centralDifference, expectClose, rng, samples } from '../diff/numeric.js';

const ENTRIES = catalogue();

/** Values of the other symbols in the formulas (α learned, y a target, z₂ the other logit, δ Huber's threshold). */
const FIXED: Readonly<Record<string, number>> = { alpha: 1.3, y: 0.3, z_2: 0.4, delta: 0.8 };
/** Where each entry is sampled. */
const DOMAIN: Readonly<Record<string, readonly [number, number]>> = { bce: [0.02, 0.98] };

function env(e: Expr): Map<Sym, number> {
  const out = new Map<Sym, number>();
  const walk = (x: Expr): void => {
    if (x.kind === 'sym') {
      const key = x.sub === undefined ? x.name : `${x.name}_${x.sub}`;
      if (key in FIXED) out.set(x, FIXED[key]!);
    }
    if ('args' in x) x.args.forEach(walk);
    if ('terms' in x) x.terms.forEach(walk);
    if ('factors' in x) x.factors.forEach(walk);
    if (x.kind === 'pow') [x.base, x.exp].forEach(walk);
    if (x.kind === 'piecewise') x.pieces.forEach((p) => [p.value, ...(p.cond ? [p.cond] : [])].forEach(walk));
  };
  walk(e);
  return out;
}

/** A formula of the entry as a function of its variable. */
function fn(entry: CatalogueEntry, e: Expr): (x: number) => number {
  const v = entry.trees.variable;
  const fixed = env(e);
  const vars = [v, ...fixed.keys()];
  const c = compile(e, vars);
  const rest = [...fixed.values()];
  return (x) => c.fn([x, ...rest]);
}

function kinkPoints(entry: CatalogueEntry): number[] {
  return entry.trees.kinks.map((k) => {
    if (k.kind !== 'rel' || k.args[0] !== entry.trees.variable) throw new Error(`kink of ${entry.id} is not ${entry.variable} = c`);
    return evaluate(k.args[1]!, env(k.args[1]!));
  });
}

function points(entry: CatalogueEntry): number[] {
  const [lo, hi] = DOMAIN[entry.id] ?? [-4, 4];
  return samples(lo, hi, 80, kinkPoints(entry));
}

/** An entry of a whole vector: its variable is one entry, `z_j`. */
const isIndexed = (e: CatalogueEntry): boolean => {
  const t = subTokens(e.trees.variable.sub);
  return t.length === 1 && isIndexToken(t[0]!);
};

/** Values of the entries at size K: logits and log-probabilities anywhere, probabilities in (0, 1), targets summing to 1 when the entry assumes it. */
function entryValues(entry: CatalogueEntry, size: number, random: () => number): Map<Sym, number> {
  const out = new Map<Sym, number>();
  const targets = Array.from({ length: size }, () => 0.05 + random());
  const total = entry.trees.assume.length > 0 ? targets.reduce((a, b) => a + b, 0) : 1;
  for (let k = 1; k <= size; k++) {
    const at = (name: string): Sym => sym(name, { sub: String(k) });
    out.set(at('z'), random() * 6 - 3);
    out.set(at('x'), random() * 6 - 3);
    out.set(at('p'), 0.05 + 0.9 * random());
    out.set(at('y'), targets[k - 1]! / total);
  }
  return out;
}

/** A formula of an indexed entry at size K and indices i, j, c, its given names substituted, as a function of its variable (entry j). */
function atSize(entry: CatalogueEntry, e: Expr, size: number, indices: ReadonlyMap<string, number>, values: ReadonlyMap<Sym, number>): (x: number) => number {
  let x = e;
  for (let pass = 0; pass < 4; pass++) x = transform(x, (y) => (y.kind === 'sym' ? definitionOf(entry.trees.givens, y) ?? y : y));
  const concrete = writtenOut(substitute(renameIndices(x, indices), new Map([[sym('K'), num(size)]])), size);
  return along(concrete, renameIndices(entry.trees.variable, indices) as Sym, values);
}

describe('every entry of a whole vector: self-form = input form = central differences of the definition, at sizes 2 to 5', () => {
  it.each(ENTRIES.filter(isIndexed).map((e) => [e.id, e] as const))('%s', (_id, entry) => {
    const random = rng(11);
    let checked = 0;
    for (const size of [2, 3, 4, 5]) {
      const values = entryValues(entry, size, random);
      for (let i = 1; i <= size; i++) {
        for (let j = 1; j <= size; j++) {
          const indices = new Map([['i', i], ['j', j], ['c', ((i + j) % size) + 1]]);
          const variable = renameIndices(entry.trees.variable, indices) as Sym;
          const x = values.get(variable)!;
          const fd = centralDifference(atSize(entry, entry.trees.definition, size, indices, values), x);
          expectClose(atSize(entry, entry.trees.self, size, indices, values)(x), fd, `${entry.id} self-form at K = ${size}, i = ${i}, j = ${j}`);
          expectClose(atSize(entry, entry.trees.input, size, indices, values)(x), fd, `${entry.id} input form at K = ${size}, i = ${i}, j = ${j}`);
          checked++;
        }
      }
    }
    expect(checked).toBe(4 + 9 + 16 + 25);
  });
});

describe('every entry: self-form = input form = central differences of the definition', () => {
  it.each(ENTRIES.filter((e) => !isIndexed(e)).map((e) => [e.id, e] as const))('%s', (_id, entry) => {
    const definition = fn(entry, entry.trees.definition);
    const self = fn(entry, entry.trees.self);
    const input = fn(entry, entry.trees.input);
    for (const x of points(entry)) {
      const fd = centralDifference(definition, x);
      expectClose(self(x), fd, `${entry.id}: self-form at ${x}`);
      expectClose(input(x), fd, `${entry.id}: input form at ${x}`);
    }
  });
});

describe('the definition matches the numeric implementation of the table', () => {
  it.each(ENTRIES.filter((e) => e.fn !== null && !isIndexed(e)).map((e) => [e.id, e] as const))('%s', (_id, entry) => {
    const definition = fn(entry, entry.trees.definition);
    const call = fn(entry, entry.trees.call);
    for (const x of points(entry)) expectClose(call(x), definition(x), `${entry.id}(${x})`, 1e-12);
  });
});

/** Each entry's definition as mathjs reads it (`mathjs` in the catalogue), where mathjs can differentiate it. */
const MATHJS: Readonly<Record<string, readonly [string, string]>> = Object.fromEntries(
  ENTRIES.flatMap((e) => (e.mathjs === null ? [] : [[e.id, e.mathjs] as const])),
);

describe('mathjs derivative agrees (independent oracle)', () => {
  it('covers every smooth entry whose input form mathjs can read', () => {
    // mathjs has no erf, no sums over K and no cases.
    const smooth = ENTRIES.filter((e) => e.kinks.length === 0 && !isIndexed(e) && !['gelu', 'celu', 'huber'].includes(e.id)).map((e) => e.id);
    expect(Object.keys(MATHJS).sort()).toEqual(smooth.sort());
  });
  it.each(Object.entries(MATHJS))('%s: d/d%s', (id, [source, variable]) => {
    const entry = ENTRIES.find((e) => e.id === id)!;
    const d = derivative(mathParse(source), variable).compile();
    const self = fn(entry, entry.trees.self);
    for (const x of points(entry)) {
      const scope = { [variable]: x, y: FIXED.y, z2: FIXED.z_2 };
      expectClose(self(x), d.evaluate(scope) as number, `${id} at ${x}`);
    }
  });
});

describe('the differentiator prints each self-form exactly', () => {
  it.each([
    ['step', '\\begin{cases}0 & \\text{if } z\\neq0\\end{cases}'],
    ['identity', '1'],
    ['sigmoid', '\\sigma(z)\\left(1-\\sigma(z)\\right)'],
    ['tanh', '1-\\tanh^2(z)'],
    ['relu', '\\begin{cases}1 & \\text{if } z>0 \\\\ 0 & \\text{if } z<0\\end{cases}'],
    ['leakyrelu', '\\begin{cases}1 & \\text{if } z>0 \\\\ 0.01 & \\text{if } z<0\\end{cases}'],
    ['prelu', '\\begin{cases}1 & \\text{if } z>0 \\\\ \\alpha & \\text{if } z<0\\end{cases}'],
    ['elu', '\\begin{cases}1 & \\text{if } z>0 \\\\ \\operatorname{ELU}(z)+\\alpha & \\text{if } z<0\\end{cases}'],
    ['selu', '\\begin{cases}1.0507009873554805 & \\text{if } z>0 \\\\ \\operatorname{SELU}(z)+1.7580993408473766 & \\text{if } z<0\\end{cases}'],
    ['softplus', '\\sigma(z)'],
    ['softsign', '\\frac{1}{\\left(1+\\left|z\\right|\\right)^2}'],
    ['swish', '\\operatorname{swish}(z)+\\sigma(z)\\left(1-\\operatorname{swish}(z)\\right)'],
    ['gelu', '\\frac{1+\\operatorname{erf}(\\frac{z}{\\sqrt{2}})}{2}+\\frac{z e^{-\\frac{z^2}{2}}}{\\sqrt{2\\pi}}'],
    ['mish', '\\tanh(\\operatorname{softplus}(z))+z \\sigma(z)\\left(1-\\tanh^2(\\operatorname{softplus}(z))\\right)'],
    ['hardsigmoid', '\\begin{cases}0 & \\text{if } z<-3 \\\\ \\frac{1}{6} & \\text{if } -3<z<3 \\\\ 0 & \\text{if } z>3\\end{cases}'],
    ['hardtanh', '\\begin{cases}0 & \\text{if } z<-1 \\\\ 1 & \\text{if } -1<z<1 \\\\ 0 & \\text{if } z>1\\end{cases}'],
    ['relu6', '\\begin{cases}0 & \\text{if } z<0 \\\\ 1 & \\text{if } 0<z<6 \\\\ 0 & \\text{if } z>6\\end{cases}'],
    ['hardswish', '\\begin{cases}0 & \\text{if } z<-3 \\\\ \\frac{2z+3}{6} & \\text{if } -3<z<3 \\\\ 1 & \\text{if } z>3\\end{cases}'],
    ['celu', '\\begin{cases}1 & \\text{if } z\\ge0 \\\\ e^{\\frac{z}{\\alpha}} & \\text{if } z<0\\end{cases}'],
    ['logsigmoid', '1-\\sigma(z)'],
    ['softmax', '\\operatorname{softmax}(\\mathbf{z})_i\\left(\\delta_{ij}-\\operatorname{softmax}(\\mathbf{z})_j\\right)'],
    ['logsumexp', '\\operatorname{softmax}(\\mathbf{z})_j'],
  ])('%s′ = %s', (id, expected) => {
    const entry = ENTRIES.find((e) => e.id === id)!;
    const r = differentiate(entry.trees.call, entry.trees.variable);
    expect(toLatex(r.expr)).toBe(expected);
    expect(entry.derivative.self).toBe(expected);
    expect(r.kinks.map(toLatex)).toEqual(entry.kinks);
  });

  it('every table entry of the catalogue is in the list above (or the GELU tanh form)', () => {
    const listed = [
      'step', 'identity', 'sigmoid', 'tanh', 'relu', 'leakyrelu', 'prelu', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'gelu', 'mish',
      'hardsigmoid', 'hardtanh', 'gelutanh', 'relu6', 'hardswish', 'celu', 'logsigmoid', 'softmax', 'logsumexp',
    ];
    expect(ENTRIES.filter((e) => e.fn !== null).map((e) => e.id).sort()).toEqual(listed.sort());
    const g = ENTRIES.find((e) => e.id === 'gelutanh')!;
    expect(toLatex(differentiate(g.trees.call, g.trees.variable).expr)).toBe(g.derivative.self);
  });
});

describe('the catalogue is complete and consistent', () => {
  it('has the activations and losses the issue lists', () => {
    expect(ENTRIES.map((e) => e.id)).toEqual([
      'step', 'identity', 'sigmoid', 'tanh', 'relu', 'leakyrelu', 'prelu', 'elu', 'selu', 'softplus', 'softsign',
      'swish', 'gelu', 'gelutanh', 'mish', 'hardsigmoid', 'hardtanh', 'relu6', 'hardswish', 'celu', 'logsigmoid',
      'softmax', 'logsoftmax', 'softmin', 'logsumexp',
      'bce', 'mse', 'bce-logits', 'ce', 'softmax-ce', 'nll', 'kl', 'huber', 'l1', 'softmax-ce-2',
    ]);
  });

  it.each(ENTRIES.filter((e) => e.fn !== null).map((e) => [e.id, e] as const))('%s: every listed name parses as the function', (_id, entry) => {
    const unread: string[] = [];
    for (const name of entry.names) {
      const r = parse(`${name}(z)`);
      if (!r.ok) unread.push(name);
      else expect(r.value.kind === 'apply' && r.value.fn === entry.fn, `${name}(z)`).toBe(true);
    }
    expect(unread).toEqual([]);
  });

  it('kinks and ranges come from the table for table functions', () => {
    for (const e of ENTRIES.filter((x) => x.fn !== null)) {
      const t: FnEntry = FUNCTIONS[e.fn!];
      expect(e.kinks.length, e.id).toBe((t.kinks ?? []).length);
      expect(e.range, e.id).toBe(t.range ?? '(-\\infty, \\infty)');
    }
  });

});

/**
 * Every entry written out by hand, as a student writes it (not taken from the table), for the
 * rule "one function, one form": the written form is read as the named function, and its
 * derivative reaches the same textbook form as the named one's.
 */
const WRITTEN: Readonly<Record<string, string>> = {
  step: '\\begin{cases}0 & z<0 \\\\ 1 & z\\ge 0\\end{cases}',
  identity: 'z',
  sigmoid: '\\frac{1}{1+e^{-z}}',
  tanh: '\\frac{e^{z}-e^{-z}}{e^{z}+e^{-z}}',
  relu: '\\max(0, z)',
  leakyrelu: '\\begin{cases}z & z\\ge 0 \\\\ 0.01z & z<0\\end{cases}',
  prelu: '\\begin{cases}z & z\\ge 0 \\\\ \\alpha z & z<0\\end{cases}',
  elu: '\\begin{cases}z & z\\ge 0 \\\\ \\alpha\\left(e^{z}-1\\right) & z<0\\end{cases}',
  selu: '\\begin{cases}1.0507009873554805z & z\\ge 0 \\\\ 1.7580993408473766\\left(e^{z}-1\\right) & z<0\\end{cases}',
  softplus: '\\ln\\left(1+e^{z}\\right)',
  softsign: '\\frac{z}{1+|z|}',
  swish: '\\frac{z}{1+e^{-z}}',
  gelu: '\\frac{z}{2}\\left(1+\\operatorname{erf}\\left(\\frac{z}{\\sqrt{2}}\\right)\\right)',
  gelutanh: '\\frac{1}{2}z\\left(1+\\tanh\\left(\\sqrt{\\frac{2}{\\pi}}\\left(z+0.044715z^{3}\\right)\\right)\\right)',
  mish: 'z\\tanh\\left(\\ln\\left(1+e^{z}\\right)\\right)',
  hardsigmoid: '\\max\\left(0, \\min\\left(1, \\frac{z+3}{6}\\right)\\right)',
  hardtanh: '\\max(-1, \\min(1, z))',
  relu6: '\\min(\\max(0, z), 6)',
  hardswish: '\\frac{z\\min(\\max(0, z+3), 6)}{6}',
  celu: '\\begin{cases}z & z\\ge 0 \\\\ \\alpha\\left(e^{\\frac{z}{\\alpha}}-1\\right) & z<0\\end{cases}',
  logsigmoid: '\\ln\\frac{1}{1+e^{-z}}',
  softmax: '\\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}',
  logsoftmax: '\\ln\\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}',
  softmin: '\\frac{e^{-z_i}}{\\sum_{k=1}^{K} e^{-z_k}}',
  logsumexp: '\\log\\sum_{k=1}^{K} e^{z_k}',
  bce: '-y\\ln a-(1-y)\\ln(1-a)',
  mse: '\\frac{(a-y)^2}{2}',
  'bce-logits': '-y\\ln\\frac{1}{1+e^{-z}}-(1-y)\\ln\\left(1-\\frac{1}{1+e^{-z}}\\right)',
  ce: '-\\sum_{k=1}^{K} y_k\\log p_k',
  'softmax-ce': '-\\sum_{k=1}^{K} y_k\\ln\\frac{e^{z_k}}{\\sum_{m=1}^{K} e^{z_m}}',
  nll: '-x_c',
  kl: '\\sum_{k=1}^{K} y_k\\left(\\ln y_k-\\ln p_k\\right)',
  huber: '\\begin{cases}\\frac{r^2}{2} & |r|\\le\\delta \\\\ \\delta|r|-\\frac{\\delta^2}{2} & |r|>\\delta\\end{cases}',
  l1: '|a-y|',
  'softmax-ce-2': '-y\\ln\\frac{e^{z_1}}{e^{z_1}+e^{z_2}}-(1-y)\\ln\\frac{e^{z_2}}{e^{z_1}+e^{z_2}}',
};

/** The textbook derivatives of the formula entries, written by hand. */
const FORMULA_DERIVATIVES: Readonly<Record<string, string>> = {
  logsoftmax: '\\delta_{ij}-\\operatorname{softmax}(\\mathbf{z})_j',
  softmin: '-\\operatorname{softmax}(-\\mathbf{z})_i\\left(\\delta_{ij}-\\operatorname{softmax}(-\\mathbf{z})_j\\right)',
  bce: '\\frac{a-y}{a\\left(1-a\\right)}',
  mse: 'a-y',
  'bce-logits': '\\sigma(z)-y',
  ce: '-\\frac{y_j}{p_j}',
  // With the entry's assumption that the targets sum to 1.
  'softmax-ce': '\\operatorname{softmax}(\\mathbf{z})_j-y_j',
  nll: '-\\delta_{cj}',
  kl: '-\\frac{y_j}{p_j}',
  'softmax-ce-2': '\\sigma(z_1-z_2)-y',
};

/** What `deriv diff` prints: the derivative of the input read with named functions, simplified (with the assumptions given). */
const textbook = (e: Expr, v: Sym, assumptions: readonly Expr[] = []): string =>
  toLatex(simplify(differentiate(e, v, { recognise, trace: false }).expr, { assumptions }).expr);

describe('one function, one form: every entry written out by hand', () => {
  it('covers every entry', () => {
    expect(Object.keys(WRITTEN).sort()).toEqual(ENTRIES.map((e) => e.id).sort());
  });

  it.each(ENTRIES.filter((e) => e.fn !== null && e.id !== 'identity').map((e) => [e.id, e] as const))('%s written out is read as the named function', (id, entry) => {
    expect(toLatex(recognise(parseOrThrow(WRITTEN[id]!)))).toBe(toLatex(entry.trees.call));
  });

  it.each(ENTRIES.filter((e) => e.fn !== null).map((e) => [e.id, e] as const))('%s written out has the named form\'s derivative', (id, entry) => {
    const v = entry.trees.variable;
    expect(textbook(parseOrThrow(WRITTEN[id]!), v)).toBe(textbook(entry.trees.call, v));
  });

  it.each(Object.entries(FORMULA_DERIVATIVES))('%s written out differentiates to %s', (id, expected) => {
    const entry = ENTRIES.find((x) => x.id === id)!;
    expect(textbook(parseOrThrow(WRITTEN[id]!), entry.trees.variable, entry.trees.assume)).toBe(expected);
  });

  it.each([
    // The reproductions: the third derivative of softplus, softsign and swish written out.
    ['\\ln(1+e^z)', 'z', 3, '\\sigma(z)\\left(1-2\\sigma(z)\\right)\\left(1-\\sigma(z)\\right)'],
    ['\\frac{x}{1+|x|}', 'x', 1, '\\frac{1}{\\left(1+\\left|x\\right|\\right)^2}'],
    ['\\frac{x}{1+e^{-x}}', 'x', 1, '\\operatorname{swish}(x)+\\sigma(x)\\left(1-\\operatorname{swish}(x)\\right)'],
  ] as const)('%s, order %i in %s: the textbook form', (input, v, order, expected) => {
    const d = differentiateN(parseOrThrow(input), sym(v), order, { recognise, trace: false });
    expect(toLatex(simplify(d.expr).expr)).toBe(expected);
    expect(d.kinks).toEqual([]);
  });
});
