/**
 * The function table: one entry per named function, holding its whole story — the names the
 * parser accepts, how it prints, how it evaluates, its derivative written in terms of the
 * function itself, and where it is not differentiable. Stages read this table; none of them
 * keeps its own list of functions.
 *
 * Templates (`d`, `definition`) are LaTeX over the argument `u` (and parameters by their
 * LaTeX names); the differentiation stage parses them once. Core never parses.
 */

export interface Param {
  /** Name of the parameter as a symbol (`alpha`), and its default argument when omitted. */
  readonly name: string;
  /** LaTeX of the default: a symbol (`\alpha`) or a number (`0.01`). */
  readonly default: string;
  /** A fixed number, never a learned symbol (LeakyReLU's slope; PReLU's α is learned): recognition binds it to numbers only. */
  readonly numeric?: boolean;
}

export interface FnEntry {
  /** LaTeX commands (with backslash), and words read in plain text or inside `\operatorname{}`/`\mathrm{}`/`\text{}`. */
  readonly commands: readonly string[];
  readonly words: readonly string[];
  /** How it prints: a LaTeX command (`\tanh`) or an operator name (`\operatorname{ReLU}`); `text` for plain output. */
  readonly latex: string;
  readonly text: string;
  /** Numeric implementation over doubles; undefined points give NaN, never throw. */
  readonly eval: (...args: number[]) => number;
  /** Arguments after the first; omitted trailing ones take their defaults. */
  readonly params?: readonly Param[];
  /** Number of arguments when it is not 1 + params (max/min take two). */
  readonly arity?: number;
  /** First derivative in the argument `u`, preferring the textbook self-form. Absent: differentiate `definition`. */
  readonly d?: string;
  /** The function written through others (for recognition and for functions without `d`). */
  readonly definition?: string;
  /** Points where it is continuous but not differentiable (as LaTeX conditions on `u`). */
  readonly kinks?: readonly string[];
  /** Range of values, as LaTeX, for the catalogue. */
  readonly range?: string;
  /**
   * A function of a whole vector: `entries` when its value is a vector (`f(\mathbf{u})_i` is
   * entry i), `scalar` when it is a number (`f(\mathbf{u})`). Its templates are written in the
   * entries: `u_i`, and `u_k` under a sum over every entry (`\sum_{k}`); `d` is the derivative
   * of entry i by the entry u_j. `eval` is its value for a vector of one entry.
   */
  readonly vector?: 'entries' | 'scalar';
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const SELU_LAMBDA = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

function erf(x: number): number {
  // Taylor series near 0, continued fraction for erfc in the tails: both converge to ~1e-15 there.
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  if (ax < 2.5) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc by its continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + …))), evaluated by Lentz's method.
  const tiny = 1e-300;
  let f = ax;
  let c = ax;
  let dd = 0;
  for (let i = 1; i < 300; i++) {
    const a = i / 2;
    dd = ax + a * dd;
    dd = Math.abs(dd) < tiny ? tiny : dd;
    c = ax + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    dd = 1 / dd;
    const delta = c * dd;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** ln(x/(1 − x)): NaN outside [0, 1]; −∞ at 0 and +∞ at 1, as ln is −∞ at 0. */
const logit = (x: number): number => Math.log(x / (1 - x));
const softplus = (x: number): number => (x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** Every named function. Keys are the canonical names used in trees (`apply.fn`). */
export const FUNCTIONS = {
  identity: {
    commands: [], words: ['identity'], latex: '\\operatorname{identity}', text: 'identity', eval: (x: number) => x,
    d: '1', definition: 'u', range: '(-\\infty, \\infty)',
  },
  exp: { commands: ['\\exp'], words: ['exp'], latex: '\\exp', text: 'exp', eval: Math.exp, d: 'e^{u}', range: '(0, \\infty)' },
  ln: { commands: ['\\ln'], words: ['ln'], latex: '\\ln', text: 'ln', eval: Math.log, d: '\\frac{1}{u}' },
  log: {
    commands: ['\\log'], words: ['log'], latex: '\\log', text: 'log',
    eval: (x: number, b: number) => Math.log(x) / Math.log(b),
    params: [{ name: 'base', default: 'e' }], d: '\\frac{1}{u\\ln(\\mathrm{base})}',
  },
  abs: { commands: [], words: ['abs'], latex: '|', text: 'abs', eval: Math.abs, d: '\\begin{cases}1 & u>0 \\\\ -1 & u<0\\end{cases}', kinks: ['u = 0'], range: '[0, \\infty)' },
  sgn: { commands: ['\\sgn'], words: ['sgn', 'sign'], latex: '\\operatorname{sgn}', text: 'sgn', eval: Math.sign, d: '\\begin{cases}0 & u\\neq 0\\end{cases}', kinks: ['u = 0'] },
  sin: { commands: ['\\sin'], words: ['sin'], latex: '\\sin', text: 'sin', eval: Math.sin, d: '\\cos u' },
  cos: { commands: ['\\cos'], words: ['cos'], latex: '\\cos', text: 'cos', eval: Math.cos, d: '-\\sin u' },
  tan: { commands: ['\\tan'], words: ['tan'], latex: '\\tan', text: 'tan', eval: Math.tan, d: '1+\\tan^{2}(u)' },
  sinh: { commands: ['\\sinh'], words: ['sinh'], latex: '\\sinh', text: 'sinh', eval: Math.sinh, d: '\\cosh u' },
  cosh: { commands: ['\\cosh'], words: ['cosh'], latex: '\\cosh', text: 'cosh', eval: Math.cosh, d: '\\sinh u' },
  tanh: {
    commands: ['\\tanh'], words: ['tanh'], latex: '\\tanh', text: 'tanh', eval: Math.tanh,
    d: '1-\\tanh^{2}(u)', definition: '\\frac{e^{u}-e^{-u}}{e^{u}+e^{-u}}', range: '(-1, 1)',
  },
  // The inverse of tanh, written \tanh^{-1} too (see INVERSES); defined on (-1, 1) only.
  artanh: {
    commands: [], words: ['artanh', 'arctanh', 'atanh'], latex: '\\operatorname{artanh}', text: 'artanh', eval: Math.atanh,
    d: '\\frac{1}{1-u^{2}}', definition: '\\frac{1}{2}\\ln\\left(\\frac{1+u}{1-u}\\right)', range: '(-\\infty, \\infty)',
  },
  sech: { commands: ['\\sech'], words: ['sech'], latex: '\\operatorname{sech}', text: 'sech', eval: (x: number) => 1 / Math.cosh(x), d: '-\\operatorname{sech}(u)\\tanh u' },
  erf: { commands: ['\\erf'], words: ['erf'], latex: '\\operatorname{erf}', text: 'erf', eval: erf, d: '\\frac{2}{\\sqrt{\\pi}}e^{-u^{2}}', range: '(-1, 1)' },
  // Written as a superscript (`W^\top`), so it has no names to read and prints specially; on
  // scalars it is the identity (the checker gives it its matrix meaning).
  transpose: { commands: [], words: [], latex: '^\\top', text: 'transpose', eval: (x: number) => x, d: '1' },
  // The Kronecker delta δ_{ij}, written with its indices as a subscript; piecewise constant in them.
  kronecker: {
    commands: [], words: ['kronecker'], latex: '\\delta', text: 'kronecker', arity: 2,
    eval: (i: number, j: number) => (Number.isNaN(i) || Number.isNaN(j) ? NaN : i === j ? 1 : 0), d: '0', range: '\\{0, 1\\}',
  },
  // Vector operations, written with operators (`\odot`, `\otimes`, `\|x\|`) or names; on numbers
  // they are products and the absolute value (the checker gives them their vector meaning).
  hadamard: { commands: [], words: ['hadamard'], latex: '\\odot', text: 'hadamard', arity: 2, eval: (a: number, b: number) => a * b, d: 'v' },
  outer: { commands: [], words: ['outer'], latex: '\\otimes', text: 'outer', arity: 2, eval: (a: number, b: number) => a * b, d: 'v' },
  norm: { commands: [], words: ['norm'], latex: '\\|', text: 'norm', eval: Math.abs, d: '\\begin{cases}1 & u>0 \\\\ -1 & u<0\\end{cases}', kinks: ['u = 0'], range: '[0, \\infty)' },
  diag: { commands: [], words: ['diag'], latex: '\\operatorname{diag}', text: 'diag', eval: (x: number) => x, d: '1' },
  // Functions of a whole vector (the checker works them out entry by entry); of one number they
  // are what they are for a vector of one entry.
  softmax: {
    commands: [], words: ['softmax'], latex: '\\operatorname{softmax}', text: 'softmax', vector: 'entries',
    eval: (x: number) => (Number.isNaN(x) ? NaN : 1), definition: '\\frac{e^{u_i}}{\\sum_{k} e^{u_k}}',
    d: '\\operatorname{softmax}(\\mathbf{u})_i\\left(\\delta_{ij}-\\operatorname{softmax}(\\mathbf{u})_j\\right)', range: '(0, 1)',
  },
  logsumexp: {
    commands: [], words: ['logsumexp', 'lse', 'LSE'], latex: '\\operatorname{LSE}', text: 'logsumexp', vector: 'scalar',
    eval: (x: number) => x, definition: '\\ln\\sum_{k} e^{u_k}', d: '\\operatorname{softmax}(\\mathbf{u})_j',
  },
  // A vector or matrix written entry by entry (core/grids.ts): the numbers of rows and columns
  // as written, then the entries. Only the checker works it out; as a number it is undefined.
  matrix: { commands: [], words: [], latex: '\\begin{pmatrix}', text: 'matrix', eval: () => NaN },
  // `f(\mathbf{z})_i`: entry i of a vector; of a number, the number itself.
  component: { commands: [], words: [], latex: '_', text: 'component', arity: 2, eval: (x: number) => x, d: '1' },
  // Where u = v on a whole interval (max(|x|, x) for x > 0) the derivative is u' = v' = ½u' + ½v';
  // at an isolated crossing it is the mean of the one-sided ones, and the kink is reported.
  max: { commands: ['\\max'], words: ['max'], latex: '\\max', text: 'max', eval: Math.max, arity: 2,
    d: '\\begin{cases}1 & u>v \\\\ 0 & u<v \\\\ \\frac{1}{2} & u=v\\end{cases}', kinks: ['u = v'] },
  min: { commands: ['\\min'], words: ['min'], latex: '\\min', text: 'min', eval: Math.min, arity: 2,
    d: '\\begin{cases}1 & u<v \\\\ 0 & u>v \\\\ \\frac{1}{2} & u=v\\end{cases}', kinks: ['u = v'] },
  sigmoid: {
    commands: [], words: ['sigmoid', 'logistic'], latex: '\\sigma', text: 'sigmoid', eval: sigmoid,
    d: '\\sigma(u)\\left(1-\\sigma(u)\\right)', definition: '\\frac{1}{1+e^{-u}}', range: '(0, 1)',
  },
  // The inverse of σ, written \sigma^{-1} too (see INVERSES); defined on (0, 1) only.
  logit: {
    commands: [], words: ['logit'], latex: '\\operatorname{logit}', text: 'logit', eval: logit,
    d: '\\frac{1}{u(1-u)}', definition: '\\ln\\left(\\frac{u}{1-u}\\right)', range: '(-\\infty, \\infty)',
  },
  step: {
    commands: [], words: ['step', 'heaviside'], latex: '\\operatorname{step}', text: 'step',
    eval: (x: number) => (Number.isNaN(x) ? NaN : x < 0 ? 0 : 1), d: '\\begin{cases}0 & u\\neq 0\\end{cases}',
    definition: '\\begin{cases}0 & u<0 \\\\ 1 & u\\ge 0\\end{cases}', kinks: ['u = 0'], range: '\\{0, 1\\}',
  },
  relu: {
    commands: [], words: ['relu'], latex: '\\operatorname{ReLU}', text: 'relu',
    eval: (x: number) => (x > 0 ? x : x <= 0 ? 0 : NaN), d: '\\begin{cases}1 & u>0 \\\\ 0 & u<0\\end{cases}', definition: '\\max(0, u)', kinks: ['u = 0'], range: '[0, \\infty)',
  },
  leakyrelu: {
    commands: [], words: ['leakyrelu', 'lrelu', 'leaky_relu'], latex: '\\operatorname{LeakyReLU}', text: 'leakyrelu',
    params: [{ name: 'slope', default: '0.01', numeric: true }],
    eval: (x: number, a: number) => (x > 0 ? x : a * x),
    d: '\\begin{cases}1 & u>0 \\\\ \\mathrm{slope} & u<0\\end{cases}',
    definition: '\\begin{cases}u & u\\ge 0 \\\\ \\mathrm{slope}\\cdot u & u<0\\end{cases}', kinks: ['u = 0'], range: '(-\\infty, \\infty)',
  },
  prelu: {
    commands: [], words: ['prelu'], latex: '\\operatorname{PReLU}', text: 'prelu',
    params: [{ name: 'alpha', default: '\\alpha' }],
    eval: (x: number, a: number) => (x > 0 ? x : a * x),
    d: '\\begin{cases}1 & u>0 \\\\ \\alpha & u<0\\end{cases}',
    definition: '\\begin{cases}u & u\\ge 0 \\\\ \\alpha u & u<0\\end{cases}', kinks: ['u = 0'], range: '(-\\infty, \\infty)',
  },
  elu: {
    commands: [], words: ['elu'], latex: '\\operatorname{ELU}', text: 'elu',
    params: [{ name: 'alpha', default: '\\alpha' }],
    eval: (x: number, a: number) => (x > 0 ? x : a * Math.expm1(x)),
    d: '\\begin{cases}1 & u>0 \\\\ \\operatorname{ELU}(u)+\\alpha & u<0\\end{cases}',
    definition: '\\begin{cases}u & u\\ge 0 \\\\ \\alpha\\left(e^{u}-1\\right) & u<0\\end{cases}',
    // Differentiable at 0 only when α = 1; the general case is listed.
    kinks: ['u = 0'], range: '(-\\alpha, \\infty)',
  },
  selu: {
    commands: [], words: ['selu'], latex: '\\operatorname{SELU}', text: 'selu',
    eval: (x: number) => SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
    // λ = 1.0507009873554805, α = 1.6732632423543772, λα = 1.7580993408473766 (double precision).
    d: '\\begin{cases}1.0507009873554805 & u>0 \\\\ \\operatorname{SELU}(u)+1.7580993408473766 & u<0\\end{cases}',
    definition: '\\begin{cases}1.0507009873554805u & u\\ge 0 \\\\ 1.7580993408473766\\left(e^{u}-1\\right) & u<0\\end{cases}',
    kinks: ['u = 0'], range: '(-1.7581, \\infty)',
  },
  softplus: {
    commands: [], words: ['softplus'], latex: '\\operatorname{softplus}', text: 'softplus', eval: softplus,
    d: '\\sigma(u)', definition: '\\ln(1+e^{u})', range: '(0, \\infty)',
  },
  softsign: {
    commands: [], words: ['softsign'], latex: '\\operatorname{softsign}', text: 'softsign',
    eval: (x: number) => x / (1 + Math.abs(x)), d: '\\frac{1}{(1+|u|)^{2}}', definition: '\\frac{u}{1+|u|}', range: '(-1, 1)',
  },
  swish: {
    commands: [], words: ['swish', 'silu'], latex: '\\operatorname{swish}', text: 'swish',
    eval: (x: number) => x * sigmoid(x),
    d: '\\operatorname{swish}(u)+\\sigma(u)\\left(1-\\operatorname{swish}(u)\\right)', definition: 'u\\sigma(u)', range: '[-0.2785, \\infty)',
  },
  gelu: {
    commands: [], words: ['gelu'], latex: '\\operatorname{GELU}', text: 'gelu',
    eval: (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
    d: '\\frac{1}{2}\\left(1+\\operatorname{erf}\\left(\\frac{u}{\\sqrt{2}}\\right)\\right)+\\frac{u}{\\sqrt{2\\pi}}e^{-\\frac{u^{2}}{2}}',
    definition: '\\frac{u}{2}\\left(1+\\operatorname{erf}\\left(\\frac{u}{\\sqrt{2}}\\right)\\right)', range: '[-0.17, \\infty)',
  },
  gelutanh: {
    commands: [], words: ['gelutanh', 'gelu_tanh'], latex: '\\operatorname{GELU_{tanh}}', text: 'gelutanh',
    eval: (x: number) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x ** 3))),
    d: '\\frac{1}{2}\\left(1+\\tanh\\left(\\sqrt{\\frac{2}{\\pi}}\\left(u+0.044715u^{3}\\right)\\right)\\right)+\\frac{u}{2}\\left(1-\\tanh^{2}\\left(\\sqrt{\\frac{2}{\\pi}}\\left(u+0.044715u^{3}\\right)\\right)\\right)\\sqrt{\\frac{2}{\\pi}}\\left(1+0.134145u^{2}\\right)',
    definition: '\\frac{u}{2}\\left(1+\\tanh\\left(\\sqrt{\\frac{2}{\\pi}}\\left(u+0.044715u^{3}\\right)\\right)\\right)', range: '[-0.17, \\infty)',
  },
  mish: {
    commands: [], words: ['mish'], latex: '\\operatorname{mish}', text: 'mish',
    eval: (x: number) => x * Math.tanh(softplus(x)),
    d: '\\tanh\\left(\\operatorname{softplus}(u)\\right)+u\\sigma(u)\\left(1-\\tanh^{2}\\left(\\operatorname{softplus}(u)\\right)\\right)',
    definition: 'u\\tanh\\left(\\operatorname{softplus}(u)\\right)', range: '[-0.3088, \\infty)',
  },
  hardsigmoid: {
    commands: [], words: ['hardsigmoid', 'hard_sigmoid'], latex: '\\operatorname{hardsigmoid}', text: 'hardsigmoid',
    eval: (x: number) => Math.max(0, Math.min(1, x / 6 + 0.5)),
    d: '\\begin{cases}0 & u<-3 \\\\ \\frac{1}{6} & -3<u<3 \\\\ 0 & u>3\\end{cases}',
    definition: '\\max\\left(0, \\min\\left(1, \\frac{u}{6}+\\frac{1}{2}\\right)\\right)', kinks: ['u = -3', 'u = 3'], range: '[0, 1]',
  },
  relu6: {
    commands: [], words: ['relu6'], latex: '\\operatorname{ReLU6}', text: 'relu6',
    eval: (x: number) => Math.min(Math.max(0, x), 6),
    d: '\\begin{cases}0 & u<0 \\\\ 1 & 0<u<6 \\\\ 0 & u>6\\end{cases}',
    definition: '\\min\\left(\\max(0, u), 6\\right)', kinks: ['u = 0', 'u = 6'], range: '[0, 6]',
  },
  hardswish: {
    commands: [], words: ['hardswish', 'hard_swish', 'hswish'], latex: '\\operatorname{hardswish}', text: 'hardswish',
    eval: (x: number) => (x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6),
    d: '\\begin{cases}0 & u<-3 \\\\ \\frac{2u+3}{6} & -3<u<3 \\\\ 1 & u>3\\end{cases}',
    definition: '\\frac{u\\operatorname{ReLU6}(u+3)}{6}', kinks: ['u = -3', 'u = 3'], range: '[-0.375, \\infty)',
  },
  celu: {
    commands: [], words: ['celu'], latex: '\\operatorname{CELU}', text: 'celu',
    params: [{ name: 'alpha', default: '\\alpha' }],
    eval: (x: number, a: number) => (x >= 0 ? x : a * Math.expm1(x / a)),
    // C¹ for every α > 0: both sides have slope 1 at 0, so no kink.
    d: '\\begin{cases}1 & u\\ge 0 \\\\ e^{\\frac{u}{\\alpha}} & u<0\\end{cases}',
    definition: '\\begin{cases}u & u\\ge 0 \\\\ \\alpha\\left(e^{\\frac{u}{\\alpha}}-1\\right) & u<0\\end{cases}', range: '(-\\alpha, \\infty)',
  },
  logsigmoid: {
    commands: [], words: ['logsigmoid', 'log_sigmoid'], latex: '\\operatorname{logsigmoid}', text: 'logsigmoid',
    eval: (x: number) => -softplus(-x), d: '1-\\sigma(u)', definition: '\\ln\\sigma(u)', range: '(-\\infty, 0)',
  },
  hardtanh: {
    commands: [], words: ['hardtanh', 'hard_tanh'], latex: '\\operatorname{hardtanh}', text: 'hardtanh',
    eval: (x: number) => Math.max(-1, Math.min(1, x)),
    d: '\\begin{cases}0 & u<-1 \\\\ 1 & -1<u<1 \\\\ 0 & u>1\\end{cases}',
    definition: '\\max\\left(-1, \\min(1, u)\\right)', kinks: ['u = -1', 'u = 1'], range: '[-1, 1]',
  },
} as const satisfies Record<string, FnEntry>;

