/**
 * Runs the CLI in-process through `main(argv, io)` with fake streams, as every CLI test does.
 */
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun { readonly code: number; readonly stdout: string; readonly stderr: string }

export interface CliOptions {
  readonly color?: boolean;
  readonly cwd?: string;
  readonly stdin?: string;
  /** Ends a command that runs until stopped (`check --watch`). */
  readonly signal?: AbortSignal;
}

export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: { write: (s: string) => { stderr += s; } },
    readStdin: async () => options.stdin ?? '',
    color: options.color ?? false,
    cwd: options.cwd ?? process.cwd(),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
