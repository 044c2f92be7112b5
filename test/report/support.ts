/**
 * Running the CLI in-process with fake streams, as the other CLI tests do, and reading math
 * back out of what it printed.
 */
import path from 'node:path';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Run { readonly code: number; readonly stdout: string; readonly stderr: string }

export async function run(argv: readonly string[], options: { cwd?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: { write: (s: string) => { stderr += s; } },
    readStdin: async () => '',
    color: false,
    cwd: options.cwd ?? ROOT,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** `$$…$$` blocks and `$…$` spans of Markdown (or prose), in order. */
export function mathIn(markdown: string): { latex: string; display: boolean }[] {
  const out: { latex: string; display: boolean }[] = [];
  for (const m of markdown.matchAll(/\$\$([\s\S]+?)\$\$|\$([^$\n]+?)\$/g)) {
    out.push(m[1] !== undefined ? { latex: m[1], display: true } : { latex: m[2]!, display: false });
  }
  return out;
}

/** LaTeX output without its `%` comment lines. */
export const withoutComments = (latex: string): string => latex.split('\n').filter((l) => !l.startsWith('%')).join('\n').trim();

/**
 * Every reference to something outside a page: any URL with a scheme (even in text), a CSS
 * `url()` that is not a `data:` URL or a fragment, a resource attribute that is not a fragment
 * (which catches protocol-relative and relative links too), elements that fetch, `@import`.
 */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]*/gi)) found.push(m[0]);
  for (const m of html.matchAll(/url\(\s*([^)]*)\)/g)) if (!/^(data:|#)/.test(m[1]!)) found.push(m[0]);
  for (const m of html.matchAll(/\b(?:src|href|action|srcset|poster|data)\s*=\s*"([^"]*)"/g)) if (!m[1]!.startsWith('#')) found.push(m[0]);
  for (const m of html.matchAll(/<(?:script|link|iframe|object|embed|img|base)\b[^>]*>/gi)) found.push(m[0]);
  for (const m of html.matchAll(/@import[^;]*;/g)) found.push(m[0]);
  return found;
}
