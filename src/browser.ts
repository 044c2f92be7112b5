/**
 * The library as a browser page needs it (the playground in web/): checking, derivations,
 * the catalogue and the HTML the reports show, with no Node module anywhere below. The
 * package's entry for Node is src/index.ts.
 */
export { checkSource, type CheckOptions, type FileReport, type StepReport, type VerdictKind } from './check/index.js';
export { derive, deriveErrorMessage, alignLatex, kinkComments, type Derivation } from './derive/index.js';
export { renderMath } from './report/katex.js';
export { fileArticle, countsHtml, countOf } from './report/article.js';
export { catalogueHtml } from './report/catalogue.js';
export { REPORT_STYLE } from './report/style.js';
