/**
 * `deriv derive <name | expression>`: a derivation a textbook would print, every line justified,
 * and checked by the checker before anything is printed.
 *
 *   deriv derive sigmoid                  the align* block
 *   deriv derive tanh --from exp          from the exponential form, by the quotient rule
 *   deriv derive bce-sigmoid --wrt w_1    the chain rule through a model
 *   deriv derive '\frac{1}{1+e^{-z}}' --markdown > sigmoid.md
 *
 * Exit codes: 0 printed; 1 the generated derivation did not check (nothing printed but the
 * checker's report, on stderr); 2 usage errors.
 */
import type { Command } from 'commander';
import { toText } from '../../check/report.js';
import {
  alignLatex, derive, deriveErrorMessage, deriveNames, kinkComments, standaloneLatex,
} from '../../derive/index.js';
import { derivationPage } from '../../report/index.js';
import { readSeed } from '../args.js';
import { writeOut } from '../files.js';
import { EXIT } from '../io.js';
import type { Registrar } from '../main.js';

interface DeriveOpts { wrt?: string; from?: string; markdown?: boolean; standalone?: boolean; html?: string; seed: string; ascii?: boolean }

export function registerDeriveCommands(program: Command, reg: Registrar): void {
  const { io } = reg;
  program
    .command('derive')
    .description('a step-by-step derivation, each line justified and checked: sigmoid, tanh, bce-sigmoid, … or any expression')
    .argument('<subject>', 'a catalogue name (deriv table), a model (bce-sigmoid, mse-sigmoid, mse-tanh) or an expression')
    .option('--wrt <symbol>', 'the variable (default: the entry\'s, or the only symbol of an expression)')
    .option('--from <form>', 'the form to start from: tanh takes sinh-cosh (default) or exp')
    .option('--markdown', 'print the derivation file (the Markdown deriv check reads) instead of LaTeX')
    .option('--standalone', 'print a LaTeX document that compiles on its own')
    .option('--html <file>', 'also write the derivation rendered with KaTeX, as a self-contained page')
    .option('--seed <n>', 'seed of the checker\'s random points', '1')
    .option('--ascii', 'read plain-text math')
    .action(reg.run(async (subject, opts) => {
      const o = opts as DeriveOpts;
      const seed = readSeed(io, 'derive', o.seed);
      if (seed === null) return EXIT.usage;
      if (o.markdown && o.standalone) {
        io.stderr.write('deriv derive: --markdown and --standalone are different outputs; choose one\n');
        return EXIT.usage;
      }
      const r = derive({
        subject: subject as string, seed, ascii: o.ascii ?? false,
        ...(o.wrt === undefined ? {} : { wrt: o.wrt }), ...(o.from === undefined ? {} : { from: o.from }),
      });
      if (!r.ok) {
        io.stderr.write(`deriv derive: ${deriveErrorMessage(r.error)}\n`);
        if (r.error.code === 'not-an-expression') io.stderr.write(`deriv derive: names: ${deriveNames().join(', ')}\n`);
        if (r.report !== undefined && r.markdown !== undefined) {
          io.stderr.write(toText([r.report], new Map([[r.report.file, r.markdown]]), seed, false));
        }
        return r.error.code === 'not-valid' ? EXIT.invalid : EXIT.usage;
      }
      const d = r.derivation;
      if (o.markdown) io.stdout.write(r.markdown);
      else if (o.standalone) io.stdout.write(standaloneLatex(d));
      else io.stdout.write(`${alignLatex(d)}${kinkComments(d)}`);
      if (o.html !== undefined && !await writeOut(io, o.html, derivationPage(d, r.report, { seed }), 'derive')) return EXIT.usage;
      return EXIT.ok;
    }));
}
