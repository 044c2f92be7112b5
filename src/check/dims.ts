/**
 * Sizes tied together while the shapes of a step are inferred (check/matrix.ts for declared and
 * conventional matrices, check/tensor.ts for vectors and matrices written out entry by entry): a
 * number, or a class of sizes that must be equal, kept as a union–find forest.
 */
export interface DimNode { parent: number | DimNode | null; matrix: boolean }

/** The root of a size's class: a number once the class is fixed. */
export function find<N extends DimNode>(d: number | N): number | N {
  let r: number | DimNode = d;
  while (typeof r !== 'number' && r.parent !== null) r = r.parent;
  return r as number | N;
}

/**
 * Makes two sizes equal; false when that cannot be (two different numbers, a matrix side made 1).
 * `merge` carries what else the class that is joined knew to the root that stays.
 */
export function unify<N extends DimNode>(a: number | N, b: number | N, merge?: (root: N, joined: N) => void): boolean {
  const x = find(a);
  const y = find(b);
  if (x === y) return true;
  if (typeof x === 'number' && typeof y === 'number') return x === y;
  if (typeof x === 'number' || typeof y === 'number') {
    const [n, c] = (typeof x === 'number' ? [x, y] : [y, x]) as [number, N];
    if (c.matrix && n === 1) return false;
    c.parent = n;
    return true;
  }
  x.parent = y;
  y.matrix ||= x.matrix;
  merge?.(y, x);
  return true;
}
