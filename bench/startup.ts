/**
 * Start-up benchmark: what a person waits for when they run a short command. Each round runs
 * a bare `node -e 0`, `deriv --version` and `deriv check` of a one-step file once each, in
 * turn, as separate processes (the built bundle, dist/cli/deriv.js); a command's figure is the
 * median over rounds of its time divided by `node -e 0`'s in the same round, so a busy machine
 * slows both sides of the ratio alike.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `npm run bench` runs from the repository root. */
const BIN = path.resolve(process.cwd(), 'dist/cli/deriv.js');
const ROUNDS = 21;

/** The targets: at most this many times a bare `node -e 0`. */
export const TARGETS = { version: 1.5, check: 2.5 } as const;

export interface StartupReport {
  readonly nodeMs: number;
  readonly versionMs: number;
  readonly checkMs: number;
  readonly versionRatio: number;
  readonly checkRatio: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

function timed(args: readonly string[], cwd: string, expectStatus: number): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== expectStatus) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export function measure(rounds = ROUNDS): StartupReport {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build`);
  const dir = mkdtempSync(path.join(tmpdir(), 'deriv-startup-'));
  try {
    writeFileSync(path.join(dir, 'one.md'), '$$\\frac{d}{dz}\\sigma(z) = \\sigma(z)\\left(1-\\sigma(z)\\right)$$\n');
    const node: number[] = [];
    const version: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < rounds + 1; i++) {
      const n = timed(['-e', '0'], dir, 0);
      const v = timed([BIN, '--version'], dir, 0);
      const c = timed([BIN, 'check', 'one.md'], dir, 0);
      // The first round warms the file cache and is not counted.
      if (i === 0) continue;
      node.push(n);
      version.push(v);
      check.push(c);
    }
    return {
      nodeMs: median(node), versionMs: median(version), checkMs: median(check),
      versionRatio: median(version.map((v, i) => v / node[i]!)),
      checkRatio: median(check.map((c, i) => c / node[i]!)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<StartupReport> {
  const r = measure();
  const verdict = (ratio: number, target: number): string => (ratio <= target ? `within ${target}×` : `OVER ${target}×`);
  process.stdout.write(`| command | median wall time | × node -e 0 (same round, median) | target |\n|---|---|---|---|\n`);
  process.stdout.write(`| node -e 0 | ${r.nodeMs.toFixed(0)} ms | 1 | |\n`);
  process.stdout.write(`| deriv --version | ${r.versionMs.toFixed(0)} ms | ${r.versionRatio.toFixed(2)}× | ${verdict(r.versionRatio, TARGETS.version)} |\n`);
  process.stdout.write(`| deriv check (one step) | ${r.checkMs.toFixed(0)} ms | ${r.checkRatio.toFixed(2)}× | ${verdict(r.checkRatio, TARGETS.check)} |\n`);
  process.stdout.write(`(${ROUNDS} rounds)\n`);
  return r;
}
