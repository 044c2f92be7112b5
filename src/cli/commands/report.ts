/**
 * `deriv report <files | folders> --html <dir>`: check derivation notes and write a
 * self-contained HTML page per file plus an index, and `writeHtmlReport`, the one-page report
 * behind `deriv check --html <file>`.
 *
 * Exit codes as `deriv check`: 0 every step valid, 1 a step invalid or a file with errors,
 * 2 usage errors, unreadable files or a page that could not be written.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_POINTS, type FileReport } from '../../check/index.js';
import { indexPage, reportPage, type PageOptions } from '../../report/index.js';
import { readPoints, readSeed } from '../args.js';
import { checkPaths, pageLineName } from '../checking.js';
import { makeFolder, writeOut } from '../files.js';
import { EXIT, type Io } from '../io.js';
import type { Registrar } from '../main.js';

/** Write every report on one self-contained page at `file` (relative to the working folder). Returns whether it was written. */
export async function writeHtmlReport(reports: FileReport[], sources: Map<string, string>, file: string, io: Io, options: Partial<PageOptions> = {}): Promise<boolean> {
  return writeOut(io, file, reportPage(reports, sources, { ...options, seed: options.seed ?? 1 }), 'check');
}

/** A page name for a file: its shown path flattened (`proofs/tanh.md` → `proofs-tanh.html`), never `index.html`, never repeated. */
export function pageName(shown: string, taken: Set<string>): string {
  const base = (path.isAbsolute(shown) ? path.basename(shown) : shown).replace(/^(\.\.?[\\/])+/, '').replace(/\.(md|markdown|ipynb|qmd|rmd)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'notes';
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
    .description('check derivation notes and write an HTML page per file plus an index')
    .argument('<paths...>', 'files or folders of them (.md, .ipynb, .qmd, .Rmd)')
    .requiredOption('--html <dir>', 'the folder to write the pages to (its parent must exist)')
    .option('--seed <n>', 'seed of the random points', '1')
    .option('--points <n>', 'informative points needed for a sampled verdict', String(DEFAULT_POINTS))
    .action(reg.run(async (paths, opts) => {
      const o = opts as ReportOpts;
      const seed = readSeed(io, 'report', o.seed);
      const points = readPoints(io, 'report', o.points);
      if (seed === null || points === null) return EXIT.usage;
      const files = await checkPaths(io, paths as string[], { seed, points });
      if (files.length === 0) {
        io.stderr.write('deriv report: no notes found (.md, .ipynb, .qmd, .Rmd)\n');
        return EXIT.usage;
      }
      const dir = o.html!;
      if (!await makeFolder(io, dir, 'report')) return EXIT.usage;
      const taken = new Set<string>();
      const entries: { report: FileReport; href: string }[] = [];
      for (const f of files) {
        const { report } = f;
        if (f.unreadable !== null) io.stderr.write(`deriv report: cannot read ${f.found.shown}: ${f.unreadable}\n`);
        const href = pageName(f.found.shown, taken);
        const source = f.display === null ? new Map<string, string>() : new Map([[report.file, f.display]]);
        if (!await writeOut(io, path.join(dir, href), reportPage([report], source, { seed, lineName: pageLineName([f]) }), 'report')) return EXIT.usage;
        entries.push({ report, href });
        const { valid, invalid, unknown } = report.summary;
        io.stdout.write(`${path.join(dir, href)}: ${report.steps.length} steps: ${valid} valid, ${invalid} invalid, ${unknown} unknown${report.errors.length > 0 ? `, ${report.errors.length} errors` : ''}\n`);
      }
      if (!await writeOut(io, path.join(dir, 'index.html'), indexPage(entries, { seed }), 'report')) return EXIT.usage;
      io.stdout.write(`${path.join(dir, 'index.html')}: ${entries.length} file${entries.length === 1 ? '' : 's'}\n`);
      if (files.some((f) => f.unreadable !== null)) return EXIT.usage;
      return entries.some((e) => e.report.summary.invalid > 0 || e.report.errors.length > 0) ? EXIT.invalid : EXIT.ok;
    }));
}
