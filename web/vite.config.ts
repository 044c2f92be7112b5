/**
 * The playground (`npm run build:web` → web/dist): a static page whose checking runs in a web
 * worker, offline. The library is bundled for browsers from src/browser.ts; the build fails if
 * anything the page loads imports a Node built-in, so no Node module can slip into the bundle.
 * The one the checker imports, `node:perf_hooks` (for `performance`), is the browser's own
 * global, supplied by a two-line shim.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const SHIMS: Readonly<Record<string, string>> = { 'node:perf_hooks': here('./src/shims/perf-hooks.ts') };

function browserOnly(): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: 'deriv:browser-only',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id in SHIMS) return SHIMS[id];
      if (id.startsWith('node:') || builtins.has(id)) this.error(`${id}, imported by ${importer ?? '?'}, is a Node module: the page must not need Node`);
      return null;
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: './',
  // The checker runs in a worker, where there is no `document`: packages that ship a DOM build and a
  // worker build (the Markdown parser's entity decoder) must give the worker build.
  resolve: { conditions: ['worker', ...defaultClientConditions] },
  plugins: [browserOnly()],
  worker: { format: 'es', plugins: () => [browserOnly()] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2_000, reportCompressedSize: false },
  preview: { host: '127.0.0.1' },
});
