/**
 * Telling input that is too big from bugs: the one exception a recursive walk may raise on
 * untrusted input is a stack overflow, and only that one is reported as "nested too deeply".
 * Every other RangeError (an invalid array length, a BigInt too large) is a bug and propagates.
 */
export const isStackOverflow = (err: unknown): boolean => err instanceof RangeError && /call stack/i.test(err.message);
