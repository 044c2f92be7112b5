/**
 * KaTeX for pages that work offline: math rendered to HTML when the page is made (in Node for
 * reports, in a web worker for the playground), so nothing is typeset or fetched later.
 *
 * Output carries no URL of any kind: the MathML namespace attribute (an identifier, never
 * fetched, and implied for `<math>` in HTML) is left out so the page is trivially checkable.
 * This module runs in browsers too; the stylesheet with inlined fonts is in katex-css.ts.
 */
import katex from 'katex';

export interface MathOptions {
  readonly display: boolean;
  /**
   * Fail on a LaTeX error (tests, and math the project generated) instead of showing the
   * source in red (a person's notes, where one bad formula must not hide the rest).
   */
  readonly strict?: boolean;
}

/** KaTeX's own error type, so tests can tell a rendering error from a bug. */
export const KatexError = katex.ParseError;

const MATHML_NS = / xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/g;

export function renderMath(latex: string, options: MathOptions): string {
  const html = katex.renderToString(latex, {
    displayMode: options.display,
    throwOnError: options.strict ?? false,
    // Notes are untrusted: no \href, \url, \includegraphics or raw HTML from them.
    trust: false,
    strict: options.strict === true ? 'error' : 'ignore',
    output: 'htmlAndMathml',
  });
  return html.replace(MATHML_NS, '');
}
