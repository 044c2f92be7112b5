/**
 * KaTeX for pages that work offline: math rendered to HTML at build time, and KaTeX's
 * stylesheet with every font inlined as a base64 `data:` URL, so a report opened from a USB
 * stick on a train renders exactly as it does at home. Only the woff2 fonts are inlined: every
 * browser that runs KaTeX's CSS reads woff2, and the other formats would triple the page.
 *
 * Output carries no URL of any kind (the stylesheet's comments are dropped): the MathML namespace attribute (an identifier, never
 * fetched, and implied for `<math>` in HTML) is left out so the page is trivially checkable.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import katex from 'katex';

const require = createRequire(import.meta.url);

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

let css: string | undefined;

/** KaTeX's stylesheet with its woff2 fonts inlined and the other font formats dropped. */
export function katexCss(): string {
  if (css !== undefined) return css;
  const file = require.resolve('katex/dist/katex.css');
  const dir = path.dirname(file);
  // Comments go: they hold nothing a browser needs, and one cites a web page.
  const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  css = source.replace(/src:\s*([^;]+);/g, (_, list: string) => {
    const woff2 = /url\(([^)]+\.woff2)\)\s*format\("woff2"\)/.exec(list);
    if (woff2 === null) throw new Error(`katex.css: a font without woff2: ${list}`);
    const data = readFileSync(path.join(dir, woff2[1]!)).toString('base64');
    return `src: url(data:font/woff2;base64,${data}) format("woff2");`;
  });
  return css;
}
