/**
 * The playground's worker: checks notes, writes derivations and renders the catalogue, off the
 * page's thread, so typing never waits for the checker. It answers with finished HTML (KaTeX
 * already rendered), which the page only has to insert.
 */
import { alignLatex, catalogueHtml, checkSource, countOf, derive, deriveErrorMessage, fileArticle, kinkComments, renderMath, type FileReport } from '../../src/browser.js';
import type { LineMark, Request, Response, Verdict } from './protocol.js';

/** The file name the notes are checked and shown under. */
const FILE = 'notes.md';

const SEVERITY: Readonly<Record<Verdict, number>> = { valid: 0, unknown: 1, invalid: 2, error: 3 };

/** One mark per line: the most severe verdict written there. */
function lineMarks(report: FileReport): LineMark[] {
  const all: LineMark[] = [
    ...report.steps.map((s) => ({ line: s.line, verdict: s.verdict, note: s.verdict === 'valid' ? 'step follows' : s.message })),
    ...report.errors.map((e) => ({ line: e.line, verdict: 'error' as const, note: e.message })),
  ];
  const byLine = new Map<number, LineMark>();
  for (const m of all) {
    const old = byLine.get(m.line);
    if (old === undefined || SEVERITY[m.verdict] > SEVERITY[old.verdict]) byLine.set(m.line, m);
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

function handle(req: Request): Response {
  switch (req.kind) {
    case 'check': {
      const started = performance.now();
      const report = checkSource(req.source, FILE, { seed: req.seed });
      const { html } = fileArticle(report, req.source, 'n');
      return { kind: 'check', id: req.id, html, summary: countOf(report), marks: lineMarks(report), ms: performance.now() - started };
    }
    case 'derive': {
      const r = derive({ subject: req.subject, seed: req.seed, ...(req.wrt === null ? {} : { wrt: req.wrt }) });
      if (!r.ok) return { kind: 'derive', id: req.id, ok: false, message: deriveErrorMessage(r.error) };
      const align = alignLatex(r.derivation);
      return { kind: 'derive', id: req.id, ok: true, html: renderMath(align, { display: true }), latex: `${align}${kinkComments(r.derivation)}` };
    }
    case 'catalogue':
      return { kind: 'catalogue', id: req.id, html: catalogueHtml() };
  }
}

/** The worker's global scope, as far as this file uses it (the DOM typings describe a window). */
const scope = self as unknown as { onmessage: ((e: MessageEvent<Request>) => void) | null; postMessage(m: Response): void };

scope.onmessage = (e) => {
  try {
    scope.postMessage(handle(e.data));
  } catch (err) {
    // A bug, not the student's mistake: say so rather than show a stale result.
    scope.postMessage({ kind: 'failed', id: e.data.id, message: err instanceof Error ? err.message : String(err) });
  }
};
