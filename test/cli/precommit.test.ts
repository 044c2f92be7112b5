/**
 * The pre-commit hook definition: it runs the package's own command on exactly the files
 * `deriv check` reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isSourceFile } from '../../src/sources/index.js';
import { ROOT } from '../helpers/bin.js';

interface Hook { id: string; entry: string; language: string; files: string }

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

  it('runs deriv check, the package binary, as a node hook', () => {
    expect(hooks.map((h) => h.id)).toEqual(['deriv-check']);
    const [hook] = hooks;
    expect(hook!.language).toBe('node');
    expect(hook!.entry).toBe('deriv check');
    expect(Object.keys(pkg.bin)).toContain('deriv');
  });

  it.each(['notes.md', 'a/b.markdown', 'nb.ipynb', 'paper.qmd', 'report.Rmd', 'report.rmd', 'x.txt', 'x.md.bak', 'x.json', 'README'])('selects %s exactly when deriv check reads it', (file) => {
    expect(new RegExp(hooks[0]!.files).test(file)).toBe(isSourceFile(file));
  });
});
