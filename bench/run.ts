/**
 * `npm run bench`: runs each benchmark section in turn and prints its tables.
 *
 *   node dist/bench/run.js            every section
 *   node dist/bench/run.js parse      only the named sections
 *
 * A section is a module under bench/ exporting `run(): Promise<unknown>` that prints its own
 * report. To add one, add it to SECTIONS. A section that fails is reported and the others still
 * run; the exit code is then 1.
 */
interface Section {
  readonly name: string;
  readonly load: () => Promise<{ run: () => Promise<unknown> }>;
}

const SECTIONS: readonly Section[] = [
  { name: 'startup', load: () => import('./startup.js') },
  { name: 'parse', load: () => import('./parse.js') },
  { name: 'diff', load: () => import('./diff.js') },
  { name: 'check', load: () => import('./check.js') },
  { name: 'grade', load: () => import('./grade.js') },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown section(s) ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}

let failed = false;
for (const section of SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  process.stdout.write(`\n## ${section.name}\n\n`);
  const started = performance.now();
  try {
    await (await section.load()).run();
    process.stdout.write(`(${section.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (e) {
    failed = true;
    process.stderr.write(`bench: section ${section.name} failed: ${(e as Error).stack ?? String(e)}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
