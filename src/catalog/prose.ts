/**
 * Functions that notes name in words instead of formulas: "where $\Phi$ is the standard normal
 * CDF", "$g$ is the logistic function", "the Gaussian density $\phi$". The note reader gives the
 * named symbol the definition below (in the variable u), so a step that uses it is judged with
 * the function the words name, not with an arbitrary one.
 *
 * Each phrase is matched as whole words, case-insensitive, after an optional article; the
 * table is tried in order, so the more specific phrases come first.
 */
export interface ProseFunction {
  readonly id: string;
  /** What the notes write (a regular expression source, without anchors). */
  readonly phrase: string;
  /** The function's value at u, in LaTeX. */
  readonly definition: string;
}

const NORMAL = String.raw`(?:standard\s+)?(?:normal|gaussian|unit\s+gaussian)`;
const OF_NORMAL = String.raw`of\s+(?:a|the)\s+standard\s+(?:normal|gaussian)(?:\s+distribution)?`;

export const PROSE_FUNCTIONS: readonly ProseFunction[] = [
  {
    id: 'normal-cdf',
    phrase: String.raw`${NORMAL}\s+(?:cdf|c\.d\.f\.|cumulative(?:\s+distribution)?(?:\s+function)?)|(?:cdf|cumulative\s+distribution\s+function)\s+${OF_NORMAL}`,
    definition: String.raw`\frac{1}{2}\left(1+\operatorname{erf}\left(\frac{u}{\sqrt{2}}\right)\right)`,
  },
  {
    id: 'normal-pdf',
    phrase: String.raw`${NORMAL}\s+(?:pdf|p\.d\.f\.|density|probability\s+density(?:\s+function)?)|(?:pdf|density|probability\s+density\s+function)\s+${OF_NORMAL}`,
    definition: String.raw`\frac{1}{\sqrt{2\pi}}e^{-\frac{u^{2}}{2}}`,
  },
  { id: 'sigmoid', phrase: String.raw`(?:logistic\s+)?sigmoid(?:\s+function)?|logistic\s+function`, definition: String.raw`\sigma(u)` },
  { id: 'tanh', phrase: String.raw`(?:tanh|hyperbolic\s+tangent)(?:\s+function)?`, definition: String.raw`\tanh(u)` },
  { id: 'relu', phrase: String.raw`relu(?:\s+function)?|rectified\s+linear\s+(?:unit|function)|rectifier`, definition: String.raw`\operatorname{ReLU}(u)` },
  { id: 'softplus', phrase: String.raw`softplus(?:\s+function)?`, definition: String.raw`\operatorname{softplus}(u)` },
  { id: 'erf', phrase: String.raw`error\s+function`, definition: String.raw`\operatorname{erf}(u)` },
  { id: 'identity', phrase: String.raw`identity(?:\s+function)?`, definition: 'u' },
];

const ARTICLE = String.raw`(?:the\s+|a\s+|an\s+)?`;
const ANY = PROSE_FUNCTIONS.map((f) => `(${f.phrase})`).join('|');
/**
 * "… is the standard normal CDF", "denotes the tanh", right after the name; not "is the sigmoid
 * of $z$", which gives a value.
 */
const AFTER = new RegExp(String.raw`^\s*(?:,\s*)?(?:is|denotes|stands\s+for|represents|will\s+denote|being)\s+${ARTICLE}(?:${ANY})(?![\w'’-])(?!\s+(?:of|at|applied)\b)`, 'i');
/** "with $\phi$ the standard normal PDF", "where $g$ the sigmoid": the name, then what it is, without a verb. */
const APPOSITIVE = new RegExp(String.raw`^\s*(?:,\s*)?(?:the|a|an)\s+(?:${ANY})(?![\w'’-])(?!\s+(?:of|at|applied)\b)`, 'i');
const APPOSITIVE_LEAD = /\b(?:with|where|for|and)\s*$/i;

/** "the standard normal CDF $\Phi$", "the logistic function $g$", right before the name (not "the output of the sigmoid $a$"). */
const BEFORE = new RegExp(String.raw`(?<!\bof\s)\bthe\s+(?:${ANY})\s*(?:,\s*)?(?:denoted(?:\s+by)?\s*)?$`, 'i');

/** The function a name is said to be, by the prose right after it or right before it, or null. */
export function proseFunction(after: string, before: string): ProseFunction | null {
  const m = AFTER.exec(after) ?? (APPOSITIVE_LEAD.test(before) ? APPOSITIVE.exec(after) : null) ?? BEFORE.exec(before);
  if (m === null) return null;
  const i = m.slice(1).findIndex((g) => g !== undefined);
  return i < 0 ? null : PROSE_FUNCTIONS[i]!;
}
