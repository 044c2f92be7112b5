/**
 * Finding the Markdown files a command was pointed at.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from './io.js';

export interface FoundFile { readonly file: string; readonly shown: string }

/**
 * Markdown files under a folder (subfolders included, hidden entries and node_modules left out),
 * sorted by name so the order of reports never depends on the file system. `shown` is the path
 * as the user wrote it, for messages.
 */
export async function markdownFiles(dir: string, shown: string): Promise<FoundFile[]> {
  const out: FoundFile[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const file = path.join(dir, e.name);
    const label = path.join(shown, e.name);
    if (e.isDirectory()) out.push(...await markdownFiles(file, label));
    else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) out.push({ file, shown: label });
  }
  return out;
}

/**
 * The files named on the command line, folders searched for Markdown. A path that cannot be
 * read is reported on stderr (as `deriv <command>: cannot read …`) and flagged, and the rest go on.
 */
export async function collectFiles(io: Io, command: string, paths: readonly string[]): Promise<{ files: FoundFile[]; unreadable: boolean }> {
  let unreadable = false;
  const files: FoundFile[] = [];
  for (const p of paths) {
    const full = path.resolve(io.cwd, p);
    try {
      const s = await stat(full);
      if (s.isDirectory()) files.push(...await markdownFiles(full, p));
      else files.push({ file: full, shown: p });
    } catch (err) {
      io.stderr.write(`deriv ${command}: cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      unreadable = true;
    }
  }
  return { files, unreadable };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A notes file as text, or null after reporting why not on stderr: missing, larger than
 * `maxBytes`, binary (a NUL byte) or not UTF-8 — refused rather than guessed at.
 */
export async function readNotes(io: Io, command: string, f: FoundFile, maxBytes: number): Promise<string | null> {
  const fail = (why: string): null => {
    io.stderr.write(`deriv ${command}: cannot read ${f.shown}: ${why}\n`);
    return null;
  };
  try {
    if ((await stat(f.file)).size > maxBytes) return fail('EFBIG');
    const bytes = await readFile(f.file);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return fail('not a text file (binary content or invalid UTF-8)');
    }
    return text.includes('\u0000') ? fail('not a text file (binary content or invalid UTF-8)') : text;
  } catch (err) {
    return fail((err as NodeJS.ErrnoException).code ?? (err as Error).message);
  }
}