export type FnName = keyof typeof FUNCTIONS;

/**
 * Inverse functions, for `f^{-1}(x)` written on a function's name (`\sigma^{-1}(x)` is the logit,
 * `\tanh^{-1}(x)` the artanh). A function not listed here has no inverse deriv reads, and the
 * parser refuses its `^{-1}` rather than take it for a reciprocal.
 */
export const INVERSES: Readonly<Partial<Record<FnName, FnName>>> = {
  sigmoid: 'logit', logit: 'sigmoid',
  tanh: 'artanh', artanh: 'tanh',
};

export const isFnName = (s: string): s is FnName => Object.hasOwn(FUNCTIONS, s);

export function fnEntry(name: FnName): FnEntry {
  return FUNCTIONS[name];
}

/** Number of arguments the function takes in a tree (defaults filled in by the parser). */
export function fnArity(name: FnName): number {
  const e: FnEntry = FUNCTIONS[name];
  return e.arity ?? 1 + (e.params?.length ?? 0);
}

const byCommand = new Map<string, FnName>();
const byWord = new Map<string, FnName>();
for (const [key, entry] of Object.entries(FUNCTIONS) as [FnName, FnEntry][]) {
  for (const c of entry.commands) byCommand.set(c, key);
  for (const w of entry.words) byWord.set(w.toLowerCase(), key);
}

/** `\tanh` → tanh. */
export const fnByCommand = (cmd: string): FnName | undefined => byCommand.get(cmd);
/** `ReLU`, `relu`, `Leaky_ReLU`, `GELU_{tanh}` → … (case-insensitive; spaces, hyphens, underscores and braces ignored). */
export const fnByWord = (word: string): FnName | undefined =>
  byWord.get(word.toLowerCase()) ?? byWord.get(word.toLowerCase().replace(/[\s_{}-]/g, ''));

/** Words the plain-text lexer reads as function names (longest first so `softplus` beats `soft`). */
export const FUNCTION_WORDS: readonly string[] = [...byWord.keys()].sort((a, b) => b.length - a.length);

/** Greek letters by LaTeX name; Unicode forms map here too. `pi` is the constant π, not a symbol. */
export const GREEK: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  ell: 'ℓ',
};
