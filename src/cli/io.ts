/**
 * The CLI's view of the outside world, so tests can drive `main` with fake streams.
 */
export interface Io {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  /** Reads all of standard input (for `-` arguments). */
  readonly readStdin: () => Promise<string>;
  /** Whether to colour output: a terminal, and NO_COLOR unset. */
  readonly color: boolean;
  readonly cwd: string;
  /** Ends a command that runs until stopped (`check --watch`); without one it runs until the process ends. */
  readonly signal?: AbortSignal;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    color: Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined,
    cwd: process.cwd(),
  };
}

/**
 * Exit codes: 0 success, 1 a check found a wrong step, 2 usage or input errors, 3 a bug in
 * deriv (an exception nobody expected), so a script never mistakes a crash for a user's error.
 */
export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

interface ErrorSource { on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown }

/**
 * A reader that stops early (`deriv table | head -1`) closes the pipe: the rest of the output
 * has nowhere to go, so the process ends quietly instead of printing an EPIPE stack trace.
 * Any other stream error is rethrown.
 */
export function exitOnClosedPipe(streams: readonly ErrorSource[], exit: (code: number) => void): void {
  for (const s of streams) {
    s.on('error', (err) => {
      if (err.code !== 'EPIPE') throw err;
      exit(EXIT.ok);
    });
  }
}
