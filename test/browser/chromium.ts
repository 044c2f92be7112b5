/**
 * Debian's Chromium for the browser tests, driven by playwright-core: no test downloads a
 * browser. Without /usr/bin/chromium the browser tests are skipped with a message, except under
 * CI (CI set), where a missing browser is a failure: .ci/run installs it.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const available = existsSync(CHROMIUM);
export const required = Boolean(process.env.CI);
export const skip = !available && !required;
export const skipNote = (what: string): string => `test/browser: ${what} skipped: ${CHROMIUM} not found (apt-get install chromium; under CI this is a failure)`;
