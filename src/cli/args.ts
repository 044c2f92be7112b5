/**
 * Option values read from the command line, each refused with a message naming the option.
 */
import type { Io } from './io.js';

/** An integer option within bounds, or null after saying what was expected. */
export function readInteger(io: Io, command: string, name: string, text: string, min: number, max: number): number | null {
  if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    io.stderr.write(`deriv ${command}: ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}\n`);
    return null;
  }
  return Number(text);
}

/** A seed for the random points: any 32-bit signed integer. */
export const readSeed = (io: Io, command: string, text: string): number | null => readInteger(io, command, '--seed', text, -(2 ** 31), 2 ** 31 - 1);

/** Informative points needed for a sampled verdict. */
export const readPoints = (io: Io, command: string, text: string): number | null => readInteger(io, command, '--points', text, 1, 10_000);
