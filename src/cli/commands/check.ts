/**
 * `deriv check <files or folders…>`: check every step of Markdown derivations.
 * Exit code 0 when no step is invalid and every file was read and parsed, 1 when a step is
 * invalid or a file has errors, 2 for usage errors or unreadable files.
 */
import type { Command } from 'commander';
import { checkSource, DEFAULT_POINTS, LIMITS, type FileReport } from '../../check/index.js';
import { toExplain } from '../../check/explain.js';
import { toJson, toText } from '../../check/report.js';
import { EXIT, type Io } from '../io.js';
import { writeHtmlReport } from './report.js';
import type { Registrar } from '../main.js';
import { collectFiles, readNotes } from '../files.js';

function integer(io: Io, name: string, text: string, min: number, max: number): number | null {
  if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    io.stderr.write(`deriv check: ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}\n`);
    return null;
  }
  return Number(text);
}

export function registerCheckCommands(program: Command, reg: Registrar): void {
  const { io } = reg;
  program
    .command('check')
    .description('check every step of Markdown derivation files')
    .argument('<paths...>', 'Markdown files or folders of them')
    .option('--format <format>', 'text or json', 'text')
    .option('--seed <n>', 'seed of the random points', '1')
    .option('--points <n>', 'informative points needed for a sampled verdict', String(DEFAULT_POINTS))
    .option('--html <file>', 'also write the report as a self-contained HTML page (KaTeX inlined, works offline)')
    .option('--explain', 'print each file with how every piece of math was read (its role and why) and the verdict of each step')
    .action(reg.run(async (paths, opts) => {
      const o = opts as { format: string; seed: string; points: string; html?: string; explain?: boolean };
      if (o.format !== 'text' && o.format !== 'json') {
        io.stderr.write(`deriv check: --format must be text or json, got ${JSON.stringify(o.format)}\n`);
        return EXIT.usage;
      }
      const seed = integer(io, '--seed', o.seed, -(2 ** 31), 2 ** 31 - 1);
      const points = integer(io, '--points', o.points, 1, 10_000);
      if (seed === null || points === null) return EXIT.usage;
      const found = await collectFiles(io, 'check', paths as string[]);
      const files = found.files;
      let unreadable = found.unreadable;
      const reports: FileReport[] = [];
      const sources = new Map<string, string>();
      for (const f of files) {
        const text = await readNotes(io, 'check', f, LIMITS.maxFileSize * 4);
        if (text === null) {
          unreadable = true;
          continue;
        }
        sources.set(f.shown, text);
        reports.push(checkSource(text, f.shown, { seed, points }));
      }
      if (files.length === 0 && !unreadable) {
        io.stderr.write('deriv check: no Markdown files found\n');
        return EXIT.usage;
      }
      if (o.explain && o.format === 'text') {
        for (const r of reports) io.stdout.write(`${toExplain(r, sources.get(r.file) ?? '', io.color)}\n`);
      }
      io.stdout.write(o.format === 'json' ? toJson(reports, seed) : toText(reports, sources, seed, io.color));
      if (o.html !== undefined && !(await writeHtmlReport(reports, sources, o.html, io, { seed }))) return EXIT.usage;
      if (unreadable) return EXIT.usage;
      return reports.some((r) => r.summary.invalid > 0 || r.errors.length > 0) ? EXIT.invalid : EXIT.ok;
    }));
}
