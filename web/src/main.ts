/**
 * The playground page: notes on the left, checked on the right as the HTML report shows them,
 * a mark beside every judged line of the notes, re-checked as the student types (debounced,
 * in a worker). The notes live in the address (see share.ts).
 */
import 'katex/dist/katex.css';
import './style.css';
import { REPORT_STYLE } from '../../src/report/style.js';
import type { LineMark, Request, Response, Summary } from './protocol.js';
import { notesHash, pack, packedFromHash, unpack } from './share.js';
import { EXAMPLE } from './example.js';

/** Milliseconds after the last key before checking: long enough not to check half-typed words. */
const DEBOUNCE_MS = 300;
const SEED = 1;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const notes = $<HTMLTextAreaElement>('notes');
const gutter = $<HTMLDivElement>('gutter');
const preview = $<HTMLDivElement>('preview');
const status = $<HTMLParagraphElement>('status');
const panel = $<HTMLDivElement>('panel');
const panelBody = $<HTMLDivElement>('panel-body');
const copyLatex = $<HTMLButtonElement>('copy-latex');

const reportStyle = document.createElement('style');
reportStyle.textContent = REPORT_STYLE;
document.head.append(reportStyle);

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let nextId = 0;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
const send = (req: WithoutId<Request>): number => {
  const id = ++nextId;
  worker.postMessage({ ...req, id } as Request);
  return id;
};

// One check at a time: while the worker is busy the newest notes wait, older ones are dropped.
let checking: number | null = null;
let waiting: string | null = null;
let marks: readonly LineMark[] = [];

function check(source: string): void {
  if (checking !== null) {
    waiting = source;
    return;
  }
  status.textContent = 'checking…';
  preview.classList.add('stale');
  checking = send({ kind: 'check', source, seed: SEED });
}

const VERDICT_SIGN = { valid: '✓', invalid: '✗', unknown: '?', error: '!' } as const;

/** Line numbers beside the notes, each judged line with its verdict's sign and, on hover, what was found. */
function drawGutter(): void {
  const count = notes.value.split('\n').length;
  const byLine = new Map(marks.map((m) => [m.line, m]));
  const rows: string[] = [];
  for (let line = 1; line <= count; line++) {
    const m = byLine.get(line);
    const attrs = m === undefined ? '' : ` data-verdict="${m.verdict}" title="${escapeAttr(m.note)}"`;
    rows.push(`<div data-line="${line}"${attrs}><span class="v">${m === undefined ? '' : VERDICT_SIGN[m.verdict]}</span>${line}</div>`);
  }
  gutter.innerHTML = rows.join('');
  gutter.scrollTop = notes.scrollTop;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const summaryText = (s: Summary, ms: number): string =>
  `${s.steps} step${s.steps === 1 ? '' : 's'}: ${s.valid} valid, ${s.invalid} invalid, ${s.unknown} unknown${s.errors > 0 ? `, ${s.errors} error${s.errors === 1 ? '' : 's'}` : ''} · ${Math.round(ms)} ms`;

let latestLatex: string | null = null;

function showPanel(html: string): void {
  panelBody.innerHTML = html;
  panel.hidden = false;
}

worker.onmessage = (e: MessageEvent<Response>) => {
  const m = e.data;
  switch (m.kind) {
    case 'check': {
      checking = null;
      if (waiting !== null) {
        const next = waiting;
        waiting = null;
        check(next);
        return;
      }
      preview.innerHTML = m.html;
      preview.classList.remove('stale');
      marks = m.marks;
      drawGutter();
      status.textContent = summaryText(m.summary, m.ms);
      status.classList.toggle('bad', m.summary.invalid + m.summary.errors > 0);
      document.body.dataset.checked = String(m.id);
      return;
    }
    case 'derive':
      if (m.ok) {
        latestLatex = m.latex;
        copyLatex.disabled = false;
        showPanel(`<div class="derivation">${m.html}</div>`);
      } else showPanel(`<p class="message">${escapeAttr(m.message)}</p>`);
      return;
    case 'catalogue':
      showPanel(m.html);
      return;
    case 'failed':
      if (m.id === checking) checking = null;
      status.textContent = `internal error: ${m.message}`;
      status.classList.add('bad');
      return;
  }
};

let timer: ReturnType<typeof setTimeout> | undefined;
notes.addEventListener('input', () => {
  drawGutter();
  clearTimeout(timer);
  timer = setTimeout(() => {
    check(notes.value);
    void remember(notes.value);
  }, DEBOUNCE_MS);
});
notes.addEventListener('scroll', () => {
  gutter.scrollTop = notes.scrollTop;
});

/** Keeps the notes in the address without adding a history entry per keystroke. */
async function remember(text: string): Promise<void> {
  history.replaceState(null, '', notesHash(await pack(text)));
}

/** The selected text as an expression: surrounding `$` and `\[ \]` delimiters dropped. */
function selection(): string {
  const text = notes.value.slice(notes.selectionStart, notes.selectionEnd).trim();
  return text.replace(/^\$+|\$+$/g, '').replace(/^\\\[|\\\]$/g, '').trim();
}

$('differentiate').addEventListener('click', () => {
  const subject = selection();
  if (subject === '') {
    showPanel('<p class="message">Select an expression in your notes (or a catalogue name such as <code>sigmoid</code>) to differentiate it.</p>');
    return;
  }
  const wrt = $<HTMLInputElement>('wrt').value.trim();
  send({ kind: 'derive', subject, wrt: wrt === '' ? null : wrt, seed: SEED });
});
$('catalogue').addEventListener('click', () => send({ kind: 'catalogue' }));
$('panel-close').addEventListener('click', () => {
  panel.hidden = true;
});

async function copy(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = `${what} copied`;
  } catch {
    // No clipboard (an insecure context): show the text to copy by hand.
    showPanel(`<p>Copy the ${what}:</p><pre>${escapeAttr(text)}</pre>`);
  }
}

copyLatex.addEventListener('click', () => {
  if (latestLatex !== null) void copy(latestLatex, 'LaTeX');
});
$('copy-link').addEventListener('click', () => {
  void (async () => {
    await remember(notes.value);
    await copy(location.href, 'link');
  })();
});

async function start(): Promise<void> {
  const packed = packedFromHash(location.hash);
  const shared = packed === null ? null : await unpack(packed);
  if (packed !== null && shared === null) status.textContent = 'this link is damaged: showing the example instead';
  notes.value = shared ?? EXAMPLE;
  drawGutter();
  check(notes.value);
}

void start();
