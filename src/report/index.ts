/**
 * The reporting stage: what the checker and the generator found, rendered for people — HTML
 * pages with KaTeX inlined, and SVG charts — written without any external resource.
 */
export { reportPage, indexPage, derivationPage, type PageOptions, type IndexEntry } from './html.js';
export { renderMath, KatexError, type MathOptions } from './katex.js';
export { katexCss } from './katex-css.js';
export { fileArticle, countsHtml } from './article.js';
export { REPORT_STYLE } from './style.js';
export { renderNotes, escapeHtml, type Mark } from './notes.js';
export { stepPlot, stepSides, type StepSides } from './plot.js';
export { lineChart, ticks, fitRange, PALETTE, type ChartSpec, type Series, type Point } from './svg.js';
export { plotSubject, functionsChart, plotErrorMessage, type PlotSubject, type PlotOptions, type PlotError, type PlotErrorCode } from './functions.js';
