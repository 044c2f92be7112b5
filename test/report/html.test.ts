/**
 * The HTML report: the notes as written with every formula rendered, a mark beside each step,
 * a summary that links to each problem — in one self-contained, deterministic file that refers
 * to nothing outside itself.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import type { Io } from '../../src/cli/io.js';
import { pageName, writeHtmlReport } from '../../src/cli/commands/report.js';
import { derive } from '../../src/derive/index.js';
import { derivationPage, reportPage } from '../../src/report/index.js';
import { externalReferences, ROOT, run } from './support.js';

const FIXTURE = 'test/fixtures/report/wrong-step.md';
const source = readFileSync(path.join(ROOT, FIXTURE), 'utf8');
const page = (text = source, file = FIXTURE, seed = 1): string => reportPage([checkSource(text, file, { seed })], new Map([[file, text]]), { seed });

/** The `<section>` of the notes that holds `line`, as the page marks it. */
function sectionOf(html: string, line: number): string | undefined {
  for (const m of html.matchAll(/<section class="([^"]*)" data-lines="(\d+)-(\d+)">([\s\S]*?)<\/section>/g)) {
    if (Number(m[2]) <= line && line <= Number(m[3])) return m[0];
  }
  return undefined;
}

describe('a report of notes with a wrong step', () => {
  const html = page();

  it('renders the math with KaTeX, fonts inlined', () => {
    expect(html.match(/class="katex"/g)?.length).toBeGreaterThan(8);
    expect(html.match(/url\(data:font\/woff2;base64,/g)?.length).toBe(20);
  });

  it('refers to nothing outside itself: no URL, no script, no stylesheet or image to fetch', () => {
    expect(externalReferences(html)).toEqual([]);
  });

  it('marks the wrong step on its line, with the hint, the witness and a plot', () => {
    const invalid = [...html.matchAll(/<div class="mark invalid"[^>]*data-line="(\d+)"/g)].map((m) => Number(m[1]));
    expect(invalid).toEqual([12]);
    const block = sectionOf(html, 12)!;
    expect(block).toContain('class="block marked has-invalid"');
    expect(block).toContain('data-verdict="invalid"');
    expect(block).toContain('<span class="hint">sign</span>');
    expect(block).toMatch(/<p class="witness">at <span class="katex">[\s\S]*: left = 0\.01387, right = -0\.01387<\/p>/);
    expect(block).toMatch(/<figure class="plot"><svg class="chart"/);
  });

  it('marks the other steps valid, each beside its own block', () => {
    for (const line of [6, 8, 14]) {
      const block = sectionOf(html, line)!;
      expect(block).toContain(`data-verdict="valid" data-line="${line}"`);
      expect(block).not.toContain('has-invalid');
    }
  });

  it('puts a summary at the top that links to the problem', () => {
    const header = /<header class="summary">[\s\S]*?<\/header>/.exec(html)![0];
    expect(header).toContain('4 steps: <span class="count valid">3 valid</span>, <span class="count invalid">1 invalid</span>');
    expect(header).toContain('(seed 1)');
    expect(header).toContain(`<a href="#f1-s3">${FIXTURE}:12</a>: step does not follow: the two sides differ in sign`);
    expect(html).toContain('id="f1-s3"');
  });

  it('is the same, byte for byte, for the same notes and seed', () => {
    expect(page()).toBe(html);
  });
});

describe('a derivation page (deriv derive --html)', () => {
  it('renders the align* block, refers to nothing outside and is deterministic', () => {
    const page = (): string => {
      const r = derive({ subject: 'tanh', from: 'exp' });
      if (!r.ok) throw new Error(r.error.code);
      return derivationPage(r.derivation, r.report, { seed: 1 });
    };
    const html = page();
    expect(html).toContain('class="katex-display"');
    expect(externalReferences(html)).toEqual([]);
    expect(page()).toBe(html);
  });
});

describe('notes are untrusted', () => {
  const notes = [
    '# Notes <script>alert(1)</script>',
    '',
    'See [the docs](https://example.com/x) and ![a plot](http://example.com/p.png) or <https://example.org>.',
    '',
    '<img src="http://example.com/a.png">',
    '',
    '$$x^2 = x \\cdot x$$',
    '',
    '$$\\href{https://example.com}{x} = x$$',
  ].join('\n');
  const html = page(notes, 'untrusted.md');

  it('shows raw HTML as text and keeps link text without the link', () => {
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('<code>&lt;script&gt;</code>alert(1)<code>&lt;/script&gt;</code>');
    expect(html).toContain('<span class="link">the docs</span>');
    expect(html).toContain('<span class="image">[a plot]</span>');
    expect(externalReferences(html.replace(/https?:\/\/example\.(com|org)[^\s"<]*/g, ''))).toEqual([]);
    expect(html).not.toMatch(/href="http/);
  });
});

describe('errors in the notes', () => {
  it('are marked on their line', () => {
    const html = page('# Notes\n\n$$x^2 = \\frac{x}{$$\n', 'broken.md');
    expect(html).toMatch(/<div class="mark error"[^>]*data-line="3"/);
    expect(sectionOf(html, 3)).toContain('katex-error');
  });
});

const fakeIo = (cwd: string): Io & { err: () => string } => {
  let stderr = '';
  return { stdout: { write: () => undefined }, stderr: { write: (s: string) => { stderr += s; } }, readStdin: async () => '', color: false, cwd, err: () => stderr };
};

describe('writeHtmlReport (deriv check --html)', () => {
  it('writes one page with every report, relative to the working folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deriv-html-'));
    const reports = [checkSource(source, FIXTURE, { seed: 1 })];
    const io = fakeIo(dir);
    mkdirSync(path.join(dir, 'out'));
    expect(await writeHtmlReport(reports, new Map([[FIXTURE, source]]), 'out/report.html', io)).toBe(true);
    expect(readFileSync(path.join(dir, 'out/report.html'), 'utf8')).toBe(page());
  });

  it('refuses a folder that does not exist instead of creating it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deriv-html-'));
    const io = fakeIo(dir);
    expect(await writeHtmlReport([], new Map(), 'no-such/report.html', io)).toBe(false);
    expect(io.err()).toBe('deriv check: cannot write no-such/report.html: the folder no-such does not exist\n');
    expect(existsSync(path.join(dir, 'no-such'))).toBe(false);
  });

  it('says so when the file cannot be written', async () => {
    const io = fakeIo(ROOT);
    expect(await writeHtmlReport([], new Map(), 'package.json/report.html', io)).toBe(false);
    expect(io.err()).toBe('deriv check: cannot write package.json/report.html: the folder package.json does not exist\n');
  });
});

