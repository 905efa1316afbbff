// "did you mean …?" for a misspelt profile key: the known key with the
// smallest edit distance, when it is close enough to be a likely typo.

/** Levenshtein distance, case-insensitive (a wrong case is one typo, not a new word). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length];
}

/** The nearest of `known`, or null when none is within a third of the key's length (at least 2 edits). */
export function nearestKey(key: string, known: readonly string[]): string | null {
  // Keys from a hostile file can be megabytes long: no typo of a known key is that long.
  if (key.length > 200) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}
