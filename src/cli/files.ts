/**
 * Files in and out: finding the notes a command was pointed at (Markdown, notebooks, Quarto,
 * R Markdown), reading them as text, and writing outputs.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isSourceFile } from '../sources/index.js';
import type { Io } from './io.js';

/**
 * A file to read: `file` is its full path, `shown` the path as the user wrote it (for
 * messages), `stdin` marks `-`, standard input, shown as `stdin`, and `missing` says why a
 * path given could not be read at all (an error code such as ENOENT).
 */
export interface FoundFile { readonly file: string; readonly shown: string; readonly stdin?: boolean; readonly missing?: string }

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Notes under a folder (subfolders included, hidden entries and node_modules left out), sorted
 * by name so the order of reports never depends on the file system.
 */
export async function sourceFiles(dir: string, shown: string): Promise<FoundFile[]> {
  const out: FoundFile[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort(byName)) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const file = path.join(dir, e.name);
    const label = path.join(shown, e.name);
    if (e.isDirectory()) out.push(...await sourceFiles(file, label));
    else if (e.isFile() && isSourceFile(e.name)) out.push({ file, shown: label });
  }
  return out;
}

/** Why a file operation failed, as the system says it (ENOENT, EACCES, …). */
export const reason = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * The files named on the command line, in order, folders searched for notes, `-` for standard
 * input. A path that cannot be read stays in its place, marked `missing`.
 */
export async function collectFiles(io: Io, paths: readonly string[]): Promise<FoundFile[]> {
  const files: FoundFile[] = [];
  for (const p of paths) {
    if (p === '-') {
      files.push({ file: '-', shown: 'stdin', stdin: true });
      continue;
    }
    const full = path.resolve(io.cwd, p);
    try {
      const s = await stat(full);
      if (s.isDirectory()) files.push(...await sourceFiles(full, p));
      else files.push({ file: full, shown: p });
    } catch (err) {
      files.push({ file: full, shown: p, missing: reason(err) });
    }
  }
  return files;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const NOT_TEXT = 'not a text file (binary content or invalid UTF-8)';

/**
 * A notes file as text, or why not: missing, larger than `maxBytes`, binary (a NUL byte) or
 * not UTF-8 — refused rather than guessed at.
 */
export async function readNotes(io: Io, f: FoundFile, maxBytes: number): Promise<{ text: string } | { why: string }> {
  if (f.missing !== undefined) return { why: f.missing };
  try {
    if (f.stdin === true) {
      const text = await io.readStdin();
      return text.length > maxBytes ? { why: 'EFBIG' } : text.includes('\u0000') ? { why: NOT_TEXT } : { text };
    }
    if ((await stat(f.file)).size > maxBytes) return { why: 'EFBIG' };
    const bytes = await readFile(f.file);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return { why: NOT_TEXT };
    }
    return text.includes('\u0000') ? { why: NOT_TEXT } : { text };
  } catch (err) {
    return { why: reason(err) };
  }
}

/**
 * Write an output file. Its folder must exist: a mistyped path is refused with a clear error
 * rather than silently creating folders. A failure is reported and returns false.
 */
export async function writeOut(io: Io, file: string, text: string, command: string): Promise<boolean> {
  const full = path.resolve(io.cwd, file);
  const fail = (why: string): false => {
    io.stderr.write(`deriv ${command}: cannot write ${file}: ${why}\n`);
    return false;
  };
  const missing = await missingFolder(io, file);
  if (missing !== null) return fail(missing);
  try {
    await writeFile(full, text);
    return true;
  } catch (err) {
    return fail(reason(err));
  }
}

/**
 * Make the output folder `dir` (a report site) if it is missing; its parent must exist.
 * A failure is reported and returns false.
 */
export async function makeFolder(io: Io, dir: string, command: string): Promise<boolean> {
  const full = path.resolve(io.cwd, dir);
  if (await isFolder(full)) return true;
  if (!await isFolder(path.dirname(full))) {
    io.stderr.write(`deriv ${command}: cannot write ${dir}: the folder ${path.dirname(dir)} does not exist\n`);
    return false;
  }
  try {
    await mkdir(full);
    return true;
  } catch (err) {
    io.stderr.write(`deriv ${command}: cannot write ${dir}: ${reason(err)}\n`);
    return false;
  }
}

/** Why `file` cannot be created because its folder is missing, or null when the folder exists. */
export async function missingFolder(io: Io, file: string): Promise<string | null> {
  return await isFolder(path.dirname(path.resolve(io.cwd, file))) ? null : `the folder ${path.dirname(file)} does not exist`;
}

async function isFolder(full: string): Promise<boolean> {
  try {
    return (await stat(full)).isDirectory();
  } catch {
    return false;
  }
}
