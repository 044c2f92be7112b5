/**
 * Claims made in words around the math: "the derivative of $\tanh x$ is $1 - \tanh^2 x$",
 * "its derivative is $3x^2$", "$f$ has derivative $2x$". The sentence before the value is
 * matched with its earlier math written as `{0}`, `{1}`, … (the sentence's spans in order), so
 * the phrase says which span is the function and which the variable.
 */

/** What a phrase says about the math right after it. */
export interface DerivativePhrase {
  /** 1 for "derivative", 2 for "second derivative"… */
  readonly order: number;
  /** The span the derivative is of, or null for "its derivative" / "the derivative" (the function last defined). */
  readonly of: number | null;
  /** The span that names the variable ("with respect to $t$"), or null. */
  readonly wrt: number | null;
  /** The span that names the point the derivative is taken at ("the slope of $\sigma$ at $0$"), or null. */
  readonly at?: number;
}

const ORDERS: Readonly<Record<string, number>> = { first: 1, second: 2, third: 3 };
const ORDER = String.raw`(?:(first|second|third)\s+)?`;
const WRT = String.raw`(?:\s*,?\s*(?:with\s+respect\s+to|w\.?\s?r\.?\s?t\.?|in)\s+\{(\d+)\})?`;
/** The verb before the value: "is", "equals", "is given by", "is just", ":", "we get". */
const IS = String.raw`\s*,?\s*(?:is|equals|is\s+equal\s+to|is\s+given\s+by|becomes|=|:|gives|yields|we\s+get|we\s+obtain|we\s+have)(?:\s+(?:just|simply|then))?\s*$`;

/** "the (second) derivative of [the function] {0} [with respect to {1}] [at {2}] is"; "the gradient of", "the slope of" too. */
const OF = new RegExp(String.raw`\b(?:the\s+)?${ORDER}(?<!\b(?:biggest|largest|greatest|maximum|max|minimum|min|smallest|steepest|average|mean|peak|typical)\s+)(?:derivative|gradient|slope)\s+of\s+(?:(?:the|our|this|a)\s+)?(?:[a-z]+\s+){0,2}\{(\d+)\}${WRT}(?:\s+at\s+\{(\d+)\})?${IS}`, 'i');
/** "its (second) derivative [with respect to {0}] is", "the derivative is", "the gradient w.r.t. {0} is". */
const ITS = new RegExp(String.raw`\b(?:its|the)\s+${ORDER}(?:derivative|gradient)${WRT}${IS}`, 'i');
/** "Differentiating {0} gives", "taking the derivative of {0}, we get", "{0} differentiates to". */
const DIFFERENTIATING = new RegExp(String.raw`(?:\b(?:differentiating|taking\s+the\s+${ORDER}derivative\s+of)\s+(?:(?:the|our|this)\s+)?(?:[a-z]+\s+){0,2}\{(\d+)\}${WRT}\s*,?\s*(?:gives|yields|we\s+get|we\s+obtain|results\s+in|leads\s+to|:)|\{(\d+)\}\s+differentiates\s+to)\s*$`, 'i');
/** "{0} has (the) derivative", "{0}'s derivative is". */
const HAS = new RegExp(String.raw`\{(\d+)\}\s*(?:has\s+(?:the\s+)?${ORDER}derivative\s*$|['’]s\s+${ORDER}derivative${IS})`, 'i');

/**
 * The derivative a sentence says the math right after it is, given the sentence so far with
 * its earlier spans as `{0}`, `{1}`, …; or null when it says no such thing.
 */
export function derivativePhrase(template: string): DerivativePhrase | null {
  const order = (word: string | undefined): number => (word === undefined ? 1 : ORDERS[word.toLowerCase()] ?? 1);
  const span = (n: string | undefined): number | null => (n === undefined ? null : Number(n));
  let m = OF.exec(template);
  if (m !== null) return { order: order(m[1]), of: span(m[2]), wrt: span(m[3]), ...(m[4] === undefined ? {} : { at: Number(m[4]) }) };
  m = DIFFERENTIATING.exec(template);
  if (m !== null) return { order: order(m[1]), of: span(m[2] ?? m[4]), wrt: span(m[3]) };
  m = HAS.exec(template);
  if (m !== null) return { order: order(m[2] ?? m[3]), of: span(m[1]), wrt: null };
  m = ITS.exec(template);
  if (m !== null) return { order: order(m[1]), of: null, wrt: span(m[2]) };
  return null;
}

