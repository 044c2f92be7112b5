/**
 * `deriv parse` and `deriv eval`: read one expression and show how it was understood.
 */
import type { Command } from 'commander';
import type { Expr, Sym } from '../../core/expr.js';
import { CompileError, evaluate } from '../../numeric/compile.js';
import { formatDiagnostic, parse, type ParseOptions } from '../../parse/index.js';
import { toLatex } from '../../print/latex.js';
import { toOutline, toText } from '../../print/text.js';
import { EXIT, type Io } from '../io.js';
import type { Registrar } from '../main.js';

/** Parse an argument, or write a positioned error and return null. */
export function parseArg(io: Io, source: string, options: ParseOptions, label = 'input'): Expr | null {
  const r = parse(source, options);
  if (r.ok) return r.value;
  io.stderr.write(`${formatDiagnostic(source, r.error, label)}\n`);
  return null;
}

/** `a=0.3,y=1,w_1=2` → a binding of symbols to numbers. */
export function parseBindings(io: Io, text: string, options: ParseOptions): Map<Sym, number> | null {
  const env = new Map<Sym, number>();
  for (const part of text.split(/,(?![^{]*\})/)) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      io.stderr.write(`deriv: --at expects name=value pairs separated by commas, got ${JSON.stringify(part)}\n`);
      return null;
    }
    const name = parseArg(io, part.slice(0, eq).trim(), options, '--at');
    if (name === null) return null;
    if (name.kind !== 'sym') {
      io.stderr.write(`deriv: --at: ${JSON.stringify(part.slice(0, eq))} is not a name\n`);
      return null;
    }
    const value = parseArg(io, part.slice(eq + 1).trim(), options, '--at');
    if (value === null) return null;
    const v = safeEvaluate(io, value, new Map());
    if (v === null) return null;
    env.set(name, v);
  }
  return env;
}

function safeEvaluate(io: Io, e: Expr, env: ReadonlyMap<Sym, number>): number | null {
  try {
    return evaluate(e, env);
  } catch (err) {
    if (err instanceof CompileError) {
      io.stderr.write(`deriv: cannot evaluate: ${err.message}\n`);
      return null;
    }
    throw err;
  }
}

export function registerExprCommands(program: Command, reg: Registrar): void {
  const { io } = reg;
  program
    .command('parse')
    .description('show how an expression is read: the tree, canonical LaTeX and plain text')
    .argument('<expr>', 'LaTeX or plain math')
    .option('--ascii', 'read plain-text math (multi-letter names, w1 as w_1, alpha as α)')
    .option('--format <format>', 'text or json', 'text')
    .action(reg.run((source, opts) => {
      const o = opts as { ascii?: boolean; format: string };
      if (o.format !== 'text' && o.format !== 'json') {
        io.stderr.write(`deriv parse: --format must be text or json, got ${JSON.stringify(o.format)}\n`);
        return EXIT.usage;
      }
      const e = parseArg(io, source as string, { ascii: o.ascii ?? false });
      if (e === null) return EXIT.usage;
      if (o.format === 'json') {
        io.stdout.write(`${JSON.stringify({ latex: toLatex(e), text: toText(e), tree: toOutline(e).split('\n') }, null, 2)}\n`);
      } else {
        io.stdout.write(`${toOutline(e)}\n\nlatex: ${toLatex(e)}\ntext:  ${toText(e)}\n`);
      }
      return EXIT.ok;
    }));
  program
    .command('eval')
    .description('evaluate an expression at a point')
    .argument('<expr>', 'LaTeX or plain math')
    .option('--at <bindings>', 'values of the symbols, e.g. a=0.3,y=1', '')
    .option('--ascii', 'read plain-text math')
    .action(reg.run((source, opts) => {
      const o = opts as { at: string; ascii?: boolean };
      const options = { ascii: o.ascii ?? false };
      const e = parseArg(io, source as string, options);
      if (e === null) return EXIT.usage;
      const env = o.at ? parseBindings(io, o.at, options) : new Map<Sym, number>();
      if (env === null) return EXIT.usage;
      const v = safeEvaluate(io, e, env);
      if (v === null) return EXIT.usage;
      io.stdout.write(`${Number.isFinite(v) ? String(v) : 'undefined'}\n`);
      return EXIT.ok;
    }));
}
