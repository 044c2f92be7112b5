/**
 * `deriv check --watch`: checks once, then again each time a file is saved, until stopped.
 */
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** Resolves when `read()` matches, polling; fails the test after `ms`. */
async function until(read: () => string, pattern: RegExp, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!pattern.test(read())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${pattern} in:\n${read()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('deriv check --watch', () => {
  it('checks again when a file is saved (also by rename) and stops when told to', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deriv-watch-'));
    const file = path.join(dir, 'notes.md');
    writeFileSync(file, '$$\\frac{d}{dx} x^2 = 2x$$\n');
    let stdout = '';
    let stderr = '';
    const controller = new AbortController();
    const io: Io = {
      stdout: { write: (s: string) => { stdout += s; } },
      stderr: { write: (s: string) => { stderr += s; } },
      readStdin: async () => '',
      color: false,
      cwd: dir,
      signal: controller.signal,
    };
    const done = main(['check', 'notes.md', '--watch'], io);
    await until(() => stderr, /watching notes\.md/);
    expect(stdout).toBe('notes.md: 1 step: 1 valid, 0 invalid, 0 unknown (seed 1)\n');

    // An editor that writes a new file and renames it over the old one.
    writeFileSync(path.join(dir, '.notes.md.swp'), '$$\\frac{d}{dx} x^2 = 3x$$\n');
    renameSync(path.join(dir, '.notes.md.swp'), file);
    await until(() => stdout, /1 invalid/);
    expect(stderr).toContain('deriv check: notes.md changed\n');
    expect(stdout).toContain('notes.md:1:22: error: step does not follow (constant-factor)');

    writeFileSync(file, '$$\\frac{d}{dx} x^2 = 2x$$\n\n$$\\frac{d}{dx} x^3 = 3x^2$$\n');
    await until(() => stdout, /2 steps: 2 valid/);
    controller.abort();
    expect(await done).toBe(0);
  });

  it('refuses to watch standard input', async () => {
    let stderr = '';
    const io: Io = { stdout: { write: () => undefined }, stderr: { write: (s: string) => { stderr += s; } }, readStdin: async () => '', color: false, cwd: tmpdir() };
    expect(await main(['check', '-', '--watch'], io)).toBe(2);
    expect(stderr).toBe('deriv check: --watch cannot watch standard input\n');
  });
});
