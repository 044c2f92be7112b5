/**
 * The grader on a folder of garbage: random bytes, random text, mutated lines of real
 * submissions, hostile names. Whatever is in the folder, `deriv grade` exits 0 or 1, writes
 * valid JSON and CSV with one row per file in sorted order, and writes the same bytes twice.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { fixtures, root } from './support.js';

const TASK = path.join(root, 'proofs/tasks/sigmoid.yaml');

const CORPUS = ['slip.txt', 'issue-example.txt', 'bce-correct.txt', 'correct.md', 'unreadable-line.txt']
  .flatMap((f) => readFileSync(path.join(fixtures, f), 'utf8').split('\n').filter((l) => l.trim() !== ''));

const NASTY = ['('.repeat(400), '\\frac'.repeat(300), '{'.repeat(1000), `${'x^'.repeat(500)}2`, '$$\n'.repeat(50), '---\ndefine: [[[[[[\n---\n$$x$$', '\\begin{cases}'.repeat(40), '1e400 = 1', 'd/dz '.repeat(200)];

/** A line of a real submission with random edits: characters inserted, a stretch cut out, the line doubled. */
const mutatedLine = fc.tuple(fc.constantFrom(...CORPUS), fc.nat(), fc.nat(), fc.string({ maxLength: 6 }), fc.constantFrom('insert', 'cut', 'double'))
  .map(([line, a, b, s, how]) => {
    const i = a % (line.length + 1);
    if (how === 'insert') return line.slice(0, i) + s + line.slice(i);
    if (how === 'cut') return line.slice(0, i) + line.slice(Math.min(line.length, i + (b % 8)));
    return line + line;
  });

const content = fc.oneof(
  { weight: 4, arbitrary: fc.array(mutatedLine, { minLength: 1, maxLength: 6 }).map((ls) => Buffer.from(`${ls.join('\n')}\n`)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY).map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
);

/** File names as a class's folder may hold them, spreadsheet formulas included (no `/`, no newline). */
const fileName = fc.tuple(fc.constantFrom('', '=', '+', '-', '@', ' ', '"'), fc.stringMatching(/^[a-zA-Z0-9_,; é]{1,10}$/), fc.constantFrom('.txt', '.md', '', '.docx'))
  .map(([lead, body, ext]) => `${lead}${body}${ext}`)
  .filter((n) => !n.startsWith('.') && n.trim() === n);

/** Records of a CSV text (quoted fields may hold commas and quotes). */
function csvRecords(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += c;
  }
  return rows;
}

async function grade(dir: string): Promise<{ code: number; csv: string; json: string; stdout: string }> {
  let stdout = '';
  const io: Io = { stdout: { write: (s: string) => { stdout += s; } }, stderr: { write: () => undefined }, readStdin: async () => '', color: false, cwd: dir };
  const code = await main(['grade', 'subs', '--task', TASK, '--csv', 'out/grades.csv', '--json', 'out/grades.json', '--jobs', '1'], io);
  return { code, csv: readFileSync(path.join(dir, 'out/grades.csv'), 'utf8'), json: readFileSync(path.join(dir, 'out/grades.json'), 'utf8'), stdout };
}

describe('a folder of garbage', () => {
  it('every file gets its row, in order, in valid CSV and JSON, the same bytes twice', async () => {
    await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.tuple(fileName, content), { minLength: 1, maxLength: 5, selector: ([n]) => n.toLowerCase() }), async (files) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'deriv-fuzz-'));
      try {
        // Submissions in a folder of their own, outputs beside it.
        const subs = path.join(dir, 'subs');
        mkdirSync(subs);
        mkdirSync(path.join(dir, 'out'));
        for (const [name, bytes] of files) writeFileSync(path.join(subs, name), bytes);
        const first = await grade(dir);
        const names = files.map(([n]) => n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect([0, 1]).toContain(first.code);
        const json = JSON.parse(first.json) as { submissions: { submission: string; score: number; error: { code: string; message: string } | null }[] };
        expect(json.submissions.map((s) => s.submission)).toEqual(names);
        for (const s of json.submissions) expect(s.score).toBeGreaterThanOrEqual(0);
        // A crash of the grader or the engine below it shows as an `internal` error: none here.
        expect(json.submissions.filter((s) => s.error?.code === 'internal').map((s) => s.error!.message)).toEqual([]);
        const records = csvRecords(first.csv);
        expect(records[0]).toEqual(['submission', 'score', 'max', 'steps', 'valid', 'invalid', 'reached_target', 'error']);
        expect(records.slice(1).map((r) => r[0]!.replace(/^'(?=[=+\-@])/, ''))).toEqual(names);
        const second = await grade(dir);
        expect(second).toEqual(first);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }), { seed: Number(process.env.FUZZ_SEED ?? 20240611), numRuns: Number(process.env.FUZZ_RUNS ?? 12) });
  });
});
