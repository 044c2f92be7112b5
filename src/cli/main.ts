/**
 * The `deriv` command line: a thin layer over the public API. `main` returns the exit code
 * instead of exiting, and writes only to `io`, so tests run it in-process.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, type Io } from './io.js';
import { registerExprCommands } from './commands/expr.js';
import { registerDiffCommands } from './commands/diff.js';
import { registerCheckCommands } from './commands/check.js';
import { registerDeriveCommands } from './commands/derive.js';
import { registerReportCommands } from './commands/report.js';
import { registerPlotCommands } from './commands/plot.js';
import { registerGradeCommands } from './commands/grade.js';

export type Action = (...args: unknown[]) => Promise<number> | number;

/** Wraps an action so its exit code reaches `main`. */
export interface Registrar {
  readonly io: Io;
  run(action: Action): (...args: unknown[]) => Promise<void>;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('deriv')
    .description('Parse, differentiate, simplify and check derivations of activation functions.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();
  const reg: Registrar = {
    io,
    run: (action) => async (...args) => {
      code = await action(...args);
    },
  };
  registerExprCommands(program, reg);
  registerDiffCommands(program, reg);
  registerCheckCommands(program, reg);
  registerDeriveCommands(program, reg);
  registerReportCommands(program, reg);
  registerPlotCommands(program, reg);
  registerGradeCommands(program, reg);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.stderr.write(`deriv: internal error: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  return code;
}
