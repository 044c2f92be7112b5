/**
 * The playground bundle holds only what the page needs: no Node built-in, no test, benchmark
 * or comparison code (web/dist is built by test/global-setup.ts before the tests run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/bin.js';

const ASSETS = path.join(ROOT, 'web/dist/assets');
const scripts = (): { name: string; code: string }[] =>
  readdirSync(ASSETS).filter((f) => f.endsWith('.js')).map((name) => ({ name, code: readFileSync(path.join(ASSETS, name), 'utf8') }));

describe('the playground bundle', () => {
  it('is a page script and a worker script', () => {
    expect(scripts().map((s) => s.name.replace(/-[\w-]+\.js$/, '')).sort()).toEqual(['index', 'worker']);
  });

  it.each([
    ['a Node built-in', /from\s*["'](?:node:|fs["']|path["']|os["']|worker_threads["'])|require\(["']node:|import\(["']node:/],
    ['test code', /vitest|fast-check|test\/fixtures|playwright/],
    // The catalogue names each entry's mathjs formula as data; the mathjs library itself must not come along.
    ['benchmark or comparison code', /typed-function|createSimplify|ComputeEngine|cortex-js|bench\//],
    ['the Node-only report writer', /katex\/dist\/katex\.css|readFileSync|createRequire/],
  ])('contains no %s', (_, pattern) => {
    for (const s of scripts()) expect(s.code, s.name).not.toMatch(pattern);
  });
});