describe('deriv report', () => {
  it('writes a page per file and an index, and exits 1 for a wrong step', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deriv-site-'));
    const r = await run(['report', 'test/fixtures/report', '--html', dir]);
    expect(r.code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['index.html', 'test-fixtures-report-wrong-step.html']);
    const index = readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(index).toContain('<a href="test-fixtures-report-wrong-step.html">test/fixtures/report/wrong-step.md</a>');
    expect(externalReferences(index.replace(/href="test-fixtures-report-wrong-step\.html"/, ''))).toEqual([]);
    expect(readFileSync(path.join(dir, 'test-fixtures-report-wrong-step.html'), 'utf8')).toBe(page());
  });

  it('exits 0 for the proofs, one page each', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deriv-site-'));
    const r = await run(['report', 'proofs', '--html', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const proofs = readdirSync(path.join(ROOT, 'proofs')).filter((f) => f.endsWith('.md'));
    expect(readdirSync(dir).length).toBe(proofs.length + 1);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`${path.join(dir, 'index.html')}: ${proofs.length} files`);
  });

  it('is a usage error without --html or with nothing to read', async () => {
    expect((await run(['report', 'proofs'])).code).toBe(2);
    const missing = await run(['report', 'no-such-folder', '--html', mkdtempSync(path.join(tmpdir(), 'deriv-site-'))]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('deriv report: cannot read no-such-folder: ENOENT');
  });

  it.each([
    ['proofs/tanh-derivative.md', 'proofs-tanh-derivative.html'],
    ['./notes.md', 'notes.html'],
    ['index.md', 'index-1.html'],
    ['/abs/path/notes week 1.md', 'notes-week-1.html'],
  ])('names the page of %s %s', (shown, name) => {
    expect(pageName(shown, new Set())).toBe(name);
  });

  it('never gives two files the same page', () => {
    const taken = new Set<string>();
    expect([pageName('a/b.md', taken), pageName('a-b.md', taken)]).toEqual(['a-b.html', 'a-b-1.html']);
  });

  it('writes nothing it was not asked to', () => {
    expect(existsSync(path.join(ROOT, 'index.html'))).toBe(false);
  });
});
