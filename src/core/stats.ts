/**
 * Hit counters for the caches that serve repeated work (parsed lines, derivative templates,
 * canonical forms), read by the benchmarks to say how much of a timing the caches carry.
 */
export interface CacheStats { hits: number; misses: number }

export const cacheStats = (): CacheStats => ({ hits: 0, misses: 0 });

/** Hits over lookups, or null before any lookup. */
export const hitRate = (s: CacheStats): number | null => (s.hits + s.misses === 0 ? null : s.hits / (s.hits + s.misses));

export function resetStats(s: CacheStats): void {
  s.hits = 0;
  s.misses = 0;
}
