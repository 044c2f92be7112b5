/**
 * `deriv grade <file|folder|-> --task <task.yaml> [--csv out.csv] [--json out.json] [--jobs n]`:
 * grade one submission (feedback printed in full) or a folder of them (one line each, CSV and
 * JSON for a learning platform), on every core.
 *
 * Exit code 0 when every submission was graded, 1 when some could not be (their rows carry the
 * error and a zero), 2 for usage errors, an unreadable path (a single submission that cannot be
 * read as text included) or a task file with errors.
 */
import { open, readdir, readFile, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  formatTaskErrors, loadTask, writeGrades, type SubmissionInput, type Task, type WrittenGrades,
} from '../../grade/index.js';
import { EXIT, type Io } from '../io.js';
import { missingFolder, reason } from '../files.js';
import type { Registrar } from '../main.js';

/** Every file under a folder (hidden ones aside), sorted, named relative to the folder with `/`. */
async function filesUnder(dir: string, prefix = ''): Promise<{ file: string; name: string }[]> {
  const out: { file: string; name: string }[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const file = path.join(dir, e.name);
    const name = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...await filesUnder(file, name));
    else out.push({ file, name });
  }
  return out;
}

class SinkError extends Error {}

/** A file the grades are written to, buffered; errors name the file. */
class FileSink {
  private buffer = '';
  private constructor(private readonly handle: FileHandle, private readonly name: string) {}

  /** `name` is the path as the user wrote it, for messages. */
  static async open(io: Io, name: string): Promise<FileSink> {
    const missing = await missingFolder(io, name);
    if (missing !== null) throw new SinkError(`cannot write ${name}: ${missing}`);
    try {
      return new FileSink(await open(path.resolve(io.cwd, name), 'w'), name);
    } catch (err) {
      throw new SinkError(`cannot write ${name}: ${reason(err)}`);
    }
  }

  async write(s: string): Promise<void> {
    this.buffer += s;
    if (this.buffer.length >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.buffer;
    this.buffer = '';
    try {
      await this.handle.write(text);
    } catch (err) {
      throw new SinkError(`cannot write ${this.name}: ${reason(err)}`);
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }

  /** Closes the file after a failure, whatever is left unwritten. */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

/** A progress bar on stderr, redrawn at most every 100 ms; only on a terminal. */
function progressBar(io: Io): { update: (done: number, total: number) => void; clear: () => void } | null {
  const stream = io.stderr as { isTTY?: boolean; columns?: number };
  if (stream.isTTY !== true) return null;
  let last = 0;
  let drawn = false;
  return {
    update: (done, total) => {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 30));
      const filled = Math.round((width * done) / Math.max(1, total));
      io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    clear: () => {
      if (drawn) io.stderr.write('\r\u001b[K');
    },
  };
}

interface Options { task?: string; csv?: string; json?: string; jobs?: string }

export function registerGradeCommands(program: Command, reg: Registrar): void {
  const { io } = reg;
  const fail = (message: string): number => {
    io.stderr.write(`deriv grade: ${message}\n`);
    return EXIT.usage;
  };
  program
    .command('grade')
    .description('grade derivation steps against a task: one submission, a folder of them, or - for stdin')
    .argument('<submission>', 'a submission file (Markdown or plain text), a folder of them, or - for stdin')
    .requiredOption('--task <file>', 'the task file (YAML)')
    .option('--csv <file>', 'write one row per submission to this CSV file (- for stdout)')
    .option('--json <file>', 'write every step of every submission to this JSON file (- for stdout)')
    .option('--jobs <n>', 'threads to grade on (default: one per core, at most one per 16 submissions)')
    .action(reg.run(async (target, opts) => {
      const o = opts as Options;
      const jobs = o.jobs === undefined ? undefined : /^\d+$/.test(o.jobs) && Number(o.jobs) >= 1 && Number(o.jobs) <= 256 ? Number(o.jobs) : null;
      if (jobs === null) return fail(`--jobs must be a whole number from 1 to 256, got ${JSON.stringify(o.jobs)}`);
      if (o.csv === '-' && o.json === '-') return fail('only one of --csv and --json can go to stdout');

      const taskFile = o.task!;
      let taskText: string;
      try {
        taskText = await readFile(path.resolve(io.cwd, taskFile), 'utf8');
      } catch (err) {
        return fail(`cannot read the task ${taskFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const loaded = loadTask(taskText, taskFile);
      if (!loaded.ok) {
        io.stderr.write(formatTaskErrors(taskFile, loaded.errors));
        return EXIT.usage;
      }
      const task: Task = loaded.value;

      let inputs: SubmissionInput[];
      let folder = false;
      const arg = target as string;
      if (arg === '-') {
        inputs = [{ name: 'stdin', text: await io.readStdin() }];
      } else {
        const full = path.resolve(io.cwd, arg);
        let isDir: boolean;
        try {
          isDir = (await stat(full)).isDirectory();
        } catch (err) {
          return fail(`cannot read ${arg}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
        if (isDir) {
          folder = true;
          const files = await filesUnder(full);
          if (files.length === 0) return fail(`no submissions in ${arg}`);
          inputs = files.map((f) => ({ name: f.name, file: f.file }));
        } else inputs = [{ name: arg, file: full }];
      }

      // Grades stream to their files as they come (constant memory); the files are opened first,
      // so a path that cannot be written fails before any grading.
      const files: FileSink[] = [];
      const sinkFor = async (file: string | undefined): Promise<((s: string) => unknown) | undefined> => {
        if (file === undefined) return undefined;
        if (file === '-') return (s: string) => io.stdout.write(s);
        const f = await FileSink.open(io, file);
        files.push(f);
        return (s: string) => f.write(s);
      };
      let written: WrittenGrades;
      const bar = folder ? progressBar(io) : null;
      try {
        const csv = await sinkFor(o.csv);
        const json = await sinkFor(o.json);
        const text = o.csv === '-' || o.json === '-' ? undefined : (s: string) => io.stdout.write(s);
        const options = { ...(jobs === undefined ? {} : { jobs }), ...(bar ? { onProgress: bar.update } : {}) };
        written = await writeGrades({ task, text: taskText }, inputs, options, { ...(csv ? { csv } : {}), ...(json ? { json } : {}), ...(text ? { text } : {}), full: !folder });
        while (files.length > 0) await files.pop()!.close();
      } catch (err) {
        if (!(err instanceof SinkError)) throw err;
        return fail(err.message);
      } finally {
        bar?.clear();
        for (const f of files) await f.abandon();
      }
      const unreadable = !folder && written.errors.some((e) => e?.code === 'unreadable-file' || e?.code === 'not-text');
      if (unreadable) io.stderr.write(`deriv grade: cannot read ${arg === '-' ? 'stdin' : arg}: ${written.errors[0]!.message}\n`);
      return unreadable ? EXIT.usage : written.errors.length > 0 ? EXIT.invalid : EXIT.ok;
    }));
}
