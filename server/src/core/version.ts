/** Compares dotted release numbers ("0.10.1" vs "0.9"); non-numeric parts compare as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.replace(/^v/, '').split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Reads an `x-added` annotation: "0.21.0" is the release that added the key, ">=0.21.0"
 * says only that it came no earlier (the exact release was not pinned down).
 */
export function addedIn(annotation: unknown): { release: string; atLeast: boolean } | undefined {
  if (typeof annotation !== 'string') return undefined;
  const m = /^\s*(>=)?\s*v?(\d+(?:\.\d+)*)\s*$/.exec(annotation);
  return m ? { release: m[2], atLeast: !!m[1] } : undefined;
}