/** A span right after "at", "for", "near" is a point, not what a verb after it is about ("at {1} it is"). */
const NOT_A_POINT = String.raw`(?<!\b(?:at|for|near|around)\s+)`;
const VALUE = new RegExp(String.raw`${NOT_A_POINT}\{(\d+)\}${IS}`, 'i');

/** "Then {0} is": the span whose value the math right after gives, or null. */
export function valuePhrase(template: string): number | null {
  const m = VALUE.exec(template);
  if (m === null) return null;
  // "the maximum of {0} is": the value of something else than {0}.
  return new RegExp(String.raw`${OF_SOMETHING}\{${m[1]}\}`, 'i').test(template) ? null : Number(m[1]);
}

/** A quantity of a function that is not its value: "the maximum of", "the limit of", "the sign of". */
const OF_SOMETHING = String.raw`\b(?:maximum|minimum|max|min|limit|supremum|infimum|sup|inf|range|sign|domain|integral|average|mean|peak|largest\s+value|smallest\s+value|root|zero|zeros|period|slope)\s+of\s+(?:the\s+function\s+)?`;

/** "{0}, which simplifies to", "{0}; this equals", "{0}, which at {1} is": the math right after is the same value written again (at the point {1} binds). */
const AGAIN = new RegExp(String.raw`${NOT_A_POINT}\{(\d+)\}\s*[,;]?\s*(?:and\s+)?(?:which|this|that|it)\s+(?:(?:at|for)\s+\{\d+\}\s*,?\s+)?(?:is|equals|is\s+equal\s+to|simplifies\s+to|reduces\s+to|can\s+be\s+written\s+as|factors\s+as|is\s+the\s+same\s+as)(?:\s+(?:just|simply|again))?\s*$`, 'i');

/** "{0}, i.e.", "{0}, that is,", "{0}, or equivalently", "{0}; in other words": the same value said again. */
const SAID_AGAIN = new RegExp(String.raw`${NOT_A_POINT}\{(\d+)\}\s*[,;]?\s*\(?\s*(?:i\.\s?e\.?|that\s+is|(?:or\s+)?equivalently|in\s+other\s+words|namely)\s*[,:]?\s*$`, 'i');

/** The span whose last member the math right after restates ("…, which simplifies to", "…, i.e."), or null. */
export function againPhrase(template: string): number | null {
  const m = AGAIN.exec(template) ?? SAID_AGAIN.exec(template);
  return m === null ? null : Number(m[1]);
}

/** "{0}, and at {1} it is", "{0}, which at {1} is": the value of {0} at the point {1} (a number). */
const AT_POINT = new RegExp(String.raw`\{(\d+)\}\s*[,;]?\s*(?:and\s+|so\s+)?(?:(?:at|for)\s+\{(\d+)\}\s*,?\s*(?:which|this|that|it)|(?:which|this|that|it)\s+(?:at|for)\s+\{(\d+)\}\s*,?)\s+(?:is|equals|is\s+equal\s+to|becomes|gives)(?:\s+(?:just|simply))?\s*$`, 'i');

/** The span whose value the math right after gives at a point, and the point's span, or null. */
export function pointPhrase(template: string): { readonly of: number; readonly at: number } | null {
  const m = AT_POINT.exec(template);
  return m === null ? null : { of: Number(m[1]), at: Number(m[2] ?? m[3]) };
}

/** Words right before math that qualify a value just given: "at $x = 0$", "near $0$", "as $x \to \infty$", ", attained at $x = 0$". */
export const QUALIFIER = /(?:^|\s)(?:at|near|around|as|in|on|for\s+large|for\s+small)$/i;
