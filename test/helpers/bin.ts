/**
 * The built command line, as users run it. test/global-setup.ts builds it before the tests
 * start, so spawning it always runs the current sources.
 */
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'dist/cli/deriv.js');
