/**
 * Property tests run with a fixed seed so CI is reproducible; set FC_SEED to explore others
 * (a failure prints its seed and path, which reproduce it).
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261128) });
