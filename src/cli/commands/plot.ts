/**
 * `deriv plot sigmoid tanh --derivatives --svg out.svg`: functions (and their derivatives,
 * dashed in the same colour) on one SVG chart; to standard output without `--svg`.
 */
import type { Command } from 'commander';
import { functionsChart, plotErrorMessage, plotSubject, type PlotSubject } from '../../report/index.js';
import { EXIT } from '../io.js';
import type { Registrar } from '../main.js';
import { writeOut } from '../files.js';

interface PlotOpts { derivatives?: boolean; svg?: string; from: string; to: string; ascii?: boolean }

export function registerPlotCommands(program: Command, reg: Registrar): void {
  const { io } = reg;
  program
    .command('plot')
    .description('plot functions (catalogue names or expressions in one variable) and their derivatives as SVG')
    .argument('<subjects...>', 'catalogue names (sigmoid, tanh, relu, …) or expressions')
    .option('--derivatives', 'add each derivative, dashed')
    .option('--svg <file>', 'write the chart to a file instead of standard output')
    .option('--from <x>', 'left end of the x-range', '-5')
    .option('--to <x>', 'right end of the x-range', '5')
    .option('--ascii', 'read plain-text math')
    .action(reg.run(async (subjects, opts) => {
      const o = opts as PlotOpts;
      const from = Number(o.from);
      const to = Number(o.to);
      if (!Number.isFinite(from) || !Number.isFinite(to) || !(from < to)) {
        io.stderr.write(`deriv plot: --from and --to must be numbers with from < to, got ${JSON.stringify(o.from)} and ${JSON.stringify(o.to)}\n`);
        return EXIT.usage;
      }
      const resolved: PlotSubject[] = [];
      for (const s of subjects as string[]) {
        const r = plotSubject(s, { ascii: o.ascii ?? false });
        if (!r.ok) {
          io.stderr.write(`deriv plot: ${plotErrorMessage(r.error)}\n`);
          return EXIT.usage;
        }
        resolved.push(r.value);
      }
      const chart = functionsChart(resolved, { derivatives: o.derivatives ?? false, from, to, standalone: true });
      if (!chart.ok) {
        io.stderr.write(`deriv plot: ${plotErrorMessage(chart.error)}\n`);
        return EXIT.usage;
      }
      if (o.svg === undefined) io.stdout.write(chart.svg);
      else if (!await writeOut(io, o.svg, chart.svg, 'plot')) return EXIT.usage;
      return EXIT.ok;
    }));
}
