/**
 * Source adapters: notebooks, Quarto and R Markdown become the Markdown the checker reads, and
 * every line maps back to where it was written. Expected texts and positions are worked out by
 * hand from the inputs.
 */
import { describe, expect, it } from 'vitest';
import { isSourceFile, kindOf, locationText, maxFileBytes, NOTEBOOK_MAX_BYTES, readSource, type Source } from '../../src/sources/index.js';
import { MAX_JSON_DEPTH } from '../../src/sources/notebook.js';

const notebook = (cells: unknown[]): string => JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
const md = (source: string | string[]): unknown => ({ cell_type: 'markdown', metadata: {}, source });
const code = (source: string): unknown => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source });

async function read(name: string, text: string): Promise<Source> {
  const r = await readSource(name, text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('which files are notes', () => {
  it.each([
    ['notes.md', true, 'markdown'], ['NOTES.MARKDOWN', true, 'markdown'], ['nb.ipynb', true, 'notebook'],
    ['paper.qmd', true, 'quarto'], ['report.Rmd', true, 'quarto'], ['report.rmd', true, 'quarto'],
    ['data.csv', false, 'markdown'], ['notes.md.bak', false, 'markdown'],
  ] as const)('%s', (name, isNotes, kind) => {
    expect(isSourceFile(name)).toBe(isNotes);
    expect(kindOf(name)).toBe(kind);
  });

  it('reads notebooks up to their own size limit, other files up to the text limit', async () => {
    expect(maxFileBytes('a.ipynb', 1000)).toBe(NOTEBOOK_MAX_BYTES);
    expect(maxFileBytes('a.md', 1000)).toBe(1000);
  });
});

describe('notebooks', () => {
  it('joins the Markdown cells with a blank line and maps lines to cells', async () => {
    const s = await read('nb.ipynb', notebook([md(['# Title\n', '\n', '$$x = x$$']), code('print("$$1 = 2$$")'), md('$$= y$$\nend\n')]));
    expect(s.markdown).toBe('# Title\n\n$$x = x$$\n\n$$= y$$\nend\n');
    expect(s.display).toBe(s.markdown);
    // Lines 1-3 are cell 1; line 4 separates; lines 5-7 are cell 3 (the code cell counts).
    expect([1, 3, 5, 6, 7].map((l) => locationText(s.locate(l)))).toEqual([
      'cell 1:line 1', 'cell 1:line 3', 'cell 3:line 1', 'cell 3:line 2', 'cell 3:line 3',
    ]);
  });

  it('knows the line of the .ipynb file that stores each line (one JSON string per line)', async () => {
    const text = '{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "source": [\n    "a\\n",\n    "b"\n   ]\n  }\n ],\n "nbformat": 4\n}\n';
    const s = await read('nb.ipynb', text);
    expect(s.markdown).toBe('a\nb');
    expect(s.locate(1)).toEqual({ cell: 1, line: 1, fileLine: 6 });
    expect(s.locate(2)).toEqual({ cell: 1, line: 2, fileLine: 7 });
  });

  it('is an empty text without Markdown cells', async () => {
    expect((await read('nb.ipynb', notebook([code('x = 1')]))).markdown).toBe('');
  });

  it.each([
    ['{"cells": [1,]}', 1, 14, 'not a Jupyter notebook: the JSON does not parse: a value is expected'],
    ['{\n  "cells": [\n    {"cell_type": "markdown", "source": "x"\n  ]\n}', 4, 3, 'not a Jupyter notebook: the JSON does not parse: `,` is expected'],
    ['', 1, 1, 'not a Jupyter notebook: the JSON does not parse: a value is expected'],
    ['[1, 2]', 1, 1, 'not a Jupyter notebook: the file is JSON but not an object with a list of cells'],
    ['{"nbformat": 4}', 1, 1, 'not a Jupyter notebook: no list of `cells` (nbformat 4)'],
    ['{"worksheets": []}', 1, 1, 'not a Jupyter notebook: this is nbformat 3; convert it with `jupyter nbconvert --to notebook --nbformat 4`'],
    ['{"cells": [\n {"source": "x"}]}', 2, 2, 'not a Jupyter notebook: cell 1 has no cell_type'],
    ['{"cells": [{"cell_type": "markdown", "source": [1]}]}', 1, 12, 'not a Jupyter notebook: the source of cell 1 is not text'],
  ])('refuses %j with a positioned error', async (text, line, column, message) => {
    expect(await readSource('bad.ipynb', text)).toEqual({ ok: false, error: { code: 'not-a-notebook', message, line, column } });
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} before parsing it`, async () => {
    const text = `{"cells": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const r = await readSource('deep.ipynb', text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ line: 1, column: 11 + MAX_JSON_DEPTH - 1, message: `not a Jupyter notebook: the JSON is nested more than ${MAX_JSON_DEPTH} deep` });
  });

  it('does not count brackets inside strings as nesting', async () => {
    const s = await read('nb.ipynb', notebook([md('$$' + '['.repeat(500) + ' = 1$$')]));
    expect(s.markdown).toBe('$$' + '['.repeat(500) + ' = 1$$');
  });
});

describe('Quarto and R Markdown', () => {
  it('blanks the metadata keys the checker does not read, line for line, and keeps its own', async () => {
    const text = '---\ntitle: "BCE"\nformat:\n  html:\n    toc: true\ndefine:\n  - a = \\sigma(z)\n"output": pdf\ntolerance: 1e-3\n---\n\n$$a = a$$\n';
    const s = await read('paper.qmd', text);
    expect(s.markdown).toBe('---\n\n\n\n\ndefine:\n  - a = \\sigma(z)\n\ntolerance: 1e-3\n---\n\n$$a = a$$\n');
    expect(s.display).toBe(text);
    expect(s.locate(12)).toEqual({ cell: null, line: 12, fileLine: 12 });
  });

  it('blanks Quarto equation labels after a closing $$, keeping columns', async () => {
    expect((await read('a.qmd', '$$x = x$$ {#eq-one}\n$$\ny = y\n$$   {#eq-two}\nsee {#eq-one} here\n')).markdown)
      .toBe(`$$x = x$$ ${' '.repeat(9)}\n$$\ny = y\n$$   ${' '.repeat(9)}\nsee {#eq-one} here\n`);
  });

  it('leaves a file without front matter, and plain Markdown, as it is', async () => {
    expect((await read('a.Rmd', 'title: x\n$$a=a$$\n')).markdown).toBe('title: x\n$$a=a$$\n');
    expect((await read('a.md', '---\ntitle: x\n---\n$$x = x$$ {#eq-a}\n')).markdown).toBe('---\ntitle: x\n---\n$$x = x$$ {#eq-a}\n');
  });
});
