/**
 * Layering, checked rather than remembered: each stage imports only the stages below it.
 * In particular the numeric sampler knows nothing of the simplifier or the differentiator,
 * so a bug there cannot make a wrong step pass.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/** Stage → the stages it may import. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  sources: [],
  parse: ['core'],
  print: ['core'],
  // The high-precision evaluator reads the table's definitions, which the parser makes trees of.
  numeric: ['core', 'parse'],
  // The differentiator samples a derivative beside a candidate kink (one-sided limits).
  diff: ['core', 'parse', 'print', 'numeric'],
  simplify: ['core', 'parse', 'print'],
  catalog: ['core', 'parse', 'print', 'numeric', 'diff', 'simplify'],
  check: ['core', 'parse', 'print', 'numeric', 'diff', 'simplify', 'catalog'],
  grade: ['core', 'parse', 'print', 'numeric', 'diff', 'simplify', 'catalog', 'check', 'sources'],
  derive: ['core', 'parse', 'print', 'numeric', 'diff', 'simplify', 'catalog', 'check'],
  report: ['core', 'parse', 'print', 'numeric', 'diff', 'simplify', 'catalog', 'check', 'grade', 'derive', 'sources'],
  cli: ['core', 'parse', 'print', 'numeric', 'diff', 'simplify', 'catalog', 'check', 'grade', 'derive', 'report', 'sources'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('stages import only the stages below them', () => {
  const stages = readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory());
  it('every stage folder is known', () => {
    expect(stages.filter((s) => !(s in ALLOWED))).toEqual([]);
  });
  for (const stage of stages) {
    it(stage, () => {
      const bad: string[] = [];
      for (const f of files(join(SRC, stage))) {
        for (const m of readFileSync(f, 'utf8').matchAll(/from '\.\.\/(?:\.\.\/)*([a-z]+)\//g)) {
          const target = m[1]!;
          if (target !== stage && !(ALLOWED[stage] ?? []).includes(target)) bad.push(`${relative(SRC, f).split(sep).join('/')} → ${target}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
