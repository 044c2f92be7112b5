/**
 * Builds what tests run as real processes or pages before any test runs, so no test ever runs a
 * stale build: the command-line bundle (dist/cli) that tests spawn, and the playground
 * (web/dist) that the browser tests open.
 */
import path from 'node:path';
import { build } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');

export default async function setup(): Promise<void> {
  await build({ configFile: path.join(ROOT, 'vite.cli.config.ts'), root: ROOT, logLevel: 'warn' });
  await build({ configFile: path.join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
}
