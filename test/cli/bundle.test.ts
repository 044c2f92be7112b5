/**
 * What each command loads from the command-line bundle (dist/cli, built by
 * test/global-setup.ts): the modules a chunk imports statically load with it, dynamic imports
 * load only when reached. `deriv --version` must load no option parser, `deriv check` of a
 * Markdown file no KaTeX, grader, CSV writer or notebook reader.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';

const DIR = path.dirname(BIN);
const chunks = new Map(readdirSync(DIR).filter((f) => f.endsWith('.js')).map((f) => [f, readFileSync(path.join(DIR, f), 'utf8')]));

/** The chunks a chunk loads with it: itself and its static imports, transitively. */
function staticClosure(start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const code = chunks.get(name) ?? '';
    // `import{a as b}from"./x.js"` and `import"./x.js"`, but not `import("./x.js")`.
    for (const m of code.matchAll(/import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(m[1]!);
  };
  visit(start);
  return seen;
}

const chunkWith = (marker: string): string => {
  const found = [...chunks].filter(([, code]) => code.includes(marker)).map(([name]) => name);
  expect(found, marker).toHaveLength(1);
  return found[0]!;
};

const holds = (names: Set<string>, marker: string): boolean => [...names].some((n) => chunks.get(n)!.includes(marker));

describe('the command-line bundle', () => {
  it('is executable, as the package\'s bin (npx deriv runs it directly), however often it is rebuilt', () => {
    expect(statSync(BIN).mode & 0o111).toBe(0o111);
  });

  it('answers --version without loading the option parser', () => {
    const loaded = staticClosure('deriv.js');
    expect(holds(loaded, 'CommanderError')).toBe(false);
    expect(holds(new Set(chunks.keys()), 'CommanderError')).toBe(true);
  });

  it('checks Markdown without loading KaTeX, the grader, the CSV writer or the notebook reader', () => {
    const command = chunkWith('--watch cannot watch standard input');
    const main = chunkWith('CommanderError');
    const loaded = new Set([...staticClosure('deriv.js'), ...staticClosure(main), ...staticClosure(command)]);
    for (const [what, marker] of [['KaTeX', 'KaTeX parse error'], ['the grader', 'follow-through'], ['csv-stringify', 'escape_formulas'], ['jsonc-parser', 'CloseBraceExpected']]) {
      expect(holds(loaded, marker!), what).toBe(false);
      expect(holds(new Set(chunks.keys()), marker!), `${what} is in the bundle somewhere`).toBe(true);
    }
  });
});
