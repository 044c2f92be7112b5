/**
 * A cache that forgets, so a thread's memory stays flat however large the class. Two
 * generations: entries go into the newer; when it holds `size` entries it becomes the older
 * and the oldest generation is dropped. An entry found in the older generation moves to the
 * newer, so what a class keeps writing (its first lines) stays while one-off steps age out.
 * At most 2 × `size` entries are held.
 */
export class Cache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly size: number) {}

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  /** The value, or undefined when absent (store null, not undefined, for "computed: nothing"). */
  get(key: K): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) {
      this.old.delete(key);
      this.set(key, aged);
    }
    return aged;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.size) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
