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

/** Exit codes: 0 success, 1 a check found a wrong step, 2 usage or input errors. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
