/**
 * `deriv report <files | folders> --html <dir>`: check Markdown derivations and write a
 * self-contained HTML page per file plus an index, and `writeHtmlReport`, the one-page report
 * behind `deriv check --html <file>`.
 *
 * Exit codes as `deriv check`: 0 every step valid, 1 a step invalid or a file with errors,
 * 2 usage errors, unreadable files or a page that could not be written.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { checkSource, DEFAULT_POINTS, LIMITS, type FileReport } from '../../check/index.js';
import { indexPage, reportPage } from '../../report/index.js';
import { EXIT, type Io } from '../io.js';
import type { Registrar } from '../main.js';
import { collectFiles, readNotes } from '../files.js';
import { readSeed, writeOut } from './derive.js';

/** Write every report on one self-contained page at `file` (relative to the working folder). Returns whether it was written. */
export async function writeHtmlReport(reports: FileReport[], sources: Map<string, string>, file: string, io: Io, options: { seed?: number } = {}): Promise<boolean> {
  return writeOut(io, file, reportPage(reports, sources, { seed: options.seed ?? 1 }), 'check');
}

/** A page name for a file: its shown path flattened (`proofs/tanh.md` → `proofs-tanh.html`), never `index.html`, never repeated. */
export function pageName(shown: string, taken: Set<string>): string {
  const base = (path.isAbsolute(shown) ? path.basename(shown) : shown).replace(/^(\.\.?[\\/])+/, '').replace(/\.(md|markdown)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'notes';
  let name = `${base}.html`;
  for (let k = 1; name === 'index.html' || taken.has(name); k++) name = `${base}-${k}.html`;
  taken.add(name);
  return name;
}

interface ReportOpts { html?: string; seed: string; points: string }

export function registerReportCommands(program: Command, reg: Registrar): void {
  const { io } = reg;
  program
    .command('report')
    .description('check Markdown derivations and write an HTML page per file plus an index')
    .argument('<paths...>', 'Markdown files or folders of them')
    .requiredOption('--html <dir>', 'the folder to write the pages to')
    .option('--seed <n>', 'seed of the random points', '1')
    .option('--points <n>', 'informative points needed for a sampled verdict', String(DEFAULT_POINTS))
    .action(reg.run(async (paths, opts) => {
      const o = opts as ReportOpts;
      const seed = readSeed(io, o.seed, 'report');
      if (seed === null) return EXIT.usage;
      const points = Number(o.points);
      if (!/^\d+$/.test(o.points) || points < 1 || points > 10_000) {
        io.stderr.write(`deriv report: --points must be an integer from 1 to 10000, got ${JSON.stringify(o.points)}\n`);
        return EXIT.usage;
      }
      const found = await collectFiles(io, 'report', paths as string[]);
      const files = found.files;
      let unreadable = found.unreadable;
      if (files.length === 0 && !unreadable) {
        io.stderr.write('deriv report: no Markdown files found\n');
        return EXIT.usage;
      }
      const dir = o.html!;
      const taken = new Set<string>();
      const entries: { report: FileReport; href: string }[] = [];
      for (const f of files) {
        const text = await readNotes(io, 'report', f, LIMITS.maxFileSize * 4);
        if (text === null) {
          unreadable = true;
          continue;
        }
        const report = checkSource(text, f.shown, { seed, points });
        const href = pageName(f.shown, taken);
        if (!await writeOut(io, path.join(dir, href), reportPage([report], new Map([[f.shown, text]]), { seed }), 'report')) return EXIT.usage;
        entries.push({ report, href });
        const { valid, invalid, unknown } = report.summary;
        io.stdout.write(`${path.join(dir, href)}: ${report.steps.length} steps: ${valid} valid, ${invalid} invalid, ${unknown} unknown${report.errors.length > 0 ? `, ${report.errors.length} errors` : ''}\n`);
      }
      if (!await writeOut(io, path.join(dir, 'index.html'), indexPage(entries, { seed }), 'report')) return EXIT.usage;
      io.stdout.write(`${path.join(dir, 'index.html')}: ${entries.length} file${entries.length === 1 ? '' : 's'}\n`);
      if (unreadable) return EXIT.usage;
      return entries.some((e) => e.report.summary.invalid > 0 || e.report.errors.length > 0) ? EXIT.invalid : EXIT.ok;
    }));
}
