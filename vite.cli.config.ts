/**
 * The command line as one bundle (dist/cli/deriv.js): a short command pays for start-up more
 * than for work, and Node resolves and reads hundreds of small ESM files slowly. Each command's
 * code is a chunk loaded when that command runs (see src/cli/main.ts); the grader's worker
 * thread is an entry of its own beside them.
 */
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  resolve: {
    // yaml's Node build is ~60 CommonJS modules, each wrapped and run at start-up; its ESM build
    // (the same code, the one browsers get) loads as plain modules, a tenth faster for `deriv check`.
    alias: { yaml: fileURLToPath(new URL('./node_modules/yaml/browser/index.js', import.meta.url)) },
  },
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist/cli',
    emptyOutDir: true,
    minify: true,
    sourcemap: true,
    reportCompressedSize: false,
    rollupOptions: {
      input: { deriv: 'src/cli/bin.ts', worker: 'src/grade/worker.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
  plugins: [{
    // The bundle is the package's `bin`: it stays executable however often it is rebuilt (the tests rebuild it).
    name: 'executable-bin',
    writeBundle(options) {
      chmodSync(path.join(options.dir ?? 'dist/cli', 'deriv.js'), 0o755);
    },
  }],
});
