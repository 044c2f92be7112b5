/**
 * Fuzz budgets. `npm test` runs each fuzz test on a fixed seed for a few seconds; `npm run fuzz`
 * sets FUZZ=long and runs 100,000 inputs across them (the `long` counts below add up to that).
 * FUZZ_SEED explores other seeds; a failure prints the seed and path that reproduce it.
 */
export const LONG = process.env.FUZZ === 'long';

/** Runs for one fuzz property: `short` in the suite, `long` under `npm run fuzz`. */
export const runs = (short: number, long: number): number => (LONG ? long : short);

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261205);

/** The parameters every fuzz property shares (no per-run time limit: the run count bounds it). */
export const fuzzParams = (short: number, long: number): { numRuns: number; seed: number; endOnFailure: boolean } =>
  ({ numRuns: runs(short, long), seed: FUZZ_SEED, endOnFailure: true });
