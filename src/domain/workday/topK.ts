/** The first k items in `cmp` order: a full sort only when k is a large part of the list. */
export function topK(items: number[], k: number, cmp: (a: number, b: number) => number): number[] {
  if (k <= 0) return [];
  if (k * 8 >= items.length) return items.slice().sort(cmp).slice(0, k);
  // Keep a sorted buffer of the best k; most items fail the check against its last entry.
  const best: number[] = [];
  for (const x of items) {
    if (best.length === k && cmp(x, best[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(x, best[mid]) < 0) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, x);
    if (best.length > k) best.pop();
  }
  return best;
}
