/**
 * The `deriv` command line: a thin layer over the public API. `main` returns the exit code
 * instead of exiting, and writes only to `io`, so tests run it in-process.
 *
 * Start-up cost is what a short command pays most, so each group of commands lives in its own
 * module, loaded only when its command runs: `deriv check` never loads KaTeX or the grader
 * (and bin.ts answers `deriv --version` before loading this module at all).
 */
import { Command, CommanderError } from 'commander';
import { EXIT, type Io } from './io.js';
import { VERSION } from './version.js';

export type Action = (...args: unknown[]) => Promise<number> | number;

/** Wraps an action so its exit code reaches `main`. */
export interface Registrar {
  readonly io: Io;
  run(action: Action): (...args: unknown[]) => Promise<void>;
}

type Register = (program: Command, reg: Registrar) => void;

/** Each command's module, by command name; a module may register several commands. */
const GROUPS: Readonly<Record<string, () => Promise<Register>>> = (() => {
  const expr = async (): Promise<Register> => (await import('./commands/expr.js')).registerExprCommands;
  const diff = async (): Promise<Register> => (await import('./commands/diff.js')).registerDiffCommands;
  return {
    parse: expr,
    eval: expr,
    diff,
    simplify: diff,
    table: diff,
    check: async () => (await import('./commands/check.js')).registerCheckCommands,
    derive: async () => (await import('./commands/derive.js')).registerDeriveCommands,
    report: async () => (await import('./commands/report.js')).registerReportCommands,
    plot: async () => (await import('./commands/plot.js')).registerPlotCommands,
    grade: async () => (await import('./commands/grade.js')).registerGradeCommands,
  };
})();

/** The order commands are listed in `deriv --help`. */
const ORDER = ['parse', 'eval', 'diff', 'simplify', 'table', 'check', 'derive', 'report', 'plot', 'grade'] as const;

/**
 * The arguments of one command with every operand moved after `--`, in order, so that an
 * expression such as `-x^2` is never taken for an option: a word is an option only when it
 * starts with `--` or is `-h`; a known option that takes a value takes the next word with it.
 */
export function operandsLast(command: Command, args: readonly string[]): string[] {
  const options: string[] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') && a !== '-h') {
      operands.push(a);
      continue;
    }
    options.push(a);
    const known = command.options.find((o) => o.long === a);
    if (known !== undefined && (known.required || known.optional) && i + 1 < args.length) options.push(args[++i]!);
  }
  return operands.length === 0 ? options : [...options, '--', ...operands];
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const output = { writeOut: (s: string) => io.stdout.write(s), writeErr: (s: string) => io.stderr.write(s) };
  const program = new Command('deriv')
    .description('Parse, differentiate, simplify and check derivations of activation functions.')
    .version(VERSION)
    .exitOverride()
    .configureOutput(output)
    .showHelpAfterError();
  const reg: Registrar = {
    io,
    run: (action) => async (...args) => {
      code = await action(...args);
    },
  };
  try {
    const at = argv.findIndex((a) => !a.startsWith('-'));
    const name = at < 0 ? undefined : argv[at]!;
    const versionOnly = argv.length > 0 && argv.every((a) => a === '-V' || a === '--version');
    const wanted = name !== undefined && Object.hasOwn(GROUPS, name) ? [name] : versionOnly ? [] : ORDER;
    const loaded = new Set<Register>();
    for (const n of wanted) {
      const register = await GROUPS[n]!();
      if (!loaded.has(register)) register(program, reg);
      loaded.add(register);
    }
    for (const c of program.commands) c.exitOverride().configureOutput(output);
    const command = program.commands.find((c) => c.name() === name);
    const args = command === undefined ? [...argv] : [...argv.slice(0, at + 1), ...operandsLast(command, argv.slice(at + 1))];
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.stderr.write(`deriv: internal error: ${e instanceof Error ? e.message : String(e)}\n`
      + 'deriv: this is a bug in deriv, not a problem with your input; please report it with the command that caused it\n');
    return EXIT.internal;
  }
  return code;
}
