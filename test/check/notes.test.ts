/**
 * Notes as people write them, read as a careful teacher reads them: every folder of test/notes/
 * holds Markdown files and an expected.json, written by hand before the tool ran on them, that
 * gives for every line with math the verdicts of the steps on it (in written order), or [] when
 * the line holds no step to judge. A step belongs to the line of its right-hand side.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';

interface Expected { readonly line: number; readonly steps: readonly string[]; readonly alt?: readonly (readonly string[])[]; readonly note?: string }

const ROOT = 'test/notes';
const folders = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'expected.json')));

describe.each(folders)('%s', (folder) => {
  const expected = JSON.parse(readFileSync(join(ROOT, folder, 'expected.json'), 'utf8')) as Record<string, readonly Expected[] | string>;
  const files = Object.keys(expected).filter((k) => k.endsWith('.md'));

  it('lists every note file of the folder', () => {
    expect(files.sort()).toEqual(readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.md') && f !== 'README.md').sort());
  });

  it.each(files)('%s reads as expected on every line', (file) => {
    const source = readFileSync(join(ROOT, folder, file), 'utf8');
    const report = checkSource(source, file);
    const byLine = new Map<number, string[]>();
    for (const s of [...report.steps].sort((a, b) => a.line - b.line || a.column - b.column)) {
      byLine.set(s.line, [...(byLine.get(s.line) ?? []), s.verdict]);
    }
    const lines = expected[file] as readonly Expected[];
    const listed = new Set(lines.map((l) => l.line));
    const explain = (line: number): string => report.steps.filter((s) => s.line === line)
      .map((s) => `${s.lhs} ${s.relation} ${s.rhs}: ${s.verdict} — ${s.message}`).join('; ');
    const wrong: string[] = [];
    for (const l of lines) {
      const actual = byLine.get(l.line) ?? [];
      const accepted = [l.steps, ...(l.alt ?? [])];
      if (!accepted.some((a) => a.length === actual.length && a.every((v, i) => v === actual[i]))) {
        wrong.push(`${file}:${l.line}: expected [${l.steps.join(', ')}], got [${actual.join(', ')}] (${explain(l.line)})${l.note ? ` — the teacher: ${l.note}` : ''}`);
      }
    }
    for (const n of [...byLine.keys()].filter((k) => !listed.has(k))) wrong.push(`${file}:${n}: a step on a line with no expectation: ${explain(n)}`);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });
});

const SHARED = '../shared/examples/reading-notes';
it.runIf(existsSync(SHARED) && statSync(SHARED).isDirectory())('the copy of the issue examples matches the shared folder', () => {
  for (const f of readdirSync(SHARED)) expect(readFileSync(join(ROOT, 'reading-notes', f), 'utf8'), f).toBe(readFileSync(join(SHARED, f), 'utf8'));
});
