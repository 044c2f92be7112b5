/**
 * Finding the Markdown files a command was pointed at.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

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
