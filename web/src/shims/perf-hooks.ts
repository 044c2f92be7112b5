/** `node:perf_hooks` in a browser: the page's own clock. */
export const performance = globalThis.performance;
