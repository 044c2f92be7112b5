/**
 * `deriv check <files or folders…>`: check every step of derivation notes — Markdown, Jupyter
 * notebooks, Quarto and R Markdown — as text, JSON or GitHub annotations; `--watch` checks
 * again whenever a file is saved.
 *
 * Exit code 0 when no step is invalid and every file was read and parsed, 1 when a step is
 * invalid or a file has errors (or, with `--strict`, anything printed as a warning), 2 for
 * usage errors or unreadable files (the readable ones are still checked and reported).
 */
import type { Command } from 'commander';
import { toExplain } from '../../check/explain.js';
import { DEFAULT_POINTS, type CheckOptions } from '../../check/index.js';
import { readPoints, readSeed } from '../args.js';
import { checkedJson, checkedText, checkFile, checkPaths, pageLineName, sourcesOf, type CheckedFile } from '../checking.js';
import { checkedGithub } from '../github.js';
import { EXIT, type Io } from '../io.js';
import type { Registrar } from '../main.js';
import { watchFiles } from '../watch.js';

const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

interface CheckOpts { format: string; seed: string; points: string; html?: string; strict?: boolean; watch?: boolean; explain?: boolean }

function print(io: Io, files: readonly CheckedFile[], format: Format, seed: number, explain = false): void {
  if (explain && format === 'text') {
    for (const f of files) if (f.display !== null) io.stdout.write(`${toExplain(f.report, f.display, io.color)}\n`);
  }
  if (format === 'json') io.stdout.write(checkedJson(files, seed));
  else if (format === 'github') io.stdout.write(checkedGithub(files, seed, io.color));
  else io.stdout.write(checkedText(files, seed, io.color));
}

/** Anything a reader is warned about: an unknown step, a step with a warning, a file with nothing to check. */
const warned = (f: CheckedFile): boolean =>
  f.warnings.length > 0 || f.report.steps.some((s) => s.verdict === 'unknown' || s.warnings.length > 0);

function exitCode(files: readonly CheckedFile[], strict: boolean): number {
  if (files.some((f) => f.unreadable !== null)) return EXIT.usage;
  const failed = files.some((f) => f.report.summary.invalid > 0 || f.report.errors.length > 0 || (strict && warned(f)));
  return failed ? EXIT.invalid : EXIT.ok;
}

export function registerCheckCommands(program: Command, reg: Registrar): void {
  const { io } = reg;
  program
    .command('check')
    .description('check every step of derivation notes: Markdown, Jupyter notebooks, Quarto, R Markdown')
    .argument('<paths...>', 'files or folders of them (.md, .ipynb, .qmd, .Rmd), - for standard input')
    .option('--format <format>', 'text, json or github (workflow commands that annotate a pull request)', 'text')
    .option('--seed <n>', 'seed of the random points', '1')
    .option('--points <n>', 'informative points needed for a sampled verdict', String(DEFAULT_POINTS))
    .option('--html <file>', 'also write the report as a self-contained HTML page (KaTeX inlined, works offline)')
    .option('--strict', 'fail (exit 1) on warnings too: unknown steps, steps with a warning, files with nothing to check')
    .option('--watch', 'check again whenever a file is saved, until interrupted')
    .option('--explain', 'print each file with how every piece of math was read (its role and why) and the verdict of each step')
    .action(reg.run(async (paths, opts) => {
      const o = opts as CheckOpts;
      const format = o.format as Format;
      if (!FORMATS.includes(format)) {
        io.stderr.write(`deriv check: --format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(o.format)}\n`);
        return EXIT.usage;
      }
      const seed = readSeed(io, 'check', o.seed);
      const points = readPoints(io, 'check', o.points);
      if (seed === null || points === null) return EXIT.usage;
      const given = paths as string[];
      if (o.watch && given.includes('-')) {
        io.stderr.write('deriv check: --watch cannot watch standard input\n');
        return EXIT.usage;
      }
      const options: CheckOptions = { seed, points };
      const files = await checkPaths(io, given, options);
      if (files.length === 0) {
        io.stderr.write('deriv check: no notes found (.md, .ipynb, .qmd, .Rmd)\n');
        return EXIT.usage;
      }
      print(io, files, format, seed, o.explain === true);
      const strict = o.strict === true;
      if (o.html !== undefined) {
        const { writeHtmlReport } = await import('./report.js');
        if (!await writeHtmlReport(files.map((f) => f.report), sourcesOf(files), o.html, io, { seed, lineName: pageLineName(files) })) return EXIT.usage;
      }
      if (!o.watch) return exitCode(files, strict);
      let last = exitCode(files, strict);
      await watchFiles(io, given, files.map((f) => f.found), async (changed) => {
        const again: CheckedFile[] = [];
        for (const f of changed) again.push(await checkFile(io, f, options));
        io.stderr.write(`deriv check: ${changed.map((f) => f.shown).join(', ')} changed\n`);
        print(io, again, format, seed, o.explain === true);
        last = exitCode(again, strict);
      }, io.signal);
      return last;
    }));
}
