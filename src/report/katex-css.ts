/**
 * KaTeX's stylesheet with every font inlined as a base64 `data:` URL, so a report opened from
 * a USB stick on a train renders exactly as it does at home. Only the woff2 fonts are inlined:
 * every browser that runs KaTeX's CSS reads woff2, and the other formats would triple the page.
 * The stylesheet's comments are dropped, so the output carries no URL. Node only (it reads
 * KaTeX's files); the playground bundles the stylesheet with vite instead.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

let css: string | undefined;

/** KaTeX's stylesheet with its woff2 fonts inlined and the other font formats dropped. */
export function katexCss(): string {
  if (css !== undefined) return css;
  const file = require.resolve('katex/dist/katex.css');
  const dir = path.dirname(file);
  // Comments go: they hold nothing a browser needs, and one cites a web page.
  const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  css = source.replace(/src:\s*([^;]+);/g, (_, list: string) => {
    const woff2 = /url\(([^)]+\.woff2)\)\s*format\("woff2"\)/.exec(list);
    if (woff2 === null) throw new Error(`katex.css: a font without woff2: ${list}`);
    const data = readFileSync(path.join(dir, woff2[1]!)).toString('base64');
    return `src: url(data:font/woff2;base64,${data}) format("woff2");`;
  });
  return css;
}
