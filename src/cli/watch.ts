/**
 * Watching notes for changes (`deriv check --watch`): the folders holding the files given (or
 * the folders given, with their subfolders) are watched, since editors often save by writing a
 * new file and renaming it over the old one, which a watch on the file itself would miss.
 * Events are gathered for a moment, then the files whose size or modification time changed
 * (and new ones under a folder given) are handed on, each once.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { collectFiles, type FoundFile } from './files.js';
import type { Io } from './io.js';

/** Milliseconds to wait after the last event before re-checking: one save is often several events. */
export const SETTLE_MS = 120;

const signature = async (f: FoundFile): Promise<string> => {
  try {
    const s = await stat(f.file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
};

/**
 * Calls `changed` with the files that changed since the last call, until `signal` aborts
 * (forever without one). `initial` are the files as last checked.
 */
export async function watchFiles(io: Io, paths: readonly string[], initial: readonly FoundFile[], changed: (files: FoundFile[]) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const seen = new Map<string, string>();
  for (const f of initial) seen.set(f.file, await signature(f));
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const rescan = async (): Promise<void> => {
    const now: FoundFile[] = [];
    for (const f of await collectFiles(io, paths)) {
      const sig = await signature(f);
      if (seen.get(f.file) !== sig) now.push(f);
      seen.set(f.file, sig);
    }
    if (now.length > 0) await changed(now);
  };
  const poke = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(rescan);
    }, SETTLE_MS);
  };
  for (const p of paths) {
    const full = path.resolve(io.cwd, p);
    const isDir = await stat(full).then((s) => s.isDirectory(), () => false);
    try {
      const w = watch(isDir ? full : path.dirname(full), { recursive: isDir }, poke);
      w.on('error', () => undefined);
      watchers.push(w);
    } catch (err) {
      io.stderr.write(`deriv check: cannot watch ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    }
  }
  io.stderr.write(`deriv check: watching ${paths.join(', ')} for changes (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearTimeout(timer);
  for (const w of watchers) w.close();
  await running;
}
