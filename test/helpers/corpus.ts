/**
 * The notation corpus (test/corpus/latex.txt): one case per line,
 *
 *   input ⟹ expected canonical LaTeX
 *
 * `#` lines are comments naming the topic of the lines below. Prefixes choose how a line is read:
 * `ascii:` plain-text mode; `block:` a block of statements (`parseStatements`), printed one
 * statement per row, rows joined by ` \\ `.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEPARATOR = ' ⟹ ';

export interface CorpusCase {
  readonly input: string;
  readonly expected: string;
  readonly mode: 'latex' | 'ascii' | 'block';
  readonly topic: string;
  /** 1-based line number in the file, for failure messages. */
  readonly line: number;
}

export const CORPUS_PATH = join(import.meta.dirname, '..', 'corpus', 'latex.txt');

export function readCorpus(path = CORPUS_PATH): CorpusCase[] {
  const out: CorpusCase[] = [];
  let topic = '';
  readFileSync(path, 'utf8').split('\n').forEach((raw, i) => {
    const text = raw.trimEnd();
    if (text.trim() === '') return;
    if (text.startsWith('#')) {
      topic = text.replace(/^#+\s*/, '');
      return;
    }
    const at = text.indexOf(SEPARATOR);
    if (at < 0) throw new Error(`${path}:${i + 1}: no ${JSON.stringify(SEPARATOR)} separator`);
    let input = text.slice(0, at);
    let mode: CorpusCase['mode'] = 'latex';
    const prefix = /^(ascii|block):\s*/.exec(input);
    if (prefix) {
      mode = prefix[1] as 'ascii' | 'block';
      input = input.slice(prefix[0].length);
    }
    out.push({ input, expected: text.slice(at + SEPARATOR.length), mode, topic, line: i + 1 });
  });
  return out;
}
