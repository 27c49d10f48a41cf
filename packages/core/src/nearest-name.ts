/** Levenshtein distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[t.length]!;
}

/**
 * The candidate a misspelt `given` most likely meant, for "did you mean" messages: the
 * closest by edit distance when it is within a third of the longer name (at least 2
 * edits), else one that contains `given` or is contained in it; undefined when none fits.
 */
export function nearestName(given: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(given, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  if (
    best !== undefined &&
    bestD <= Math.max(2, Math.floor(Math.max(given.length, best.length) / 3))
  )
    return best;
  const g = given.toLowerCase();
  return g.length >= 3
    ? candidates.find((c) => c.toLowerCase().includes(g) || g.includes(c.toLowerCase()))
    : undefined;
}

/** " Did you mean 'x'?" for an error message, or '' when nothing is close. */
export function didYouMean(given: string, candidates: readonly string[]): string {
  const n = nearestName(given, candidates);
  return n === undefined ? '' : ` Did you mean '${n}'?`;
}
